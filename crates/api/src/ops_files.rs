//! Files the user keeps: documents saved into the documents folder, where the data lives.

use crate::{
    Api, ApiError, ApiResult, AppInfo, DocumentRef, SaveDocument, SaveFormat, SavedFile, SetLogo,
    XmlFormat,
};
use base64::Engine;
use std::path::{Path, PathBuf};

/// A file name from a document number: letters, digits, `-` and `_` kept, the rest `_`.
fn file_stem(number: Option<&str>, id: i64, draft_word: &str) -> String {
    match number {
        Some(n) => n
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect(),
        None => format!("{draft_word}-{id}"),
    }
}

fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new("io", format!("could not write {}: {e}", path.display()))
}

impl Api {
    /// Where saved documents go: the configured folder, else `~/Documents/AutoInvoice`,
    /// else a `documents` folder beside the database.
    pub fn documents_dir(&self) -> PathBuf {
        if let Some(d) = &self.documents_dir {
            return d.clone();
        }
        directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(|d| d.join("AutoInvoice")))
            .unwrap_or_else(|| {
                self.db_path
                    .parent()
                    .unwrap_or(Path::new("."))
                    .join("documents")
            })
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            db_path: self.db_path.display().to_string(),
            data_dir: self
                .db_path
                .parent()
                .unwrap_or(Path::new("."))
                .display()
                .to_string(),
            documents_dir: self.documents_dir().display().to_string(),
            today: self.today(),
        }
    }

    /// Writes a document's PDF, CII or UBL into the documents folder, never over another
    /// file: `F-2026-0001.pdf`, `F-2026-0001.ubl.xml`, a draft as `draft-12.pdf`.
    /// The file appears whole or not at all (written aside, then renamed).
    pub async fn save_document(&self, req: SaveDocument) -> ApiResult<SavedFile> {
        let org_id = self.org(req.org_id).await?;
        let id = self.resolve(org_id, &req.document).await?;
        let doc = self.store.document(id).await?;
        let reference = DocumentRef::Id(id);
        let (bytes, suffix) = match req.format {
            SaveFormat::Pdf => (self.document_pdf(Some(org_id), &reference).await?, "pdf"),
            SaveFormat::Cii => (
                self.document_xml(Some(org_id), &reference, XmlFormat::Cii)
                    .await?,
                "cii.xml",
            ),
            SaveFormat::Ubl => (
                self.document_xml(Some(org_id), &reference, XmlFormat::Ubl)
                    .await?,
                "ubl.xml",
            ),
        };
        let stem = file_stem(doc.number.as_deref(), id, "draft");
        self.save_new_file(&stem, suffix, &bytes)
    }

    /// Writes `stem.suffix` into the documents folder, never over another file (`stem (2).suffix`
    /// then); the file appears whole or not at all (written aside, then renamed).
    pub(crate) fn save_new_file(
        &self,
        stem: &str,
        suffix: &str,
        bytes: &[u8],
    ) -> ApiResult<SavedFile> {
        let dir = self.documents_dir();
        std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        let mut path = dir.join(format!("{stem}.{suffix}"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{stem} ({n}).{suffix}"));
            n += 1;
        }
        let tmp = dir.join(format!(".{stem}.{suffix}.part"));
        std::fs::write(&tmp, bytes).map_err(|e| io_error(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io_error(&path, e))?;
        Ok(SavedFile {
            path: path.display().to_string(),
            bytes: bytes.len() as u64,
        })
    }

    /// The logo from base64 (what a web view can send), checked like `set_logo`.
    pub async fn set_logo_base64(&self, req: SetLogo) -> ApiResult<()> {
        let bytes = match req.bytes_base64 {
            Some(b64) => Some(
                base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .map_err(|e| ApiError::invalid(format!("logo: not base64 ({e})")))?,
            ),
            None => None,
        };
        self.set_logo(req.org_id, bytes).await
    }

    /// A document's PDF as base64, for a preview (drafts included, watermarked).
    pub async fn preview_pdf(
        &self,
        org_id: Option<i64>,
        document: &DocumentRef,
    ) -> ApiResult<String> {
        let bytes = self.document_pdf(org_id, document).await?;
        Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_keep_the_number_and_nothing_dangerous() {
        assert_eq!(file_stem(Some("F-2026-0001"), 1, "draft"), "F-2026-0001");
        assert_eq!(file_stem(Some("../F/1"), 1, "draft"), "___F_1");
        assert_eq!(file_stem(None, 12, "draft"), "draft-12");
    }
}
