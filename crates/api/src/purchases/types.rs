//! Requests and responses of the purchases register (received e-invoices).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use autoinvoice_reception::{
    Finding as ReceivedFinding, Format as ReceivedFormat, Received as ReceivedInvoice,
    Severity as FindingSeverity,
};
pub use autoinvoice_store::purchases::PurchaseRecord;

/// A received e-invoice to import, as the app sends it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ImportPurchase {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// The file's name, kept with it.
    pub file_name: String,
    /// The file's bytes, base64.
    pub bytes_base64: String,
}

/// What importing one file did.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PurchaseImport {
    /// The register's row: the new one, or the one already there.
    pub purchase: PurchaseRecord,
    /// Nothing was added: this file, or the same supplier's document with this number, was
    /// imported before.
    pub already_imported: bool,
    /// The earlier import was this very file (same bytes), not another copy of the invoice.
    pub same_file: bool,
    /// EN 16931 findings (errors and warnings) on the file; it was kept all the same.
    pub findings: Vec<ReceivedFinding>,
    /// What the user should know: addressed to someone else, another currency…
    pub notes: Vec<String>,
}

/// The register, optionally for invoice dates within a period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListPurchases {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PurchaseId {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub id: i64,
}

/// A received invoice in full: the register's row and the invoice as read (parties, lines,
/// VAT, payment details, findings).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PurchaseView {
    pub purchase: PurchaseRecord,
    pub invoice: ReceivedInvoice,
}
