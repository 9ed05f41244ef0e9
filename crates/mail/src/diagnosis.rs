//! What went wrong, in words a person understands, and what to do about it.

use serde::{Deserialize, Serialize};

/// A stable code per kind of failure. Consumers match on it, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    NotConfigured,
    InvalidAddress,
    Insecure,
    NoPassword,
    Keyring,
    Dns,
    Connect,
    Timeout,
    Tls,
    TlsNotOffered,
    AuthUnsupported,
    Auth,
    SenderRefused,
    RecipientRefused,
    MessageRefused,
    Temporary,
    Permanent,
    Protocol,
    Uncertain,
    Expired,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotConfigured => "mail_not_configured",
            Self::InvalidAddress => "invalid_address",
            Self::Insecure => "insecure",
            Self::NoPassword => "no_password",
            Self::Keyring => "keyring",
            Self::Dns => "dns",
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Tls => "tls",
            Self::TlsNotOffered => "tls_not_offered",
            Self::AuthUnsupported => "auth_unsupported",
            Self::Auth => "auth",
            Self::SenderRefused => "sender_refused",
            Self::RecipientRefused => "recipient_refused",
            Self::MessageRefused => "message_refused",
            Self::Temporary => "temporary",
            Self::Permanent => "permanent",
            Self::Protocol => "protocol",
            Self::Uncertain => "uncertain",
            Self::Expired => "expired",
        }
    }

    /// Whether trying again later may help without the user changing anything.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            Self::Dns | Self::Connect | Self::Timeout | Self::Temporary
        )
    }

    /// What to do, one sentence.
    pub fn advice(self) -> &'static str {
        match self {
            Self::NotConfigured => "Set up the account first: `autoinvoice mail config`.",
            Self::InvalidAddress => "Correct the address.",
            Self::Insecure => {
                "Choose STARTTLS (port 587) or TLS (port 465): without encryption the password would cross the network in clear; `none` is only for a server on this machine."
            }
            Self::NoPassword => {
                "Store the password again: `autoinvoice mail config … --password-stdin` (on Linux without a desktop session the kernel keyring forgets it at reboot)."
            }
            Self::Keyring => {
                "Unlock the system keyring (or log in to a desktop session), then try again."
            }
            Self::Dns => {
                "Check the server name for typos and that this computer is online; the message waits in the outbox and is retried."
            }
            Self::Connect => {
                "Check the port and that the server accepts connections from here (a firewall or a provider blocking the port); the message is retried."
            }
            Self::Timeout => {
                "The server did not answer in time: check the port and the security setting (465 expects TLS, 587 STARTTLS); the message is retried."
            }
            Self::Tls => {
                "The secure connection failed: check the server name matches its certificate and the security setting matches the port (465: TLS, 587: STARTTLS)."
            }
            Self::TlsNotOffered => {
                "The server does not offer STARTTLS on this port: use port 465 with TLS, or ask your provider for the right settings. Nothing was sent in clear."
            }
            Self::AuthUnsupported => {
                "The server offers no login method we can use here: check the port and security (many servers offer login only after TLS)."
            }
            Self::Auth => {
                "The server refused the user name or password. Check them; Gmail, iCloud and Outlook need an app password, not your usual one."
            }
            Self::SenderRefused => {
                "The server refused the sender address: it must be an address of this account (or an alias it allows)."
            }
            Self::RecipientRefused => "Check the recipient's address.",
            Self::MessageRefused => {
                "The server refused the message itself (size, content or policy): read its reply above."
            }
            Self::Temporary => "The server asked to try later; the message is retried.",
            Self::Permanent => "The server refused for good: read its reply above.",
            Self::Protocol => "The server answered something unexpected: check host and port.",
            Self::Uncertain => {
                "Check your Sent folder or ask the recipient before sending again (`autoinvoice outbox retry ID`, same Message-ID)."
            }
            Self::Expired => {
                "The message could not be delivered for days: fix the cause, then `autoinvoice outbox retry ID`."
            }
        }
    }
}

/// A failure: the code, what happened (with the server's own reply when there is one) and
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, specta::Type)]
#[error("{message}")]
pub struct MailError {
    pub code: Code,
    pub message: String,
}

impl MailError {
    pub fn new(code: Code, what: impl AsRef<str>) -> Self {
        Self {
            code,
            message: format!("{} {}", what.as_ref(), code.advice()),
        }
    }

    pub fn retryable(&self) -> bool {
        self.code.retryable()
    }
}
