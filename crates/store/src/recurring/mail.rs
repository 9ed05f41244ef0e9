//! The emails of `issue_and_send` occurrences: which are still to be queued, and the claim
//! that queues one (or records why it cannot be sent) exactly once.

use super::RecurringMail;
use super::corrupt;
use crate::Store;
use crate::error::{StoreResult, from_json};
use crate::outbox::{NewOutboxMessage, insert_mail};
use sqlx::Row;

/// An issued occurrence whose email is still to be queued.
#[derive(Debug, Clone)]
pub struct PendingMail {
    pub occurrence_id: i64,
    pub template_id: i64,
    pub template_name: String,
    pub index: u32,
    pub scheduled_on: chrono::NaiveDate,
    pub document_id: i64,
    pub mail: RecurringMail,
}

impl Store {
    /// An organization's occurrences whose email is still to be queued, oldest first.
    pub async fn pending_recurring_mails(&self, org_id: i64) -> StoreResult<Vec<PendingMail>> {
        let rows = sqlx::query(
            "SELECT o.id, o.template_id, t.name, o.occurrence_index, o.scheduled_on, o.document_id, t.mail
               FROM recurring_occurrences o JOIN recurring_templates t ON t.id = o.template_id
              WHERE o.mail_state = 'pending' AND o.document_id IS NOT NULL AND t.org_id = ?
              ORDER BY o.id",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let index: i64 = r.try_get("occurrence_index")?;
                Ok(PendingMail {
                    occurrence_id: r.try_get("id")?,
                    template_id: r.try_get("template_id")?,
                    template_name: r.try_get("name")?,
                    index: u32::try_from(index)
                        .map_err(|_| corrupt("occurrence index", &index.to_string()))?,
                    scheduled_on: r.try_get("scheduled_on")?,
                    document_id: r.try_get("document_id")?,
                    mail: from_json("template mail", &r.try_get::<String, _>("mail")?)?,
                })
            })
            .collect()
    }

    /// Queues an occurrence's email if it is still pending, in one transaction with the
    /// claim: Some(outbox id), or None when another run queued (or blocked) it first.
    pub async fn queue_occurrence_mail(
        &self,
        occurrence_id: i64,
        m: &NewOutboxMessage,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.write().await?;
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM recurring_occurrences WHERE id = ? AND mail_state = 'pending'",
        )
        .bind(occurrence_id)
        .fetch_optional(&mut *tx)
        .await?;
        if pending.is_none() {
            return Ok(None);
        }
        let outbox_id = insert_mail(&mut tx, m).await?;
        sqlx::query(
            "UPDATE recurring_occurrences SET mail_state = 'queued', outbox_id = ? WHERE id = ?",
        )
        .bind(outbox_id)
        .bind(occurrence_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(outbox_id))
    }

    /// Records that an occurrence's email cannot be sent (no address, no account): it is
    /// not tried again; the invoice is issued and can be sent by hand. False when it was no
    /// longer pending.
    pub async fn block_occurrence_mail(&self, occurrence_id: i64, why: &str) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let n = sqlx::query(
            "UPDATE recurring_occurrences SET mail_state = 'blocked', mail_error = ?
              WHERE id = ? AND mail_state = 'pending'",
        )
        .bind(why)
        .bind(occurrence_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }
}
