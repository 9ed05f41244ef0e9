//! Bank statements: the imported files, their lines, the invoices proposed for each credit,
//! and the CSV mappings saved per bank. What a file says is read by `autoinvoice-bank`; this
//! module only keeps it.

mod import;
mod lines;
mod mappings;
mod matches;

pub use import::{ImportedStatement, NewBankLine, NewStatement};
pub use lines::{BankLinePage, BankLineQuery};
pub use matches::{LineProposal, OpenInvoiceRow, WaitingCredit};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LineState {
    /// A debit: money out, not an invoice's payment.
    Outgoing,
    /// A credit with no invoice proposed.
    Unmatched,
    /// Invoices proposed, waiting for the user.
    Suggested,
    /// Confirmed: it became a payment.
    Matched,
    /// The user said it pays no invoice.
    Ignored,
}

impl LineState {
    pub const ALL: [Self; 5] = [
        Self::Outgoing,
        Self::Unmatched,
        Self::Suggested,
        Self::Matched,
        Self::Ignored,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Outgoing => "outgoing",
            Self::Unmatched => "unmatched",
            Self::Suggested => "suggested",
            Self::Matched => "matched",
            Self::Ignored => "ignored",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// An invoice a line is proposed for, or paid.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct LineInvoice {
    pub invoice_id: i64,
    pub number: String,
    pub buyer_name: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: Decimal,
    /// What the invoice still owes now.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub balance: Decimal,
}

/// One line of a statement as the reconciliation screen shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BankLineRecord {
    pub id: i64,
    pub statement_id: i64,
    pub booking_date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: Decimal,
    pub currency: String,
    pub counterparty: Option<String>,
    pub remittance: String,
    pub bank_reference: Option<String>,
    pub state: LineState,
    /// Why the invoices were proposed: reference, amount_customer, amount or manual.
    pub rule: Option<String>,
    /// Sure enough to be confirmed without a look.
    pub sure: bool,
    /// Other invoices that would have fitted as well.
    pub alternatives: u32,
    pub invoices: Vec<LineInvoice>,
    /// What the line brings beyond the invoices proposed or paid (exact, in the currency).
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub unapplied: Decimal,
    /// The payment a matched line became.
    pub payment_id: Option<i64>,
}

/// An imported file.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StatementRecord {
    pub id: i64,
    pub format: String,
    pub file_name: String,
    pub account: Option<String>,
    pub statement_ref: Option<String>,
    pub from_date: Option<NaiveDate>,
    pub to_date: Option<NaiveDate>,
    pub lines_total: i64,
    pub lines_new: i64,
    pub imported_at: String,
}
