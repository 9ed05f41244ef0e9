//! Money received in a period, per invoice and VAT row: what VAT on receipts and the
//! turnover of a service provider are measured on.

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;

/// One payment allocation in the period against one VAT row of the invoice it paid, with
/// the invoice's totals to share the amount out by.
#[derive(Debug, Clone)]
pub struct ReceiptShare {
    pub payment_id: i64,
    pub invoice_id: i64,
    pub date: NaiveDate,
    pub currency: String,
    pub allocated_cents: i64,
    pub invoice_incl_cents: i64,
    pub category: String,
    pub rate: String,
    pub operation: Option<String>,
    pub taxable_cents: i64,
    pub tax_cents: i64,
}

impl Store {
    pub async fn receipt_shares(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ReceiptShare>> {
        let rows = sqlx::query(
            "SELECT p.id, a.invoice_id, p.date, i.currency, a.amount_cents, i.total_incl_cents,
                    v.category, v.rate, v.operation, v.taxable_cents, v.tax_cents
             FROM payments p
             JOIN payment_allocations a ON a.payment_id = p.id
             JOIN invoices i ON i.id = a.invoice_id
             JOIN invoice_vat v ON v.invoice_id = i.id
             WHERE p.org_id = ? AND p.date >= ? AND p.date <= ? AND i.kind = 'invoice'
             ORDER BY p.date, p.id, a.invoice_id, v.category, v.rate",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReceiptShare {
                payment_id: r.get(0),
                invoice_id: r.get(1),
                date: r.get::<String, _>(2).parse().unwrap_or_default(),
                currency: r.get(3),
                allocated_cents: r.get(4),
                invoice_incl_cents: r.get(5),
                category: r.get(6),
                rate: r.get(7),
                operation: r.get(8),
                taxable_cents: r.get(9),
                tax_cents: r.get(10),
            })
            .collect())
    }
}
