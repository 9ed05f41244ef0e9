//! Online payments in the background: queued payment links made, and what was paid or
//! refunded through them recorded, for every organization with a Stripe key. A desktop has no
//! address for Stripe's webhooks, so Stripe is asked: 20 s after start-up (a laptop closed for
//! days catches up then), every 5 minutes, and less often while Stripe cannot be reached
//! (10, 20, 40 … minutes, at most an hour). Every step is safe to repeat, so a run cut short
//! by closing the app is finished by the next.

use crate::reminders::NotificationLanguage;
use autoinvoice_api::{Api, PaymentSyncReport};
use autoinvoice_domain::party::Language;
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

/// What a sync that recorded something says in an OS notification, in the UI's language:
/// payments received, overpayments to give back, refunds noted. None when it recorded nothing.
pub fn notification_text(r: &PaymentSyncReport, lang: Language) -> Option<String> {
    let mut parts = Vec::new();
    let n = r.payments_recorded;
    if n > 0 {
        parts.push(match (lang, n) {
            (Language::Fr, 1) => "1 paiement reçu en ligne".to_owned(),
            (Language::Fr, n) => format!("{n} paiements reçus en ligne"),
            (Language::En, 1) => "1 payment received online".to_owned(),
            (Language::En, n) => format!("{n} payments received online"),
        });
    }
    if r.unapplied > 0 {
        parts.push(match lang {
            Language::Fr => "un montant payé au-delà du dû est à rembourser".to_owned(),
            Language::En => "an amount paid beyond what was owed is to refund".to_owned(),
        });
    }
    let k = r.refunds_noted;
    if k > 0 {
        parts.push(match (lang, k) {
            (Language::Fr, 1) => "1 remboursement noté".to_owned(),
            (Language::Fr, k) => format!("{k} remboursements notés"),
            (Language::En, 1) => "1 refund noted".to_owned(),
            (Language::En, k) => format!("{k} refunds noted"),
        });
    }
    // French sets a space before the semicolon.
    let separator = match lang {
        Language::Fr => " ; ",
        Language::En => "; ",
    };
    (!parts.is_empty()).then(|| parts.join(separator))
}

fn title(lang: Language) -> &'static str {
    match lang {
        Language::En => "Online payments",
        Language::Fr => "Paiements en ligne",
    }
}

pub fn spawn<R: Runtime>(app: AppHandle<R>, api: Api, language: NotificationLanguage) {
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
                        let lang = language.get();
                        if let Some(body) = notification_text(&report, lang) {
                            crate::notify::show(&app, title(lang), body);
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
    fn notifications_in_both_languages() {
        let mut r = PaymentSyncReport::default();
        assert_eq!(notification_text(&r, Language::En), None);
        r.links_created = 3;
        assert_eq!(
            notification_text(&r, Language::En),
            None,
            "nothing the user must know"
        );
        r.payments_recorded = 1;
        assert_eq!(
            notification_text(&r, Language::En).as_deref(),
            Some("1 payment received online")
        );
        r.payments_recorded = 2;
        r.unapplied = 1;
        r.refunds_noted = 1;
        assert_eq!(
            notification_text(&r, Language::En).as_deref(),
            Some(
                "2 payments received online; an amount paid beyond what was owed is to refund; 1 refund noted"
            )
        );
        assert_eq!(
            notification_text(&r, Language::Fr).as_deref(),
            Some(
                "2 paiements reçus en ligne ; un montant payé au-delà du dû est à rembourser ; 1 remboursement noté"
            )
        );
    }

    #[test]
    fn backs_off_while_stripe_cannot_be_reached() {
        assert_eq!(next_wait(0), PERIOD);
        assert_eq!(next_wait(1), PERIOD * 2);
        assert_eq!(next_wait(2), PERIOD * 4);
        assert_eq!(next_wait(9), MAX_PERIOD);
    }
}
