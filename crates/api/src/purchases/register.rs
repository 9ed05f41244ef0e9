//! Reading the register: the list, one invoice in full, and its original file.

use super::types::*;
use crate::{Api, ApiError, ApiResult, SavedFile};

impl Api {
    pub async fn list_purchases(&self, req: ListPurchases) -> ApiResult<Vec<PurchaseRecord>> {
        let org_id = self.org(req.org_id).await?;
        Ok(self.store.list_purchases(org_id, req.from, req.to).await?)
    }

    pub async fn purchase(&self, req: PurchaseId) -> ApiResult<PurchaseView> {
        let org_id = self.org(req.org_id).await?;
        let d = self.store.purchase(org_id, req.id).await?;
        let invoice: ReceivedInvoice = serde_json::from_value(d.invoice).map_err(|e| {
            ApiError::new(
                "corrupt",
                format!(
                    "received invoice {}: the stored invoice cannot be read: {e}",
                    req.id
                ),
            )
        })?;
        Ok(PurchaseView {
            purchase: d.record,
            invoice,
        })
    }

    /// The original file, byte for byte: (its name, its bytes).
    pub async fn purchase_file(&self, req: PurchaseId) -> ApiResult<(String, Vec<u8>)> {
        let org_id = self.org(req.org_id).await?;
        Ok(self.store.purchase_file(org_id, req.id).await?)
    }

    /// Saves the original file into the documents folder under a name that does not
    /// overwrite anything.
    pub async fn save_purchase_file(&self, req: PurchaseId) -> ApiResult<SavedFile> {
        let (name, bytes) = self.purchase_file(req).await?;
        let (stem, suffix) = match name.rsplit_once('.') {
            Some((s, x)) if !s.is_empty() && !x.is_empty() => (s.to_owned(), x.to_owned()),
            _ => (name.clone(), "bin".to_owned()),
        };
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        self.save_new_file(&safe(&stem), &safe(&suffix), &bytes)
    }
}
