//! Payments: record (partial, or one payment for several invoices) and list.

use crate::{Api, ApiError, ApiResult, ListPayments, PaymentRecord, RecordPayment};
use autoinvoice_domain::payment::check_payment;
use autoinvoice_store::payments::NewPayment;
use rust_decimal::Decimal;

impl Api {
    pub async fn record_payment(&self, req: RecordPayment) -> ApiResult<PaymentRecord> {
        let org_id = self.org(req.org_id).await?;
        if req.allocations.is_empty() {
            return Err(ApiError::new(
                "required",
                "allocations: say which invoice(s) the payment settles",
            ));
        }
        if req.allocations.len() > 1000 {
            return Err(ApiError::new(
                "out_of_range",
                "allocations: at most 1000 invoices per payment",
            ));
        }
        let mut resolved = Vec::with_capacity(req.allocations.len());
        let mut currency = None;
        let single = req.allocations.len() == 1;
        for a in &req.allocations {
            let id = self.resolve(org_id, &a.invoice).await?;
            let doc = self.store.document(id).await?;
            if currency.is_some_and(|c| c != doc.currency) {
                return Err(ApiError::new(
                    "currency_mismatch",
                    "the invoices of one payment are in one currency",
                ));
            }
            currency = Some(doc.currency);
            // Unspecified amount: the whole payment for a single invoice, else the balance.
            let amount = a
                .amount
                .unwrap_or(if single { req.amount } else { doc.balance });
            resolved.push((id, amount));
        }
        let currency = currency.ok_or_else(|| ApiError::new("required", "allocations"))?;
        let amounts: Vec<Decimal> = resolved.iter().map(|(_, a)| *a).collect();
        let date = req.date.unwrap_or_else(|| self.today());
        let reference = check_payment(
            req.amount,
            currency,
            date,
            req.reference.as_deref(),
            &amounts,
        )?;
        let payment = NewPayment {
            org_id,
            date,
            amount: req.amount.normalize(),
            currency,
            method: req.method,
            reference,
            allocations: resolved,
        };
        Ok(self.store.record_payment(&payment).await?)
    }

    pub async fn list_payments(&self, req: ListPayments) -> ApiResult<Vec<PaymentRecord>> {
        let org_id = self.org(req.org_id).await?;
        let invoice_id = match &req.invoice {
            Some(r) => Some(self.resolve(org_id, r).await?),
            None => None,
        };
        Ok(self
            .store
            .payments(
                org_id,
                invoice_id,
                req.limit.unwrap_or(100),
                req.offset.unwrap_or(0),
            )
            .await?)
    }
}
