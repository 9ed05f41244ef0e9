//! Status moves outside issue and settlement: sending, and a quote's answer.

use crate::documents::load_row;
use crate::error::{StoreError, StoreResult};
use crate::{Store, journal, now_text};
use autoinvoice_domain::lifecycle::Status;
use serde_json::json;
use sqlx::{Sqlite, Transaction};

impl Store {
    /// Records that a document was sent to its customer; an issued invoice becomes "sent".
    pub async fn mark_sent(&self, id: i64, channel: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row = load_row(&mut tx, id).await?;
        let status = Status::parse(&row.status)?;
        if status == Status::Draft {
            return Err(StoreError::Conflict(
                "a draft cannot be sent: issue it first".into(),
            ));
        }
        let now = now_text();
        let new_status = if status == Status::Issued {
            Status::Sent
        } else {
            status
        };
        sqlx::query("UPDATE invoices SET sent_at = COALESCE(sent_at, ?), status = ?, updated_at = ? WHERE id = ?")
            .bind(&now)
            .bind(new_status.code())
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        journal::append(
            &mut tx,
            row.org_id,
            "send",
            Some(id),
            &json!({"number": row.number, "channel": channel}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a quote to `to` (accepted, declined, invoiced) from one of the allowed states.
    pub async fn set_quote_status(&self, id: i64, to: Status) -> StoreResult<()> {
        let mut tx = self.write().await?;
        set_quote_status_in(&mut tx, id, to).await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) async fn set_quote_status_in(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    to: Status,
) -> StoreResult<()> {
    let row = load_row(tx, id).await?;
    if row.kind != "quote" {
        return Err(StoreError::Conflict(format!(
            "{} is not a quote",
            row.number.unwrap_or_else(|| format!("#{id}"))
        )));
    }
    let from = Status::parse(&row.status)?;
    let allowed = match to {
        Status::Accepted | Status::Declined => matches!(from, Status::Issued | Status::Sent),
        Status::Invoiced => matches!(from, Status::Issued | Status::Sent | Status::Accepted),
        _ => false,
    };
    if !allowed {
        return Err(StoreError::Conflict(format!(
            "a quote that is {} cannot become {}",
            from.code(),
            to.code()
        )));
    }
    sqlx::query("UPDATE invoices SET status = ?, updated_at = ? WHERE id = ?")
        .bind(to.code())
        .bind(now_text())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    journal::append(
        tx,
        row.org_id,
        "quote",
        Some(id),
        &json!({"number": row.number, "status": to.code()}),
    )
    .await?;
    Ok(())
}
