//! What the FEC is written from: the invoices and credit notes issued in the fiscal year
//! with their VAT rows, and the payments dated in it with their allocations.

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;

/// An issued invoice or credit note, with its VAT rows (category, rate, operation,
/// taxable, tax).
#[derive(Debug, Clone)]
pub struct FecDocument {
    pub id: i64,
    pub credit_note: bool,
    pub number: String,
    pub issue_date: NaiveDate,
    /// RFC 3339 UTC: when it was issued (validated).
    pub issued_at: String,
    pub customer_id: i64,
    pub buyer_name: String,
    pub currency: String,
    pub total_incl_cents: i64,
    pub vat: Vec<(String, String, Option<String>, i64, i64)>,
    /// For a credit note: the invoice it corrects.
    pub credits: Option<FecCreditNote>,
}

#[derive(Debug, Clone)]
pub struct FecCreditNote {
    pub invoice_number: String,
}

#[derive(Debug, Clone)]
pub struct FecPayment {
    pub id: i64,
    pub date: NaiveDate,
    pub created_at: String,
    pub amount_cents: i64,
    pub currency: String,
    pub method: String,
    pub reference: Option<String>,
    /// (invoice id, invoice number, customer id, buyer name, amount)
    pub allocations: Vec<(i64, String, i64, String, i64)>,
}

impl Store {
    pub async fn fec_documents(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<FecDocument>> {
        let rows = sqlx::query(
            "SELECT i.id, i.kind, i.number, i.issue_date, i.issued_at, i.customer_id, i.buyer_name, i.currency,
                    i.total_incl_cents, p.number, v.category, v.rate, v.operation, v.taxable_cents, v.tax_cents
             FROM invoices i INDEXED BY invoices_by_issue_date
             JOIN invoice_vat v ON v.invoice_id = i.id
             LEFT JOIN invoices p ON p.id = i.preceding_id
             WHERE i.org_id = ? AND i.issue_date >= ? AND i.issue_date <= ?
               AND i.kind IN ('invoice', 'credit_note') AND i.status <> 'draft'
             ORDER BY i.issue_date, i.issued_at, i.id, v.category, v.rate",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<FecDocument> = Vec::new();
        for r in &rows {
            let id: i64 = r.get(0);
            if out.last().is_none_or(|d| d.id != id) {
                let kind: String = r.get(1);
                out.push(FecDocument {
                    id,
                    credit_note: kind == "credit_note",
                    number: r.get(2),
                    issue_date: r.get::<String, _>(3).parse().unwrap_or_default(),
                    issued_at: r.get::<Option<String>, _>(4).unwrap_or_default(),
                    customer_id: r.get(5),
                    buyer_name: r.get(6),
                    currency: r.get(7),
                    total_incl_cents: r.get(8),
                    vat: Vec::new(),
                    credits: r
                        .get::<Option<String>, _>(9)
                        .map(|invoice_number| FecCreditNote { invoice_number }),
                });
            }
            if let Some(d) = out.last_mut() {
                d.vat
                    .push((r.get(10), r.get(11), r.get(12), r.get(13), r.get(14)));
            }
        }
        Ok(out)
    }

    pub async fn fec_payments(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<FecPayment>> {
        let rows = sqlx::query(
            "SELECT p.id, p.date, p.created_at, p.amount_cents, p.currency, p.method, p.reference,
                    a.invoice_id, i.number, i.customer_id, i.buyer_name, a.amount_cents
             FROM payments p
             LEFT JOIN payment_allocations a ON a.payment_id = p.id
             LEFT JOIN invoices i ON i.id = a.invoice_id
             WHERE p.org_id = ? AND p.date >= ? AND p.date <= ?
             ORDER BY p.date, p.id, a.invoice_id",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<FecPayment> = Vec::new();
        for r in &rows {
            let id: i64 = r.get(0);
            if out.last().is_none_or(|p| p.id != id) {
                out.push(FecPayment {
                    id,
                    date: r.get::<String, _>(1).parse().unwrap_or_default(),
                    created_at: r.get(2),
                    amount_cents: r.get(3),
                    currency: r.get(4),
                    method: r.get(5),
                    reference: r.get(6),
                    allocations: Vec::new(),
                });
            }
            if let (Some(p), Some(invoice_id)) = (out.last_mut(), r.get::<Option<i64>, _>(7)) {
                p.allocations.push((
                    invoice_id,
                    r.get::<Option<String>, _>(8).unwrap_or_default(),
                    r.get(9),
                    r.get(10),
                    r.get(11),
                ));
            }
        }
        Ok(out)
    }
}
