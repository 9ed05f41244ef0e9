//! Requests and responses of the online payment operations.

use crate::DocumentRef;
use crate::Password;
use serde::{Deserialize, Serialize};

pub use autoinvoice_store::payment_links::{LinkState, PaymentLinkRecord, StripePaymentRecord};

/// The environment variable that points the Stripe client elsewhere (the local stand-in
/// server of the tests).
pub const STRIPE_API_ENV: &str = "AUTOINVOICE_STRIPE_API";

/// Set or remove the organization's Stripe secret key (kept in the OS keyring only).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetStripeKey {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// None removes the key.
    pub key: Option<Password>,
}

/// What is known of the organization's Stripe set-up (never the key).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StripeSettings {
    pub configured: bool,
    /// "test" or "live", from the key's prefix.
    pub mode: Option<String>,
    /// The key's last four characters, to tell keys apart.
    pub key_hint: Option<String>,
    /// The keyring the key is in.
    pub keyring: String,
}

/// The key tried against Stripe.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StripeKeyTest {
    pub ok: bool,
    pub mode: Option<String>,
    /// A stable code: ok, invalid_key, permission, not_a_secret_key, offline, stripe_error.
    pub code: String,
    /// What is wrong in Stripe's own words, or what works.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CreatePaymentLink {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub invoice: DocumentRef,
}

/// What one sync did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
pub struct PaymentSyncReport {
    /// Stripe's key is set: without one nothing is asked.
    pub configured: bool,
    pub links_created: u32,
    /// Links still waiting (offline, Stripe busy), to try again later.
    pub links_waiting: u32,
    pub links_failed: u32,
    pub links_checked: u32,
    pub payments_recorded: u32,
    /// Received beyond what invoices owed, in hundredths summed over currencies: to give back.
    pub unapplied: u32,
    pub refunds_noted: u32,
    /// Stripe could not be reached, or answered with an error: the sync stopped there and
    /// will go on next time.
    pub error: Option<crate::ApiError>,
}

/// An invoice's online payment: its links (newest first) and what was received through them.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OnlinePayments {
    /// A Stripe key is set: links can be made.
    pub configured: bool,
    pub links: Vec<PaymentLinkRecord>,
    pub received: Vec<StripePaymentRecord>,
}
