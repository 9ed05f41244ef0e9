//! What a received e-invoice holds once read, whatever its syntax: the EN 16931 business terms
//! we store (with their BT numbers), and the findings of the business rules.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The container or syntax the invoice came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedFormat")]
pub enum Format {
    /// A Factur-X / ZUGFeRD PDF carrying CII XML.
    FacturX,
    /// UN/CEFACT Cross Industry Invoice XML on its own.
    Cii,
    /// UBL 2.1 Invoice or CreditNote XML.
    Ubl,
}

/// A received invoice or credit note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedInvoice")]
pub struct Received {
    pub format: Format,
    /// The embedded file's name when the invoice came in a PDF (`factur-x.xml`…).
    pub attachment_name: Option<String>,
    /// BT-24, the specification identifier (Factur-X profile, Peppol BIS…).
    pub specification_id: Option<String>,
    /// BT-23, the business process type.
    pub business_process: Option<String>,
    /// BT-3, as written: 380 invoice, 381 credit note, 384 corrective invoice…
    pub type_code: Option<String>,
    /// A credit note: a UBL CreditNote, or a type code of the credit-note list (381, 261…).
    pub is_credit_note: bool,
    /// BT-1.
    pub number: Option<String>,
    /// BT-2.
    pub issue_date: NaiveDate,
    /// BT-9.
    pub due_date: Option<NaiveDate>,
    /// BT-5, the invoice currency.
    pub currency: Option<String>,
    /// BT-10.
    pub buyer_reference: Option<String>,
    /// BT-13.
    pub purchase_order: Option<String>,
    /// BT-25, the invoice a credit note corrects.
    pub preceding_invoice: Option<String>,
    /// BG-4.
    pub seller: Party,
    /// BG-7.
    pub buyer: Party,
    /// BT-63, the seller's tax representative's VAT identifier.
    pub tax_representative_vat_id: Option<String>,
    /// BG-25.
    pub lines: Vec<Line>,
    /// BG-20 and BG-21, document-level allowances and charges.
    pub allowances_charges: Vec<AllowanceCharge>,
    /// BG-23.
    pub vat_breakdown: Vec<VatBreakdown>,
    /// BG-22.
    pub totals: Totals,
    /// BG-16 and BT-20.
    pub payment: Payment,
    /// Business-rule findings; an invoice with errors is still returned.
    pub findings: Vec<Finding>,
}

impl Received {
    /// Whether any finding is an error (the invoice breaks an EN 16931 rule).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The errors that say the file's own figures disagree with each other (sums, totals,
    /// VAT per category) or are missing from its VAT breakdown: such a file cannot be filed
    /// in a register, since which of its figures is right cannot be known.
    pub fn figures_disagree(&self) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error && is_figures_rule(&f.rule))
            .collect()
    }
}

/// The seller (BG-4) or the buyer (BG-7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedParty")]
pub struct Party {
    /// BT-27 / BT-44, the legal name.
    pub name: Option<String>,
    /// BT-28 / BT-45, the trading name.
    pub trading_name: Option<String>,
    /// BT-29 / BT-46, the first party identifier (GLN, internal id…).
    pub identifier: Option<String>,
    /// BT-30 / BT-47, the legal registration identifier (SIREN in France).
    pub legal_id: Option<String>,
    /// BT-31 / BT-48, the VAT identifier.
    pub vat_id: Option<String>,
    /// BT-32, a tax registration other than VAT (seller only).
    pub tax_registration_id: Option<String>,
    /// BG-5 / BG-8.
    pub address: Option<Address>,
}

/// A postal address (BG-5, BG-8).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedAddress")]
pub struct Address {
    /// BT-35..BT-37 (BT-50..BT-52, BT-163, BT-165), in order, the empty ones left out.
    pub lines: Vec<String>,
    /// BT-37 / BT-52.
    pub city: Option<String>,
    /// BT-38 / BT-53.
    pub postcode: Option<String>,
    /// BT-39 / BT-54.
    pub subdivision: Option<String>,
    /// BT-40 / BT-55, ISO 3166-1 alpha-2.
    pub country: Option<String>,
}

/// An invoice line (BG-25).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedLine")]
pub struct Line {
    /// BT-126.
    pub id: Option<String>,
    /// BT-153.
    pub name: Option<String>,
    /// BT-129, any number of decimals.
    pub quantity: Option<Decimal>,
    /// BT-130 (UN/ECE rec. 20).
    pub unit_code: Option<String>,
    /// BT-146, the item net price.
    pub net_price: Option<Decimal>,
    /// BT-149, the quantity the price is for (1 when absent).
    pub price_base_quantity: Option<Decimal>,
    /// BT-131, the line net amount.
    pub net_amount: Option<Decimal>,
    /// BT-151.
    pub vat_category: Option<String>,
    /// BT-152.
    pub vat_rate: Option<Decimal>,
}

