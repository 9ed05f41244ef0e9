//! Turnover by day for the VAT franchise tracker: goods when invoiced, services when paid.

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;

/// One payment allocation: the day, the invoice's type of operation, the amount applied
/// and the invoice's totals without and with VAT (to take the VAT out of what was paid).
#[derive(Debug, Clone)]
pub struct Received {
    pub date: NaiveDate,
    pub operation: Option<String>,
    pub allocated_cents: i64,
    pub excl_cents: i64,
    pub incl_cents: i64,
}

impl Store {
    /// Net invoiced per day for documents of the given type of operation (credit notes
    /// negative), in the currency given.
    pub async fn invoiced_by_day(
        &self,
        org_id: i64,
        currency: &str,
        operation: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(NaiveDate, i64)>> {
        let rows = sqlx::query(
            "SELECT i.issue_date, SUM(CASE i.kind WHEN 'invoice' THEN i.total_excl_cents ELSE -i.total_excl_cents END)
             FROM invoices i INDEXED BY invoices_by_issue_date
             WHERE i.org_id = ? AND i.issue_date >= ? AND i.issue_date <= ? AND i.currency = ?
               AND i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
               AND (SELECT operation FROM invoice_vat v WHERE v.invoice_id = i.id LIMIT 1) = ?
             GROUP BY i.issue_date ORDER BY i.issue_date",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(currency)
        .bind(operation)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<String, _>(0).parse().unwrap_or_default(), r.get(1)))
            .collect())
    }

    /// Every payment allocation dated in the period, in the currency given, by date.
    pub async fn received(
        &self,
        org_id: i64,
        currency: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Received>> {
        let rows = sqlx::query(
            "SELECT p.date, (SELECT operation FROM invoice_vat v WHERE v.invoice_id = i.id LIMIT 1),
                    a.amount_cents, i.total_excl_cents, i.total_incl_cents
             FROM payments p INDEXED BY payments_by_date
             JOIN payment_allocations a ON a.payment_id = p.id
             JOIN invoices i ON i.id = a.invoice_id
             WHERE p.org_id = ? AND p.date >= ? AND p.date <= ? AND p.currency = ? AND i.kind = 'invoice'
             ORDER BY p.date",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(currency)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| Received {
                date: r.get::<String, _>(0).parse().unwrap_or_default(),
                operation: r.get(1),
                allocated_cents: r.get(2),
                excl_cents: r.get(3),
                incl_cents: r.get(4),
            })
            .collect())
    }
}
