//! What each invoice still owed on a day: its amount due less the payments dated up to that
//! day and the credit notes issued up to it.

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;

#[derive(Debug, Clone)]
pub struct AgingBalance {
    pub customer_id: i64,
    pub customer: String,
    pub currency: String,
    pub due_date: Option<NaiveDate>,
    pub balance_cents: i64,
}

impl Store {
    /// What each open invoice owes now, from its settlement columns (the dashboard's index).
    pub async fn open_balances(&self, org_id: i64) -> StoreResult<Vec<AgingBalance>> {
        let rows = sqlx::query(
            "SELECT i.customer_id, c.name, i.currency, i.due_date,
                    i.due_cents - i.paid_cents - i.credited_cents AS balance
             FROM invoices i INDEXED BY invoices_open JOIN customers c ON c.id = i.customer_id
             WHERE i.org_id = ? AND i.kind = 'invoice' AND i.status IN ('issued', 'sent', 'partially_paid')",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        Ok(balances(&rows))
    }

    /// Invoices with something left to pay on `as_of`. Only invoices that may have been open
    /// then are read: those open now, and those settled by a payment or credit note dated
    /// after `as_of`.
    pub async fn aging_balances(
        &self,
        org_id: i64,
        as_of: NaiveDate,
    ) -> StoreResult<Vec<AgingBalance>> {
        let rows = sqlx::query(
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
        .bind(org_id)
        .bind(as_of.to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(balances(&rows))
    }
}

fn balances(rows: &[sqlx::sqlite::SqliteRow]) -> Vec<AgingBalance> {
    rows.iter()
        .filter_map(|r| {
            let balance: i64 = r.get(4);
            (balance > 0).then(|| AgingBalance {
                customer_id: r.get(0),
                customer: r.get(1),
                currency: r.get(2),
                due_date: r.get::<Option<String>, _>(3).and_then(|d| d.parse().ok()),
                balance_cents: balance,
            })
        })
        .collect()
}
