//! The `organizations` table: sellers, several per database.

use crate::error::{StoreError, StoreResult, from_json, to_json};
use crate::{Store, new_uid, now_text, series};
use autoinvoice_domain::party::Organization;
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OrganizationRecord {
    pub id: i64,
    pub uid: String,
    #[serde(flatten)]
    pub organization: Organization,
}

fn record(row: &sqlx::sqlite::SqliteRow) -> StoreResult<OrganizationRecord> {
    Ok(OrganizationRecord {
        id: row.get("id"),
        uid: row.get("uid"),
        organization: from_json("organization", row.get::<&str, _>("data"))?,
    })
}

impl Store {
    /// Creates an organization (already validated) with its default number series.
    pub async fn create_organization(&self, org: &Organization) -> StoreResult<OrganizationRecord> {
        let mut tx = self.write().await?;
        let now = now_text();
        let uid = new_uid();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organizations (uid, legal_name, country, currency, data, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&uid)
        .bind(&org.legal_name)
        .bind(&org.address.country)
        .bind(org.currency.code())
        .bind(to_json(org))
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        series::create_defaults(&mut tx, id).await?;
        tx.commit().await?;
        Ok(OrganizationRecord {
            id,
            uid,
            organization: org.clone(),
        })
    }

    pub async fn update_organization(
        &self,
        id: i64,
        org: &Organization,
    ) -> StoreResult<OrganizationRecord> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE organizations SET legal_name = ?, country = ?, currency = ?, data = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&org.legal_name)
        .bind(&org.address.country)
        .bind(org.currency.code())
        .bind(to_json(org))
        .bind(now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("organization", id));
        }
        tx.commit().await?;
        self.organization(id).await
    }

    pub async fn organization(&self, id: i64) -> StoreResult<OrganizationRecord> {
        let row = sqlx::query("SELECT id, uid, data FROM organizations WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("organization", id))?;
        record(&row)
    }

    pub async fn organizations(&self) -> StoreResult<Vec<OrganizationRecord>> {
        let rows = sqlx::query("SELECT id, uid, data FROM organizations ORDER BY id")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(record).collect()
    }
}
