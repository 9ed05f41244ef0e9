//! A complete document as it is printed and exchanged: the content, its totals, and the
//! parties as they stood at issue. The documents crate renders it (PDF, CII, UBL).

use crate::document::{DocumentContent, DocumentKind};
use crate::party::{Customer, Language, Organization};
use crate::totals::Totals;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The invoice a credit note corrects (BT-25, BT-26).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PrecedingInvoice {
    pub number: String,
    pub issue_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FullDocument {
    pub kind: DocumentKind,
    /// `None` for a draft: drafts have no number (and are never e-invoices).
    pub number: Option<String>,
    /// The issue date; for a draft, the planned date or today.
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub seller: Organization,
    pub buyer: Customer,
    pub content: DocumentContent,
    pub totals: Totals,
    pub preceding: Option<PrecedingInvoice>,
    /// The language of the document: the buyer's, else the seller's.
    pub language: Language,
}

impl FullDocument {
    pub fn is_draft(&self) -> bool {
        self.number.is_none()
    }

    /// Whether the document may carry an e-invoice (Factur-X): issued invoices and credit notes.
    pub fn is_einvoice(&self) -> bool {
        !self.is_draft() && matches!(self.kind, DocumentKind::Invoice | DocumentKind::CreditNote)
    }
}
