//! The HTTP side: authentication, form encoding, Idempotency-Key, retries with backoff.

use crate::error::{ErrorKind, StripeError};
use crate::objects::*;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;

/// Test or live, as the key says (`sk_test_…`, `rk_live_…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Test,
    Live,
}

impl Mode {
    /// The mode of a secret or restricted key; `None` for anything else (a publishable key,
    /// a typo).
    pub fn of_key(key: &str) -> Option<Self> {
        let key = key.trim();
        if key.starts_with("sk_test_") || key.starts_with("rk_test_") {
            Some(Self::Test)
        } else if key.starts_with("sk_live_") || key.starts_with("rk_live_") {
            Some(Self::Live)
        } else {
            None
        }
    }
}

/// How the client talks to Stripe.
#[derive(Debug, Clone)]
pub struct Options {
    pub base_url: String,
    /// Per attempt.
    pub timeout: Duration,
    /// Attempts for a retryable failure, the first included.
    pub attempts: u32,
    /// The first wait between attempts; doubled each time.
    pub backoff: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            base_url: crate::API_BASE.to_owned(),
            timeout: Duration::from_secs(30),
            attempts: 4,
            backoff: Duration::from_millis(500),
        }
    }
}

/// A client for one account's key. `Debug` never shows the key.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    key: Arc<str>,
    options: Options,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.options.base_url)
            .field("key", &"<redacted>")
            .finish()
    }
}

fn tls_config() -> Result<rustls::ClientConfig, StripeError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| StripeError::protocol(format!("TLS set-up: {e}")))?
        .with_platform_verifier()
        .map(|b| b.with_no_client_auth())
        .map_err(|e| StripeError::protocol(format!("TLS set-up: {e}")))
}

