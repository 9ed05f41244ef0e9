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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripe_answers_sorted_by_what_can_be_done() {
        let declined = StripeError::from_answer(
            402,
            r#"{"error": {"type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."}}"#,
        );
        assert_eq!(declined.kind, ErrorKind::Declined);
        assert_eq!(declined.decline_code.as_deref(), Some("insufficient_funds"));
        assert_eq!(declined.message, "Your card has insufficient funds.");
        assert!(!declined.is_transient());
        let cases = [
            (401, "invalid_request_error", ErrorKind::InvalidKey, false),
            (403, "invalid_request_error", ErrorKind::Permission, false),
            (400, "idempotency_error", ErrorKind::Idempotency, false),
            (
                404,
                "invalid_request_error",
                ErrorKind::InvalidRequest,
                false,
            ),
            (429, "invalid_request_error", ErrorKind::RateLimited, true),
            (500, "api_error", ErrorKind::Server, true),
        ];
        for (status, kind, want, transient) in cases {
            let e = StripeError::from_answer(
                status,
                &format!(r#"{{"error": {{"type": "{kind}", "message": "m"}}}}"#),
            );
            assert_eq!((e.kind, e.is_transient()), (want, transient), "{status}");
        }
        // Not Stripe's envelope (a proxy's page): still an error with a sentence.
        let odd = StripeError::from_answer(502, "<html>Bad gateway</html>");
        assert_eq!(odd.kind, ErrorKind::Server);
        assert_eq!(odd.message, "Stripe answered HTTP 502");
    }

    #[test]
    fn amounts_in_the_smallest_unit() {
        assert_eq!(crate::to_stripe_amount(168_444, 2), 168_444);
        assert_eq!(
            crate::to_stripe_amount(150_000, 0),
            1500,
            "JPY has no minor unit"
        );
        assert_eq!(crate::to_stripe_amount(1_234, 3), 12_340);
        for (cents, minor) in [(168_444, 2), (150_000, 0), (1_234, 3)] {
            assert_eq!(
                crate::from_stripe_amount(crate::to_stripe_amount(cents, minor), minor),
                cents
            );
        }
    }
}
