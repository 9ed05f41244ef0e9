//! The `outbox` table: durable email. A message is queued, claimed (`sending`) in its own
//! committed transaction before any SMTP, and marked `sent` right after the server's reply to
//! DATA. See docs/email.md for the state machine and the one window SMTP leaves open.

use crate::error::{StoreError, StoreResult};
use crate::{Store, new_uid};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, Sqlite, Transaction};

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Queued,
    Sending,
    Sent,
    Failed,
    Cancelled,
}

impl OutboxState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    pub(crate) fn parse(s: &str) -> StoreResult<Self> {
        Ok(match s {
            "queued" => Self::Queued,
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            other => return Err(StoreError::Corrupt(format!("outbox state '{other}'"))),
        })
    }
}

/// What to queue: the finished message and its envelope.
#[derive(Debug, Clone)]
pub struct NewOutboxMessage {
    pub org_id: i64,
    pub invoice_id: Option<i64>,
    pub kind: &'static str,
    pub message_id: String,
    pub envelope_from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub raw: Vec<u8>,
    pub now: DateTime<Utc>,
    /// After this, temporary failures are no longer retried.
    pub expires_at: DateTime<Utc>,
}

/// A message as listed (without its bytes).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct OutboxItem {
    pub id: i64,
    pub org_id: i64,
    pub invoice_id: Option<i64>,
    pub kind: String,
    pub message_id: String,
    pub envelope_from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error_code: Option<String>,
    pub last_error_message: Option<String>,
    pub smtp_reply: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub size: i64,
}

/// A claimed message, ready for SMTP.
#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub item: OutboxItem,
    pub expires_at: String,
    pub raw: Vec<u8>,
}

/// What start-up recovery found.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, specta::Type)]
pub struct Recovery {
    /// Claimed but nothing handed to the server: queued again.
    pub requeued: u64,
    /// Interrupted while the server was receiving it: failed as "uncertain", for the user.
    pub uncertain: u64,
    /// Sent, but the invoice had not yet been moved to "sent": done now.
    pub invoices_recorded: u64,
}

const ITEM_COLUMNS: &str = "id, org_id, invoice_id, kind, message_id, envelope_from, to_addrs, cc_addrs, bcc_addrs, subject, state, attempts, next_attempt_at, expires_at, last_error_code, last_error_message, smtp_reply, created_at, sent_at, length(raw) AS size";

fn addrs(row: &sqlx::sqlite::SqliteRow, col: &str) -> StoreResult<Vec<String>> {
    crate::error::from_json(col, &row.try_get::<String, _>(col)?)
}

fn item(row: &sqlx::sqlite::SqliteRow) -> StoreResult<OutboxItem> {
    Ok(OutboxItem {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        invoice_id: row.try_get("invoice_id")?,
        kind: row.try_get("kind")?,
        message_id: row.try_get("message_id")?,
        envelope_from: row.try_get("envelope_from")?,
        to: addrs(row, "to_addrs")?,
        cc: addrs(row, "cc_addrs")?,
        bcc: addrs(row, "bcc_addrs")?,
        subject: row.try_get("subject")?,
        state: OutboxState::parse(&row.try_get::<String, _>("state")?)?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error_code: row.try_get("last_error_code")?,
        last_error_message: row.try_get("last_error_message")?,
        smtp_reply: row.try_get("smtp_reply")?,
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        size: row.try_get("size")?,
    })
}

/// Queues a message in the caller's transaction (which holds the write lock).
pub(crate) async fn insert_mail(
    tx: &mut Transaction<'static, Sqlite>,
    m: &NewOutboxMessage,
) -> StoreResult<i64> {
    let now = ts(m.now);
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (org_id, invoice_id, kind, message_id, envelope_from, to_addrs, cc_addrs, bcc_addrs, subject, raw, state, attempts, next_attempt_at, expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?) RETURNING id",
    )
    .bind(m.org_id)
    .bind(m.invoice_id)
    .bind(m.kind)
    .bind(&m.message_id)
    .bind(&m.envelope_from)
    .bind(crate::error::to_json(&m.to))
    .bind(crate::error::to_json(&m.cc))
    .bind(crate::error::to_json(&m.bcc))
    .bind(&m.subject)
    .bind(&m.raw)
    .bind(&now)
    .bind(ts(m.expires_at))
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?)
}

