//! Reports and the FEC written into the documents folder, for the app (which has no file
//! dialog of its own): whole or not at all, never over another file.

use super::types::{FecExport, FecRequest, Period, ReportKind};
use crate::{Api, ApiResult, ReportRequest, SavedFile};
use serde::{Deserialize, Serialize};

/// A FEC written to a file, with what it holds.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct SavedFec {
    pub file: SavedFile,
    pub period: Period,
    pub entries: usize,
    pub lines: usize,
    pub total_debit: String,
    pub total_credit: String,
    /// Documents and payments left out (another currency than the accounting one).
    pub left_out: Vec<String>,
}

impl Api {
    /// A report's CSV saved as `<report>-<day or period>.csv` in the documents folder.
    pub async fn save_report_csv(
        &self,
        kind: ReportKind,
        req: ReportRequest,
    ) -> ApiResult<SavedFile> {
        let (stem, text) = self.named_report_csv(kind, req).await?;
        self.save_new_file(&stem, "csv", text.as_bytes())
    }

    /// The FEC of a fiscal year saved under its official name (`<SIREN>FEC<closing>.txt`).
    pub async fn save_fec(&self, req: FecRequest) -> ApiResult<SavedFec> {
        let fec: FecExport = self.fec_export(req).await?;
        let stem = fec
            .file_name
            .strip_suffix(".txt")
            .unwrap_or(&fec.file_name)
            .to_owned();
        let file = self.save_new_file(&stem, "txt", fec.text.as_bytes())?;
        Ok(SavedFec {
            file,
            period: fec.period,
            entries: fec.entries,
            lines: fec.lines,
            total_debit: fec.total_debit.to_string(),
            total_credit: fec.total_credit.to_string(),
            left_out: fec.left_out,
        })
    }
}
