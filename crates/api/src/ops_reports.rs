//! Read-side reports: journal verification, the dashboard, CSV exports.

use crate::csv_io;
use crate::{
    Api, ApiResult, CsvExport, Dashboard, ExportCsv, JournalEntry, ListDocuments, VerifyReport,
};
use autoinvoice_store::customers::CustomerQuery;

impl Api {
    /// Verifies the journal of one organization, or of every organization when none is given
    /// and there are several.
    pub async fn verify_journal(&self, org_id: Option<i64>) -> ApiResult<Vec<VerifyReport>> {
        let ids = match org_id {
            Some(id) => vec![self.org(Some(id)).await?],
            None => self
                .store
                .organizations()
                .await?
                .into_iter()
                .map(|o| o.id)
                .collect(),
        };
        let mut reports = Vec::with_capacity(ids.len());
        for id in ids {
            reports.push(self.store.verify_journal(id).await?);
        }
        Ok(reports)
    }

    pub async fn journal(&self, org_id: Option<i64>) -> ApiResult<Vec<JournalEntry>> {
        let org_id = self.org(org_id).await?;
        Ok(self.store.journal(org_id, None).await?)
    }

    pub async fn dashboard(&self, org_id: Option<i64>) -> ApiResult<Dashboard> {
        let org_id = self.org(org_id).await?;
        Ok(self.store.dashboard(org_id, self.today()).await?)
    }

    /// CSV text of documents (with the list's filters), customers or payments.
    pub async fn export_csv(&self, req: ExportCsv) -> ApiResult<String> {
        let org_id = self.org(req.org_id).await?;
        match req.what {
            CsvExport::Documents => {
                let mut rows = Vec::new();
                let mut offset = 0;
                loop {
                    let page = self
                        .list_documents(ListDocuments {
                            org_id: Some(org_id),
                            limit: Some(1000),
                            offset: Some(offset),
                            ..req.filter.clone()
                        })
                        .await?;
                    let n = page.items.len();
                    rows.extend(page.items);
                    if n < 1000 {
                        break;
                    }
                    offset += 1000;
                }
                csv_io::documents_csv(&rows)
            }
            CsvExport::Customers => {
                let q = CustomerQuery {
                    search: None,
                    include_archived: true,
                    limit: 10_000,
                    offset: 0,
                };
                let mut all = Vec::new();
                loop {
                    let page = self
                        .store
                        .customers(
                            org_id,
                            &CustomerQuery {
                                offset: i64::try_from(all.len()).unwrap_or(0),
                                ..q.clone()
                            },
                        )
                        .await?;
                    let n = page.len();
                    all.extend(page);
                    if n < 10_000 {
                        break;
                    }
                }
                csv_io::customers_csv(&all)
            }
            CsvExport::Payments => {
                let mut all = Vec::new();
                loop {
                    let page = self
                        .store
                        .payments(org_id, None, 10_000, i64::try_from(all.len()).unwrap_or(0))
                        .await?;
                    let n = page.len();
                    all.extend(page);
                    if n < 10_000 {
                        break;
                    }
                }
                csv_io::payments_csv(&all)
            }
        }
    }
}
