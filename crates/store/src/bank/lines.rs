//! Reading statements and their lines back for the reconciliation screen and the CLI.

use super::{BankLineRecord, LineInvoice, LineState, StatementRecord};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use autoinvoice_domain::money::from_cents;
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::collections::HashMap;

pub(super) const STATEMENT_COLUMNS: &str =
    "id, format, file_name, account, statement_ref, from_date, to_date, lines_total,
    lines_new, imported_at";

pub(super) fn statement_row(r: &SqliteRow) -> StatementRecord {
    StatementRecord {
        id: r.get("id"),
        format: r.get("format"),
        file_name: r.get("file_name"),
        account: r.get("account"),
        statement_ref: r.get("statement_ref"),
        from_date: r.get("from_date"),
        to_date: r.get("to_date"),
        lines_total: r.get("lines_total"),
        lines_new: r.get("lines_new"),
        imported_at: r.get("imported_at"),
    }
}

/// Which lines to list.
#[derive(Debug, Clone, Default)]
pub struct BankLineQuery {
    pub org_id: i64,
    /// None: every state.
    pub states: Vec<LineState>,
    pub statement_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BankLinePage {
    /// How many lines match (all pages).
    pub total: i64,
    pub lines: Vec<BankLineRecord>,
}

const LINE_SELECT: &str = "SELECT id, statement_id, booking_date, value_date, amount_cents, currency, counterparty, remittance,
    bank_reference, state, rule, sure, alternatives, payment_id FROM bank_lines";

impl Store {
    /// The organization's statements, newest first.
    pub async fn statements(&self, org_id: i64) -> StoreResult<Vec<StatementRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {STATEMENT_COLUMNS} FROM bank_statements WHERE org_id = ? ORDER BY id DESC"
        )))
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(statement_row).collect())
    }

    /// How many lines of the organization are in each state.
    pub async fn bank_line_counts(&self, org_id: i64) -> StoreResult<HashMap<LineState, i64>> {
        let rows = sqlx::query(
            "SELECT state, COUNT(*) AS n FROM bank_lines WHERE org_id = ? GROUP BY state",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let state: String = r.get("state");
                let state = LineState::parse(&state)
                    .ok_or_else(|| StoreError::Corrupt(format!("bank line state '{state}'")))?;
                Ok((state, r.get("n")))
            })
            .collect()
    }

    /// Lines, oldest booking first (the order a statement reads in).
    pub async fn bank_lines(&self, q: &BankLineQuery) -> StoreResult<BankLinePage> {
        let states: Vec<&str> = q.states.iter().map(|s| s.code()).collect();
        let states_json = serde_json::to_string(&states).unwrap_or_else(|_| "[]".into());
        let filter = "WHERE org_id = ? AND (? = '[]' OR state IN (SELECT value FROM json_each(?)))
            AND (? IS NULL OR statement_id = ?)";
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM bank_lines {filter}"
        )))
        .bind(q.org_id)
        .bind(&states_json)
        .bind(&states_json)
        .bind(q.statement_id)
        .bind(q.statement_id)
        .fetch_one(self.pool())
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{LINE_SELECT} {filter} ORDER BY booking_date, id LIMIT ? OFFSET ?"
        )))
        .bind(q.org_id)
        .bind(&states_json)
        .bind(&states_json)
        .bind(q.statement_id)
        .bind(q.statement_id)
        .bind(q.limit.clamp(1, 10_000))
        .bind(q.offset.max(0))
        .fetch_all(self.pool())
        .await?;
        let lines = self.line_records(&rows).await?;
        Ok(BankLinePage { total, lines })
    }

    /// One line of the organization.
    pub async fn bank_line(&self, org_id: i64, id: i64) -> StoreResult<BankLineRecord> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{LINE_SELECT} WHERE org_id = ? AND id = ?"
        )))
        .bind(org_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::not_found("bank line", id))?;
        let mut records = self.line_records(std::slice::from_ref(&row)).await?;
        records
            .pop()
            .ok_or_else(|| StoreError::not_found("bank line", id))
    }

    /// The lines of `rows` with their invoices: one query for the invoices of all of them.
    async fn line_records(&self, rows: &[SqliteRow]) -> StoreResult<Vec<BankLineRecord>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.get("id")).collect();
        let invoice_rows = sqlx::query(
            "SELECT b.line_id, b.invoice_id, COALESCE(i.number, '#' || i.id) AS number, i.buyer_name, b.amount_cents,
             CASE WHEN i.status IN ('issued', 'sent', 'partially_paid') THEN i.due_cents - i.paid_cents - i.credited_cents ELSE 0 END
             AS balance_cents
             FROM json_each(?) AS l CROSS JOIN bank_line_invoices b ON b.line_id = l.value
             JOIN invoices i ON i.id = b.invoice_id
             ORDER BY i.due_date, i.id",
        )
        .bind(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()))
        .fetch_all(self.pool())
        .await?;
        let mut by_line: HashMap<i64, Vec<(LineInvoice, i64)>> = HashMap::new();
        for b in &invoice_rows {
            let cents: i64 = b.get("amount_cents");
            by_line.entry(b.get("line_id")).or_default().push((
                LineInvoice {
                    invoice_id: b.get("invoice_id"),
                    number: b.get("number"),
                    buyer_name: b.get("buyer_name"),
                    amount: from_cents(cents),
                    balance: from_cents(b.get("balance_cents")),
                },
                cents,
            ));
        }
        rows.iter()
            .map(|r| {
                let id: i64 = r.get("id");
                let state: String = r.get("state");
                let amount_cents: i64 = r.get("amount_cents");
                let invoices = by_line.remove(&id).unwrap_or_default();
                let applied: i64 = invoices.iter().map(|(_, c)| c).sum();
                Ok(BankLineRecord {
                    id,
                    statement_id: r.get("statement_id"),
                    booking_date: r.get("booking_date"),
                    value_date: r.get("value_date"),
                    amount: from_cents(amount_cents),
                    currency: r.get("currency"),
                    counterparty: r.get("counterparty"),
                    remittance: r.get("remittance"),
                    bank_reference: r.get("bank_reference"),
                    state: LineState::parse(&state)
                        .ok_or_else(|| StoreError::Corrupt(format!("bank line state '{state}'")))?,
                    rule: r.get("rule"),
                    sure: r.get::<i64, _>("sure") == 1,
                    alternatives: u32::try_from(r.get::<i64, _>("alternatives")).unwrap_or(0),
                    unapplied: from_cents(if invoices.is_empty() || amount_cents < 0 {
                        0
                    } else {
                        (amount_cents - applied).max(0)
                    }),
                    invoices: invoices.into_iter().map(|(i, _)| i).collect(),
                    payment_id: r.get("payment_id"),
                })
            })
            .collect()
    }
}
