//! The sync: queued links created, then every link in use asked for its paid sessions, each
//! payment recorded once (keyed on its PaymentIntent, fee kept apart), refunds noted. It
//! computes everything from what Stripe says and what is stored, so a sync after days
//! closed catches up, and a sync killed at any point is finished by the next one.

use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::Currency;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_store::payment_links::{ReceivedPayment, ReceivedRefund, Recorded};
use autoinvoice_stripe::{Client, StripeError, from_stripe_amount};
use chrono::{DateTime, NaiveDate, Utc};

fn day(unix: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(unix, 0)
        .map_or_else(|| Utc::now().date_naive(), |t| t.date_naive())
}

fn cents(amount: i64, currency: &str) -> i64 {
    let minor = Currency::parse(&currency.to_ascii_uppercase()).map_or(2, |c| c.minor_units());
    from_stripe_amount(amount, minor)
}

impl Api {
    /// One sync of the organization's online payments (the background task's and `payment
    /// sync`'s). A Stripe that cannot be reached ends it early, with the error in the report.
    pub async fn sync_payments(&self, org_id: Option<i64>) -> ApiResult<PaymentSyncReport> {
        let org_id = self.org(org_id).await?;
        let mut report = PaymentSyncReport::default();
        let Some(client) = self.stripe_client(org_id)? else {
            return Ok(report);
        };
        report.configured = true;
        if let Some(e) = self.make_queued_links(org_id, &client, &mut report).await? {
            report.error = Some(ApiError::new("offline", e.message));
            return Ok(report);
        }
        if let Err(e) = self.poll_links(org_id, &client, &mut report).await {
            report.error = Some(stripe_error(&e));
            return Ok(report);
        }
        if let Err(e) = self.poll_refunds(org_id, &client, &mut report).await {
            report.error = Some(stripe_error(&e));
        }
        Ok(report)
    }

    async fn poll_links(
        &self,
        org_id: i64,
        client: &Client,
        report: &mut PaymentSyncReport,
    ) -> Result<(), StripeError> {
        let mut links = self
            .store
            .payment_links_in(org_id, LinkState::Active)
            .await
            .map_err(store_err)?;
        // A link switched off in the last week may still have been paid just before (its
        // switching off, not its last sync, starts the week).
        let week_ago = (Utc::now() - chrono::TimeDelta::days(7))
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        links.extend(
            self.store
                .payment_links_switched_off_since(org_id, &week_ago)
                .await
                .map_err(store_err)?,
        );
        for link in links {
            let Some(stripe_id) = &link.link_id else {
                continue;
            };
            report.links_checked += 1;
            for session in client.link_sessions(stripe_id).await? {
                let (Some(intent), Some(amount), Some(currency)) = (
                    &session.payment_intent,
                    session.amount_total,
                    &session.currency,
                ) else {
                    continue;
                };
                if session.status.as_deref() != Some("complete") || session.payment_status != "paid"
                {
                    continue;
                }
                let pi = client.payment_intent(intent).await?;
                if pi.status != "succeeded" {
                    continue;
                }
                let fee = pi
                    .latest_charge
                    .as_ref()
                    .and_then(|c| c.balance_transaction.as_ref())
                    .map(|b| (cents(b.fee, &b.currency), b.currency.to_ascii_uppercase()));
                let recorded = self
                    .store
                    .record_stripe_payment(&ReceivedPayment {
                        org_id,
                        link_id: link.id,
                        invoice_id: link.invoice_id,
                        session_id: session.id.clone(),
                        payment_intent: intent.clone(),
                        amount_cents: cents(amount, currency),
                        currency: currency.to_ascii_uppercase(),
                        paid_on: day(session.created),
                        fee,
                    })
                    .await
                    .map_err(store_err)?;
                if let Recorded::New {
                    unapplied_cents, ..
                } = recorded
                {
                    report.payments_recorded += 1;
                    if unapplied_cents > 0 {
                        report.unapplied += 1;
                    }
                }
            }
            self.store
                .payment_link_synced(link.id)
                .await
                .map_err(store_err)?;
            // Paid by other means (a transfer, a credit note): nobody should pay it again.
            if link.state == LinkState::Active {
                let doc = self
                    .store
                    .document(link.invoice_id)
                    .await
                    .map_err(store_err)?;
                let owes = matches!(
                    doc.status,
                    Status::Issued | Status::Sent | Status::PartiallyPaid
                ) && doc.balance > rust_decimal::Decimal::ZERO;
                if !owes {
                    self.switch_off(client, &link)
                        .await
                        .map_err(|e| StripeError::protocol(e.message))?;
                }
            }
        }
        Ok(())
    }

    async fn poll_refunds(
        &self,
        org_id: i64,
        client: &Client,
        report: &mut PaymentSyncReport,
    ) -> Result<(), StripeError> {
        for (intent, _) in self
            .store
            .stripe_payment_intents(org_id)
            .await
            .map_err(store_err)?
        {
            for r in client.refunds(&intent).await? {
                let noted = self
                    .store
                    .record_stripe_refund(&ReceivedRefund {
                        org_id,
                        refund_id: r.id,
                        payment_intent: intent.clone(),
                        amount_cents: cents(r.amount, &r.currency),
                        currency: r.currency.to_ascii_uppercase(),
                        status: r.status.unwrap_or_else(|| "succeeded".into()),
                        refunded_on: day(r.created),
                    })
                    .await
                    .map_err(store_err)?;
                report.refunds_noted += u32::from(noted);
            }
        }
        Ok(())
    }
}

/// A failure to keep what Stripe said, carried through the Stripe steps.
fn store_err(e: autoinvoice_store::StoreError) -> StripeError {
    StripeError::protocol(e.to_string())
}

fn stripe_error(e: &StripeError) -> ApiError {
    let code = match e.kind {
        autoinvoice_stripe::ErrorKind::Network => "offline",
        autoinvoice_stripe::ErrorKind::InvalidKey => "invalid_key",
        autoinvoice_stripe::ErrorKind::Permission => "permission",
        _ => "stripe",
    };
    ApiError::new(code, e.message.clone())
}
