//! Documents as files: the PDF (Factur-X for issued invoices and credit notes), the CII and
//! UBL XML, the document template settings and the logo, and the bulk PDF export.

use crate::{Api, ApiError, ApiResult, DocumentRef};
use autoinvoice_documents::DocumentError;
use autoinvoice_documents::cii::{Profile, cii_xml};
use autoinvoice_documents::facturx::document_pdf;
use autoinvoice_documents::pdf::{Logo, Paper, PdfOptions, logo::LoadedLogo};
use autoinvoice_documents::ubl::ubl_xml;
use autoinvoice_domain::full_document::FullDocument;
use base64::Engine;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const SETTINGS_KEY: &str = "document_settings";
const LOGO_KEY: &str = "logo";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PaperSize {
    #[default]
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FacturXProfile {
    Basic,
    #[default]
    En16931,
    Extended,
}

impl From<FacturXProfile> for Profile {
    fn from(p: FacturXProfile) -> Self {
        match p {
            FacturXProfile::Basic => Profile::Basic,
            FacturXProfile::En16931 => Profile::En16931,
            FacturXProfile::Extended => Profile::Extended,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_accent() -> String {
    "#1f4e79".into()
}
fn default_font_size() -> u8 {
    9
}

/// How an organization's documents look: a small set of template options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    #[serde(default)]
    pub paper: PaperSize,
    /// `#rrggbb`.
    #[serde(default = "default_accent")]
    pub accent: String,
    /// Base font size in points, 7 to 12.
    #[serde(default = "default_font_size")]
    pub font_size: u8,
    #[serde(default = "yes")]
    pub show_payment: bool,
    #[serde(default = "yes")]
    pub show_payment_qr: bool,
    #[serde(default = "yes")]
    pub show_notes: bool,
    #[serde(default = "yes")]
    pub show_footer: bool,
    #[serde(default = "yes")]
    pub show_delivery_address: bool,
    /// The Factur-X profile of the embedded XML.
    #[serde(default)]
    pub profile: FacturXProfile,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        serde_json::from_str("{}").unwrap_or_else(|_| unreachable!("every field has a default"))
    }
}

impl DocumentSettings {
    fn check(&self) -> ApiResult<[u8; 3]> {
        if !(7..=12).contains(&self.font_size) {
            return Err(ApiError::new(
                "out_of_range",
                "font_size: between 7 and 12 points",
            ));
        }
        parse_colour(&self.accent)
    }
}

fn parse_colour(s: &str) -> ApiResult<[u8; 3]> {
    let hex = s.strip_prefix('#').unwrap_or(s);
    let bad = || {
        ApiError::new(
            "invalid_colour",
            format!("accent: '{s}' is not a colour like #1f4e79"),
        )
    };
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
    Ok([byte(0)?, byte(2)?, byte(4)?])
}

/// The formats a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum XmlFormat {
    Cii,
    Ubl,
}

/// What a bulk export did.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct PdfExportReport {
    pub directory: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

fn doc_error(e: DocumentError) -> ApiError {
    match e {
        DocumentError::Unsupported(m) => ApiError::new("unsupported", m),
        other => ApiError::new("internal", other.to_string()),
    }
}

impl Api {
    pub async fn document_settings(&self, org_id: Option<i64>) -> ApiResult<DocumentSettings> {
        let org_id = self.org(org_id).await?;
        Ok(self
            .store
            .setting(org_id, SETTINGS_KEY)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_document_settings(
        &self,
        org_id: Option<i64>,
        settings: DocumentSettings,
    ) -> ApiResult<DocumentSettings> {
        let org_id = self.org(org_id).await?;
        settings.check()?;
        self.store
            .set_setting(org_id, SETTINGS_KEY, &settings)
            .await?;
        Ok(settings)
    }

    /// Sets the logo (PNG, JPEG or SVG bytes), or removes it with `None`.
    pub async fn set_logo(&self, org_id: Option<i64>, bytes: Option<Vec<u8>>) -> ApiResult<()> {
        let org_id = self.org(org_id).await?;
        let value = match bytes {
            Some(b) => {
                LoadedLogo::load(&Logo {
                    bytes: Arc::new(b.clone()),
                })
                .map_err(doc_error)?;
                Some(base64::engine::general_purpose::STANDARD.encode(b))
            }
            None => None,
        };
        self.store.set_setting(org_id, LOGO_KEY, &value).await?;
        Ok(())
    }

    async fn pdf_options(&self, org_id: i64) -> ApiResult<(PdfOptions, Profile)> {
        let s: DocumentSettings = self
            .store
            .setting(org_id, SETTINGS_KEY)
            .await?
            .unwrap_or_default();
        let logo: Option<Option<String>> = self.store.setting(org_id, LOGO_KEY).await?;
        let logo = match logo.flatten() {
            Some(b64) => Some(Logo {
                bytes: Arc::new(
                    base64::engine::general_purpose::STANDARD
                        .decode(b64)
                        .map_err(|e| ApiError::new("corrupt", format!("stored logo: {e}")))?,
                ),
            }),
            None => None,
        };
        let opts = PdfOptions {
            paper: match s.paper {
                PaperSize::A4 => Paper::A4,
                PaperSize::Letter => Paper::Letter,
            },
            accent: s.check()?,
            logo,
            font_size: f32::from(s.font_size),
            show_payment: s.show_payment,
            show_payment_qr: s.show_payment_qr,
            show_notes: s.show_notes,
            show_footer: s.show_footer,
            show_delivery_address: s.show_delivery_address,
            pay_online_url: None,
        };
        Ok((opts, s.profile.into()))
    }

    /// The PDF of a document: Factur-X for an issued invoice or credit note.
    pub async fn document_pdf(
        &self,
        org_id: Option<i64>,
        document: &DocumentRef,
    ) -> ApiResult<Vec<u8>> {
        let org_id = self.org(org_id).await?;
        let doc = self.full_document(Some(org_id), document).await?;
        let (mut opts, profile) = self.pdf_options(org_id).await?;
        let id = self.resolve(org_id, document).await?;
        opts.pay_online_url = self.active_payment_url(id).await?;
        tokio::task::spawn_blocking(move || document_pdf(&doc, &opts, profile))
            .await
            .map_err(|e| ApiError::new("internal", e.to_string()))?
            .map_err(doc_error)
    }

    /// The e-invoice XML of an issued invoice or credit note.
    pub async fn document_xml(
        &self,
        org_id: Option<i64>,
        document: &DocumentRef,
        format: XmlFormat,
    ) -> ApiResult<Vec<u8>> {
        let org_id = self.org(org_id).await?;
        let doc = self.full_document(Some(org_id), document).await?;
        let (_, profile) = self.pdf_options(org_id).await?;
        match format {
            XmlFormat::Cii => cii_xml(&doc, profile),
            XmlFormat::Ubl => ubl_xml(&doc),
        }
        .map_err(doc_error)
    }

    /// Writes the PDF of every issued document (invoices, credit notes, quotes) into `dir`,
    /// rendering on every core. `progress(done, total)` is called as files are written.
    pub async fn export_pdfs(
        &self,
        org_id: Option<i64>,
        dir: &Path,
        progress: impl Fn(usize, usize) + Sync + Send,
    ) -> ApiResult<PdfExportReport> {
        let org_id = self.org(org_id).await?;
        std::fs::create_dir_all(dir)
            .map_err(|e| ApiError::new("io", format!("{}: {e}", dir.display())))?;
        let ids = self.store.issued_document_ids(org_id).await?;
        let (opts, profile) = self.pdf_options(org_id).await?;
        let total = ids.len();
        let done = AtomicUsize::new(0);
        let bytes = std::sync::atomic::AtomicU64::new(0);
        // Read a batch, render it in parallel, write it; memory stays bounded by the batch.
        for chunk in ids.chunks(64) {
            let mut docs: Vec<FullDocument> = Vec::with_capacity(chunk.len());
            for id in chunk {
                docs.push(
                    self.full_document(Some(org_id), &DocumentRef::Id(*id))
                        .await?,
                );
            }
            let results: Vec<ApiResult<()>> = docs
                .par_iter()
                .map(|doc| {
                    let pdf = document_pdf(doc, &opts, profile).map_err(doc_error)?;
                    let name = doc
                        .number
                        .clone()
                        .unwrap_or_default()
                        .replace(['/', '\\'], "-");
                    let path = dir.join(format!("{name}.pdf"));
                    std::fs::write(&path, &pdf)
                        .map_err(|e| ApiError::new("io", format!("{}: {e}", path.display())))?;
                    bytes.fetch_add(pdf.len() as u64, Ordering::Relaxed);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(n, total);
                    Ok(())
                })
                .collect();
            results.into_iter().collect::<ApiResult<Vec<()>>>()?;
        }
        Ok(PdfExportReport {
            directory: dir.to_owned(),
            files: total,
            bytes: bytes.into_inner(),
        })
    }
}
