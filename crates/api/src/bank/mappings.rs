//! CSV column mappings: saved once per bank, checked when saved and when read back.

use super::types::*;
use crate::{Api, ApiError, ApiResult};

impl Api {
    pub async fn save_csv_mapping(&self, req: SaveCsvMapping) -> ApiResult<CsvMapping> {
        let org_id = self.org(req.org_id).await?;
        let mut mapping = req.mapping;
        mapping.name = mapping.name.trim().to_owned();
        mapping.check().map_err(|e| e.within("mapping"))?;
        let json = serde_json::to_string(&mapping)
            .map_err(|e| ApiError::new("internal", e.to_string()))?;
        self.store
            .save_csv_mapping(org_id, &mapping.name, &json)
            .await?;
        Ok(mapping)
    }

    pub async fn list_csv_mappings(&self, org_id: Option<i64>) -> ApiResult<Vec<CsvMapping>> {
        let org_id = self.org(org_id).await?;
        self.csv_mappings(org_id).await
    }

    pub async fn delete_csv_mapping(&self, req: DeleteCsvMapping) -> ApiResult<()> {
        let org_id = self.org(req.org_id).await?;
        Ok(self
            .store
            .delete_csv_mapping(org_id, req.name.trim())
            .await?)
    }

    pub(super) async fn csv_mappings(&self, org_id: i64) -> ApiResult<Vec<CsvMapping>> {
        self.store
            .csv_mappings(org_id)
            .await?
            .iter()
            .map(|(name, json)| parse(name, json))
            .collect()
    }

    pub(super) async fn csv_mapping(&self, org_id: i64, name: &str) -> ApiResult<CsvMapping> {
        let json = self
            .store
            .csv_mapping(org_id, name.trim())
            .await
            .map_err(|e| match e {
                autoinvoice_store::StoreError::NotFound { .. } => ApiError::new(
                    "not_found",
                    format!(
                        "no CSV mapping called '{}': save one first (bank mapping set)",
                        name.trim()
                    ),
                ),
                e => e.into(),
            })?;
        parse(name, &json)
    }
}

fn parse(name: &str, json: &str) -> ApiResult<CsvMapping> {
    serde_json::from_str(json)
        .map_err(|e| ApiError::new("corrupt", format!("CSV mapping '{name}': {e}")))
}
