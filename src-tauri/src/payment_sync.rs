//! Online payments in the background: queued payment links made, and what was paid or
//! refunded through them recorded, for every organization with a Stripe key. A desktop has no
//! address for Stripe's webhooks, so Stripe is asked: 20 s after start-up (a laptop closed for
//! days catches up then), every 5 minutes, and less often while Stripe cannot be reached
//! (10, 20, 40 … minutes, at most an hour). Every step is safe to repeat, so a run cut short
//! by closing the app is finished by the next.

use autoinvoice_api::{Api, PaymentSyncReport};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

pub const START_DELAY: Duration = Duration::from_secs(20);
pub const PERIOD: Duration = Duration::from_secs(5 * 60);
pub const MAX_PERIOD: Duration = Duration::from_secs(60 * 60);

/// Emitted after a sync that recorded something, so that open screens reload.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct PaymentsSynced {
    pub org_id: i64,
    pub report: PaymentSyncReport,
}

/// The wait before the next sync: the period, doubled for each sync in a row that could not
/// reach Stripe, at most an hour.
pub fn next_wait(failures: u32) -> Duration {
    PERIOD.saturating_mul(1 << failures.min(4)).min(MAX_PERIOD)
}

/// Sets both the first wait and the period, in milliseconds (the end-to-end tests).
pub const PERIOD_ENV: &str = "AUTOINVOICE_PAYMENT_SYNC_MS";

pub fn spawn<R: Runtime>(app: AppHandle<R>, api: Api) {
    let fixed = std::env::var(PERIOD_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(fixed.unwrap_or(START_DELAY)).await;
        let mut failures = 0u32;
        loop {
            let mut failed = false;
            let orgs = api.organizations().await.unwrap_or_default();
            for org in orgs {
                match api.sync_payments(Some(org.id)).await {
                    Ok(report) => {
                        if let Some(e) = &report.error {
                            failed = true;
                            // Never the key: the API's messages do not contain it.
                            eprintln!("autoinvoice: payments: {} ({})", e.message, e.code);
                        }
                        if report.payments_recorded + report.refunds_noted + report.links_created
                            > 0
                            && let Err(e) = (PaymentsSynced {
                                org_id: org.id,
                                report,
                            })
                            .emit(&app)
                        {
                            eprintln!("autoinvoice: payments event: {e}");
                        }
                    }
                    Err(e) => eprintln!("autoinvoice: payments: {} ({})", e.message, e.code),
                }
            }
            failures = if failed { failures + 1 } else { 0 };
            tokio::time::sleep(fixed.unwrap_or_else(|| next_wait(failures))).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_while_stripe_cannot_be_reached() {
        assert_eq!(next_wait(0), PERIOD);
        assert_eq!(next_wait(1), PERIOD * 2);
        assert_eq!(next_wait(2), PERIOD * 4);
        assert_eq!(next_wait(9), MAX_PERIOD);
    }
}
