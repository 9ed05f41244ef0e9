//! Documents: drafts, issue, credit notes, quotes, lookups and lists.

use crate::{
    Api, ApiError, ApiResult, CreateDocument, CreditInvoice, DocumentPage, DocumentRecord,
    DocumentRef, GetDocument, IssueDocument, ListDocuments, UpdateDraft,
};
use autoinvoice_domain::document::{DocumentContent, DocumentKind, SellerContext};
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::party::Language;
use autoinvoice_domain::{text, totals};
use autoinvoice_store::documents::NewDraft;
use autoinvoice_store::list::DocumentQuery;

impl Api {
    /// The id of a referenced document, checked to belong to the organization.
    pub(crate) async fn resolve(&self, org_id: i64, r: &DocumentRef) -> ApiResult<i64> {
        let id = match r {
            DocumentRef::Id(id) => *id,
            DocumentRef::Number(n) => match self.store.document_id_by_number(org_id, n).await {
                Ok(id) => id,
                Err(e) => match n.parse::<i64>() {
                    Ok(id) => id,
                    Err(_) => return Err(e.into()),
                },
            },
        };
        // Only the owner is needed here: no need to read the whole document.
        if self.store.document_org(id).await? != org_id {
            return Err(ApiError::new(
                "not_found",
                format!("document '{id}' was not found"),
            ));
        }
        Ok(id)
    }

    /// Validates content for a seller and buyer and computes its totals.
    pub(crate) async fn prepare(
        &self,
        org_id: i64,
        customer_id: i64,
        content: DocumentContent,
    ) -> ApiResult<(DocumentContent, totals::Totals)> {
        let org = self.store.organization(org_id).await?;
        let customer = self.store.customer(customer_id).await?;
        if customer.org_id != org_id {
            return Err(ApiError::new(
                "not_found",
                format!("customer '{customer_id}' was not found"),
            ));
        }
        if customer.archived {
            return Err(ApiError::new(
                "archived",
                format!(
                    "customer '{}' is archived; restore it to invoice it",
                    customer.customer.name
                ),
            ));
        }
        let regime = org.organization.vat_regime;
        let content = content.validated(SellerContext { regime })?;
        let french = customer
            .customer
            .language
            .unwrap_or(org.organization.language)
            == Language::Fr;
        let totals = totals::compute(&content, regime, french);
        Ok((content, totals))
    }

    pub async fn create_document(&self, req: CreateDocument) -> ApiResult<DocumentRecord> {
        let org_id = self.org(req.org_id).await?;
        let preceding_id = match (&req.preceding, req.kind) {
            (Some(r), DocumentKind::CreditNote) => {
                let id = self.resolve(org_id, r).await?;
                let inv = self.store.document(id).await?;
                if inv.kind != DocumentKind::Invoice || inv.status == Status::Draft {
                    return Err(ApiError::new(
                        "conflict",
                        "a credit note corrects an issued invoice",
                    ));
                }
                Some(id)
            }
            (None, DocumentKind::CreditNote) => {
                return Err(ApiError::new(
                    "required",
                    "preceding: a credit note must reference the invoice it corrects",
                ));
            }
            (Some(_), _) => {
                return Err(ApiError::new(
                    "invalid_input",
                    "preceding: only a credit note references an invoice",
                ));
            }
            (None, _) => None,
        };
        let (content, totals) = self.prepare(org_id, req.customer_id, req.content).await?;
        let id = self
            .store
            .create_draft(NewDraft {
                org_id,
                kind: req.kind,
                customer_id: req.customer_id,
                content: &content,
                totals: &totals,
                preceding_id,
            })
            .await?;
        Ok(self.store.document(id).await?)
    }

    pub async fn update_draft(&self, req: UpdateDraft) -> ApiResult<DocumentRecord> {
        let doc = self.store.document(req.id).await?;
        if doc.status != Status::Draft {
            return Err(ApiError::new(
                "immutable",
                format!(
                    "{} is issued and cannot be changed; issue a credit note to correct it",
                    doc.number.unwrap_or_default()
                ),
            ));
        }
        let customer_id = req.customer_id.unwrap_or(doc.customer_id);
        let (content, totals) = self.prepare(doc.org_id, customer_id, req.content).await?;
        self.store
            .update_draft(req.id, customer_id, &content, &totals)
            .await?;
        Ok(self.store.document(req.id).await?)
    }

    pub async fn delete_draft(&self, id: i64) -> ApiResult<()> {
        Ok(self.store.delete_draft(id).await?)
    }

    pub async fn issue_document(&self, req: IssueDocument) -> ApiResult<DocumentRecord> {
        let org_id = self.org(req.org_id).await?;
        let id = self.resolve(org_id, &req.document).await?;
        self.store.issue(id, self.today()).await?;
        Ok(self.store.document(id).await?)
    }

