//! The `payments` and `payment_allocations` tables: one payment may settle several invoices.

use crate::documents::load_row;
use crate::error::{StoreError, StoreResult};
use crate::{Store, journal, new_uid, now_text};
use autoinvoice_domain::Currency;
use autoinvoice_domain::lifecycle::{Settlement, Status};
use autoinvoice_domain::money::{from_cents, to_cents};
use autoinvoice_domain::payment::PaymentMethod;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;
use sqlx::{Row, Sqlite, Transaction};

/// A payment to record, already checked by the domain.
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub org_id: i64,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub currency: Currency,
    pub method: PaymentMethod,
    pub reference: Option<String>,
    /// (invoice id, amount applied)
    pub allocations: Vec<(i64, Decimal)>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Allocation {
    pub invoice_id: i64,
    pub number: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PaymentRecord {
    pub id: i64,
    pub uid: String,
    pub date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: Decimal,
    pub currency: String,
    pub method: String,
    pub reference: Option<String>,
    pub allocations: Vec<Allocation>,
    pub created_at: String,
}

impl Store {
    /// Records a payment and applies it to its invoices, all or nothing.
    pub async fn record_payment(&self, p: &NewPayment) -> StoreResult<PaymentRecord> {
        let mut tx = self.write().await?;
        let record = record_payment_in(&mut tx, p).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Payments of an organization, newest first, optionally those touching one invoice.
    pub async fn payments(
        &self,
        org_id: i64,
        invoice_id: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<PaymentRecord>> {
        let rows = sqlx::query(
            "SELECT id, uid, date, amount_cents, currency, method, reference, created_at FROM payments p WHERE org_id = ?
             AND (? IS NULL OR EXISTS (SELECT 1 FROM payment_allocations a WHERE a.payment_id = p.id AND a.invoice_id = ?))
             ORDER BY date DESC, id DESC LIMIT ? OFFSET ?",
        )
        .bind(org_id)
        .bind(invoice_id)
        .bind(invoice_id)
        .bind(limit.clamp(1, 10_000))
        .bind(offset.max(0))
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.get("id");
            let allocs = sqlx::query(
                "SELECT a.invoice_id, COALESCE(i.number, '#' || i.id) AS number, a.amount_cents FROM payment_allocations a
                 JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = ? ORDER BY a.invoice_id",
            )
            .bind(id)
            .fetch_all(self.pool())
            .await?;
            out.push(PaymentRecord {
                id,
                uid: r.get("uid"),
                date: r.get("date"),
                amount: from_cents(r.get("amount_cents")),
                currency: r.get("currency"),
                method: r.get("method"),
                reference: r.get("reference"),
                created_at: r.get("created_at"),
                allocations: allocs
                    .iter()
                    .map(|a| Allocation {
                        invoice_id: a.get("invoice_id"),
                        number: a.get("number"),
                        amount: from_cents(a.get("amount_cents")),
                    })
                    .collect(),
            });
        }
        Ok(out)
    }
}

/// Records a payment inside `tx` (the caller commits): what [`Store::record_payment`] does,
/// for operations that record a payment together with something else.
pub(crate) async fn record_payment_in(
    tx: &mut Transaction<'static, Sqlite>,
    p: &NewPayment,
) -> StoreResult<PaymentRecord> {
    let uid = new_uid();

    let now = now_text();
    let amount_cents = to_cents(p.amount)?;
    let mut seen = std::collections::HashSet::new();
    let mut updates = Vec::new();
    for (invoice_id, applied) in &p.allocations {
        if !seen.insert(*invoice_id) {
            return Err(StoreError::Conflict(format!(
                "invoice #{invoice_id} is listed twice in the payment"
            )));
        }
        let inv = load_row(tx, *invoice_id).await?;
        let number = inv.number.clone().unwrap_or_else(|| format!("#{}", inv.id));
        if inv.org_id != p.org_id {
            return Err(StoreError::not_found("invoice", invoice_id));
        }
        if inv.kind != "invoice" {
            return Err(StoreError::Conflict(format!(
                "{number} is not an invoice; payments settle invoices"
            )));
        }
        let status = Status::parse(&inv.status)?;
        if status == Status::Draft {
            return Err(StoreError::Conflict(format!(
                "draft #{} must be issued before it can be paid",
                inv.id
            )));
        }
        if inv.currency != p.currency.code() {
            return Err(StoreError::Conflict(format!(
                "{number} is in {}, the payment in {}",
                inv.currency, p.currency
            )));
        }
        let settlement = Settlement {
            due: from_cents(inv.due_cents),
            paid: from_cents(inv.paid_cents),
            credited: from_cents(inv.credited_cents),
            sent: inv.sent_at.is_some(),
        };
        settlement
            .check_apply(*applied, "payment")
            .map_err(|e| StoreError::Conflict(format!("{number}: {}", e.message)))?;
        let after = Settlement {
            paid: settlement.paid + applied,
            ..settlement
        };
        updates.push((
            inv.id,
            number,
            to_cents(*applied)?,
            to_cents(after.paid)?,
            after.status(),
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (uid, org_id, date, amount_cents, currency, method, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(p.org_id)
    .bind(p.date)
    .bind(amount_cents)
    .bind(p.currency.code())
    .bind(p.method.code())
    .bind(&p.reference)
    .bind(&now)
    .fetch_one(&mut **tx)
    .await?;
    // Journal allocations in invoice-id order, as `verify` reads them back.
    updates.sort_by_key(|u| u.0);
    for (invoice_id, _, applied, paid_cents, status) in &updates {
        sqlx::query("INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (?, ?, ?)")
            .bind(id)
            .bind(invoice_id)
            .bind(applied)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE invoices SET paid_cents = ?, status = ?, updated_at = ? WHERE id = ?")
            .bind(paid_cents)
            .bind(status.code())
            .bind(&now)
            .bind(invoice_id)
            .execute(&mut **tx)
            .await?;
    }
    let allocs: Vec<_> = updates
        .iter()
        .map(|(i, _, c, _, _)| json!({"invoice_id": i, "amount_cents": c}))
        .collect();
    journal::append(
        tx,
        p.org_id,
        "payment",
        None,
        &json!({"payment_uid": uid, "date": p.date.to_string(), "amount_cents": amount_cents, "currency": p.currency.code(),
                "method": p.method.code(), "allocations": allocs}),
    )
    .await?;
    Ok(PaymentRecord {
        id,
        uid,
        date: p.date,
        amount: p.amount,
        currency: p.currency.code().to_owned(),
        method: p.method.code().to_owned(),
        reference: p.reference.clone(),
        allocations: updates
            .into_iter()
            .map(|(invoice_id, number, c, _, _)| Allocation {
                invoice_id,
                number,
                amount: from_cents(c),
            })
            .collect(),
        created_at: now,
    })
}
