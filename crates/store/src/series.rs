//! The `number_series` table: patterns and the state that makes numbering gapless.

use crate::Store;
use crate::error::{StoreError, StoreResult};
use autoinvoice_domain::DocumentKind;
use autoinvoice_domain::numbering::{Pattern, Reset, SeriesState};
use serde::Serialize;
use sqlx::{Row, Sqlite, Transaction};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SeriesRecord {
    pub id: i64,
    pub org_id: i64,
    pub kind: DocumentKind,
    pub name: String,
    pub pattern: String,
    pub reset: Reset,
    pub period: String,
    pub next_seq: i64,
    pub last_issue_date: Option<chrono::NaiveDate>,
    pub is_default: bool,
}

impl SeriesRecord {
    pub fn state(&self) -> SeriesState {
        SeriesState {
            period: self.period.clone(),
            next_seq: u64::try_from(self.next_seq).unwrap_or(1),
            last_issue_date: self.last_issue_date,
        }
    }
}

pub(crate) fn record(row: &sqlx::sqlite::SqliteRow) -> StoreResult<SeriesRecord> {
    let kind: String = row.get("kind");
    let reset: String = row.get("reset");
    Ok(SeriesRecord {
        id: row.get("id"),
        org_id: row.get("org_id"),
        kind: DocumentKind::parse(&kind)?,
        name: row.get("name"),
        pattern: row.get("pattern"),
        reset: Reset::parse(&reset)?,
        period: row.get("period"),
        next_seq: row.get("next_seq"),
        last_issue_date: row.get("last_issue_date"),
        is_default: row.get("is_default"),
    })
}

const DEFAULTS: [(DocumentKind, &str, &str); 3] = [
    (DocumentKind::Invoice, "Factures", "F-{YYYY}-{seq:4}"),
    (DocumentKind::CreditNote, "Avoirs", "AV-{YYYY}-{seq:4}"),
    (DocumentKind::Quote, "Devis", "D-{YYYY}-{seq:4}"),
];

pub(crate) async fn create_defaults(
    tx: &mut Transaction<'static, Sqlite>,
    org_id: i64,
) -> StoreResult<()> {
    for (kind, name, pattern) in DEFAULTS {
        sqlx::query("INSERT INTO number_series (org_id, kind, name, pattern, reset, is_default) VALUES (?, ?, ?, ?, 'yearly', 1)")
            .bind(org_id)
            .bind(kind.code())
            .bind(name)
            .bind(pattern)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The default series of a kind, read inside the issuing transaction.
pub(crate) async fn default_for(
    tx: &mut Transaction<'static, Sqlite>,
    org_id: i64,
    kind: DocumentKind,
) -> StoreResult<SeriesRecord> {
    let row =
        sqlx::query("SELECT * FROM number_series WHERE org_id = ? AND kind = ? AND is_default = 1")
            .bind(org_id)
            .bind(kind.code())
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| {
                StoreError::Conflict(format!("no default number series for {}", kind.code()))
            })?;
    record(&row)
}

pub(crate) async fn save_state(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    state: &SeriesState,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE number_series SET period = ?, next_seq = ?, last_issue_date = ? WHERE id = ?",
    )
    .bind(&state.period)
    .bind(
        i64::try_from(state.next_seq)
            .map_err(|_| StoreError::Conflict("sequence overflow".into()))?,
    )
    .bind(state.last_issue_date)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn series(&self, org_id: i64) -> StoreResult<Vec<SeriesRecord>> {
        let rows = sqlx::query("SELECT * FROM number_series WHERE org_id = ? ORDER BY kind, id")
            .bind(org_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(record).collect()
    }

    /// Changes the pattern of a series. Numbers already issued keep theirs; the unique index
    /// on numbers refuses a pattern that would repeat one.
    pub async fn set_series_pattern(
        &self,
        id: i64,
        pattern: &Pattern,
        reset: Reset,
    ) -> StoreResult<SeriesRecord> {
        let mut tx = self.write().await?;
        let row =
            sqlx::query("UPDATE number_series SET pattern = ?, reset = ? WHERE id = ? RETURNING *")
                .bind(pattern.as_str())
                .bind(reset.code())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::not_found("number series", id))?;
        let rec = record(&row)?;
        tx.commit().await?;
        Ok(rec)
    }
}
