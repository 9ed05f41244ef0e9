//! A small client of Stripe's REST API, for the user's own account: what AutoInvoice needs to
//! put a "pay online" link on an invoice and learn when it was paid. Desktops have no public
//! address for webhooks, so everything is asked for (polled), never pushed.
//!
//! Requests are form-encoded; every POST carries an `Idempotency-Key` that the caller derives
//! from what it stores, so that a retry after a timeout, a crash or a restart creates nothing
//! twice. Network errors, 409 lock conflicts, 429 and 5xx are retried with backoff, as Stripe's
//! documentation advises (and never when it answers `Stripe-Should-Retry: false`).

mod client;
mod error;
mod objects;

pub use client::{Client, Mode, Options};
pub use error::{ErrorKind, StripeError};
pub use objects::*;

/// Stripe's address; tests and the local stand-in server set another.
pub const API_BASE: &str = "https://api.stripe.com";

/// The API version every request is pinned to: the shapes in `objects` are this version's.
pub const API_VERSION: &str = "2024-06-20";

/// Converts hundredths of a currency unit (how AutoInvoice stores amounts) to Stripe's smallest
/// unit: cents for EUR, whole yen for JPY (zero-decimal), thousandths for three-decimal ones.
pub fn to_stripe_amount(cents: i64, minor_units: u32) -> i64 {
    match minor_units {
        0 => cents / 100,
        3 => cents * 10,
        _ => cents,
    }
}

/// The inverse of [`to_stripe_amount`].
pub fn from_stripe_amount(amount: i64, minor_units: u32) -> i64 {
    match minor_units {
        0 => amount * 100,
        3 => amount / 10,
        _ => amount,
    }
}
