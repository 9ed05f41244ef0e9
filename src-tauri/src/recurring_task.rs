//! Recurring invoices in the background: 10 s after start-up (what fell due while the app
//! was closed is made then, each missed occurrence once, oldest first), then every 15
//! minutes, the API is asked to create every occurrence due in every organization, queue
//! their emails and deliver. What it made raises one OS notification in the UI's language and
//! the typed `recurring-ran` event the open screens reload on. A run is idempotent (the
//! store's UNIQUE occurrence), so the app and a cron job never make an invoice twice.

use crate::outbox::{OutboxDelivered, OutboxWaker, changed};
use crate::reminders::NotificationLanguage;
use autoinvoice_api::{Api, RecurringOutcome, RecurringRunReport, RunRecurring};
use autoinvoice_domain::party::Language;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

pub const START_DELAY: Duration = Duration::from_secs(10);
pub const PERIOD: Duration = Duration::from_secs(15 * 60);

/// Sets both the first wait and the period, in milliseconds (the end-to-end tests).
pub const PERIOD_ENV: &str = "AUTOINVOICE_RECURRING_SCAN_MS";

/// Emitted after a background run that made or tried something, so that open screens reload.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    specta::Type,
    tauri_specta::Event,
)]
pub struct RecurringRan {
    /// Documents made (drafts and issued).
    pub created: u32,
    /// Of which issued.
    pub issued: u32,
    /// Emails accepted by the SMTP server.
    pub sent: u32,
    /// Issued, but their email cannot go (no address, no email account): to send by hand.
    pub mail_blocked: u32,
    /// Occurrences that could not be made (tried again by the next run).
    pub failed: u32,
}

