//! Online payment links on invoices (Stripe), the payments they brought and their refunds.
//! What Stripe is asked and when is the API's; this module keeps the state that makes every
//! step safe to repeat: the Idempotency-Key fixed at queueing, the PaymentIntent as the key
//! of a received payment.

mod links;
mod received;

pub use links::NewLink;
pub use received::{ReceivedPayment, ReceivedRefund, Recorded};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// Waiting to be created at Stripe (offline, or Stripe did not answer yet).
    Queued,
    /// Payable at its URL.
    Active,
    /// Switched off: paid, or the invoice's amount due changed.
    Inactive,
    /// Stripe refused to create it (see `last_error`).
    Failed,
}

impl LinkState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Queued, Self::Active, Self::Inactive, Self::Failed]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

/// A payment link as the app shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PaymentLinkRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub number: String,
    pub provider: String,
    pub state: LinkState,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: rust_decimal::Decimal,
    pub currency: String,
    pub url: Option<String>,
    pub link_id: Option<String>,
    pub livemode: Option<bool>,
    pub attempts: u32,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub synced_at: Option<String>,
    pub created_at: String,
    /// The Idempotency-Key prefix (not a secret): what retries are recognised by.
    #[serde(skip)]
    #[specta(skip)]
    pub idempotency_key: String,
    #[serde(skip)]
    #[specta(skip)]
    pub price_id: Option<String>,
}

/// A payment received through a link.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StripePaymentRecord {
    pub payment_intent: String,
    pub invoice_id: i64,
    pub payment_id: Option<i64>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: rust_decimal::Decimal,
    pub currency: String,
    /// Received beyond what the invoice owed: to give back.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub unapplied: rust_decimal::Decimal,
    /// Stripe's fee, when Stripe has told it.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[specta(type = Option<String>)]
    pub fee: Option<rust_decimal::Decimal>,
    pub fee_currency: Option<String>,
    pub paid_on: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub refunded: rust_decimal::Decimal,
}
