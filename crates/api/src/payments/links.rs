//! Payment links: queued at once (offline too), created at Stripe as soon as it answers.

use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::Currency;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::money::to_cents;
use autoinvoice_store::payment_links::NewLink;
use autoinvoice_stripe::{Client, StripeError, to_stripe_amount};
use chrono::{TimeDelta, Utc};

/// After a failed attempt, the next one waits 1, 2, 4 … minutes, at most 6 hours.
fn next_attempt(attempts: u32) -> String {
    let minutes = 1i64 << attempts.min(9);
    (Utc::now() + TimeDelta::minutes(minutes.min(360)))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl Api {
    /// The invoice's payment link: the one in use, or a new one for its amount due, queued
    /// and created at Stripe now if it answers. Offline, the link stays queued and the sync
    /// creates it later; nothing waits for it.
    pub async fn create_payment_link(
        &self,
        req: CreatePaymentLink,
    ) -> ApiResult<PaymentLinkRecord> {
        let org_id = self.org(req.org_id).await?;
        let id = self.resolve(org_id, &req.invoice).await?;
        let doc = self.store.document(id).await?;
        let number = doc.number.clone().unwrap_or_else(|| format!("#{id}"));
        if doc.kind != DocumentKind::Invoice {
            return Err(ApiError::new(
                "conflict",
                format!("{number} is not an invoice: only invoices are paid online"),
            ));
        }
        if !matches!(
            doc.status,
            Status::Issued | Status::Sent | Status::PartiallyPaid
        ) || doc.balance <= rust_decimal::Decimal::ZERO
        {
            return Err(ApiError::new(
                "conflict",
                format!("{number} owes nothing: no payment link"),
            ));
        }
        let Some(client) = self.stripe_client(org_id)? else {
            return Err(ApiError::new(
                "stripe_not_configured",
                "no Stripe key is set: add one in Settings → Payments (or `autoinvoice stripe config --key-stdin`)",
            ));
        };
        // A link for another amount than what is due now is switched off and replaced.
        for old in self.store.invoice_payment_links(id).await? {
            if matches!(old.state, LinkState::Queued | LinkState::Active)
                && old.amount != doc.balance
            {
                self.switch_off(&client, &old).await?;
            }
        }
        let link = self
            .store
            .queue_payment_link(&NewLink {
                org_id,
                invoice_id: id,
                amount_cents: to_cents(doc.balance)?,
                currency: doc.currency.code().to_owned(),
            })
            .await?;
        if link.state == LinkState::Queued {
            // Offline or Stripe busy: kept queued; any other refusal is the user's to see.
            if let Err(e) = self.make_link(&client, &link).await
                && !e.is_transient()
            {
                return Err(ApiError::new("stripe", e.message));
            }
        }
        Ok(self.store.payment_link(org_id, link.id).await?)
    }

    /// Creates the queued links whose time has come. Returns (created, waiting, failed) and
    /// the first transient error, if Stripe could not be reached.
    pub(super) async fn make_queued_links(
        &self,
        org_id: i64,
        client: &Client,
        report: &mut PaymentSyncReport,
    ) -> ApiResult<Option<StripeError>> {
        let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        for link in self
            .store
            .payment_links_in(org_id, LinkState::Queued)
            .await?
        {
            if link
                .next_attempt_at
                .as_deref()
                .is_some_and(|t| t > now.as_str())
            {
                report.links_waiting += 1;
                continue;
            }
            match self.make_link(client, &link).await {
                Ok(()) => report.links_created += 1,
                Err(e) if e.is_transient() => {
                    report.links_waiting += 1;
                    return Ok(Some(e));
                }
                Err(_) => report.links_failed += 1,
            }
        }
        Ok(None)
    }

    /// One queued link made at Stripe: its price, then the link, each with its own
    /// Idempotency-Key derived from the link's, so a retry gets the same objects back.
    async fn make_link(
        &self,
        client: &Client,
        link: &PaymentLinkRecord,
    ) -> Result<(), StripeError> {
        let result = self.make_link_at_stripe(client, link).await;
        match &result {
            Ok(()) => {}
            Err(e) => {
                let next = e.is_transient().then(|| next_attempt(link.attempts));
                self.store
                    .payment_link_attempt_failed(link.id, &e.message, next.as_deref())
                    .await
                    .map_err(|se| StripeError::protocol(se.to_string()))?;
            }
        }
        result
    }

    async fn make_link_at_stripe(
        &self,
        client: &Client,
        link: &PaymentLinkRecord,
    ) -> Result<(), StripeError> {
        let currency =
            Currency::parse(&link.currency).map_err(|e| StripeError::protocol(e.message))?;
        let cents = to_cents(link.amount).map_err(|e| StripeError::protocol(e.message))?;
        let store_err = |e: autoinvoice_store::StoreError| StripeError::protocol(e.to_string());
        let doc = self
            .store
            .document(link.invoice_id)
            .await
            .map_err(store_err)?;
        let seller = self
            .store
            .organization(doc.org_id)
            .await
            .map_err(store_err)?
            .organization
            .legal_name;
        let price_id = match &link.price_id {
            Some(p) => p.clone(),
            None => {
                let price = client
                    .create_price(
                        &format!("{}:price", link.idempotency_key),
                        currency.code(),
                        to_stripe_amount(cents, currency.minor_units()),
                        &format!("{seller} · {}", link.number),
                    )
                    .await?;
                self.store
                    .set_payment_link_price(link.id, &price.id)
                    .await
                    .map_err(store_err)?;
                price.id
            }
        };
        let made = client
            .create_payment_link(
                &format!("{}:link", link.idempotency_key),
                &price_id,
                &[
                    ("invoice_number", link.number.clone()),
                    ("autoinvoice_link", link.idempotency_key.clone()),
                ],
            )
            .await?;
        self.store
            .activate_payment_link(link.id, &price_id, &made.id, &made.url, made.livemode)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    /// Switches a link off, at Stripe too when it was made there.
    pub(super) async fn switch_off(
        &self,
        client: &Client,
        link: &PaymentLinkRecord,
    ) -> ApiResult<()> {
        if let Some(stripe_id) = &link.link_id {
            client
                .deactivate_payment_link(&format!("{}:off", link.idempotency_key), stripe_id)
                .await
                .map_err(|e| {
                    ApiError::new(
                        "stripe",
                        format!(
                            "the old payment link could not be switched off: {}",
                            e.message
                        ),
                    )
                })?;
        }
        Ok(self.store.deactivate_payment_link(link.id).await?)
    }

    /// The URL of the invoice's link in use, for emails, reminders and the PDF.
    pub(crate) async fn active_payment_url(&self, invoice_id: i64) -> ApiResult<Option<String>> {
        Ok(self
            .store
            .invoice_payment_links(invoice_id)
            .await?
            .into_iter()
            .find(|l| l.state == LinkState::Active)
            .and_then(|l| l.url))
    }

    /// The invoice's links and the payments received through them (the invoice screen).
    pub async fn invoice_online_payments(
        &self,
        req: crate::DocumentInOrg,
    ) -> ApiResult<OnlinePayments> {
        let org_id = self.org(req.org_id).await?;
        let id = self.resolve(org_id, &req.document).await?;
        Ok(OnlinePayments {
            configured: self.stripe_key(org_id)?.is_some(),
            links: self.store.invoice_payment_links(id).await?,
            received: self.store.invoice_stripe_payments(id).await?,
        })
    }

    /// The invoice's links, newest first.
    pub async fn invoice_payment_links(
        &self,
        org_id: Option<i64>,
        invoice: &crate::DocumentRef,
    ) -> ApiResult<Vec<PaymentLinkRecord>> {
        let org_id = self.org(org_id).await?;
        let id = self.resolve(org_id, invoice).await?;
        Ok(self.store.invoice_payment_links(id).await?)
    }

    /// Payments received online for the invoice (fee and refunds included).
    pub async fn invoice_stripe_payments(
        &self,
        org_id: Option<i64>,
        invoice: &crate::DocumentRef,
    ) -> ApiResult<Vec<StripePaymentRecord>> {
        let org_id = self.org(org_id).await?;
        let id = self.resolve(org_id, invoice).await?;
        Ok(self.store.invoice_stripe_payments(id).await?)
    }
}
