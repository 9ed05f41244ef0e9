//! The `recurring_templates` table: create, read, change, pause, delete.

use super::{
    RecurringMail, RecurringMode, Schedule, ScheduleUnit, ServicePeriod, TemplateRecord, corrupt,
};
use crate::error::{StoreError, StoreResult, from_json, to_json};
use crate::{Store, new_uid, now_text};
use autoinvoice_domain::DomainError;
use autoinvoice_domain::document::DocumentContent;
use chrono::NaiveDate;
use sqlx::{Row, Sqlite, Transaction};

/// A new template, validated by the caller.
#[derive(Debug, Clone)]
pub struct NewTemplate<'a> {
    pub org_id: i64,
    pub customer_id: i64,
    pub name: &'a str,
    pub schedule: &'a Schedule,
    pub mode: RecurringMode,
    pub service_period: ServicePeriod,
    pub paused: bool,
    pub content: &'a DocumentContent,
    pub mail: &'a RecurringMail,
}

/// A template's new state (everything but its organization and pause), validated by the
/// caller. Its schedule's unit, interval and start may change only while no occurrence
/// exists: the indexes already used would otherwise fall on other days.
#[derive(Debug, Clone)]
pub struct TemplateChange<'a> {
    pub id: i64,
    pub customer_id: i64,
    pub name: &'a str,
    pub schedule: &'a Schedule,
    pub mode: RecurringMode,
    pub service_period: ServicePeriod,
    pub content: &'a DocumentContent,
    pub mail: &'a RecurringMail,
}

const SELECT: &str = "SELECT t.*, c.name AS customer_name,
    (SELECT COUNT(*) FROM recurring_occurrences o WHERE o.template_id = t.id AND o.status = 'created') AS n_created,
    (SELECT COUNT(*) FROM recurring_occurrences o WHERE o.template_id = t.id AND o.status = 'skipped') AS n_skipped,
    (SELECT COALESCE(MAX(o.occurrence_index) + 1, 0) FROM recurring_occurrences o WHERE o.template_id = t.id) AS next_index
  FROM recurring_templates t JOIN customers c ON c.id = t.customer_id";

fn count(row: &sqlx::sqlite::SqliteRow, col: &str) -> StoreResult<u32> {
    let n: i64 = row.try_get(col)?;
    u32::try_from(n).map_err(|_| corrupt(col, &n.to_string()))
}

fn optional_count(n: Option<i64>) -> StoreResult<Option<u32>> {
    n.map(|n| u32::try_from(n).map_err(|_| corrupt("max_count", &n.to_string())))
        .transpose()
}