impl Store {
    pub async fn enqueue_mail(&self, m: &NewOutboxMessage) -> StoreResult<OutboxItem> {
        let mut tx = self.write().await?;
        let id = insert_mail(&mut tx, m).await?;
        tx.commit().await?;
        self.outbox_item(id).await
    }

    pub async fn outbox_item(&self, id: i64) -> StoreResult<OutboxItem> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM outbox WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::not_found("outbox message", id))?;
        item(&row)
    }

    /// The messages of an organization, newest first; `states` empty: all of them.
    pub async fn outbox_list(
        &self,
        org_id: i64,
        states: &[OutboxState],
        invoice_id: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<OutboxItem>> {
        let mut sql = format!("SELECT {ITEM_COLUMNS} FROM outbox WHERE org_id = ?");
        if !states.is_empty() {
            let list: Vec<String> = states.iter().map(|s| format!("'{}'", s.code())).collect();
            sql.push_str(&format!(" AND state IN ({})", list.join(", ")));
        }
        if invoice_id.is_some() {
            sql.push_str(" AND invoice_id = ?");
        }
        sql.push_str(" ORDER BY id DESC LIMIT ?");
        // Only our own constants and state codes are in the text; values are bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(org_id);
        if let Some(inv) = invoice_id {
            q = q.bind(inv);
        }
        let rows = q.bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(item).collect()
    }

    /// Takes the next due message (queued, its time come) and marks it `sending`/`claimed`,
    /// committed before the caller opens any SMTP conversation.
    pub async fn claim_next_mail(&self, now: DateTime<Utc>) -> StoreResult<Option<OutboxMessage>> {
        let now = ts(now);
        let mut tx = self.write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS}, raw FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1"
        )))
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut it = item(&row)?;
        let expires_at: String = row.try_get("expires_at")?;
        let raw: Vec<u8> = row.try_get("raw")?;
        sqlx::query("UPDATE outbox SET state = 'sending', stage = 'claimed', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'")
            .bind(&now)
            .bind(it.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        it.state = OutboxState::Sending;
        it.attempts += 1;
        Ok(Some(OutboxMessage {
            item: it,
            expires_at,
            raw,
        }))
    }

    /// The server answered 354 to DATA: the message is about to go out.
    pub async fn mail_stage_data(&self, id: i64) -> StoreResult<()> {
        self.outbox_update(
            id,
            "UPDATE outbox SET stage = 'data', updated_at = ? WHERE id = ? AND state = 'sending'",
            &[],
        )
        .await
    }

    /// The server accepted the message (250 to the end of DATA).
    pub async fn mail_sent(&self, id: i64, reply: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE outbox SET state = 'sent', stage = NULL, sent_at = ?, smtp_reply = ?, last_error_code = NULL, last_error_message = NULL, updated_at = ? WHERE id = ? AND state = 'sending'")
            .bind(ts(now))
            .bind(reply)
            .bind(ts(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A temporary failure: queued again for `next`.
    pub async fn mail_retry_later(
        &self,
        id: i64,
        code: &str,
        message: &str,
        next: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.outbox_update(
            id,
            "UPDATE outbox SET state = 'queued', stage = NULL, last_error_code = ?, last_error_message = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'sending'",
            &[code, message, &ts(next)],
        )
        .await
    }

    /// A permanent failure, or temporary ones for too long: visible, retried only by the user.
    pub async fn mail_failed(&self, id: i64, code: &str, message: &str) -> StoreResult<()> {
        self.outbox_update(
            id,
            "UPDATE outbox SET state = 'failed', stage = NULL, last_error_code = ?, last_error_message = ?, updated_at = ? WHERE id = ? AND state IN ('sending', 'queued')",
            &[code, message],
        )
        .await
    }

    async fn outbox_update(&self, id: i64, sql: &'static str, texts: &[&str]) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let mut q = sqlx::query(sql);
        for t in texts {
            q = q.bind(*t);
        }
        q.bind(crate::now_text()).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user asks for another try of a failed (or waiting) message: due now, same bytes and
    /// Message-ID, a fresh expiry.
    pub async fn outbox_retry(
        &self,
        id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<OutboxItem> {
        let mut tx = self.write().await?;
        let n = sqlx::query("UPDATE outbox SET state = 'queued', next_attempt_at = ?, expires_at = ?, updated_at = ? WHERE id = ? AND state IN ('failed', 'queued')")
            .bind(ts(now))
            .bind(ts(expires_at))
            .bind(ts(now))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        self.outbox_state_change(id, n, "retried").await
    }

    pub async fn outbox_cancel(&self, id: i64) -> StoreResult<OutboxItem> {
        let mut tx = self.write().await?;
        let n = sqlx::query("UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE id = ? AND state IN ('failed', 'queued')")
            .bind(crate::now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        self.outbox_state_change(id, n, "cancelled").await
    }

    async fn outbox_state_change(&self, id: i64, n: u64, what: &str) -> StoreResult<OutboxItem> {
        let it = self.outbox_item(id).await?;
        if n == 0 {
            return Err(StoreError::Conflict(format!(
                "message {id} is {}: only a queued or failed message can be {what}",
                it.state.code()
            )));
        }
        Ok(it)
    }

    /// Start-up recovery, run only by the one worker that holds the outbox lock, so that any
    /// `sending` row belongs to a process that died.
    pub async fn recover_outbox(&self) -> StoreResult<Recovery> {
        let mut rec = Recovery::default();
        let mut tx = self.write().await?;
        rec.requeued = sqlx::query("UPDATE outbox SET state = 'queued', stage = NULL, updated_at = ? WHERE state = 'sending' AND stage = 'claimed'")
            .bind(crate::now_text())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        rec.uncertain = sqlx::query(
            "UPDATE outbox SET state = 'failed', stage = NULL, last_error_code = 'uncertain',
               last_error_message = 'AutoInvoice stopped while the server was receiving this message: it may have been delivered. Check your Sent folder or ask the recipient; `outbox retry` sends it again with the same Message-ID.',
               updated_at = ? WHERE state = 'sending' AND stage = 'data'",
        )
        .bind(crate::now_text())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        rec.invoices_recorded = self.record_sent_invoices().await?;
        Ok(rec)
    }

    /// Moves the invoice of every sent document message to "sent" (the existing transition, with its
    /// journal entry) and notes it; a journal entry already written for this send (a crash
    /// between the two commits) is not written twice.
    pub async fn record_sent_invoices(&self) -> StoreResult<u64> {
        let pending: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, invoice_id, sent_at FROM outbox WHERE state = 'sent' AND kind = 'document' AND invoice_id IS NOT NULL AND invoice_recorded = 0 ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut n = 0;
        for (id, invoice_id, sent_at) in pending {
            let already: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM journal WHERE document_id = ? AND event = 'send' AND at >= ? AND json_extract(payload, '$.channel') = 'email'",
            )
            .bind(invoice_id)
            .bind(&sent_at)
            .fetch_one(self.pool())
            .await?;
            if already == 0 {
                self.mark_sent(invoice_id, "email").await?;
            }
            sqlx::query("UPDATE outbox SET invoice_recorded = 1 WHERE id = ?")
                .bind(id)
                .execute(self.pool())
                .await?;
            n += 1;
        }
        Ok(n)
    }

    /// A unique Message-ID local part, for callers that build messages.
    pub fn new_message_uid() -> String {
        new_uid()
    }
}
