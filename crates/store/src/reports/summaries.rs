//! The daily summaries of migration 9 (`vat_issued_by_day`, `vat_received_by_day`,
//! `received_by_day`) recomputed from the rows they sum, for `journal verify`.

use super::receipts::{share_sql, small};
use crate::error::StoreResult;
use sqlx::SqliteConnection;

/// The summaries of an organization that differ from their recomputation, by what they sum.
pub(crate) async fn stale_summaries(
    conn: &mut SqliteConnection,
    org_id: i64,
) -> StoreResult<Vec<&'static str>> {
    let issued = "SELECT i.issue_date AS day, i.currency AS currency, v.category AS category,
                         v.rate AS rate, COALESCE(v.operation, '') AS operation,
                         SUM(CASE i.kind WHEN 'invoice' THEN v.taxable_cents ELSE -v.taxable_cents END) AS taxable_cents,
                         SUM(CASE i.kind WHEN 'invoice' THEN v.tax_cents ELSE -v.tax_cents END) AS tax_cents
                  FROM invoices i JOIN invoice_vat v ON v.invoice_id = i.id
                  WHERE i.org_id = ?1 AND i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
                  GROUP BY 1, 2, 3, 4, 5"
        .to_owned();
    let ok = small(&[
        "a.amount_cents",
        "v.taxable_cents",
        "v.tax_cents",
        "i.total_incl_cents",
    ]);
    let received = format!(
        "SELECT p.date AS day, i.currency AS currency, v.category AS category, v.rate AS rate,
                COALESCE(v.operation, '') AS operation,
                SUM(CASE WHEN {ok} THEN {} ELSE 0 END) AS taxable_cents,
                SUM(CASE WHEN {ok} THEN {} ELSE 0 END) AS tax_cents,
                SUM({ok}) AS shares, SUM(NOT ({ok})) AS large
         FROM payments p
              JOIN payment_allocations a ON a.payment_id = p.id
              JOIN invoices i ON i.id = a.invoice_id
              JOIN invoice_vat v ON v.invoice_id = i.id
         WHERE p.org_id = ?1 AND i.kind = 'invoice' AND i.total_incl_cents > 0
         GROUP BY 1, 2, 3, 4, 5",
        share_sql("a.amount_cents", "v.taxable_cents", "i.total_incl_cents"),
        share_sql("a.amount_cents", "v.tax_cents", "i.total_incl_cents"),
    );
    let ok = small(&["a.amount_cents", "i.total_excl_cents", "i.total_incl_cents"]);
    let received_excl = format!(
        "SELECT p.date AS day, p.currency AS currency,
                EXISTS (SELECT 1 FROM invoice_vat g WHERE g.invoice_id = i.id AND g.operation = 'goods') AS goods,
                SUM(CASE WHEN {ok} THEN {} ELSE 0 END) AS excl_cents,
                SUM({ok}) AS shares, SUM(NOT ({ok})) AS large
         FROM payments p
              JOIN payment_allocations a ON a.payment_id = p.id
              JOIN invoices i ON i.id = a.invoice_id
         WHERE p.org_id = ?1 AND i.kind = 'invoice' AND i.total_incl_cents > 0
         GROUP BY 1, 2, 3",
        share_sql("a.amount_cents", "i.total_excl_cents", "i.total_incl_cents"),
    );
    let vat_key = &["day", "currency", "category", "rate", "operation"][..];
    let mut stale = Vec::new();
    for (what, table, computed, columns) in [
        (
            "VAT of the issued documents",
            "vat_issued_by_day",
            issued,
            [vat_key, &["taxable_cents", "tax_cents"]].concat(),
        ),
        (
            "VAT of the payments",
            "vat_received_by_day",
            received,
            [vat_key, &["taxable_cents", "tax_cents", "shares", "large"]].concat(),
        ),
        (
            "net amounts of the payments",
            "received_by_day",
            received_excl,
            vec!["day", "currency", "goods", "excl_cents", "shares", "large"],
        ),
    ] {
        // Both sides have one row per key: equal when every recomputed row is kept as it is
        // and there are as many of each (recomputed once, the slow side).
        let same: String = columns
            .iter()
            .map(|c| format!(" AND k.{c} = c.{c}"))
            .collect();
        let differs: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) <> COUNT(k.org_id) OR COUNT(*) <> (SELECT COUNT(*) FROM {table} WHERE org_id = ?1)
             FROM ({computed}) c LEFT JOIN {table} k ON k.org_id = ?1{same}"
        )))
        .bind(org_id)
        .fetch_one(&mut *conn)
        .await?;
        if differs {
            stale.push(what);
        }
    }
    Ok(stale)
}
