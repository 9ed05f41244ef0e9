//! The organization's Stripe key: in the OS keyring, tried against Stripe on demand.

use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_stripe::{Client, ErrorKind, Mode, Options};

pub(super) fn account(org_id: i64) -> String {
    format!("stripe:org-{org_id}")
}

fn mode_name(m: Mode) -> String {
    match m {
        Mode::Test => "test".into(),
        Mode::Live => "live".into(),
    }
}

impl Api {
    pub async fn set_stripe_key(&self, req: SetStripeKey) -> ApiResult<StripeSettings> {
        let org_id = self.org(req.org_id).await?;
        match req.key {
            None => self
                .secrets
                .delete(&account(org_id))
                .map_err(|e| ApiError::new("keyring", e.to_string()))?,
            Some(key) => {
                let key = key.0.trim().to_owned();
                if key.starts_with("pk_") {
                    return Err(ApiError::new(
                        "not_a_secret_key",
                        "this is a publishable key (pk_…): AutoInvoice needs a secret key (sk_…) or, better, a restricted key (rk_…)",
                    ));
                }
                if Mode::of_key(&key).is_none()
                    || key.len() > 300
                    || key.chars().any(|c| c.is_whitespace() || c.is_control())
                {
                    return Err(ApiError::new(
                        "not_a_secret_key",
                        "a Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_",
                    ));
                }
                self.secrets
                    .set(&account(org_id), &key)
                    .map_err(|e| ApiError::new("keyring", e.to_string()))?;
            }
        }
        self.stripe_settings(Some(org_id)).await
    }

    pub async fn stripe_settings(&self, org_id: Option<i64>) -> ApiResult<StripeSettings> {
        let org_id = self.org(org_id).await?;
        let key = self.stripe_key(org_id)?;
        Ok(StripeSettings {
            configured: key.is_some(),
            mode: key.as_deref().and_then(Mode::of_key).map(mode_name),
            key_hint: key.as_deref().map(|k| {
                k.chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect()
            }),
            keyring: self.secrets.backend().to_owned(),
        })
    }

    /// Tries the key: a read Stripe allows any valid key with the permissions AutoInvoice
    /// needs. The answer names what is wrong in Stripe's own words.
    pub async fn test_stripe_key(&self, org_id: Option<i64>) -> ApiResult<StripeKeyTest> {
        let org_id = self.org(org_id).await?;
        let Some(client) = self.stripe_client(org_id)? else {
            return Ok(StripeKeyTest {
                ok: false,
                mode: None,
                code: "not_configured".into(),
                message: "no Stripe key is set".into(),
            });
        };
        let mode = client.mode().map(mode_name);
        let result = client.can_read_payment_links().await;
        let (ok, code, message) = match result {
            Ok(()) => (
                true,
                "ok".to_owned(),
                match client.mode() {
                    Some(Mode::Test) => {
                        "the key works, in test mode: links take test cards only".to_owned()
                    }
                    _ => "the key works, in live mode: links take real payments".to_owned(),
                },
            ),
            Err(e) => {
                let code = match e.kind {
                    ErrorKind::InvalidKey => "invalid_key",
                    ErrorKind::Permission => "permission",
                    ErrorKind::Network => "offline",
                    _ => "stripe_error",
                };
                (false, code.to_owned(), e.message)
            }
        };
        Ok(StripeKeyTest {
            ok,
            mode,
            code,
            message,
        })
    }

    pub(crate) fn stripe_key(&self, org_id: i64) -> ApiResult<Option<String>> {
        self.secrets
            .get(&account(org_id))
            .map_err(|e| ApiError::new("keyring", e.to_string()))
    }

    /// The client for the organization's key, or none when no key is set.
    pub(crate) fn stripe_client(&self, org_id: i64) -> ApiResult<Option<Client>> {
        let Some(key) = self.stripe_key(org_id)? else {
            return Ok(None);
        };
        // Options given to this Api (tests) win; else Stripe, or the address in the environment.
        let options = self.stripe_options.clone().unwrap_or_else(|| {
            let mut o = Options::default();
            if let Some(base) = std::env::var_os(STRIPE_API_ENV) {
                o.base_url = base.to_string_lossy().trim_end_matches('/').to_owned();
            }
            o
        });
        Client::new(&key, options)
            .map(Some)
            .map_err(|e| ApiError::new("stripe", e.message))
    }

    /// Other timeouts and retries for the Stripe client (tests).
    pub fn with_stripe_options(mut self, options: Options) -> Self {
        self.stripe_options = Some(options);
        self
    }
}