impl RecurringRan {
    /// The counts of a run; `seen_failed` keeps the failures already told about, since a
    /// failed occurrence is not recorded and fails again every run until it is fixed.
    pub fn of(r: &RecurringRunReport, seen_failed: &mut HashSet<(i64, u32)>) -> Self {
        let failed_now: HashSet<(i64, u32)> = r
            .items
            .iter()
            .filter(|i| i.outcome == RecurringOutcome::Failed)
            .map(|i| (i.template_id, i.index))
            .collect();
        let new_failures = failed_now.difference(seen_failed).count();
        // Forget what no longer fails, so that it is told again if it comes back.
        *seen_failed = failed_now;
        Self {
            created: r.created,
            issued: r.issued,
            sent: r.sent,
            mail_blocked: r.mail_blocked,
            failed: u32::try_from(new_failures).unwrap_or(u32::MAX),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// "2 invoices issued, 1 sent by email" / "2 factures émises, 1 envoyée par e-mail"; None
/// when the run did nothing to tell.
pub fn notification_text(s: &RecurringRan, lang: Language) -> Option<String> {
    let drafts = s.created.saturating_sub(s.issued);
    let parts: Vec<String> = [
        (drafts, Part::Drafts),
        (s.issued, Part::Issued),
        (s.sent, Part::Sent),
        (s.mail_blocked, Part::Blocked),
        (s.failed, Part::Failed),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, p)| phrase(lang, n, p))
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[derive(Debug, Clone, Copy)]
enum Part {
    Drafts,
    Issued,
    Sent,
    Blocked,
    Failed,
}

fn phrase(lang: Language, n: u32, part: Part) -> String {
    match lang {
        Language::En => {
            let s = if n == 1 { "" } else { "s" };
            match part {
                Part::Drafts => format!("{n} draft invoice{s} created"),
                Part::Issued => format!("{n} invoice{s} issued"),
                Part::Sent => format!("{n} sent by email"),
                Part::Blocked => format!("{n} to send by hand"),
                Part::Failed => format!("{n} invoice{s} could not be created"),
            }
        }
        Language::Fr => {
            // French: 0 and 1 take the singular.
            let one = n <= 1;
            match (part, one) {
                (Part::Drafts, true) => format!("{n} brouillon de facture créé"),
                (Part::Drafts, false) => format!("{n} brouillons de facture créés"),
                (Part::Issued, true) => format!("{n} facture émise"),
                (Part::Issued, false) => format!("{n} factures émises"),
                (Part::Sent, true) => format!("{n} envoyée par e-mail"),
                (Part::Sent, false) => format!("{n} envoyées par e-mail"),
                (Part::Blocked, _) => format!("{n} à envoyer à la main"),
                (Part::Failed, true) => format!("{n} facture n’a pas pu être créée"),
                (Part::Failed, false) => format!("{n} factures n’ont pas pu être créées"),
            }
        }
    }
}

fn title(lang: Language) -> &'static str {
    match lang {
        Language::En => "Recurring invoices",
        Language::Fr => "Factures récurrentes",
    }
}

/// Starts the task; it lives as long as the app.
pub fn spawn<R: Runtime>(
    app: AppHandle<R>,
    api: Api,
    outbox: OutboxWaker,
    language: NotificationLanguage,
) {
    let fixed = std::env::var(PERIOD_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(fixed.unwrap_or(START_DELAY)).await;
        let mut seen_failed = HashSet::new();
        loop {
            run(&app, &api, &outbox, &language, &mut seen_failed).await;
            tokio::time::sleep(fixed.unwrap_or(PERIOD)).await;
        }
    });
}

async fn run<R: Runtime>(
    app: &AppHandle<R>,
    api: &Api,
    outbox: &OutboxWaker,
    language: &NotificationLanguage,
    seen_failed: &mut HashSet<(i64, u32)>,
) {
    let report = match api.run_recurring(RunRecurring::default()).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("autoinvoice: recurring: {} ({})", e.message, e.code);
            return;
        }
    };
    for i in report
        .items
        .iter()
        .filter(|i| i.outcome == RecurringOutcome::Failed)
    {
        eprintln!(
            "autoinvoice: recurring: '{}' of {}: {} ({})",
            i.template_name,
            i.scheduled_on,
            i.message.as_deref().unwrap_or_default(),
            i.code.as_deref().unwrap_or_default()
        );
    }
    if let Some(e) = &report.delivery_error {
        eprintln!(
            "autoinvoice: recurring delivery: {} ({})",
            e.message, e.code
        );
    }
    if report.queued > 0 {
        // What the run queued and could not deliver goes on with the outbox task.
        outbox.wake();
    }
    if let Some(delivery) = report.delivery.clone().filter(changed)
        && let Err(e) = (OutboxDelivered { report: delivery }).emit(app)
    {
        eprintln!("autoinvoice: outbox event: {e}");
    }
    let ran = RecurringRan::of(&report, seen_failed);
    if ran.is_empty() && report.queued == 0 {
        return;
    }
    if let Err(e) = ran.emit(app) {
        eprintln!("autoinvoice: recurring event: {e}");
    }
    let lang = language.get();
    if let Some(body) = notification_text(&ran, lang) {
        crate::notify::show(app, title(lang), body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use autoinvoice_api::RecurringRunItem;
    use chrono::NaiveDate;

    fn failed(template_id: i64, index: u32) -> RecurringRunItem {
        RecurringRunItem {
            org_id: 1,
            template_id,
            template_name: "Hosting".into(),
            index,
            scheduled_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            period_start: None,
            period_end: None,
            outcome: RecurringOutcome::Failed,
            document_id: None,
            number: None,
            issue_date: None,
            ahead: false,
            outbox_id: None,
            code: Some("archived".into()),
            message: Some("customer archived".into()),
        }
    }

    fn report(
        created: u32,
        issued: u32,
        sent: u32,
        items: Vec<RecurringRunItem>,
    ) -> RecurringRunReport {
        RecurringRunReport {
            dry_run: false,
            organizations: vec![],
            failed: u32::try_from(items.len()).unwrap(),
            items,
            created,
            issued,
            queued: sent,
            sent,
            mail_blocked: 0,
            already_created: 0,
            delivery: None,
            delivery_error: None,
        }
    }

    #[test]
    fn notifications_in_both_languages() {
        let mut seen = HashSet::new();
        let nothing = RecurringRan::of(&report(0, 0, 0, vec![]), &mut seen);
        assert!(nothing.is_empty());
        assert_eq!(notification_text(&nothing, Language::En), None);

        let one = RecurringRan::of(&report(1, 0, 0, vec![]), &mut seen);
        assert_eq!(
            notification_text(&one, Language::En).as_deref(),
            Some("1 draft invoice created")
        );
        assert_eq!(
            notification_text(&one, Language::Fr).as_deref(),
            Some("1 brouillon de facture créé")
        );

        let mut s = RecurringRan::of(&report(5, 3, 2, vec![failed(7, 4)]), &mut seen);
        s.mail_blocked = 1;
        assert_eq!(
            notification_text(&s, Language::En).as_deref(),
            Some(
                "2 draft invoices created, 3 invoices issued, 2 sent by email, 1 to send by hand, 1 invoice could not be created"
            )
        );
        assert_eq!(
            notification_text(&s, Language::Fr).as_deref(),
            Some(
                "2 brouillons de facture créés, 3 factures émises, 2 envoyées par e-mail, 1 à envoyer à la main, 1 facture n’a pas pu être créée"
            )
        );
        assert_eq!(title(Language::Fr), "Factures récurrentes");
        assert_eq!(title(Language::En), "Recurring invoices");
    }

    #[test]
    fn a_failure_is_told_once_until_it_comes_back() {
        let mut seen = HashSet::new();
        let first = RecurringRan::of(&report(0, 0, 0, vec![failed(7, 4)]), &mut seen);
        assert_eq!(first.failed, 1);
        let again = RecurringRan::of(&report(0, 0, 0, vec![failed(7, 4)]), &mut seen);
        assert!(again.is_empty(), "{again:?}");
        assert_eq!(notification_text(&again, Language::Fr), None);
        // Fixed, then failing again: told again.
        RecurringRan::of(&report(1, 0, 0, vec![]), &mut seen);
        let back = RecurringRan::of(
            &report(0, 0, 0, vec![failed(7, 4), failed(8, 0)]),
            &mut seen,
        );
        assert_eq!(back.failed, 2);
        assert_eq!(
            notification_text(&back, Language::Fr).as_deref(),
            Some("2 factures n’ont pas pu être créées")
        );
    }
}
