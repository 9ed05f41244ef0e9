//! What each invoice still owed on a day: its amount due less the payments dated up to that
//! day and the credit notes issued up to it, summed by customer, currency and how late it
//! was (SQLite sums a few dozen groups instead of handing over every open invoice).

use crate::Store;
use crate::error::StoreResult;
use chrono::{Days, NaiveDate};
use sqlx::Row;

/// How late an amount was on the day: 0 not yet due (or no due date), 1 for 1 to 30 days,
/// 2 for 31 to 60, 3 for 61 to 90, 4 for more.
pub type AgingBucket = u8;

/// The invoices of one customer in one currency with something left to pay on the day,
/// in one bucket of lateness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingBalance {
    pub customer_id: i64,
    pub customer: String,
    pub currency: String,
    pub bucket: AgingBucket,
    pub invoices: i64,
    pub balance_cents: i64,
}

/// The bucket of `due_date` on `?as_of`, with the first days of buckets 1 to 4 bound as
/// `?d1`..`?d3` (as_of less 30, 60 and 90 days). Dates are `YYYY-MM-DD`, so they compare as
/// text; a due date that is not a date counts as not yet due.
const BUCKET: &str = "CASE WHEN due_date IS NULL OR date(due_date) IS NOT due_date OR due_date >= ?2 THEN 0
                           WHEN due_date >= ?3 THEN 1 WHEN due_date >= ?4 THEN 2 WHEN due_date >= ?5 THEN 3
                           ELSE 4 END";

impl Store {
    /// What the invoices open now owe, from their settlement columns (the dashboard's
    /// index), bucketed on `as_of` (today or later: nothing is dated after today).
    pub async fn open_balances(
        &self,
        org_id: i64,
        as_of: NaiveDate,
    ) -> StoreResult<Vec<AgingBalance>> {
        self.buckets(
            org_id,
            as_of,
            "SELECT i.customer_id, c.name, i.currency, i.due_date,
                    i.due_cents - i.paid_cents - i.credited_cents AS balance
             FROM invoices i INDEXED BY invoices_open JOIN customers c ON c.id = i.customer_id
             WHERE i.org_id = ?1 AND i.kind = 'invoice' AND i.status IN ('issued', 'sent', 'partially_paid')",
        )
        .await
    }

    /// Invoices with something left to pay on `as_of`. Only invoices that may have been open
    /// then are read: those open now, and those settled by a payment or credit note dated
    /// after `as_of`.
    pub async fn aging_balances(
        &self,
        org_id: i64,
        as_of: NaiveDate,
    ) -> StoreResult<Vec<AgingBalance>> {
        self.buckets(
            org_id,
            as_of,
            "WITH candidates AS (
                 SELECT id FROM invoices INDEXED BY invoices_open
                 WHERE org_id = ?1 AND kind = 'invoice' AND status IN ('issued', 'sent', 'partially_paid')
                 UNION
                 SELECT a.invoice_id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
                 WHERE p.org_id = ?1 AND p.date > ?2
                 UNION
                 SELECT preceding_id FROM invoices
                 WHERE org_id = ?1 AND kind = 'credit_note' AND status <> 'draft' AND issue_date > ?2
                   AND preceding_id IS NOT NULL
             )
             SELECT i.customer_id, c.name, i.currency, i.due_date,
                    i.due_cents
                    - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                                WHERE a.invoice_id = i.id AND p.date <= ?2), 0)
                    - COALESCE((SELECT SUM(n.due_cents) FROM invoices n
                                WHERE n.preceding_id = i.id AND n.kind = 'credit_note' AND n.status <> 'draft'
                                  AND n.issue_date <= ?2), 0) AS balance
             FROM candidates JOIN invoices i ON i.id = candidates.id JOIN customers c ON c.id = i.customer_id
             WHERE i.kind = 'invoice' AND i.status <> 'draft' AND i.issue_date <= ?2",
        )
        .await
    }

    /// The positive balances of `invoices` (customer_id, name, currency, due_date, balance;
    /// binding ?1 org and ?2 the day) summed by customer, currency and bucket.
    async fn buckets(
        &self,
        org_id: i64,
        as_of: NaiveDate,
        invoices: &str,
    ) -> StoreResult<Vec<AgingBalance>> {
        let before = |days: u64| {
            as_of
                .checked_sub_days(Days::new(days))
                .unwrap_or(NaiveDate::MIN)
                .to_string()
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT customer_id, name, currency, {BUCKET} AS bucket, COUNT(*), SUM(balance)
             FROM ({invoices}) WHERE balance > 0
             GROUP BY customer_id, currency, bucket"
        )))
        .bind(org_id)
        .bind(as_of.to_string())
        .bind(before(30))
        .bind(before(60))
        .bind(before(90))
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| AgingBalance {
                customer_id: r.get(0),
                customer: r.get(1),
                currency: r.get(2),
                bucket: u8::try_from(r.get::<i64, _>(3)).unwrap_or(4),
                invoices: r.get(4),
                balance_cents: r.get(5),
            })
            .collect())
    }
}
