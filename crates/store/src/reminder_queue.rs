//! The reminders' state: what is due (an indexed query per policy and stage, confirmed by
//! the domain's pure decision), the claim of an (invoice, stage) with its email in one
//! transaction, the review queue, and an invoice's history.
//!
//! Idempotency: `invoice_reminders` has UNIQUE (invoice_id, stage). A reminder is claimed
//! inside a write transaction (BEGIN IMMEDIATE: writers queue) that re-reads the invoice and
//! what was already sent, asks the domain again, inserts the (invoice, stage) row, queues
//! the email in the outbox and journals it, then commits. Two processes on one database
//! both see the other's commit or none of it: one queues, the other finds the stage handled.
//! A crash before COMMIT leaves nothing; after it, everything — the outbox delivers it once.

use crate::error::{StoreError, StoreResult};
use crate::outbox::{NewOutboxMessage, OutboxState, insert_mail};
use crate::{Store, journal, now_text};
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::money::from_cents;
use autoinvoice_domain::reminders::{
    DueStage, Handled, InvoiceFacts, Policy, next_stage, stage_to_send,
};
use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

/// Which invoices a policy covers.
#[derive(Debug, Clone, Copy)]
pub enum PolicyScope {
    /// The organization's policy: every customer without one of their own.
    Organization,
    /// One customer's own policy.
    Customer(i64),
}

/// An invoice with a stage to send (or coming).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderCandidate {
    pub invoice_id: i64,
    pub customer_id: i64,
    pub number: String,
    pub buyer_name: String,
    pub currency: String,
    pub due_date: NaiveDate,
    pub balance: Decimal,
    pub stage: String,
    /// The day the stage falls on.
    pub due_on: NaiveDate,
}

const OPEN: &str = "i.kind = 'invoice' AND i.status IN ('issued', 'sent', 'partially_paid')";
const HANDLED: &str = "(SELECT group_concat(r.stage || char(31) || r.due_on, char(30)) FROM invoice_reminders r WHERE r.invoice_id = i.id)";

fn days_before(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_sub_signed(TimeDelta::days(n))
}

fn parse_handled(text: Option<String>) -> StoreResult<Vec<Handled>> {
    let Some(text) = text else {
        return Ok(vec![]);
    };
    text.split('\u{1e}')
        .map(|item| {
            let (stage, on) = item
                .split_once('\u{1f}')
                .ok_or_else(|| StoreError::Corrupt(format!("reminder '{item}'")))?;
            Ok(Handled {
                stage: stage.to_owned(),
                due_on: on
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("reminder date '{on}': {e}")))?,
            })
        })
        .collect()
}

fn scope_filter(b: &mut QueryBuilder<Sqlite>, org_id: i64, scope: PolicyScope) {
    match scope {
        PolicyScope::Organization => {
            b.push(" AND i.customer_id NOT IN (SELECT customer_id FROM customer_reminder_policies WHERE org_id = ")
                .push_bind(org_id)
                .push(")");
        }
        PolicyScope::Customer(id) => {
            b.push(" AND i.customer_id = ").push_bind(id);
        }
    }
}

/// A row of the scheduler's queries, before the domain's decision.
struct ScheduleRow {
    invoice_id: i64,
    customer_id: i64,
    number: String,
    buyer_name: String,
    currency: String,
    status: String,
    due_date: NaiveDate,
    balance: Decimal,
    handled: Vec<Handled>,
}

impl ScheduleRow {
    fn read(r: &sqlx::sqlite::SqliteRow) -> StoreResult<Self> {
        Ok(Self {
            invoice_id: r.try_get("id")?,
            customer_id: r.try_get("customer_id")?,
            number: r
                .try_get::<Option<String>, _>("number")?
                .unwrap_or_default(),
            buyer_name: r.try_get("buyer_name")?,
            currency: r.try_get("currency")?,
            status: r.try_get("status")?,
            due_date: r.try_get("due_date")?,
            balance: from_cents(r.try_get("balance_cents")?),
            handled: parse_handled(r.try_get("handled")?)?,
        })
    }

