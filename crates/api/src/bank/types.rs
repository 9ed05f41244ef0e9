//! Requests and responses of the bank statement operations.

use crate::PaymentAllocationInput;
use serde::{Deserialize, Serialize};

pub use autoinvoice_bank::{CsvColumn, CsvMapping, Format as StatementFormat, TextEncoding};
pub use autoinvoice_store::bank::{
    BankLinePage, BankLineRecord, LineInvoice, LineState, StatementRecord,
};

/// A statement file to import, as the app sends it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ImportStatement {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// The file's name, shown in the list of statements.
    pub file_name: String,
    /// The file's bytes, base64.
    pub bytes_base64: String,
    /// Default: what the file shows (CSV needs `mapping`).
    #[serde(default)]
    pub format: Option<StatementFormat>,
    /// The saved CSV mapping to read a CSV file with.
    #[serde(default)]
    pub mapping: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StatementImport {
    pub statement: StatementRecord,
    /// This very file had been imported before: nothing was added.
    pub already_imported: bool,
    /// Lines in the file.
    pub lines_read: u32,
    /// Lines not seen in an earlier file.
    pub lines_new: u32,
    /// New credits (money in) among them.
    pub credits_new: u32,
    /// The matching run that followed.
    pub matching: MatchReport,
}

/// Run the matching rules over the credits waiting for their invoices.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct MatchBank {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// Confirm at once the proposals sure enough (a reference that accounts for the whole
    /// amount; a customer's single invoice of exactly that amount).
    #[serde(default)]
    pub auto: bool,
}

/// What a matching run found.
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
pub struct MatchReport {
    /// Credits that were waiting (unmatched or suggested).
    pub waiting: u32,
    /// Of them, with invoices proposed, by rule.
    pub by_reference: u32,
    pub by_customer: u32,
    pub by_amount: u32,
    /// Proposals sure enough for `auto`.
    pub sure: u32,
    /// Confirmed into payments by `auto`.
    pub confirmed: u32,
    /// Credits with no invoice proposed.
    pub unmatched: u32,
    /// Sure proposals that could not be confirmed, and why.
    pub failures: Vec<LineFailure>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LineFailure {
    pub line_id: i64,
    pub code: String,
    pub message: String,
}

/// Which lines to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListBankLines {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// Empty: every state.
    #[serde(default)]
    pub states: Vec<LineState>,
    #[serde(default)]
    pub statement_id: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

/// Confirm a line: it becomes a payment of the invoices proposed, or of those given.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBankLine {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub line_id: i64,
    /// Other invoices than those proposed (an amount left out: the whole line for a single
    /// invoice, else the invoice's balance).
    #[serde(default)]
    pub allocations: Option<Vec<PaymentAllocationInput>>,
}

/// Ignore a waiting line (it pays no invoice), or take an ignored one back.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct IgnoreBankLine {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub line_id: i64,
    pub ignored: bool,
}

/// How many lines stand where, and the statements imported.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BankSummary {
    pub unmatched: u32,
    pub suggested: u32,
    pub matched: u32,
    pub ignored: u32,
    pub outgoing: u32,
    pub statements: Vec<StatementRecord>,
    pub mappings: Vec<CsvMapping>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SaveCsvMapping {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub mapping: CsvMapping,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DeleteCsvMapping {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub name: String,
}
