//! What must hold between the seller, the buyer and the content before a document is issued
//! (EN 16931 business rules that span parties, and French mentions).

use crate::document::{DocumentContent, DocumentKind};
use crate::error::{DomainError, DomainResult};
use crate::party::{Customer, Organization};
use crate::vat::{VatCategory, VatRegime};
use chrono::{Days, NaiveDate};

/// Checks the parties against the VAT categories used.
pub fn check_parties(
    content: &DocumentContent,
    seller: &Organization,
    buyer: &Customer,
) -> DomainResult<()> {
    let categories = content.lines.iter().map(|l| l.category()).chain(
        content
            .allowances_charges
            .iter()
            .filter_map(|a| a.vat_category),
    );
    for c in categories {
        match c {
            VatCategory::AE | VatCategory::K if buyer.vat_number.is_none() => {
                return Err(DomainError::new(
                    "buyer_vat_number_required",
                    "customer.vat_number",
                    format!(
                        "category {} (reverse charge / intra-EU supply) needs the buyer's VAT number",
                        c.code()
                    ),
                ));
            }
            VatCategory::S | VatCategory::Z | VatCategory::AE | VatCategory::K | VatCategory::G
                if seller.vat_number.is_none() =>
            {
                return Err(DomainError::new(
                    "seller_vat_number_required",
                    "organization.vat_number",
                    format!("category {} needs the seller's VAT number", c.code()),
                ));
            }
            _ => {}
        }
    }
    let all: Vec<VatCategory> = content
        .lines
        .iter()
        .map(|l| l.category())
        .chain(
            content
                .allowances_charges
                .iter()
                .map(|a| a.vat_category.unwrap_or(VatCategory::S)),
        )
        .collect();
    let has_o = all.contains(&VatCategory::O);
    if has_o && all.iter().any(|c| *c != VatCategory::O) {
        return Err(DomainError::new(
            "invalid_vat_category",
            "lines",
            "a document outside the scope of VAT (category O) has only category O lines and allowances (EN 16931 BR-O-11)",
        ));
    }
    if all.contains(&VatCategory::K)
        && content.delivery_date.is_none()
        && content.period_start.is_none()
    {
        return Err(DomainError::new(
            "required",
            "delivery_date",
            "an intra-community supply (category K) needs the delivery date or the invoicing period (EN 16931 BR-IC-11)",
        ));
    }
    if has_o && (seller.vat_number.is_some() || buyer.vat_number.is_some()) {
        return Err(DomainError::new(
            "invalid_vat_category",
            "lines",
            "category O (outside the scope of VAT) is for a seller and buyer without VAT numbers (EN 16931 BR-O-02); use G for exports or AE for reverse charge",
        ));
    }
    if seller.vat_regime == VatRegime::Franchise
        && content.lines.iter().any(|l| l.category() != VatCategory::E)
    {
        return Err(DomainError::new(
            "invalid_vat_category",
            "lines",
            "a seller under the VAT franchise charges no VAT",
        ));
    }
    Ok(())
}

/// An invoice or quote never totals below zero: money owed back is a credit note.
pub fn check_total(kind: DocumentKind, totals: &crate::totals::Totals) -> DomainResult<()> {
    if totals.tax_inclusive.is_sign_negative() && !totals.tax_inclusive.is_zero() {
        let what = match kind {
            DocumentKind::CreditNote => {
                "a credit note's amount is positive: it is the amount credited"
            }
            DocumentKind::Invoice | DocumentKind::Quote => {
                "the total is below zero: to give money back, issue a credit note"
            }
        };
        return Err(DomainError::new("negative_total", "lines", what));
    }
    Ok(())
}

/// The dates a document is issued with: the issue date, and for invoices the due date from
/// the content, else from the terms (document, then customer, then seller).
pub fn issue_dates(
    kind: DocumentKind,
    content: &DocumentContent,
    seller: &Organization,
    buyer: &Customer,
    today: NaiveDate,
) -> DomainResult<(NaiveDate, Option<NaiveDate>)> {
    let issue = content.issue_date.unwrap_or(today);
    if issue > today {
        // Dates never go backwards within a series: one future date would block every
        // invoice until that day. A document is dated the day it is issued, or earlier.
        return Err(DomainError::new(
            "issue_date_in_future",
            "issue_date",
            format!("the issue date {issue} is after today ({today}); issue it on that day"),
        ));
    }
    let due = match kind {
        DocumentKind::Quote => None,
        DocumentKind::Invoice | DocumentKind::CreditNote => match content.due_date {
            Some(d) if d < issue => {
                return Err(DomainError::new(
                    "invalid_date",
                    "due_date",
                    "the due date is before the issue date",
                ));
            }
            Some(d) => Some(d),
            None if kind == DocumentKind::CreditNote => None,
            None => {
                let terms = content
                    .payment_terms_days
                    .or(buyer.payment_terms_days)
                    .unwrap_or(seller.payment_terms_days);
                Some(
                    issue
                        .checked_add_days(Days::new(u64::from(terms)))
                        .ok_or_else(|| {
                            DomainError::new(
                                "invalid_date",
                                "due_date",
                                "the due date is out of range",
                            )
                        })?,
                )
            }
        },
    };
    Ok((issue, due))
}
