//! The parts of Stripe's objects AutoInvoice reads (API version [`crate::API_VERSION`]).
//! Unknown fields are ignored, as Stripe adds fields without a new version.

use serde::Deserialize;
use std::collections::HashMap;

/// A list answer (`"object": "list"`).
#[derive(Debug, Clone, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub has_more: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Price {
    pub id: String,
    pub currency: String,
    pub unit_amount: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PaymentLink {
    pub id: String,
    pub url: String,
    pub active: bool,
    #[serde(default)]
    pub livemode: bool,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    /// open, complete, expired
    pub status: Option<String>,
    /// paid, unpaid, no_payment_required
    pub payment_status: String,
    pub amount_total: Option<i64>,
    pub currency: Option<String>,
    pub payment_intent: Option<String>,
    pub payment_link: Option<String>,
    pub created: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    pub status: String,
    pub amount_received: i64,
    pub currency: String,
    /// Expanded with `latest_charge.balance_transaction`.
    pub latest_charge: Option<Charge>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Charge {
    pub id: String,
    #[serde(default)]
    pub amount_refunded: i64,
    pub balance_transaction: Option<BalanceTransaction>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BalanceTransaction {
    pub id: String,
    /// Stripe's fee, in the balance's currency and smallest unit.
    pub fee: i64,
    pub net: i64,
    pub currency: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    /// pending, requires_action, succeeded, failed, canceled
    pub status: Option<String>,
    pub created: i64,
}

/// What `GET /v1/balance` says of the account, used to test a key.
#[derive(Debug, Clone, Deserialize)]
pub struct Balance {
    #[serde(default)]
    pub livemode: bool,
}
