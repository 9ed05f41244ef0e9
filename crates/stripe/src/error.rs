//! Stripe's errors, sorted by what the user or the program can do about them.

use serde::Deserialize;

/// What went wrong, in the terms the app acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401: the key is wrong, revoked or expired.
    InvalidKey,
    /// 403: a restricted key without the permission this request needs.
    Permission,
    /// 402: the request was valid but failed (a card declined).
    Declined,
    /// 400 / 404: Stripe refused the parameters, or the object does not exist.
    InvalidRequest,
    /// 409 / idempotency_error: the same Idempotency-Key was used with other parameters.
    Idempotency,
    /// 429: too many requests; retried, then reported.
    RateLimited,
    /// 5xx: Stripe's side; retried, then reported.
    Server,
    /// No answer: offline, DNS, TLS, timeout. Retried, then reported; the work stays queued.
    Network,
    /// An answer that is not what the API documents.
    Protocol,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct StripeError {
    pub kind: ErrorKind,
    /// HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// Stripe's `error.code` (e.g. `resource_missing`), when given.
    pub code: Option<String>,
    /// Stripe's `error.decline_code` (e.g. `insufficient_funds`), when given.
    pub decline_code: Option<String>,
    /// A sentence for people: Stripe's own message where it gave one.
    pub message: String,
}

impl StripeError {
    pub fn network(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Network,
            status: None,
            code: None,
            decline_code: None,
            message: message.into(),
        }
    }

    pub fn protocol(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Protocol,
            ..Self::network(message)
        }
    }

    /// Whether trying again later may succeed (the work should stay queued).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::RateLimited | ErrorKind::Server
        )
    }

    /// From an HTTP error answer: its status and body (`{"error": {...}}`).
    pub(crate) fn from_answer(status: u16, body: &str) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            #[serde(rename = "type")]
            kind: Option<String>,
            code: Option<String>,
            decline_code: Option<String>,
            message: Option<String>,
        }
        let inner = serde_json::from_str::<Envelope>(body).ok().map(|e| e.error);
        let kind = match (status, inner.as_ref().and_then(|i| i.kind.as_deref())) {
            (_, Some("idempotency_error")) => ErrorKind::Idempotency,
            (401, _) => ErrorKind::InvalidKey,
            (403, _) => ErrorKind::Permission,
            (402, _) | (_, Some("card_error")) => ErrorKind::Declined,
            (409, _) => ErrorKind::Idempotency,
            (429, _) => ErrorKind::RateLimited,
            (500..=599, _) => ErrorKind::Server,
            _ => ErrorKind::InvalidRequest,
        };
        let message = inner
            .as_ref()
            .and_then(|i| i.message.clone())
            .unwrap_or_else(|| format!("Stripe answered HTTP {status}"));
        Self {
            kind,
            status: Some(status),
            code: inner.as_ref().and_then(|i| i.code.clone()),
            decline_code: inner.and_then(|i| i.decline_code),
            message,
        }
    }
}