fn record(row: &sqlx::sqlite::SqliteRow) -> StoreResult<TemplateRecord> {
    let interval: i64 = row.try_get("interval_n")?;
    Ok(TemplateRecord {
        id: row.try_get("id")?,
        uid: row.try_get("uid")?,
        org_id: row.try_get("org_id")?,
        customer_id: row.try_get("customer_id")?,
        customer_name: row.try_get("customer_name")?,
        name: row.try_get("name")?,
        schedule: Schedule {
            unit: ScheduleUnit::parse(&row.try_get::<String, _>("unit")?)?,
            interval: u32::try_from(interval)
                .map_err(|_| corrupt("interval", &interval.to_string()))?,
            start: row.try_get("start_date")?,
            end: row.try_get("end_date")?,
            count: optional_count(row.try_get("max_count")?)?,
        },
        mode: RecurringMode::parse(&row.try_get::<String, _>("mode")?)?,
        service_period: ServicePeriod::parse(&row.try_get::<String, _>("service_period")?)?,
        paused: row.try_get("paused")?,
        content: from_json("template content", &row.try_get::<String, _>("content")?)?,
        mail: from_json("template mail", &row.try_get::<String, _>("mail")?)?,
        revision: row.try_get("revision")?,
        created: count(row, "n_created")?,
        skipped: count(row, "n_skipped")?,
        next_index: count(row, "next_index")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub(crate) async fn template_in(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
) -> StoreResult<TemplateRecord> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.id = ?")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::not_found("recurring template", id))?;
    record(&row)
}

fn count_value(n: Option<u32>) -> Option<i64> {
    n.map(i64::from)
}

impl Store {
    pub async fn create_recurring_template(&self, t: &NewTemplate<'_>) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        crate::customers::check_own_customer(&mut tx, t.org_id, t.customer_id).await?;
        let now = now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO recurring_templates (uid, org_id, customer_id, name, unit, interval_n, start_date, end_date,
               max_count, mode, service_period, paused, content, mail, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new_uid())
        .bind(t.org_id)
        .bind(t.customer_id)
        .bind(t.name)
        .bind(t.schedule.unit.code())
        .bind(i64::from(t.schedule.interval))
        .bind(t.schedule.start)
        .bind(t.schedule.end)
        .bind(count_value(t.schedule.count))
        .bind(t.mode.code())
        .bind(t.service_period.code())
        .bind(t.paused)
        .bind(to_json(t.content))
        .bind(to_json(t.mail))
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn recurring_template(&self, id: i64) -> StoreResult<TemplateRecord> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE t.id = ?")))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("recurring template", id))?;
        record(&row)
    }

    /// An organization's templates, by name.
    pub async fn recurring_templates(&self, org_id: i64) -> StoreResult<Vec<TemplateRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE t.org_id = ? ORDER BY t.name COLLATE NOCASE, t.id"
        )))
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Replaces a template's content, customer, mode and schedule. Refused: another unit,
    /// interval or start once an occurrence exists (`schedule_locked`), and a count below
    /// the occurrences already made (`out_of_range`).
    pub async fn update_recurring_template(&self, c: &TemplateChange<'_>) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let old = template_in(&mut tx, c.id).await?;
        crate::customers::check_own_customer(&mut tx, old.org_id, c.customer_id).await?;
        let s = c.schedule;
        let moved = (s.unit, s.interval, s.start)
            != (old.schedule.unit, old.schedule.interval, old.schedule.start);
        if moved && old.next_index > 0 {
            return Err(DomainError::new(
                "schedule_locked",
                "schedule",
                format!(
                    "{} occurrences of '{}' exist: its unit, interval and start can no longer change (its end and count can); create a new template and delete this one",
                    old.next_index, old.name
                ),
            )
            .into());
        }
        if s.count.is_some_and(|n| n < old.next_index) {
            return Err(DomainError::new(
                "out_of_range",
                "schedule.count",
                format!(
                    "{} occurrences of '{}' exist already: the count cannot be lower",
                    old.next_index, old.name
                ),
            )
            .into());
        }
        sqlx::query(
            "UPDATE recurring_templates SET customer_id = ?, name = ?, unit = ?, interval_n = ?, start_date = ?,
               end_date = ?, max_count = ?, mode = ?, service_period = ?, content = ?, mail = ?,
               revision = revision + 1, updated_at = ? WHERE id = ?",
        )
        .bind(c.customer_id)
        .bind(c.name)
        .bind(s.unit.code())
        .bind(i64::from(s.interval))
        .bind(s.start)
        .bind(s.end)
        .bind(count_value(s.count))
        .bind(c.mode.code())
        .bind(c.service_period.code())
        .bind(to_json(c.content))
        .bind(to_json(c.mail))
        .bind(now_text())
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pauses a template, or resumes it. On resuming, `skip` lists the occurrences whose
    /// day passed while it was paused (from its next index on, in order): they are recorded
    /// as skipped in the same transaction, so no run creates them. Returns how many were.
    pub async fn set_recurring_paused(
        &self,
        id: i64,
        paused: bool,
        skip: &[(u32, NaiveDate)],
    ) -> StoreResult<u32> {
        let mut tx = self.write().await?;
        let old = template_in(&mut tx, id).await?;
        let mut skipped = 0;
        if old.paused && !paused {
            if let Some((first, _)) = skip.first()
                && *first != old.next_index
            {
                return Err(StoreError::Conflict(format!(
                    "'{}' changed meanwhile; try again",
                    old.name
                )));
            }
            let now = now_text();
            for (index, on) in skip {
                sqlx::query(
                    "INSERT INTO recurring_occurrences (template_id, occurrence_index, scheduled_on, status, created_at)
                     VALUES (?, ?, ?, 'skipped', ?)",
                )
                .bind(id)
                .bind(i64::from(*index))
                .bind(on)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                skipped += 1;
            }
        }
        if old.paused != paused {
            sqlx::query(
                "UPDATE recurring_templates SET paused = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
            )
            .bind(paused)
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(skipped)
    }

    /// Deletes a template and its occurrence rows; the documents it made stay as they are.
    pub async fn delete_recurring_template(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM recurring_templates WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("recurring template", id));
        }
        tx.commit().await?;
        Ok(())
    }
}
