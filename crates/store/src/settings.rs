//! The `settings` table: JSON values per organization (0 for the installation).

use crate::Store;
use crate::error::{StoreResult, from_json, to_json};

impl Store {
    pub async fn setting<T: serde::de::DeserializeOwned>(
        &self,
        org_id: i64,
        key: &str,
    ) -> StoreResult<Option<T>> {
        let v: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE org_id = ? AND key = ?")
                .bind(org_id)
                .bind(key)
                .fetch_optional(self.pool())
                .await?;
        v.map(|v| from_json(key, &v)).transpose()
    }

    pub async fn set_setting<T: serde::Serialize>(
        &self,
        org_id: i64,
        key: &str,
        value: &T,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO settings (org_id, key, value) VALUES (?, ?, ?) ON CONFLICT (org_id, key) DO UPDATE SET value = excluded.value")
            .bind(org_id)
            .bind(key)
            .bind(to_json(value))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
