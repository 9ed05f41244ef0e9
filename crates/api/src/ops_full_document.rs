//! The complete document for rendering: frozen parties for issued documents, the current
//! ones for drafts.

use crate::{Api, ApiResult, DocumentRef};
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::full_document::{FullDocument, PrecedingInvoice};
use autoinvoice_domain::lifecycle::Status;

impl Api {
    pub async fn full_document(
        &self,
        org_id: Option<i64>,
        document: &DocumentRef,
    ) -> ApiResult<FullDocument> {
        let org_id = self.org(org_id).await?;
        let id = self.resolve(org_id, document).await?;
        let doc = self.store.document(id).await?;
        let (seller, buyer) = match (doc.seller.clone(), doc.buyer.clone()) {
            (Some(s), Some(b)) => (s, b),
            _ => (
                self.store.organization(doc.org_id).await?.organization,
                self.store.customer(doc.customer_id).await?.customer,
            ),
        };
        let preceding = match (doc.kind, doc.preceding_id) {
            (DocumentKind::CreditNote, Some(pid)) => {
                let p = self.store.document(pid).await?;
                p.number.map(|number| PrecedingInvoice {
                    number,
                    issue_date: p.issue_date,
                })
            }
            _ => None,
        };
        let language = buyer.language.unwrap_or(seller.language);
        Ok(FullDocument {
            kind: doc.kind,
            number: if doc.status == Status::Draft {
                None
            } else {
                doc.number.clone()
            },
            issue_date: doc
                .issue_date
                .or(doc.content.issue_date)
                .unwrap_or_else(|| self.today()),
            due_date: doc.due_date.or(doc.content.due_date),
            seller,
            buyer,
            content: doc.content,
            totals: doc.totals,
            preceding,
            language,
        })
    }
}
