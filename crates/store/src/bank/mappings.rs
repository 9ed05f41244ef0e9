//! CSV column mappings, saved once per bank under a name. The mapping itself is checked and
//! typed by `autoinvoice-bank`; here it is JSON.

use crate::error::{StoreError, StoreResult};
use crate::{Store, now_text};
use sqlx::Row;

impl Store {
    /// Saves (or replaces) the mapping called `name`.
    pub async fn save_csv_mapping(&self, org_id: i64, name: &str, json: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO bank_csv_mappings (org_id, name, mapping, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (org_id, name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(name)
        .bind(json)
        .bind(now_text())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The organization's mappings as (name, JSON), by name.
    pub async fn csv_mappings(&self, org_id: i64) -> StoreResult<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT name, mapping FROM bank_csv_mappings WHERE org_id = ? ORDER BY name COLLATE NOCASE")
            .bind(org_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("name"), r.get("mapping")))
            .collect())
    }

    /// One mapping's JSON.
    pub async fn csv_mapping(&self, org_id: i64, name: &str) -> StoreResult<String> {
        sqlx::query_scalar("SELECT mapping FROM bank_csv_mappings WHERE org_id = ? AND name = ?")
            .bind(org_id)
            .bind(name)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("CSV mapping", name))
    }

    pub async fn delete_csv_mapping(&self, org_id: i64, name: &str) -> StoreResult<()> {
        let done = sqlx::query("DELETE FROM bank_csv_mappings WHERE org_id = ? AND name = ?")
            .bind(org_id)
            .bind(name)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("CSV mapping", name));
        }
        Ok(())
    }
}
