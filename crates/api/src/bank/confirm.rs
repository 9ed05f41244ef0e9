//! Confirming a line into a payment, ignoring a line, listing lines.

use super::types::*;
use crate::{Api, ApiError, ApiResult, PaymentRecord};
use autoinvoice_domain::Currency;
use autoinvoice_domain::payment::{PaymentMethod, check_payment};
use autoinvoice_store::bank::BankLineQuery;
use autoinvoice_store::payments::NewPayment;
use rust_decimal::Decimal;

impl Api {
    /// Confirms a line: a payment of the invoices proposed, or of those the request names.
    pub async fn confirm_bank_line(&self, req: ConfirmBankLine) -> ApiResult<PaymentRecord> {
        let org_id = self.org(req.org_id).await?;
        match req.allocations {
            None => self.confirm_proposal(org_id, req.line_id).await,
            Some(chosen) => {
                let line = self.store.bank_line(org_id, req.line_id).await?;
                if chosen.is_empty() {
                    return Err(ApiError::new(
                        "required",
                        "allocations: name at least one invoice",
                    ));
                }
                let single = chosen.len() == 1;
                let mut allocations = Vec::with_capacity(chosen.len());
                for a in &chosen {
                    let id = self.resolve(org_id, &a.invoice).await?;
                    let amount = match a.amount {
                        Some(x) => x,
                        None if single => line.amount.min(self.store.document(id).await?.balance),
                        None => self.store.document(id).await?.balance,
                    };
                    allocations.push((id, amount));
                }
                self.pay_from_line(org_id, &line, "manual", allocations)
                    .await
            }
        }
    }

    /// Confirms the invoices stored as the line's proposal.
    pub(super) async fn confirm_proposal(
        &self,
        org_id: i64,
        line_id: i64,
    ) -> ApiResult<PaymentRecord> {
        let line = self.store.bank_line(org_id, line_id).await?;
        if line.state != LineState::Suggested || line.invoices.is_empty() {
            return Err(ApiError::new(
                "conflict",
                format!("bank line {line_id} has no invoices proposed: name them"),
            ));
        }
        let rule = line.rule.clone().unwrap_or_else(|| "manual".into());
        let allocations = line
            .invoices
            .iter()
            .map(|i| (i.invoice_id, i.amount))
            .collect();
        self.pay_from_line(org_id, &line, &rule, allocations).await
    }

    async fn pay_from_line(
        &self,
        org_id: i64,
        line: &BankLineRecord,
        rule: &str,
        allocations: Vec<(i64, Decimal)>,
    ) -> ApiResult<PaymentRecord> {
        if line.state != LineState::Unmatched && line.state != LineState::Suggested {
            let why = match line.state {
                LineState::Outgoing => "is money out: only credits pay invoices",
                LineState::Matched => "is already confirmed: its payment is recorded",
                _ => "is ignored: take it back first",
            };
            return Err(ApiError::new(
                "conflict",
                format!("bank line {} {why}", line.id),
            ));
        }
        let currency = Currency::parse(&line.currency)?;
        let amount: Decimal = allocations.iter().map(|(_, a)| *a).sum();
        if amount > line.amount {
            return Err(ApiError::new(
                "allocation_mismatch",
                format!(
                    "the invoices take {amount}, more than the {} {} received",
                    line.amount, line.currency
                ),
            ));
        }
        let reference = payment_reference(line);
        let amounts: Vec<Decimal> = allocations.iter().map(|(_, a)| *a).collect();
        let reference = check_payment(
            amount,
            currency,
            line.booking_date,
            reference.as_deref(),
            &amounts,
        )?;
        let payment = NewPayment {
            org_id,
            date: line.booking_date,
            amount: amount.normalize(),
            currency,
            method: PaymentMethod::Transfer,
            reference,
            allocations,
        };
        Ok(self
            .store
            .confirm_bank_line(line.id, rule, &payment)
            .await?)
    }

    pub async fn ignore_bank_line(&self, req: IgnoreBankLine) -> ApiResult<BankLineRecord> {
        let org_id = self.org(req.org_id).await?;
        self.store
            .set_bank_line_ignored(org_id, req.line_id, req.ignored)
            .await?;
        Ok(self.store.bank_line(org_id, req.line_id).await?)
    }

    pub async fn list_bank_lines(&self, req: ListBankLines) -> ApiResult<BankLinePage> {
        let org_id = self.org(req.org_id).await?;
        Ok(self
            .store
            .bank_lines(&BankLineQuery {
                org_id,
                states: req.states,
                statement_id: req.statement_id,
                limit: req.limit.unwrap_or(100),
                offset: req.offset.unwrap_or(0),
            })
            .await?)
    }

    pub async fn bank_summary(&self, org_id: Option<i64>) -> ApiResult<BankSummary> {
        let org_id = self.org(org_id).await?;
        let counts = self.store.bank_line_counts(org_id).await?;
        let n =
            |s: LineState| u32::try_from(counts.get(&s).copied().unwrap_or(0)).unwrap_or(u32::MAX);
        Ok(BankSummary {
            unmatched: n(LineState::Unmatched),
            suggested: n(LineState::Suggested),
            matched: n(LineState::Matched),
            ignored: n(LineState::Ignored),
            outgoing: n(LineState::Outgoing),
            statements: self.store.statements(org_id).await?,
            mappings: self.csv_mappings(org_id).await?,
        })
    }
}

/// The payment's reference: the bank's own, else the start of the transfer's text.
fn payment_reference(line: &BankLineRecord) -> Option<String> {
    let text = line
        .bank_reference
        .clone()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| line.remittance.clone());
    let clipped: String = text.chars().take(100).collect();
    let clipped = clipped.trim().to_owned();
    (!clipped.is_empty()).then_some(clipped)
}
