//! Payments received through links, each recorded once, and their refunds.

use super::StripePaymentRecord;
use crate::documents::load_row;
use crate::error::{StoreError, StoreResult};
use crate::payments::{NewPayment, record_payment_in};
use crate::{Store, journal, now_text};
use autoinvoice_domain::Currency;
use autoinvoice_domain::money::from_cents;
use autoinvoice_domain::payment::PaymentMethod;
use chrono::NaiveDate;
use serde_json::json;
use sqlx::Row;

/// A completed, paid Checkout Session of a link.
#[derive(Debug, Clone)]
pub struct ReceivedPayment {
    pub org_id: i64,
    pub link_id: i64,
    pub invoice_id: i64,
    pub session_id: String,
    pub payment_intent: String,
    /// Hundredths.
    pub amount_cents: i64,
    pub currency: String,
    pub paid_on: NaiveDate,
    /// Stripe's fee, when its balance transaction is there yet (hundredths).
    pub fee: Option<(i64, String)>,
}

/// What recording did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// A new payment; `applied` of it went to the invoice, `unapplied` is to give back.
    New {
        payment_id: Option<i64>,
        applied_cents: i64,
        unapplied_cents: i64,
    },
    /// This PaymentIntent was recorded before: nothing changed (the fee may have been filled).
    Known,
}

#[derive(Debug, Clone)]
pub struct ReceivedRefund {
    pub org_id: i64,
    pub refund_id: String,
    pub payment_intent: String,
    pub amount_cents: i64,
    pub currency: String,
    pub status: String,
    pub refunded_on: NaiveDate,
}

