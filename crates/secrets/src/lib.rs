//! Secrets in the OS keyring: macOS Keychain, Windows Credential Manager, the Secret Service
//! on Linux desktops, and the kernel's keyutils on Linux without a desktop session.
//!
//! One service name (`eu.autoinvoice`), one account per secret (`smtp:org-1`). Callers see
//! only the [`SecretStore`] trait, so tests may inject [`MemorySecrets`]; the application uses
//! [`OsKeyring`].

mod memory;
mod os;

pub use memory::MemorySecrets;
pub use os::{Backend, OsKeyring};

/// The keyring service name of every AutoInvoice secret.
pub const SERVICE: &str = "eu.autoinvoice";

/// The environment variable that picks the backend: `secret-service`, `keyutils` (Linux),
/// or `native` (the platform's default).
pub const BACKEND_ENV: &str = "AUTOINVOICE_KEYRING";

/// The account of an organization's SMTP password.
pub fn smtp_account(org_id: i64) -> String {
    format!("smtp:org-{org_id}")
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The keyring could not be reached (locked, no session bus, refused).
    #[error("the {backend} keyring cannot be used: {detail}")]
    Unavailable {
        backend: &'static str,
        detail: String,
    },
    #[error("the keyring refused the secret: {0}")]
    Invalid(String),
}

/// Where passwords live. Implementations never log or persist a secret anywhere else.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// The secret of `account`, or `None` when none is stored.
    fn get(&self, account: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError>;
    /// Removes the secret; removing an absent one is not an error.
    fn delete(&self, account: &str) -> Result<(), SecretError>;
    /// A short name of the backend, shown to the user ("secret-service", "keyutils"…).
    fn backend(&self) -> &'static str;
}
