//! Revenue over a period, by issue date: invoices less credit notes, net of VAT.

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct CustomerRevenue {
    pub customer_id: i64,
    pub customer: String,
    pub currency: String,
    pub invoiced_cents: i64,
    pub credited_cents: i64,
    pub invoices: i64,
}

/// Net amounts and VAT by category and rate; credit notes counted negative.
#[derive(Debug, Clone)]
pub struct RateRevenue {
    pub category: String,
    pub rate: String,
    /// goods, services, both, or None (not said).
    pub operation: Option<String>,
    pub currency: String,
    pub taxable_cents: i64,
    pub tax_cents: i64,
}

impl Store {
    /// Invoiced and credited per month (YYYY-MM) and currency, from the monthly summary.
    pub async fn revenue_months(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(String, String, i64, i64)>> {
        let rows = sqlx::query(
            "SELECT month, currency, invoiced_cents, credited_cents FROM revenue_by_month
             WHERE org_id = ? AND month >= ? AND month <= ? ORDER BY month, currency",
        )
        .bind(org_id)
        .bind(&from.to_string()[..7])
        .bind(&to.to_string()[..7])
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    pub async fn revenue_by_customer(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<CustomerRevenue>> {
        let rows = sqlx::query(
            "SELECT i.customer_id, c.name, i.currency,
                    SUM(CASE i.kind WHEN 'invoice' THEN i.total_excl_cents ELSE 0 END),
                    SUM(CASE i.kind WHEN 'credit_note' THEN i.total_excl_cents ELSE 0 END),
                    SUM(CASE i.kind WHEN 'invoice' THEN 1 ELSE 0 END)
             FROM invoices i INDEXED BY invoices_by_issue_date JOIN customers c ON c.id = i.customer_id
             WHERE i.org_id = ? AND i.issue_date >= ? AND i.issue_date <= ?
               AND i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
             GROUP BY i.customer_id, i.currency",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| CustomerRevenue {
                customer_id: r.get(0),
                customer: r.get(1),
                currency: r.get(2),
                invoiced_cents: r.get(3),
                credited_cents: r.get(4),
                invoices: r.get(5),
            })
            .collect())
    }

    /// By VAT category, rate and type of operation, for documents issued in the period
    /// (the VAT report on debits, revenue by rate): the daily summary of their VAT rows
    /// (migration 9), a few rows a day instead of every document's.
    pub async fn revenue_by_rate(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<RateRevenue>> {
        let rows = sqlx::query(
            "SELECT category, rate, NULLIF(operation, ''), currency, SUM(taxable_cents), SUM(tax_cents)
             FROM vat_issued_by_day
             WHERE org_id = ? AND day >= ? AND day <= ?
             GROUP BY category, rate, operation, currency
             ORDER BY category, rate, operation, currency",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| RateRevenue {
                category: r.get(0),
                rate: r.get(1),
                operation: r.get(2),
                currency: r.get(3),
                taxable_cents: r.get(4),
                tax_cents: r.get(5),
            })
            .collect())
    }
}
