//! The AutoInvoice domain: what an invoice is and how its figures are computed.
//!
//! Pure Rust: no IO, no async, no database, no UI. Every amount is an exact
//! [`rust_decimal::Decimal`]; the calculation follows EN 16931 as
//! `shared/design/DOMAIN.md` states it.

pub mod document;
pub mod error;
pub mod full_document;
pub mod identifiers;
pub mod issue_rules;
pub mod late_charges;
pub mod lifecycle;
pub mod money;
pub mod numbering;
pub mod party;
pub mod payment;
pub mod reminders;
pub mod text;
pub mod totals;
pub mod vat;

pub use document::{
    AllowanceCharge, DocumentContent, DocumentKind, Line, LineAllowanceCharge, OperationType,
};
pub use error::DomainError;
pub use lifecycle::Status;
pub use money::{Currency, Money};
pub use totals::{Totals, VatBreakdown};
pub use vat::{VatCategory, VatRegime};
