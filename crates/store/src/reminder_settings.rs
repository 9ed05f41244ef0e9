//! Reminder settings: the organization's policy and switches, a customer's own policy, and
//! pauses per invoice and per customer (each pause is journaled).

use crate::error::{StoreError, StoreResult, from_json, to_json};
use crate::{Store, journal, now_text};
use autoinvoice_domain::reminders::Policy;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Catch-up window of a new organization: a stage more than 30 days behind is not sent.
pub const DEFAULT_CATCH_UP_DAYS: u32 = 30;

/// An organization's reminder settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    /// Off until the user turns reminders on: an existing book never gets a surprise burst.
    pub enabled: bool,
    /// Due reminders wait for approval instead of going out.
    pub review: bool,
    /// IANA time zone of the organization ("Europe/Paris"); None: the machine's own.
    pub time_zone: Option<String>,
    /// A stage more than this many days behind is no longer sent; None: no limit.
    pub catch_up_days: Option<u32>,
    /// The organization's default policy.
    pub policy: Policy,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            review: false,
            time_zone: None,
            catch_up_days: Some(DEFAULT_CATCH_UP_DAYS),
            policy: Policy::default(),
        }
    }
}

/// A customer's own policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CustomerPolicy {
    pub customer_id: i64,
    pub policy: Policy,
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    enabled: bool,
    review: bool,
    time_zone: Option<String>,
    catch_up_days: Option<i64>,
    policy: String,
}

impl Store {
    pub async fn reminder_settings(&self, org_id: i64) -> StoreResult<ReminderSettings> {
        let row = sqlx::query_as::<_, SettingsRow>(
            "SELECT enabled, review, time_zone, catch_up_days, policy FROM reminder_settings WHERE org_id = ?",
        )
        .bind(org_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else {
            return Ok(ReminderSettings::default());
        };
        Ok(ReminderSettings {
            enabled: r.enabled,
            review: r.review,
            time_zone: r.time_zone,
            catch_up_days: r
                .catch_up_days
                .map(|d| {
                    u32::try_from(d).map_err(|_| StoreError::Corrupt(format!("catch_up_days {d}")))
                })
                .transpose()?,
            policy: from_json("reminder policy", &r.policy)?,
        })
    }

    /// Saves settings already validated by the caller.
    pub async fn set_reminder_settings(
        &self,
        org_id: i64,
        s: &ReminderSettings,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO reminder_settings (org_id, enabled, review, time_zone, catch_up_days, policy, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (org_id) DO UPDATE SET enabled = excluded.enabled, review = excluded.review,
               time_zone = excluded.time_zone, catch_up_days = excluded.catch_up_days,
               policy = excluded.policy, updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(s.enabled)
        .bind(s.review)
        .bind(&s.time_zone)
        .bind(s.catch_up_days.map(i64::from))
        .bind(to_json(&s.policy))
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn customer_reminder_policy(&self, customer_id: i64) -> StoreResult<Option<Policy>> {
        let text: Option<String> = sqlx::query_scalar(
            "SELECT policy FROM customer_reminder_policies WHERE customer_id = ?",
        )
        .bind(customer_id)
        .fetch_optional(self.pool())
        .await?;
        text.map(|t| from_json("customer reminder policy", &t))
            .transpose()
    }

    /// Every customer policy of an organization.
    pub async fn customer_reminder_policies(
        &self,
        org_id: i64,
    ) -> StoreResult<Vec<CustomerPolicy>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT customer_id, policy FROM customer_reminder_policies WHERE org_id = ? ORDER BY customer_id",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(customer_id, p)| {
                Ok(CustomerPolicy {
                    customer_id,
                    policy: from_json("customer reminder policy", &p)?,
                })
            })
            .collect()
    }

    /// Sets (Some) or removes (None) a customer's own policy.
    pub async fn set_customer_reminder_policy(
        &self,
        org_id: i64,
        customer_id: i64,
        policy: Option<&Policy>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        crate::customers::check_own_customer(&mut tx, org_id, customer_id).await?;
        match policy {
            Some(p) => {
                sqlx::query(
                    "INSERT INTO customer_reminder_policies (customer_id, org_id, policy, updated_at) VALUES (?, ?, ?, ?)
                     ON CONFLICT (customer_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at",
                )
                .bind(customer_id)
                .bind(org_id)
                .bind(to_json(p))
                .bind(now_text())
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM customer_reminder_policies WHERE customer_id = ?")
                    .bind(customer_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn customer_reminders_paused(&self, customer_id: i64) -> StoreResult<bool> {
        sqlx::query_scalar("SELECT reminders_paused FROM customers WHERE id = ?")
            .bind(customer_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("customer", customer_id))
    }

    /// Pauses or resumes the reminders of every invoice of a customer.
    pub async fn set_customer_reminders_paused(
        &self,
        org_id: i64,
        customer_id: i64,
        paused: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        crate::customers::check_own_customer(&mut tx, org_id, customer_id).await?;
        sqlx::query("UPDATE customers SET reminders_paused = ? WHERE id = ?")
            .bind(paused)
            .bind(customer_id)
            .execute(&mut *tx)
            .await?;
        journal::append(
            &mut tx,
            org_id,
            "reminder_pause",
            None,
            &json!({"customer_id": customer_id, "paused": paused}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pauses or resumes the reminders of one invoice.
    pub async fn set_invoice_reminders_paused(
        &self,
        org_id: i64,
        invoice_id: i64,
        paused: bool,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT kind, number FROM invoices WHERE id = ? AND org_id = ?")
                .bind(invoice_id)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((kind, number)) = row else {
            return Err(StoreError::not_found("document", invoice_id));
        };
        if kind != "invoice" {
            return Err(StoreError::Conflict(format!(
                "{} is not an invoice: only invoices are reminded",
                number.unwrap_or_else(|| format!("#{invoice_id}"))
            )));
        }
        sqlx::query("UPDATE invoices SET reminders_paused = ?, updated_at = ? WHERE id = ?")
            .bind(paused)
            .bind(now_text())
            .bind(invoice_id)
            .execute(&mut *tx)
            .await?;
        journal::append(
            &mut tx,
            org_id,
            "reminder_pause",
            Some(invoice_id),
            &json!({"number": number, "paused": paused}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
