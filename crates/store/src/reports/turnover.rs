//! Goods invoiced by day, for the VAT franchise tracker (services count when paid: see
//! `receipts`).

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;

impl Store {
    /// Net invoiced per day for sales of goods (credit notes negative), in the currency
    /// given.
    pub async fn goods_invoiced_by_day(
        &self,
        org_id: i64,
        currency: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(NaiveDate, i64)>> {
        let rows = sqlx::query(
            "SELECT i.issue_date, SUM(CASE i.kind WHEN 'invoice' THEN i.total_excl_cents ELSE -i.total_excl_cents END)
             FROM invoices i INDEXED BY invoices_by_issue_date
             WHERE i.org_id = ? AND i.issue_date >= ? AND i.issue_date <= ? AND i.currency = ?
               AND i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
               AND i.id IN (SELECT invoice_id FROM invoice_vat INDEXED BY invoice_vat_goods WHERE operation = 'goods')
             GROUP BY i.issue_date ORDER BY i.issue_date",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(currency)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<String, _>(0).parse().unwrap_or_default(), r.get(1)))
            .collect())
    }
}