/// A document-level allowance (BG-20) or charge (BG-21).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedAllowanceCharge")]
pub struct AllowanceCharge {
    /// true for a charge (BG-21), false for an allowance (BG-20).
    pub charge: bool,
    /// BT-92 / BT-99.
    pub amount: Option<Decimal>,
    /// BT-95 / BT-102.
    pub vat_category: Option<String>,
    /// BT-96 / BT-103.
    pub vat_rate: Option<Decimal>,
    /// BT-97 / BT-104.
    pub reason: Option<String>,
}

/// One VAT breakdown (BG-23).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedVatBreakdown")]
pub struct VatBreakdown {
    /// BT-118.
    pub category: Option<String>,
    /// BT-119.
    pub rate: Option<Decimal>,
    /// BT-116.
    pub taxable: Option<Decimal>,
    /// BT-117.
    pub tax: Option<Decimal>,
    /// BT-120.
    pub exemption_reason: Option<String>,
    /// BT-121.
    pub exemption_reason_code: Option<String>,
}

/// Document totals (BG-22). Only BT-112 must be there for the invoice to be read at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedTotals")]
pub struct Totals {
    /// BT-106, sum of line net amounts.
    pub line_total: Option<Decimal>,
    /// BT-107, sum of document-level allowances.
    pub allowances: Option<Decimal>,
    /// BT-108, sum of document-level charges.
    pub charges: Option<Decimal>,
    /// BT-109, total without VAT.
    pub without_vat: Option<Decimal>,
    /// BT-110, total VAT in the invoice currency.
    pub vat: Option<Decimal>,
    /// BT-112, total with VAT.
    pub with_vat: Decimal,
    /// BT-113, amount already paid.
    pub prepaid: Option<Decimal>,
    /// BT-114, rounding amount.
    pub rounding: Option<Decimal>,
    /// BT-115, amount due for payment.
    pub payable: Option<Decimal>,
}

/// How to pay (BG-16, BT-20, BT-83).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedPayment")]
pub struct Payment {
    /// BT-81 (UNTDID 4461: 30 credit transfer, 58 SEPA credit transfer…).
    pub means_code: Option<String>,
    /// BT-83, the remittance information to quote.
    pub reference: Option<String>,
    /// BT-84, the accounts to pay to (IBAN or proprietary), in document order.
    pub accounts: Vec<String>,
    /// BT-20.
    pub terms: Option<String>,
}

/// Whether a finding breaks a rule (Error, "fatal" in the schematron) or only warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "FindingSeverity")]
pub enum Severity {
    Error,
    Warning,
}

/// One business-rule finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename = "ReceivedFinding")]
pub struct Finding {
    /// The official rule id: `BR-CO-15`, `BR-S-08`…
    pub rule: String,
    pub severity: Severity,
    /// What is wrong, in English, with the figures involved.
    pub message: String,
}

impl Finding {
    pub(crate) fn error(rule: &str, message: impl Into<String>) -> Self {
        Self {
            rule: rule.to_owned(),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub(crate) fn warning(rule: &str, message: impl Into<String>) -> Self {
        Self {
            rule: rule.to_owned(),
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// BR-CO-10 to BR-CO-17 (sums and totals), BR-45 to BR-48 (a VAT breakdown without its
/// base, tax, category or rate), and each category's -08 and -09 (base and tax per category).
fn is_figures_rule(rule: &str) -> bool {
    if let Some(n) = rule.strip_prefix("BR-CO-") {
        return n.parse::<u8>().is_ok_and(|n| (10..=17).contains(&n));
    }
    if let Some(n) = rule.strip_prefix("BR-")
        && let Ok(n) = n.parse::<u8>()
    {
        return (45..=48).contains(&n);
    }
    let mut parts = rule.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("BR"), Some(cat), Some("08" | "09"), None) if cat != "CO" && cat != "CL" && cat != "DEC"
    )
}

#[cfg(test)]
mod tests {
    use super::is_figures_rule;

    #[test]
    fn figures_rules() {
        for r in [
            "BR-CO-10", "BR-CO-15", "BR-CO-17", "BR-45", "BR-48", "BR-S-08", "BR-AE-09", "BR-IC-08",
        ] {
            assert!(is_figures_rule(r), "{r}");
        }
        for r in [
            "BR-CO-09",
            "BR-CO-18",
            "BR-CO-25",
            "BR-02",
            "BR-44",
            "BR-49",
            "BR-S-05",
            "BR-DEC-09",
            "BR-CL-08",
        ] {
            assert!(!is_figures_rule(r), "{r}");
        }
    }
}
