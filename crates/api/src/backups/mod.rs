//! Backups of the whole book: automatic (daily, kept by a grandfather-father-son rotation)
//! and on demand, through SQLite's online backup API; verification (an AutoInvoice book,
//! intact pages, a journal that verifies); and restore, which keeps the current book aside
//! first and replaces it in one transaction.

mod files;
mod ops;
pub mod rotation;
mod types;

pub use files::BACKUP_EXTENSION;
pub use types::*;
