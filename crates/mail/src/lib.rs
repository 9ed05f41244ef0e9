//! AutoInvoice email over the user's own SMTP account.
//!
//! - [`message`]: the RFC 5322 message (lettre's builder), Message-ID fixed at enqueue;
//! - [`transport`]: one SMTP conversation step by step (rustls), so that each failure is
//!   named where it happens ([`diagnosis`]);
//! - [`presets`]: host, port and security of common providers;
//! - [`template`]: subject and body per language with placeholders;
//! - [`reminder_template`]: payment reminder texts per language and tone;
//! - [`worker`]: the outbox worker: recover, claim, deliver, record, back off.
//!
//! The password comes in through [`autoinvoice_secrets::SecretStore`], never from the
//! database.

pub mod diagnosis;
pub mod message;
pub mod presets;
pub mod reminder_template;
pub mod template;
pub mod transport;
pub mod worker;

pub use diagnosis::{Code, MailError};