impl Store {
    /// Records a payment received through a link, once: the PaymentIntent is the key, and the
    /// invoice's payment is written in the same transaction. What the invoice no longer owes
    /// is kept as unapplied, never forced onto it. The link is switched off when the invoice
    /// is paid.
    pub async fn record_stripe_payment(&self, p: &ReceivedPayment) -> StoreResult<Recorded> {
        let mut tx = self.write().await?;
        let known: Option<Option<i64>> =
            sqlx::query_scalar("SELECT fee_cents FROM stripe_payments WHERE payment_intent = ?")
                .bind(&p.payment_intent)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(fee) = known {
            if fee.is_none()
                && let Some((fee_cents, fee_currency)) = &p.fee
            {
                sqlx::query("UPDATE stripe_payments SET fee_cents = ?, fee_currency = ? WHERE payment_intent = ?")
                    .bind(fee_cents)
                    .bind(fee_currency)
                    .bind(&p.payment_intent)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            return Ok(Recorded::Known);
        }
        let inv = load_row(&mut tx, p.invoice_id).await?;
        if inv.org_id != p.org_id {
            return Err(StoreError::not_found("invoice", p.invoice_id));
        }
        let owes = matches!(inv.status.as_str(), "issued" | "sent" | "partially_paid")
            && inv.currency == p.currency;
        let balance = if owes {
            inv.due_cents - inv.paid_cents - inv.credited_cents
        } else {
            0
        };
        let applied = p.amount_cents.min(balance.max(0));
        let payment_id = if applied > 0 {
            let currency = Currency::parse(&p.currency)?;
            let record = record_payment_in(
                &mut tx,
                &NewPayment {
                    org_id: p.org_id,
                    date: p.paid_on,
                    amount: from_cents(applied),
                    currency,
                    method: PaymentMethod::Stripe,
                    reference: Some(p.payment_intent.clone()),
                    allocations: vec![(p.invoice_id, from_cents(applied))],
                },
            )
            .await?;
            Some(record.id)
        } else {
            None
        };
        let unapplied = p.amount_cents - applied;
        sqlx::query(
            "INSERT INTO stripe_payments (payment_intent, org_id, link_id, invoice_id, session_id, payment_id, amount_cents,
             currency, unapplied_cents, fee_cents, fee_currency, paid_on, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&p.payment_intent)
        .bind(p.org_id)
        .bind(p.link_id)
        .bind(p.invoice_id)
        .bind(&p.session_id)
        .bind(payment_id)
        .bind(p.amount_cents)
        .bind(&p.currency)
        .bind(unapplied)
        .bind(p.fee.as_ref().map(|f| f.0))
        .bind(p.fee.as_ref().map(|f| f.1.clone()))
        .bind(p.paid_on)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        if unapplied > 0 {
            journal::append(
                &mut tx,
                p.org_id,
                "stripe_unapplied",
                Some(p.invoice_id),
                &json!({"payment_intent": p.payment_intent, "amount_cents": p.amount_cents, "unapplied_cents": unapplied,
                        "currency": p.currency}),
            )
            .await?;
        }
        // A link is paid once: it has done its work.
        sqlx::query("UPDATE payment_links SET state = 'inactive', updated_at = ? WHERE id = ? AND state = 'active'")
            .bind(now_text())
            .bind(p.link_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Recorded::New {
            payment_id,
            applied_cents: applied,
            unapplied_cents: unapplied,
        })
    }

    /// Notes a refund made in Stripe, once, in the journal too. The invoice's payments are not
    /// changed: a refund for a cancelled sale goes with a credit note, which the user issues.
    pub async fn record_stripe_refund(&self, r: &ReceivedRefund) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO stripe_refunds (refund_id, payment_intent, amount_cents, currency, status, refunded_on, recorded_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (refund_id) DO UPDATE SET status = excluded.status
             WHERE stripe_refunds.status <> excluded.status",
        )
        .bind(&r.refund_id)
        .bind(&r.payment_intent)
        .bind(r.amount_cents)
        .bind(&r.currency)
        .bind(&r.status)
        .bind(r.refunded_on)
        .bind(now_text())
        .execute(&mut *tx)
        .await?;
        let changed = inserted.rows_affected() > 0;
        if changed {
            let invoice_id: i64 = sqlx::query_scalar(
                "SELECT invoice_id FROM stripe_payments WHERE payment_intent = ?",
            )
            .bind(&r.payment_intent)
            .fetch_one(&mut *tx)
            .await?;
            journal::append(
                &mut tx,
                r.org_id,
                "stripe_refund",
                Some(invoice_id),
                &json!({"refund_id": r.refund_id, "payment_intent": r.payment_intent, "amount_cents": r.amount_cents,
                        "currency": r.currency, "status": r.status}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Payment intents recorded for the organization (to look for refunds).
    pub async fn stripe_payment_intents(&self, org_id: i64) -> StoreResult<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT payment_intent, currency FROM stripe_payments WHERE org_id = ? ORDER BY paid_on")
            .bind(org_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("payment_intent"), r.get("currency")))
            .collect())
    }

    /// Payments received through links for an invoice, with what was refunded of each.
    pub async fn invoice_stripe_payments(
        &self,
        invoice_id: i64,
    ) -> StoreResult<Vec<StripePaymentRecord>> {
        let rows = sqlx::query(
            "SELECT p.payment_intent, p.invoice_id, p.payment_id, p.amount_cents, p.currency, p.unapplied_cents, p.fee_cents,
             p.fee_currency, p.paid_on,
             (SELECT COALESCE(SUM(amount_cents), 0) FROM stripe_refunds r WHERE r.payment_intent = p.payment_intent
              AND r.status IN ('succeeded', 'pending')) AS refunded
             FROM stripe_payments p WHERE p.invoice_id = ? ORDER BY p.paid_on",
        )
        .bind(invoice_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| StripePaymentRecord {
                payment_intent: r.get("payment_intent"),
                invoice_id: r.get("invoice_id"),
                payment_id: r.get("payment_id"),
                amount: from_cents(r.get("amount_cents")),
                currency: r.get("currency"),
                unapplied: from_cents(r.get("unapplied_cents")),
                fee: r.get::<Option<i64>, _>("fee_cents").map(from_cents),
                fee_currency: r.get("fee_currency"),
                paid_on: r.get("paid_on"),
                refunded: from_cents(r.get("refunded")),
            })
            .collect())
    }
}
