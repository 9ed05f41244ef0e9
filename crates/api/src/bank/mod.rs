//! Bank statements: import a CAMT.053, OFX or CSV file, match its credits to open invoices,
//! and confirm the matches into payments.
//!
//! Reading and matching are `autoinvoice-bank`'s (pure); keeping is the store's; this module
//! joins them: what a file holds is stored whole or not at all, proposals are recomputed from
//! the database each time, and a confirmed line becomes its payment in one transaction.

mod confirm;
mod import;
mod mappings;
mod propose;
mod types;

pub use types::*;