    fn facts(&self) -> StoreResult<InvoiceFacts> {
        Ok(InvoiceFacts {
            due_date: self.due_date,
            status: Status::parse(&self.status)?,
            balance: self.balance,
            paused: false,
        })
    }

    fn candidate(&self, d: DueStage<'_>) -> ReminderCandidate {
        ReminderCandidate {
            invoice_id: self.invoice_id,
            customer_id: self.customer_id,
            number: self.number.clone(),
            buyer_name: self.buyer_name.clone(),
            currency: self.currency.clone(),
            due_date: self.due_date,
            balance: self.balance,
            stage: d.stage.key.clone(),
            due_on: d.due_on,
        }
    }
}

fn select(b: &mut QueryBuilder<Sqlite>, org_id: i64) {
    b.push(format!(
        "SELECT i.id, i.customer_id, i.number, i.buyer_name, i.currency, i.status, i.due_date,
                i.due_cents - i.paid_cents - i.credited_cents AS balance_cents, {HANDLED} AS handled
         FROM invoices i JOIN customers c ON c.id = i.customer_id
         WHERE i.org_id = "
    ))
    .push_bind(org_id)
    .push(format!(
        " AND {OPEN} AND i.reminders_paused = 0 AND c.reminders_paused = 0
          AND i.due_cents - i.paid_cents - i.credited_cents > 0"
    ));
}

/// One reminder row as the history and the review list show it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ReminderRecord {
    pub id: i64,
    pub invoice_id: i64,
    pub number: String,
    pub buyer_name: String,
    pub stage: String,
    pub tone: Option<String>,
    /// The day the stage fell on.
    pub due_on: NaiveDate,
    /// queued, review, skipped, superseded, dropped.
    pub status: String,
    pub channel: String,
    pub created_at: String,
    pub decided_at: Option<String>,
    pub outbox_id: Option<i64>,
    /// Where its email is: queued, sending, sent, failed, cancelled.
    pub delivery: Option<OutboxState>,
    pub message_id: Option<String>,
    pub sent_at: Option<String>,
    pub error: Option<String>,
}

const RECORD_SELECT: &str = "SELECT r.id, r.invoice_id, i.number, i.buyer_name, r.stage, r.tone, r.due_on, r.status, r.channel, r.created_at, r.decided_at, r.outbox_id,
       o.state AS delivery, o.message_id, o.sent_at, o.last_error_message AS error
  FROM invoice_reminders r JOIN invoices i ON i.id = r.invoice_id LEFT JOIN outbox o ON o.id = r.outbox_id";

fn record(r: &sqlx::sqlite::SqliteRow) -> StoreResult<ReminderRecord> {
    let delivery: Option<String> = r.try_get("delivery")?;
    Ok(ReminderRecord {
        id: r.try_get("id")?,
        invoice_id: r.try_get("invoice_id")?,
        number: r
            .try_get::<Option<String>, _>("number")?
            .unwrap_or_default(),
        buyer_name: r.try_get("buyer_name")?,
        stage: r.try_get("stage")?,
        tone: r.try_get("tone")?,
        due_on: r.try_get("due_on")?,
        status: r.try_get("status")?,
        channel: r.try_get("channel")?,
        created_at: r.try_get("created_at")?,
        decided_at: r.try_get("decided_at")?,
        outbox_id: r.try_get("outbox_id")?,
        delivery: delivery.as_deref().map(OutboxState::parse).transpose()?,
        message_id: r.try_get("message_id")?,
        sent_at: r.try_get("sent_at")?,
        error: r.try_get("error")?,
    })
}

/// What to claim: the stage the caller found due and built a message for.
#[derive(Debug, Clone)]
pub struct ReminderClaim<'a> {
    pub invoice_id: i64,
    pub policy: &'a Policy,
    pub catch_up_days: Option<u32>,
    pub today: NaiveDate,
    pub stage: &'a str,
    /// The email to queue; None: the reminder waits for review.
    pub message: Option<NewOutboxMessage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimOutcome {
    Queued {
        reminder_id: i64,
        outbox_id: i64,
    },
    InReview {
        reminder_id: i64,
    },
    /// Another run claimed it first, or the invoice changed (paid, paused…): nothing done.
    NotDue,
}

