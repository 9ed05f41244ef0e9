//! The error that crosses every boundary (CLI, IPC): a stable code and a sentence.

use autoinvoice_domain::DomainError;
use autoinvoice_store::StoreError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// `{code, message}`. Consumers match on `code`, never on `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("invalid_input", message)
    }
    /// Whether the fault lies with the input or the state (a user error), not with the program.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self.code.as_str(),
            "internal" | "database" | "corrupt" | "migration"
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        Self::new(e.code, e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NotFound { .. } => "not_found",
            StoreError::Domain(d) => return d.clone().into(),
            StoreError::Immutable(_) => "immutable",
            StoreError::Conflict(_) => "conflict",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Busy => "busy",
            StoreError::Database(_) => "database",
            StoreError::Migration(_) => "migration",
            StoreError::File(_) => "file",
        };
        Self::new(code, e.to_string())
    }
}
