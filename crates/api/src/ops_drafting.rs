//! Help while drafting: live totals of unsaved content, and duplicating a document.

use crate::{Api, ApiResult, ComputeTotals, DocumentRecord, DraftId};
use autoinvoice_domain::document::{DocumentContent, DocumentKind, SellerContext};
use autoinvoice_domain::party::Language;
use autoinvoice_domain::totals::{self, Totals};
use autoinvoice_store::documents::NewDraft;

impl Api {
    /// The totals of content being edited, exactly as issuing would compute them
    /// (EN 16931 rounding, VAT per category and rate). Nothing is saved.
    pub async fn compute_totals(&self, req: ComputeTotals) -> ApiResult<Totals> {
        let org_id = self.org(req.org_id).await?;
        if let Some(customer_id) = req.customer_id {
            let (_, totals) = self.prepare(org_id, customer_id, req.content).await?;
            return Ok(totals);
        }
        let org = self.store.organization(org_id).await?;
        let regime = org.organization.vat_regime;
        let content = req.content.validated(SellerContext { regime })?;
        Ok(totals::compute(
            &content,
            regime,
            org.organization.language == Language::Fr,
        ))
    }

    /// A new draft with the content of another document (any status): same customer,
    /// lines and terms; dates cleared so that issuing sets them anew.
    pub async fn duplicate_document(&self, req: DraftId) -> ApiResult<DocumentRecord> {
        let source = self.store.document(req.id).await?;
        let content = DocumentContent {
            issue_date: None,
            due_date: None,
            delivery_date: None,
            period_start: None,
            period_end: None,
            valid_until: None,
            ..source.content.clone()
        };
        let (content, totals) = self
            .prepare(source.org_id, source.customer_id, content)
            .await?;
        let preceding_id = match source.kind {
            DocumentKind::CreditNote => source.preceding_id,
            _ => None,
        };
        let id = self
            .store
            .create_draft(NewDraft {
                org_id: source.org_id,
                kind: source.kind,
                customer_id: source.customer_id,
                content: &content,
                totals: &totals,
                preceding_id,
            })
            .await?;
        Ok(self.store.document(id).await?)
    }
}
