//! Proposals and their outcome: the invoices proposed for each credit, a confirmed line
//! becoming a payment (in the same transaction), a line ignored or taken back.

use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::payments::{NewPayment, PaymentRecord, record_payment_in};
use chrono::NaiveDate;
use sqlx::Row;

/// An invoice with something still owed, as matching reads it.
#[derive(Debug, Clone)]
pub struct OpenInvoiceRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub buyer_name: String,
    pub currency: String,
    pub balance_cents: i64,
    pub due_date: Option<NaiveDate>,
}

/// A credit line that is neither matched nor ignored.
#[derive(Debug, Clone)]
pub struct WaitingCredit {
    pub id: i64,
    pub booking_date: NaiveDate,
    pub amount_cents: i64,
    pub currency: String,
    pub counterparty: Option<String>,
    pub remittance: String,
}

/// The invoices proposed for one line.
#[derive(Debug, Clone)]
pub struct LineProposal {
    pub line_id: i64,
    pub rule: &'static str,
    pub sure: bool,
    pub alternatives: u32,
    /// (invoice id, hundredths)
    pub allocations: Vec<(i64, i64)>,
}

impl Store {
    /// The organization's invoices that still owe something.
    pub async fn open_invoices(&self, org_id: i64) -> StoreResult<Vec<OpenInvoiceRow>> {
        let rows = sqlx::query(
            "SELECT id, number, customer_id, buyer_name, currency, due_cents - paid_cents - credited_cents AS balance, due_date
             FROM invoices WHERE org_id = ? AND kind = 'invoice' AND status IN ('issued', 'sent', 'partially_paid')
             AND due_cents - paid_cents - credited_cents > 0",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| OpenInvoiceRow {
                id: r.get("id"),
                number: r.get::<Option<String>, _>("number").unwrap_or_default(),
                customer_id: r.get("customer_id"),
                buyer_name: r.get("buyer_name"),
                currency: r.get("currency"),
                balance_cents: r.get("balance"),
                due_date: r.get("due_date"),
            })
            .collect())
    }

    /// Credits waiting for their invoices (unmatched or suggested), oldest first.
    pub async fn waiting_credits(&self, org_id: i64) -> StoreResult<Vec<WaitingCredit>> {
        let rows = sqlx::query(
            "SELECT id, booking_date, amount_cents, currency, counterparty, remittance FROM bank_lines
             WHERE org_id = ? AND state IN ('unmatched', 'suggested') ORDER BY booking_date, id",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| WaitingCredit {
                id: r.get("id"),
                booking_date: r.get("booking_date"),
                amount_cents: r.get("amount_cents"),
                currency: r.get("currency"),
                counterparty: r.get("counterparty"),
                remittance: r.get("remittance"),
            })
            .collect())
    }

    /// Replaces the proposals of every waiting line of the organization with `proposals`:
    /// a line without one becomes unmatched. Lines matched or ignored meanwhile are left as
    /// they are.
    pub async fn save_proposals(&self, org_id: i64, proposals: &[LineProposal]) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "DELETE FROM bank_line_invoices WHERE line_id IN
             (SELECT id FROM bank_lines WHERE org_id = ? AND state IN ('unmatched', 'suggested'))",
        )
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE bank_lines SET state = 'unmatched', rule = NULL, sure = 0, alternatives = 0
             WHERE org_id = ? AND state = 'suggested'",
        )
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        // Set-based: one UPDATE and one INSERT for all the proposals (row by row, 7,000
        // proposals took over a second).
        let lines: Vec<serde_json::Value> = proposals
            .iter()
            .map(|p| serde_json::json!([p.line_id, p.rule, p.sure, p.alternatives]))
            .collect();
        // Through a keyed temporary table: joined straight to json_each, SQLite scanned the
        // JSON once per line (17 s for 7,000 proposals).
        sqlx::query(
            "CREATE TEMP TABLE IF NOT EXISTS bank_proposals
             (line_id INTEGER PRIMARY KEY, rule TEXT, sure INTEGER, alternatives INTEGER)",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM temp.bank_proposals")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO temp.bank_proposals (line_id, rule, sure, alternatives)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)",
        )
        .bind(serde_json::Value::Array(lines).to_string())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE bank_lines SET state = 'suggested', rule = p.rule, sure = p.sure, alternatives = p.alternatives
             FROM temp.bank_proposals AS p
             WHERE bank_lines.id = p.line_id AND bank_lines.org_id = ? AND bank_lines.state = 'unmatched'",
        )
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        let allocations: Vec<serde_json::Value> = proposals
            .iter()
            .flat_map(|p| {
                p.allocations.iter().map(move |(invoice_id, cents)| {
                    serde_json::json!([p.line_id, invoice_id, cents])
                })
            })
            .collect();
        // Only for the lines just proposed: one matched or ignored meanwhile keeps its own.
        // CROSS JOIN keeps the JSON as the outer loop, each line found by its key (the
        // other way round, SQLite scanned the JSON once per line: 17 s for 7,000).
        sqlx::query(
            "INSERT INTO bank_line_invoices (line_id, invoice_id, amount_cents)
             SELECT b.id, a.value ->> 1, a.value ->> 2 FROM json_each(?) AS a
             CROSS JOIN bank_lines AS b ON b.id = a.value ->> 0
             WHERE b.org_id = ? AND b.state = 'suggested'",
        )
        .bind(serde_json::Value::Array(allocations).to_string())
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms a line: records `payment` and marks the line matched with it, together.
    /// `rule` is the proposal's rule, or "manual" when the user chose other invoices.
    pub async fn confirm_bank_line(
        &self,
        line_id: i64,
        rule: &str,
        payment: &NewPayment,
    ) -> StoreResult<PaymentRecord> {
        let mut tx = self.write().await?;
        let row =
            sqlx::query("SELECT state, amount_cents FROM bank_lines WHERE id = ? AND org_id = ?")
                .bind(line_id)
                .bind(payment.org_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::not_found("bank line", line_id))?;
        let state: String = row.get("state");
        match state.as_str() {
            "unmatched" | "suggested" => {}
            "matched" => {
                return Err(StoreError::Conflict(format!(
                    "bank line {line_id} is already confirmed: its payment is recorded"
                )));
            }
            "ignored" => {
                return Err(StoreError::Conflict(format!(
                    "bank line {line_id} is ignored: take it back first"
                )));
            }
            _ => {
                return Err(StoreError::Conflict(format!(
                    "bank line {line_id} is money out: only credits pay invoices"
                )));
            }
        }
        let line_cents: i64 = row.get("amount_cents");
        let paid_cents = autoinvoice_domain::money::to_cents(payment.amount)?;
        if paid_cents > line_cents {
            return Err(StoreError::Conflict(format!(
                "the invoices chosen take {}, more than the line's {}",
                payment.amount,
                autoinvoice_domain::money::from_cents(line_cents)
            )));
        }
        let record = record_payment_in(&mut tx, payment).await?;
        sqlx::query("DELETE FROM bank_line_invoices WHERE line_id = ?")
            .bind(line_id)
            .execute(&mut *tx)
            .await?;
        for a in &record.allocations {
            sqlx::query("INSERT INTO bank_line_invoices (line_id, invoice_id, amount_cents) VALUES (?, ?, ?)")
                .bind(line_id)
                .bind(a.invoice_id)
                .bind(autoinvoice_domain::money::to_cents(a.amount)?)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE bank_lines SET state = 'matched', rule = ?, payment_id = ? WHERE id = ?",
        )
        .bind(rule)
        .bind(record.id)
        .bind(line_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Ignores a waiting line (it pays no invoice), or takes an ignored line back.
    pub async fn set_bank_line_ignored(
        &self,
        org_id: i64,
        line_id: i64,
        ignored: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let state: String =
            sqlx::query_scalar("SELECT state FROM bank_lines WHERE id = ? AND org_id = ?")
                .bind(line_id)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::not_found("bank line", line_id))?;
        let allowed = if ignored {
            matches!(state.as_str(), "unmatched" | "suggested")
        } else {
            state == "ignored"
        };
        if !allowed {
            return Err(StoreError::Conflict(format!(
                "bank line {line_id} is {state}: it cannot be {}",
                if ignored { "ignored" } else { "taken back" }
            )));
        }
        sqlx::query("DELETE FROM bank_line_invoices WHERE line_id = ?")
            .bind(line_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE bank_lines SET state = ?, rule = NULL, sure = 0, alternatives = 0 WHERE id = ?",
        )
        .bind(if ignored { "ignored" } else { "unmatched" })
        .bind(line_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