    pub async fn get_document(&self, req: GetDocument) -> ApiResult<DocumentRecord> {
        let org_id = self.org(req.org_id).await?;
        let id = self.resolve(org_id, &req.document).await?;
        Ok(self.store.document(id).await?)
    }

    pub async fn list_documents(&self, req: ListDocuments) -> ApiResult<DocumentPage> {
        let org_id = self.org(req.org_id).await?;
        let today = self.today();
        if let (Some(f), Some(t)) = (req.from, req.to)
            && t < f
        {
            return Err(ApiError::new(
                "invalid_date",
                "the date range ends before it starts",
            ));
        }
        let search = text::optional(req.search.as_deref(), "search", text::SHORT)?;
        let q = DocumentQuery {
            org_id,
            kind: req.kind,
            statuses: req.statuses,
            customer_id: req.customer_id,
            overdue_on: req.overdue.then_some(today),
            issued_from: req.from,
            issued_to: req.to,
            search,
            sort: req.sort,
            descending: req.descending,
            limit: req.limit.unwrap_or(50),
            offset: req.offset.unwrap_or(0),
        };
        Ok(self.store.list_documents(&q, today).await?)
    }

    /// A credit note for an invoice (all of it unless lines are given).
    pub async fn credit_invoice(&self, req: CreditInvoice) -> ApiResult<DocumentRecord> {
        let org_id = self.org(req.org_id).await?;
        let id = self.resolve(org_id, &req.invoice).await?;
        let inv = self.store.document(id).await?;
        if inv.kind != DocumentKind::Invoice {
            return Err(ApiError::new("conflict", "only an invoice can be credited"));
        }
        let full = req.lines.is_none();
        let content = DocumentContent {
            issue_date: None,
            due_date: None,
            payment_terms_days: None,
            valid_until: None,
            prices_include_vat: false,
            lines: req.lines.unwrap_or_else(|| inv.content.lines.clone()),
            allowances_charges: if full {
                inv.content.allowances_charges.clone()
            } else {
                Vec::new()
            },
            prepaid: rust_decimal::Decimal::ZERO,
            rounding: if full {
                inv.content.rounding
            } else {
                rust_decimal::Decimal::ZERO
            },
            // The credited invoice is printed from BT-25; a note only when one is given.
            note: req.note,
            ..inv.content.clone()
        };
        let created = self
            .create_document(CreateDocument {
                org_id: Some(org_id),
                kind: DocumentKind::CreditNote,
                customer_id: inv.customer_id,
                preceding: Some(DocumentRef::Id(id)),
                content,
            })
            .await?;
        if req.issue {
            return self
                .issue_document(IssueDocument {
                    org_id: Some(org_id),
                    document: DocumentRef::Id(created.id),
                })
                .await;
        }
        Ok(created)
    }

    /// Turns an issued (or accepted) quote into a draft invoice.
    pub async fn convert_quote(
        &self,
        org_id: Option<i64>,
        quote: DocumentRef,
    ) -> ApiResult<DocumentRecord> {
        let org_id = self.org(org_id).await?;
        let id = self.resolve(org_id, &quote).await?;
        let q = self.store.document(id).await?;
        if q.kind != DocumentKind::Quote {
            return Err(ApiError::new(
                "conflict",
                "only a quote can be converted to an invoice",
            ));
        }
        let content = DocumentContent {
            issue_date: None,
            due_date: None,
            valid_until: None,
            ..q.content.clone()
        };
        let (content, totals) = self.prepare(org_id, q.customer_id, content).await?;
        // The store marks the quote invoiced in the same transaction: a quote converts once.
        let new_id = self
            .store
            .create_draft(NewDraft {
                org_id,
                kind: DocumentKind::Invoice,
                customer_id: q.customer_id,
                content: &content,
                totals: &totals,
                preceding_id: Some(id),
            })
            .await?;
        Ok(self.store.document(new_id).await?)
    }

    pub async fn answer_quote(
        &self,
        org_id: Option<i64>,
        quote: DocumentRef,
        accepted: bool,
    ) -> ApiResult<DocumentRecord> {
        let org_id = self.org(org_id).await?;
        let id = self.resolve(org_id, &quote).await?;
        self.store
            .set_quote_status(
                id,
                if accepted {
                    Status::Accepted
                } else {
                    Status::Declined
                },
            )
            .await?;
        Ok(self.store.document(id).await?)
    }

    pub async fn mark_sent(
        &self,
        org_id: Option<i64>,
        document: DocumentRef,
        channel: &str,
    ) -> ApiResult<DocumentRecord> {
        let org_id = self.org(org_id).await?;
        let id = self.resolve(org_id, &document).await?;
        self.store.mark_sent(id, channel).await?;
        Ok(self.store.document(id).await?)
    }
}
