//! Getting paid online: the user's Stripe key (in the OS keyring), payment links on invoices
//! (queued while offline, created with an Idempotency-Key fixed at queueing), and the sync
//! that polls Stripe for what was paid and refunded — a desktop has no address for webhooks.

mod config;
mod links;
mod sync;
mod types;

pub use types::*;