/// The invoice's facts and handled stages, read in the claiming transaction.
async fn facts_in(
    tx: &mut Transaction<'static, Sqlite>,
    invoice_id: i64,
) -> StoreResult<(i64, Option<String>, InvoiceFacts, Vec<Handled>)> {
    let r = sqlx::query(
        "SELECT i.org_id, i.kind, i.status, i.number, i.due_date,
                i.due_cents - i.paid_cents - i.credited_cents AS balance_cents,
                i.reminders_paused OR c.reminders_paused AS paused
         FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?",
    )
    .bind(invoice_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| StoreError::not_found("invoice", invoice_id))?;
    let kind: String = r.try_get("kind")?;
    let number: Option<String> = r.try_get("number")?;
    let due_date: Option<NaiveDate> = r.try_get("due_date")?;
    let (Some(due_date), "invoice") = (due_date, kind.as_str()) else {
        return Err(StoreError::Conflict(format!(
            "{} is not an issued invoice with a due date",
            number.unwrap_or_else(|| format!("#{invoice_id}"))
        )));
    };
    let facts = InvoiceFacts {
        due_date,
        status: Status::parse(&r.try_get::<String, _>("status")?)?,
        balance: from_cents(r.try_get("balance_cents")?),
        paused: r.try_get("paused")?,
    };
    let handled: Vec<(String, NaiveDate)> =
        sqlx::query_as("SELECT stage, due_on FROM invoice_reminders WHERE invoice_id = ?")
            .bind(invoice_id)
            .fetch_all(&mut **tx)
            .await?;
    let handled = handled
        .into_iter()
        .map(|(stage, due_on)| Handled { stage, due_on })
        .collect();
    Ok((r.try_get("org_id")?, number, facts, handled))
}

impl Store {
    /// What is due today under `policy` for the invoices of `scope`: per invoice the one
    /// stage the domain says to send. One indexed range query per stage: the invoices whose
    /// latest stage reached is this one, none of it or later handled.
    pub async fn due_reminders(
        &self,
        org_id: i64,
        scope: PolicyScope,
        policy: &Policy,
        today: NaiveDate,
        catch_up_days: Option<u32>,
    ) -> StoreResult<Vec<ReminderCandidate>> {
        let mut out = Vec::new();
        let stages = &policy.stages;
        for (k, stage) in stages.iter().enumerate() {
            // Stage k is the latest reached when due_date ∈ (today − o[k+1], today − o[k]].
            let Some(hi) = days_before(today, i64::from(stage.offset_days)) else {
                continue;
            };
            let mut b = QueryBuilder::<Sqlite>::new("");
            select(&mut b, org_id);
            b.push(" AND i.due_date <= ").push_bind(hi);
            if let Some(next) = stages.get(k + 1)
                && let Some(lo) = days_before(today, i64::from(next.offset_days))
            {
                b.push(" AND i.due_date > ").push_bind(lo);
            }
            if let Some(w) = catch_up_days
                && let Some(lo) = days_before(hi, i64::from(w))
            {
                b.push(" AND i.due_date >= ").push_bind(lo);
            }
            scope_filter(&mut b, org_id, scope);
            b.push(" AND NOT EXISTS (SELECT 1 FROM invoice_reminders r WHERE r.invoice_id = i.id AND (r.stage = ")
                .push_bind(stage.key.clone())
                .push(" OR r.due_on >= date(i.due_date, ")
                .push_bind(format!("{:+} days", stage.offset_days))
                .push(")))");
            b.push(" ORDER BY i.due_date, i.id");
            for r in b.build().fetch_all(self.pool()).await? {
                let row = ScheduleRow::read(&r)?;
                // The domain decides; the query only narrows the search.
                if let Some(d) =
                    stage_to_send(policy, &row.facts()?, &row.handled, today, catch_up_days)
                {
                    out.push(row.candidate(d));
                }
            }
        }
        Ok(out)
    }

