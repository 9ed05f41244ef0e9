//! Payment links: queued, created, switched off.

use super::{LinkState, PaymentLinkRecord};
use crate::error::{StoreError, StoreResult};
use crate::{Store, new_uid, now_text};
use autoinvoice_domain::money::from_cents;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// A link to queue for an invoice.
#[derive(Debug, Clone)]
pub struct NewLink {
    pub org_id: i64,
    pub invoice_id: i64,
    pub amount_cents: i64,
    pub currency: String,
}

const SELECT: &str = "SELECT l.id, l.invoice_id, COALESCE(i.number, '#' || i.id) AS number, l.provider, l.state, l.amount_cents,
    l.currency, l.url, l.link_id, l.livemode, l.attempts, l.next_attempt_at, l.last_error, l.synced_at, l.created_at,
    l.idempotency_key, l.price_id FROM payment_links l JOIN invoices i ON i.id = l.invoice_id";

fn record(r: &SqliteRow) -> StoreResult<PaymentLinkRecord> {
    let state: String = r.get("state");
    Ok(PaymentLinkRecord {
        id: r.get("id"),
        invoice_id: r.get("invoice_id"),
        number: r.get("number"),
        provider: r.get("provider"),
        state: LinkState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("payment link state '{state}'")))?,
        amount: from_cents(r.get("amount_cents")),
        currency: r.get("currency"),
        url: r.get("url"),
        link_id: r.get("link_id"),
        livemode: r.get::<Option<i64>, _>("livemode").map(|m| m == 1),
        attempts: u32::try_from(r.get::<i64, _>("attempts")).unwrap_or(0),
        next_attempt_at: r.get("next_attempt_at"),
        last_error: r.get("last_error"),
        synced_at: r.get("synced_at"),
        created_at: r.get("created_at"),
        idempotency_key: r.get("idempotency_key"),
        price_id: r.get("price_id"),
    })
}

impl Store {
    /// Queues a link for the invoice, or returns the one already in use (queued or active).
    pub async fn queue_payment_link(&self, l: &NewLink) -> StoreResult<PaymentLinkRecord> {
        let mut tx = self.write().await?;
        let existing = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE l.invoice_id = ? AND l.state IN ('queued', 'active')"
        )))
        .bind(l.invoice_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(r) = existing {
            return record(&r);
        }
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payment_links (org_id, invoice_id, state, amount_cents, currency, idempotency_key, next_attempt_at,
             created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(l.org_id)
        .bind(l.invoice_id)
        .bind(l.amount_cents)
        .bind(&l.currency)
        .bind(format!("autoinvoice-link-{}", new_uid()))
        .bind(&now)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE l.id = ?")))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        record(&r)
    }

    pub async fn payment_link(&self, org_id: i64, id: i64) -> StoreResult<PaymentLinkRecord> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE l.org_id = ? AND l.id = ?"
        )))
        .bind(org_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::not_found("payment link", id))?;
        record(&r)
    }

    /// The invoice's links, newest first.
    pub async fn invoice_payment_links(
        &self,
        invoice_id: i64,
    ) -> StoreResult<Vec<PaymentLinkRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE l.invoice_id = ? ORDER BY l.id DESC"
        )))
        .bind(invoice_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Links in a state, oldest first.
    pub async fn payment_links_in(
        &self,
        org_id: i64,
        state: LinkState,
    ) -> StoreResult<Vec<PaymentLinkRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE l.org_id = ? AND l.state = ? ORDER BY l.id"
        )))
        .bind(org_id)
        .bind(state.code())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Links switched off since `since` (RFC 3339) that Stripe made: a payment made just
    /// before may still be listed there.
    pub async fn payment_links_switched_off_since(
        &self,
        org_id: i64,
        since: &str,
    ) -> StoreResult<Vec<PaymentLinkRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE l.org_id = ? AND l.state = 'inactive' AND l.link_id IS NOT NULL AND l.updated_at > ? ORDER BY l.id"
        )))
        .bind(org_id)
        .bind(since)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Stripe made the link: it is payable now.
    pub async fn activate_payment_link(
        &self,
        id: i64,
        price_id: &str,
        link_id: &str,
        url: &str,
        livemode: bool,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE payment_links SET state = 'active', price_id = ?, link_id = ?, url = ?, livemode = ?, last_error = NULL,
             next_attempt_at = NULL, attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'",
        )
        .bind(price_id)
        .bind(link_id)
        .bind(url)
        .bind(livemode)
        .bind(now_text())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The price is made; the link is not yet (kept so that a retry reuses it).
    pub async fn set_payment_link_price(&self, id: i64, price_id: &str) -> StoreResult<()> {
        sqlx::query("UPDATE payment_links SET price_id = ?, updated_at = ? WHERE id = ? AND price_id IS NULL")
            .bind(price_id)
            .bind(now_text())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// An attempt failed: try again at `next_attempt_at`, or never (`failed`).
    pub async fn payment_link_attempt_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: Option<&str>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE payment_links SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
             state = CASE WHEN ? IS NULL THEN 'failed' ELSE state END, updated_at = ? WHERE id = ? AND state = 'queued'",
        )
        .bind(error)
        .bind(next_attempt_at)
        .bind(next_attempt_at)
        .bind(now_text())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Nobody can pay through the link any more (Stripe was told, or it was never made).
    pub async fn deactivate_payment_link(&self, id: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE payment_links SET state = 'inactive', next_attempt_at = NULL, updated_at = ?
             WHERE id = ? AND state IN ('queued', 'active')",
        )
        .bind(now_text())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn payment_link_synced(&self, id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE payment_links SET synced_at = ? WHERE id = ?")
            .bind(now_text())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
