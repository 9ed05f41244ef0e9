//! Requests in the one-argument shape the desktop's IPC commands take (each command passes
//! one `req`), over the mail and outbox operations of `ops_mail`, and saving a CSV export
//! into the documents folder.

use crate::ops_mail::{MailTestReport, OutboxItem, OutboxRunReport, OutboxState};
use crate::{Api, ApiResult, DocumentRef, ExportCsv, SavedFile};
use serde::{Deserialize, Serialize};

/// Send a test email now to `to`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct MailTest {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub to: String,
}

/// The outbox, newest first; empty `states`: every state.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListOutbox {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub states: Vec<OutboxState>,
    /// Only the messages of this invoice or credit note (its send history).
    #[serde(default)]
    pub document: Option<DocumentRef>,
}

/// One outbox message of an organization.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct OutboxId {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub id: i64,
}

/// Deliver what is due now.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RunOutbox {
    #[serde(default)]
    pub limit: Option<u64>,
}

impl Api {
    pub async fn mail_test_req(&self, req: MailTest) -> ApiResult<MailTestReport> {
        self.mail_test(req.org_id, req.to.trim()).await
    }

    pub async fn outbox_list_req(&self, req: ListOutbox) -> ApiResult<Vec<OutboxItem>> {
        self.outbox_list(req.org_id, &req.states, req.document.as_ref())
            .await
    }

    pub async fn outbox_retry_req(&self, req: OutboxId) -> ApiResult<OutboxItem> {
        self.outbox_retry(req.org_id, req.id).await
    }

    pub async fn outbox_cancel_req(&self, req: OutboxId) -> ApiResult<OutboxItem> {
        self.outbox_cancel(req.org_id, req.id).await
    }

    pub async fn outbox_run_req(&self, req: RunOutbox) -> ApiResult<OutboxRunReport> {
        self.outbox_run(req.limit).await
    }

    /// Writes a CSV export into the documents folder (`documents-2026-11-29.csv`), never over
    /// another file, whole or not at all.
    pub async fn save_csv(&self, req: ExportCsv) -> ApiResult<SavedFile> {
        let stem = format!("{}-{}", csv_name(req.what), self.today());
        let text = self.export_csv(req).await?;
        self.save_new_file(&stem, "csv", text.as_bytes())
    }
}

fn csv_name(what: crate::CsvExport) -> &'static str {
    match what {
        crate::CsvExport::Documents => "documents",
        crate::CsvExport::Customers => "customers",
        crate::CsvExport::Payments => "payments",
    }
}
