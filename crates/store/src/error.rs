//! Storage errors, separated by what the caller can do about them.

use autoinvoice_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} '{key}' was not found")]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Domain(#[from] DomainError),
    /// The operation would change something frozen (an issued document, a payment, the journal).
    #[error("{0}")]
    Immutable(String),
    /// The operation does not fit the current state (e.g. paying a draft).
    #[error("{0}")]
    Conflict(String),
    /// Stored data could not be read back: the database was altered or is from a newer version.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("the database is busy (another AutoInvoice is writing); try again")]
    Busy,
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A file outside the database could not be read or written (backups).
    #[error("{0}")]
    File(String),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            let msg = db.message();
            if let Some(rest) = msg.strip_prefix("immutable: ") {
                return StoreError::Immutable(rest.to_owned());
            }
            if msg.contains("database is locked") || msg.contains("database is busy") {
                return StoreError::Busy;
            }
        }
        StoreError::Database(e)
    }
}

impl StoreError {
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        Self::NotFound {
            what,
            key: key.to_string(),
        }
    }
}

/// Parses a JSON column; a failure means the row was altered or written by a newer version.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing our own plain data types cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}