impl Client {
    pub fn new(key: &str, options: Options) -> Result<Self, StripeError> {
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .timeout(options.timeout)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("AutoInvoice/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| StripeError::protocol(format!("HTTP client: {e}")))?;
        Ok(Self {
            http,
            key: Arc::from(key.trim()),
            options,
        })
    }

    pub fn mode(&self) -> Option<Mode> {
        Mode::of_key(&self.key)
    }

    /// `GET /v1/balance`: the cheapest call that proves the key (and its Balance permission).
    pub async fn balance(&self) -> Result<Balance, StripeError> {
        self.get("/v1/balance", &[]).await
    }

    /// `GET /v1/payment_links?limit=1`: the key may read payment links.
    pub async fn can_read_payment_links(&self) -> Result<(), StripeError> {
        self.get::<List<PaymentLink>>("/v1/payment_links", &[("limit", "1".into())])
            .await
            .map(|_| ())
    }

    /// `POST /v1/prices`: a one-off price for one invoice.
    pub async fn create_price(
        &self,
        idempotency_key: &str,
        currency: &str,
        unit_amount: i64,
        product_name: &str,
    ) -> Result<Price, StripeError> {
        self.post(
            "/v1/prices",
            idempotency_key,
            &[
                ("currency", currency.to_ascii_lowercase()),
                ("unit_amount", unit_amount.to_string()),
                ("product_data[name]", product_name.to_owned()),
            ],
        )
        .await
    }

    /// `POST /v1/payment_links`: a link that can be completed once, carrying `metadata` on
    /// itself and on the payment it creates.
    pub async fn create_payment_link(
        &self,
        idempotency_key: &str,
        price_id: &str,
        metadata: &[(&str, String)],
    ) -> Result<PaymentLink, StripeError> {
        let mut params = vec![
            ("line_items[0][price]".to_owned(), price_id.to_owned()),
            ("line_items[0][quantity]".to_owned(), "1".to_owned()),
            (
                "restrictions[completed_sessions][limit]".to_owned(),
                "1".to_owned(),
            ),
        ];
        for (k, v) in metadata {
            params.push((format!("metadata[{k}]"), v.clone()));
            params.push((format!("payment_intent_data[metadata][{k}]"), v.clone()));
        }
        let params: Vec<(&str, String)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        self.post("/v1/payment_links", idempotency_key, &params)
            .await
    }

    /// `POST /v1/payment_links/{id}` with `active=false`: nobody can pay it any more.
    pub async fn deactivate_payment_link(
        &self,
        idempotency_key: &str,
        id: &str,
    ) -> Result<PaymentLink, StripeError> {
        self.post(
            &format!("/v1/payment_links/{id}"),
            idempotency_key,
            &[("active", "false".into())],
        )
        .await
    }

    /// `GET /v1/checkout/sessions?payment_link=…`: the link's sessions, all pages.
    pub async fn link_sessions(
        &self,
        payment_link: &str,
    ) -> Result<Vec<CheckoutSession>, StripeError> {
        let mut out: Vec<CheckoutSession> = Vec::new();
        loop {
            let mut query = vec![
                ("payment_link", payment_link.to_owned()),
                ("limit", "100".to_owned()),
            ];
            if let Some(last) = out.last() {
                query.push(("starting_after", last.id.clone()));
            }
            let page: List<CheckoutSession> = self.get("/v1/checkout/sessions", &query).await?;
            let more = page.has_more && !page.data.is_empty();
            out.extend(page.data);
            if !more || out.len() > 10_000 {
                return Ok(out);
            }
        }
    }

    /// `GET /v1/payment_intents/{id}` with its charge's balance transaction (the fee).
    pub async fn payment_intent(&self, id: &str) -> Result<PaymentIntent, StripeError> {
        self.get(
            &format!("/v1/payment_intents/{id}"),
            &[("expand[]", "latest_charge.balance_transaction".to_owned())],
        )
        .await
    }

    /// `GET /v1/refunds?payment_intent=…`
    pub async fn refunds(&self, payment_intent: &str) -> Result<Vec<Refund>, StripeError> {
        let page: List<Refund> = self
            .get(
                "/v1/refunds",
                &[
                    ("payment_intent", payment_intent.to_owned()),
                    ("limit", "100".to_owned()),
                ],
            )
            .await?;
        Ok(page.data)
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, StripeError> {
        self.send(|| {
            self.http
                .get(format!("{}{path}", self.options.base_url))
                .query(query)
        })
        .await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        idempotency_key: &str,
        params: &[(&str, String)],
    ) -> Result<T, StripeError> {
        self.send(|| {
            self.http
                .post(format!("{}{path}", self.options.base_url))
                .header("Idempotency-Key", idempotency_key)
                .form(params)
        })
        .await
    }

    /// One request, tried again (same headers, so the same Idempotency-Key) while the
    /// failure is one Stripe says may be retried.
    async fn send<T: DeserializeOwned>(
        &self,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<T, StripeError> {
        let mut wait = self.options.backoff;
        let mut attempt = 1;
        loop {
            let result = self.once(request()).await;
            let retry = match &result {
                Ok(_) => false,
                Err((e, should_retry)) => should_retry.unwrap_or(
                    matches!(
                        e.kind,
                        ErrorKind::Network | ErrorKind::RateLimited | ErrorKind::Server
                    ) || (e.status == Some(409) && e.code.as_deref() == Some("lock_timeout")),
                ),
            };
            match result {
                Ok(v) => return Ok(v),
                Err((e, _)) if !retry || attempt >= self.options.attempts => return Err(e),
                Err(_) => {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    attempt += 1;
                }
            }
        }
    }

    /// One attempt: the value, or the error and what `Stripe-Should-Retry` said.
    async fn once<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, (StripeError, Option<bool>)> {
        let answer = request
            .bearer_auth(&*self.key)
            .header("Stripe-Version", crate::API_VERSION)
            .send()
            .await
            .map_err(|e| (StripeError::network(describe(&e)), None))?;
        let status = answer.status().as_u16();
        let should_retry = answer
            .headers()
            .get("stripe-should-retry")
            .and_then(|v| v.to_str().ok())
            .map(|v| v == "true");
        let body = answer
            .text()
            .await
            .map_err(|e| (StripeError::network(describe(&e)), None))?;
        if !(200..300).contains(&status) {
            return Err((StripeError::from_answer(status, &body), should_retry));
        }
        serde_json::from_str(&body).map_err(|e| {
            (
                StripeError::protocol(format!("an answer of Stripe could not be read: {e}")),
                Some(false),
            )
        })
    }
}

/// A network failure in words, without the URL's query (nothing secret is in it, but it is
/// noise) and without the key (never in a URL).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "Stripe did not answer in time".to_owned()
    } else if e.is_connect() {
        "Stripe cannot be reached (offline?)".to_owned()
    } else {
        let detail =
            std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string);
        format!("the connection to Stripe failed: {detail}")
    }
}
