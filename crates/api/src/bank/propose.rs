//! A matching run: the rules of `autoinvoice_bank::matching` over the credits waiting and
//! the invoices open now; with `auto`, the sure proposals confirmed into payments.

use super::types::*;
use crate::{Api, ApiResult};
use autoinvoice_bank::matching::{self, Credit, OpenInvoice, Rule};
use autoinvoice_store::bank::LineProposal;

impl Api {
    pub async fn match_bank(&self, req: MatchBank) -> ApiResult<MatchReport> {
        let org_id = self.org(req.org_id).await?;
        let credits: Vec<Credit> = self
            .store
            .waiting_credits(org_id)
            .await?
            .into_iter()
            .map(|c| Credit {
                id: c.id,
                booking_date: c.booking_date,
                amount_cents: c.amount_cents,
                currency: c.currency,
                counterparty: c.counterparty,
                remittance: c.remittance,
            })
            .collect();
        let mut report = MatchReport {
            waiting: count(credits.len()),
            ..MatchReport::default()
        };
        if credits.is_empty() {
            return Ok(report);
        }
        let invoices: Vec<OpenInvoice> = self
            .store
            .open_invoices(org_id)
            .await?
            .into_iter()
            .map(|i| OpenInvoice {
                id: i.id,
                number: i.number,
                customer_id: i.customer_id,
                customer_name: i.buyer_name,
                currency: i.currency,
                balance_cents: i.balance_cents,
                due_date: i.due_date,
            })
            .collect();
        let proposals = matching::propose(&credits, &invoices);
        for p in &proposals {
            match p.rule {
                Rule::Reference => report.by_reference += 1,
                Rule::AmountCustomer => report.by_customer += 1,
                Rule::Amount | Rule::Manual => report.by_amount += 1,
            }
            report.sure += u32::from(p.sure);
        }
        report.unmatched = report.waiting - count(proposals.len());
        let rows: Vec<LineProposal> = proposals
            .iter()
            .map(|p| LineProposal {
                line_id: p.credit_id,
                rule: p.rule.code(),
                sure: p.sure,
                alternatives: p.alternatives,
                allocations: p.allocations.clone(),
            })
            .collect();
        self.store.save_proposals(org_id, &rows).await?;
        if req.auto {
            for p in proposals.iter().filter(|p| p.sure) {
                match self.confirm_proposal(org_id, p.credit_id).await {
                    Ok(_) => report.confirmed += 1,
                    Err(e) => report.failures.push(LineFailure {
                        line_id: p.credit_id,
                        code: e.code,
                        message: e.message,
                    }),
                }
            }
        }
        Ok(report)
    }
}

pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