    /// The next stage of each open invoice of `scope` falling after today and no later
    /// than `until`.
    pub async fn upcoming_reminders(
        &self,
        org_id: i64,
        scope: PolicyScope,
        policy: &Policy,
        today: NaiveDate,
        until: NaiveDate,
    ) -> StoreResult<Vec<ReminderCandidate>> {
        let (Some(lo), Some(hi)) = (
            days_before(today, i64::from(policy.max_offset())),
            days_before(until, i64::from(policy.min_offset())),
        ) else {
            return Ok(vec![]);
        };
        let mut b = QueryBuilder::<Sqlite>::new("");
        select(&mut b, org_id);
        b.push(" AND i.due_date >= ")
            .push_bind(lo)
            .push(" AND i.due_date <= ")
            .push_bind(hi);
        scope_filter(&mut b, org_id, scope);
        b.push(" ORDER BY i.due_date, i.id");
        let mut out = Vec::new();
        for r in b.build().fetch_all(self.pool()).await? {
            let row = ScheduleRow::read(&r)?;
            if let Some(d) = next_stage(policy, &row.facts()?, &row.handled, today)
                && d.due_on <= until
            {
                out.push(row.candidate(d));
            }
        }
        Ok(out)
    }

    /// Claims the (invoice, stage) and queues its email (or puts it up for review), all in
    /// one transaction, if the domain still says this stage is the one to send.
    pub async fn claim_reminder(&self, c: &ReminderClaim<'_>) -> StoreResult<ClaimOutcome> {
        let mut tx = self.write().await?;
        let (org_id, number, facts, handled) = facts_in(&mut tx, c.invoice_id).await?;
        let Some(due) = stage_to_send(c.policy, &facts, &handled, c.today, c.catch_up_days) else {
            return Ok(ClaimOutcome::NotDue);
        };
        if due.stage.key != c.stage {
            return Ok(ClaimOutcome::NotDue);
        }
        let status = if c.message.is_some() {
            "queued"
        } else {
            "review"
        };
        let now = now_text();
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO invoice_reminders (invoice_id, stage, due_on, channel, status, tone, created_at)
             VALUES (?, ?, ?, 'email', ?, ?, ?) ON CONFLICT (invoice_id, stage) DO NOTHING RETURNING id",
        )
        .bind(c.invoice_id)
        .bind(&due.stage.key)
        .bind(due.due_on)
        .bind(status)
        .bind(due.stage.tone.code())
        .bind(&now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(reminder_id) = inserted else {
            return Ok(ClaimOutcome::NotDue);
        };
        let mut payload = json!({
            "number": number,
            "stage": due.stage.key,
            "tone": due.stage.tone.code(),
            "due_on": due.due_on,
            "status": status,
        });
        let outcome = match &c.message {
            Some(m) => {
                let outbox_id = insert_mail(&mut tx, m).await?;
                sqlx::query("UPDATE invoice_reminders SET outbox_id = ? WHERE id = ?")
                    .bind(outbox_id)
                    .bind(reminder_id)
                    .execute(&mut *tx)
                    .await?;
                payload["message_id"] = json!(m.message_id);
                ClaimOutcome::Queued {
                    reminder_id,
                    outbox_id,
                }
            }
            None => {
                // An older stage still waiting for review is superseded by this one.
                sqlx::query("UPDATE invoice_reminders SET status = 'superseded', decided_at = ? WHERE invoice_id = ? AND status = 'review' AND id <> ?")
                    .bind(&now)
                    .bind(c.invoice_id)
                    .bind(reminder_id)
                    .execute(&mut *tx)
                    .await?;
                ClaimOutcome::InReview { reminder_id }
            }
        };
        journal::append(&mut tx, org_id, "reminder", Some(c.invoice_id), &payload).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn reminder(&self, id: i64) -> StoreResult<ReminderRecord> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD_SELECT} WHERE r.id = ?"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::not_found("reminder", id))?;
        record(&r)
    }

    /// An invoice's reminders, oldest first.
    pub async fn reminder_history(&self, invoice_id: i64) -> StoreResult<Vec<ReminderRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD_SELECT} WHERE r.invoice_id = ? ORDER BY r.due_on, r.id"
        )))
        .bind(invoice_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Reminders waiting for the user's approval, oldest first.
    pub async fn reminders_in_review(&self, org_id: i64) -> StoreResult<Vec<ReminderRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{RECORD_SELECT} WHERE r.status = 'review' AND i.org_id = ? ORDER BY r.due_on, r.id"
        )))
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Reviews whose invoice was paid, credited or paused meanwhile are dropped.
    pub async fn drop_stale_reviews(&self, org_id: i64) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        let n = sqlx::query(
            "UPDATE invoice_reminders SET status = 'dropped', decided_at = ?
             WHERE status = 'review' AND invoice_id IN (
               SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id
               WHERE i.org_id = ? AND (i.status NOT IN ('issued', 'sent', 'partially_paid')
                 OR i.due_cents - i.paid_cents - i.credited_cents <= 0
                 OR i.reminders_paused = 1 OR c.reminders_paused = 1))",
        )
        .bind(now_text())
        .bind(org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    /// Approves a reminder in review: its email is queued (built by the caller, who checked
    /// that the invoice still owes money), in one transaction.
    pub async fn approve_reminder(&self, id: i64, m: &NewOutboxMessage) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let rec = self.review_row(&mut tx, id).await?;
        let (org_id, number, facts, _) = facts_in(&mut tx, rec.0).await?;
        if !facts.remindable() {
            return Err(StoreError::Conflict(format!(
                "{} no longer awaits payment or its reminders are paused: nothing sent",
                number.unwrap_or_default()
            )));
        }
        let outbox_id = insert_mail(&mut tx, m).await?;
        sqlx::query("UPDATE invoice_reminders SET status = 'queued', outbox_id = ?, decided_at = ? WHERE id = ?")
            .bind(outbox_id)
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        journal::append(
            &mut tx,
            org_id,
            "reminder",
            Some(rec.0),
            &json!({"number": number, "stage": rec.1, "tone": rec.2, "due_on": rec.3, "status": "approved", "message_id": m.message_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(outbox_id)
    }

    /// Skips a reminder in review: it will not be sent; later stages still come.
    pub async fn skip_reminder(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let rec = self.review_row(&mut tx, id).await?;
        sqlx::query("UPDATE invoice_reminders SET status = 'skipped', decided_at = ? WHERE id = ?")
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let (org_id, number) = sqlx::query_as::<_, (i64, Option<String>)>(
            "SELECT org_id, number FROM invoices WHERE id = ?",
        )
        .bind(rec.0)
        .fetch_one(&mut *tx)
        .await?;
        journal::append(
            &mut tx,
            org_id,
            "reminder",
            Some(rec.0),
            &json!({"number": number, "stage": rec.1, "tone": rec.2, "due_on": rec.3, "status": "skipped"}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// (invoice_id, stage, tone, due_on) of a reminder that is in review, or why not.
    async fn review_row(
        &self,
        tx: &mut Transaction<'static, Sqlite>,
        id: i64,
    ) -> StoreResult<(i64, String, Option<String>, NaiveDate)> {
        let row: Option<(i64, String, Option<String>, NaiveDate, String)> = sqlx::query_as(
            "SELECT invoice_id, stage, tone, due_on, status FROM invoice_reminders WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        match row {
            None => Err(StoreError::not_found("reminder", id)),
            Some((inv, stage, tone, on, status)) if status == "review" => {
                Ok((inv, stage, tone, on))
            }
            Some((_, _, _, _, status)) => Err(StoreError::Conflict(format!(
                "reminder {id} is {status}: only a reminder waiting for review can be approved or skipped"
            ))),
        }
    }
}
