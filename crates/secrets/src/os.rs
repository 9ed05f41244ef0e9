//! The OS keyring through the `keyring` crate (3.x), with the backend chosen at run time.

use crate::{BACKEND_ENV, SERVICE, SecretError, SecretStore};
use keyring::Entry;

/// Which store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The platform's own: Keychain, Credential Manager, or the Secret Service on Linux.
    Native,
    /// Linux kernel keyutils (session keyring, linked to the user's persistent keyring):
    /// for machines without a desktop session. It does not survive a reboot.
    #[cfg(target_os = "linux")]
    Keyutils,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(target_os = "linux")]
            Self::Keyutils => "keyutils",
            #[cfg(target_os = "linux")]
            Self::Native => "secret-service",
            #[cfg(target_os = "macos")]
            Self::Native => "macos-keychain",
            #[cfg(target_os = "windows")]
            Self::Native => "windows-credential-manager",
            #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
            Self::Native => "native",
        }
    }

    /// `AUTOINVOICE_KEYRING` when set; otherwise on Linux the Secret Service when a desktop
    /// session bus is there, else keyutils; elsewhere the platform's store.
    pub fn from_env() -> Self {
        let wanted = std::env::var(BACKEND_ENV).unwrap_or_default();
        #[cfg(target_os = "linux")]
        {
            match wanted.as_str() {
                "keyutils" => Self::Keyutils,
                "secret-service" | "native" => Self::Native,
                _ if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() => Self::Native,
                _ => Self::Keyutils,
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = wanted;
            Self::Native
        }
    }
}

/// A keyutils credential as `keyring` makes it, but with the persistent keyring looked up
/// first. A process that no login session gave a session keyring (a service, a CI job, an
/// app started by a test driver) shares the user's default session keyring until it asks for
/// one; looking up the persistent keyring gives it one of its own and links the persistent
/// keyring into it. `keyring` 3.6 takes the session keyring before that lookup, so it adds
/// the key to the shared default one, which this process then no longer possesses, and
/// linking it to the persistent keyring fails with EACCES (reported as "no entry").
#[cfg(target_os = "linux")]
fn keyutils_credential(
    account: &str,
) -> Result<keyring::keyutils::KeyutilsCredential, keyring::Error> {
    use keyring::keyutils::{KeyutilsCredential, decode_error};
    use linux_keyutils::{KeyRing, KeyRingIdentifier};
    let persistent = KeyRing::get_persistent(KeyRingIdentifier::Session).ok();
    let session =
        KeyRing::from_special_id(KeyRingIdentifier::Session, false).map_err(decode_error)?;
    Ok(KeyutilsCredential {
        session,
        persistent,
        description: format!("keyring-rs:{account}@{SERVICE}"),
    })
}

#[derive(Debug, Clone, Copy)]
pub struct OsKeyring {
    backend: Backend,
}

impl OsKeyring {
    pub fn new(backend: Backend) -> Self {
        Self { backend }
    }

    pub fn from_env() -> Self {
        Self::new(Backend::from_env())
    }

    fn entry(&self, account: &str) -> Result<Entry, SecretError> {
        match self.backend {
            Backend::Native => Entry::new(SERVICE, account).map_err(|e| self.error(e)),
            #[cfg(target_os = "linux")]
            Backend::Keyutils => Ok(Entry::new_with_credential(Box::new(
                keyutils_credential(account).map_err(|e| self.error(e))?,
            ))),
        }
    }

    fn error(&self, e: keyring::Error) -> SecretError {
        match e {
            keyring::Error::TooLong(what, limit) => {
                SecretError::Invalid(format!("{what} is longer than {limit}"))
            }
            keyring::Error::Invalid(what, why) => SecretError::Invalid(format!("{what}: {why}")),
            other => SecretError::Unavailable {
                backend: self.backend.name(),
                detail: other.to_string(),
            },
        }
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        match self.entry(account)?.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.error(e)),
        }
    }

    fn set(&self, account: &str, secret: &str) -> Result<(), SecretError> {
        self.entry(account)?
            .set_password(secret)
            .map_err(|e| self.error(e))
    }

    fn delete(&self, account: &str) -> Result<(), SecretError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }

    fn backend(&self) -> &'static str {
        self.backend.name()
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Run straight from `cargo test`: a process that no login session gave a session keyring
    /// of its own (CI, a container). Before the persistent keyring was looked up first,
    /// storing failed there with "no entry".
    #[test]
    fn keyutils_stores_finds_and_forgets_without_a_login_session() {
        let account = format!("test:{}", std::process::id());
        let store = OsKeyring::new(Backend::Keyutils);
        store.set(&account, "s3cret-value").unwrap();
        // A new handle, as the next command of the app makes one.
        let again = OsKeyring::new(Backend::Keyutils);
        assert_eq!(
            again.get(&account).unwrap().as_deref(),
            Some("s3cret-value")
        );
        again.set(&account, "replaced").unwrap();
        assert_eq!(store.get(&account).unwrap().as_deref(), Some("replaced"));
        store.delete(&account).unwrap();
        assert_eq!(
            OsKeyring::new(Backend::Keyutils).get(&account).unwrap(),
            None
        );
    }
}
