//! The watched folder: received e-invoices dropped into a folder (by the user, a mail
//! client's rule, a platform's export) are imported on their own. The files are left where
//! they are; a file already imported adds nothing (same bytes), so scanning again is safe.
//! The caller keeps what it has seen (path, size, modification time) so that an unchanged
//! file is not read again, and a refused one is reported once.

use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_reception::MAX_INPUT_BYTES;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const SETTINGS_KEY: &str = "purchase_inbox";

/// A file younger than this may still be being written: left for the next scan.
const SETTLE: Duration = Duration::from_secs(2);

/// The watched folder of an organization (none: not watched).
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PurchaseInbox {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub folder: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct InboxSettings {
    folder: Option<String>,
}

/// What one scan did.
#[derive(Debug, Clone, Default, Serialize, specta::Type)]
pub struct InboxScan {
    pub imported: Vec<PurchaseImport>,
    /// Files that were refused: (file name, why).
    pub refused: Vec<InboxRefusal>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct InboxRefusal {
    pub file: String,
    pub error: ApiError,
}

/// What a scanner remembers between scans: each file's size and modification time.
pub type InboxSeen = HashMap<PathBuf, (u64, SystemTime)>;

fn is_einvoice_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf") || e.eq_ignore_ascii_case("xml"))
}

impl Api {
    pub async fn purchase_inbox(&self, org_id: Option<i64>) -> ApiResult<PurchaseInbox> {
        let org_id = self.org(org_id).await?;
        let s: InboxSettings = self
            .store
            .setting(org_id, SETTINGS_KEY)
            .await?
            .unwrap_or_default();
        Ok(PurchaseInbox {
            org_id: Some(org_id),
            folder: s.folder,
        })
    }

    pub async fn set_purchase_inbox(&self, req: PurchaseInbox) -> ApiResult<PurchaseInbox> {
        let org_id = self.org(req.org_id).await?;
        let folder = req
            .folder
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty());
        if let Some(f) = &folder {
            let path = Path::new(f);
            if !path.is_absolute() {
                return Err(ApiError::invalid(
                    "the watched folder must be a full path (e.g. /home/me/Received invoices)",
                ));
            }
            if !path.is_dir() {
                return Err(ApiError::new(
                    "not_found",
                    format!("no folder at {f}: create it first"),
                ));
            }
        }
        self.store
            .set_setting(org_id, SETTINGS_KEY, &InboxSettings { folder })
            .await?;
        self.purchase_inbox(Some(org_id)).await
    }

    /// Imports the new or changed `.pdf` and `.xml` files of the watched folder (not its
    /// subfolders). Nothing to do when no folder is set.
    pub async fn scan_purchase_inbox(
        &self,
        org_id: Option<i64>,
        seen: &mut InboxSeen,
    ) -> ApiResult<InboxScan> {
        let inbox = self.purchase_inbox(org_id).await?;
        let Some(folder) = inbox.folder else {
            return Ok(InboxScan::default());
        };
        let dir = PathBuf::from(&folder);
        let entries = std::fs::read_dir(&dir).map_err(|e| {
            ApiError::new(
                "io",
                format!("cannot read the watched folder {folder}: {e}"),
            )
        })?;
        let mut files: Vec<(PathBuf, u64, SystemTime)> = Vec::new();
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() || !is_einvoice_name(&path) {
                continue;
            }
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            if now.duration_since(modified).is_ok_and(|age| age < SETTLE) {
                continue;
            }
            if seen.get(&path) == Some(&(meta.len(), modified)) {
                continue;
            }
            files.push((path, meta.len(), modified));
        }
        files.sort();
        let mut scan = InboxScan::default();
        for (path, len, modified) in files {
            seen.insert(path.clone(), (len, modified));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = if usize::try_from(len).map_or(true, |l| l > MAX_INPUT_BYTES) {
                Err(ApiError::new(
                    "too_large",
                    format!(
                        "{name} is over {} MB: not an e-invoice",
                        MAX_INPUT_BYTES / 1_048_576
                    ),
                ))
            } else {
                std::fs::read(&path).map_err(|e| ApiError::new("io", format!("{name}: {e}")))
            };
            let result = match bytes {
                Ok(b) => self.import_purchase_bytes(inbox.org_id, &name, b).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(r) if r.already_imported => {}
                Ok(r) => scan.imported.push(r),
                Err(error) => scan.refused.push(InboxRefusal { file: name, error }),
            }
        }
        Ok(scan)
    }
}
