//! AutoInvoice storage: SQLite through sqlx.
//!
//! WAL journal, foreign keys, embedded migrations owned by this crate, triggers that make
//! issued documents, payments and the journal immutable, and a hash-chained journal that
//! lets anyone verify nothing was altered behind the application's back.

pub mod backup;
pub mod bank;
pub mod customers;
pub mod dashboard;
mod db;
pub mod documents;
pub mod error;
pub mod fingerprint;
pub mod issue;
pub mod journal;
pub mod list;
pub mod organizations;
pub mod outbox;
pub mod payment_links;
pub mod payments;
pub mod purchases;
pub mod recurring;
pub mod reminder_queue;
pub mod reminder_settings;
pub mod reports;
pub mod series;
pub mod settings;
pub mod smtp_settings;
mod transitions;

pub use db::{Store, schema_version};
pub use error::{StoreError, StoreResult};

/// Today's instant as stored: RFC 3339, UTC, to the microsecond.
pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}
