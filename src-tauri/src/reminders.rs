//! Payment reminders in the background: a run a few seconds after start-up, then every hour,
//! and right after the machine wakes from sleep. Each run asks the API what is due now (all
//! computed from the database, so a missed hour or a week closed is caught up by the next
//! run, and the app and a cron job never send a stage twice), queues it through the outbox
//! and delivers, then nudges the outbox task for whatever is still queued.
//!
//! One OS notification sums a run up ("3 reminders sent, 1 failed", or "2 reminders to
//! review" in review mode), in the UI's language; none when nothing happened. The typed
//! `reminders-ran` event tells open screens to reload.
//!
//! Waking is seen as a jump of the wall clock: the task sleeps on tokio's monotonic clock,
//! which stands still while the machine sleeps, so when a one-minute tick ends and the system
//! clock moved much more than a minute, the machine was asleep (or the clock was set
//! forward: a run then is harmless, runs are idempotent).

use crate::outbox::{OutboxDelivered, OutboxWaker, changed};
use autoinvoice_api::{Api, ReminderOutcome, ReminderRunReport, RunReminders};
use autoinvoice_domain::party::Language;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

/// Time between two runs while the machine stays awake.
pub const PERIOD: Duration = Duration::from_secs(60 * 60);
/// How often the task looks at the clocks.
pub const TICK: Duration = Duration::from_secs(60);
/// How much more than a tick the wall clock must move to count as a wake.
pub const WAKE_SLACK: Duration = Duration::from_secs(120);
/// The first run waits this long: the window paints first and tells its language.
pub const START_DELAY: Duration = Duration::from_secs(5);

/// Emitted after a run that did something (queued, sent, failed, blocked, put up for review,
/// dropped a stale review), so that the dashboard, the invoice and the outbox reload.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct RemindersRan {
    pub report: ReminderRunReport,
}

/// The UI's language, which the notifications use (managed state; the window sets it at
/// start and on every switch). Until then: the system's, as the UI guesses it.
#[derive(Debug, Clone, Default)]
pub struct NotificationLanguage(Arc<Mutex<Option<Language>>>);

impl NotificationLanguage {
    pub fn set(&self, language: Language) {
        if let Ok(mut l) = self.0.lock() {
            *l = Some(language);
        }
    }

    pub fn get(&self) -> Language {
        self.0
            .lock()
            .ok()
            .and_then(|l| *l)
            .unwrap_or_else(system_language)
    }
}

/// The UI's language, for the notifications.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct UiLanguage {
    pub language: Language,
}

/// English when the system says so, else French (what the UI guesses too).
fn system_language() -> Language {
    let var = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if var.starts_with("en") {
        Language::En
    } else {
        Language::Fr
    }
}

/// Whether a tick that should have lasted `tick` saw the wall clock move `wall` (an error:
/// the clock went back): more than `tick + WAKE_SLACK` means the machine slept meanwhile.
pub fn woke(tick: Duration, wall: Result<Duration, std::time::SystemTimeError>) -> bool {
    matches!(wall, Ok(w) if w > tick + WAKE_SLACK)
}

/// The counts one notification states.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub sent: u64,
    pub failed: u64,
    /// Queued but not delivered yet (the outbox task goes on with them).
    pub waiting: u64,
    /// Could not be sent as things are (no address, no email account), first seen this run.
    pub blocked: u64,
    pub to_review: u64,
}

impl Summary {
    /// The counts of a run; `seen_blocked` keeps the blocked reminders already told about,
    /// since a blocked reminder is not recorded and comes back every run until fixed.
    pub fn of(report: &ReminderRunReport, seen_blocked: &mut HashSet<(i64, String)>) -> Self {
        let mut s = Self {
            sent: report.sent,
            failed: report.failed,
            to_review: report.in_review,
            ..Self::default()
        };
        let mut blocked_now = HashSet::new();
        for r in &report.reminders {
            match r.outcome {
                ReminderOutcome::Queued => s.waiting += 1,
                ReminderOutcome::Blocked => {
                    let key = (r.invoice_id, r.stage.clone());
                    if !seen_blocked.contains(&key) {
                        s.blocked += 1;
                    }
                    blocked_now.insert(key);
                }
                _ => {}
            }
        }
        // Forget what is no longer blocked, so that it is told again if it comes back.
        *seen_blocked = blocked_now;
        s
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// "3 reminders sent, 1 failed" / "3 relances envoyées, 1 en échec"; None when nothing
    /// happened.
    pub fn text(&self, lang: Language) -> Option<String> {
        let parts: Vec<(u64, Kind)> = [
            (self.sent, Kind::Sent),
            (self.failed, Kind::Failed),
            (self.waiting, Kind::Waiting),
            (self.blocked, Kind::Blocked),
            (self.to_review, Kind::Review),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .collect();
        if parts.is_empty() {
            return None;
        }
        let words: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(i, (n, k))| phrase(lang, *n, *k, i == 0))
            .collect();
        Some(words.join(", "))
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Sent,
    Failed,
    Waiting,
    Blocked,
    Review,
}

/// One part of the sentence; the first names the reminders.
fn phrase(lang: Language, n: u64, kind: Kind, first: bool) -> String {
    match lang {
        Language::En => {
            let one = n == 1;
            let noun = if one { "reminder" } else { "reminders" };
            let what = match kind {
                Kind::Sent => "sent",
                Kind::Failed => "failed",
                Kind::Waiting => "waiting to be sent",
                Kind::Blocked => "blocked",
                Kind::Review => "to review",
            };
            if first {
                format!("{n} {noun} {what}")
            } else {
                format!("{n} {what}")
            }
        }
        Language::Fr => {
            // French: 0 and 1 take the singular.
            let one = n <= 1;
            let noun = if one { "relance" } else { "relances" };
            let what = match (kind, one) {
                (Kind::Sent, true) => "envoyée",
                (Kind::Sent, false) => "envoyées",
                (Kind::Failed, _) => "en échec",
                (Kind::Waiting, _) => "en attente d’envoi",
                (Kind::Blocked, true) => "bloquée",
                (Kind::Blocked, false) => "bloquées",
                (Kind::Review, _) => "à valider",
            };
            if first {
                format!("{n} {noun} {what}")
            } else {
                format!("{n} {what}")
            }
        }
    }
}

fn title(lang: Language) -> &'static str {
    match lang {
        Language::En => "Payment reminders",
        Language::Fr => "Relances de paiement",
    }
}

/// Whether a run changed anything a screen shows.
pub fn ran_something(r: &ReminderRunReport) -> bool {
    !r.reminders.is_empty()
        || r.organizations.iter().any(|o| o.dropped_reviews > 0)
        || r.delivery.as_ref().is_some_and(changed)
}

/// Starts the task; it lives as long as the app.
pub fn spawn<R: Runtime>(
    app: AppHandle<R>,
    api: Api,
    outbox: OutboxWaker,
    language: NotificationLanguage,
) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(START_DELAY).await;
        let mut seen_blocked = HashSet::new();
        run(&app, &api, &outbox, &language, &mut seen_blocked).await;
        let mut last_run = Instant::now();
        loop {
            let before = SystemTime::now();
            tokio::time::sleep(TICK).await;
            let wall = SystemTime::now().duration_since(before);
            if woke(TICK, wall) || last_run.elapsed() >= PERIOD {
                run(&app, &api, &outbox, &language, &mut seen_blocked).await;
                last_run = Instant::now();
            }
        }
    });
}

async fn run<R: Runtime>(
    app: &AppHandle<R>,
    api: &Api,
    outbox: &OutboxWaker,
    language: &NotificationLanguage,
    seen_blocked: &mut HashSet<(i64, String)>,
) {
    let req = RunReminders {
        org_id: None,
        now: None,
        dry_run: false,
        no_delivery: false,
    };
    let report = match api.run_reminders(req).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("autoinvoice: reminders: {} ({})", e.message, e.code);
            return;
        }
    };
    if let Some(e) = &report.delivery_error {
        eprintln!(
            "autoinvoice: reminders delivery: {} ({})",
            e.message, e.code
        );
    }
    // What the run queued and could not deliver (the outbox busy, a server down) goes on
    // with the outbox task.
    outbox.wake();
    if let Some(delivery) = report.delivery.clone().filter(changed)
        && let Err(e) = (OutboxDelivered { report: delivery }).emit(app)
    {
        eprintln!("autoinvoice: outbox event: {e}");
    }
    let summary = Summary::of(&report, seen_blocked);
    if ran_something(&report)
        && let Err(e) = (RemindersRan { report }).emit(app)
    {
        eprintln!("autoinvoice: reminders event: {e}");
    }
    let lang = language.get();
    if let Some(body) = summary.text(lang) {
        crate::notify::show(app, title(lang), body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_is_a_wall_clock_jump() {
        assert!(!woke(TICK, Ok(TICK)));
        assert!(!woke(TICK, Ok(TICK + Duration::from_secs(30))));
        assert!(woke(TICK, Ok(Duration::from_secs(8 * 3600))));
        // The clock set back: no wake.
        let back = SystemTime::UNIX_EPOCH.duration_since(SystemTime::now());
        assert!(!woke(TICK, back));
    }

    fn report(outcomes: &[(i64, ReminderOutcome)]) -> ReminderRunReport {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        ReminderRunReport {
            dry_run: false,
            now: String::new(),
            organizations: vec![],
            reminders: outcomes
                .iter()
                .map(|&(invoice_id, outcome)| autoinvoice_api::DueReminder {
                    org_id: 1,
                    invoice_id,
                    number: format!("F-{invoice_id}"),
                    customer_id: 1,
                    buyer_name: String::new(),
                    stage: "first".into(),
                    tone: autoinvoice_domain::reminders::Tone::Reminder,
                    due_on: day,
                    due_date: day,
                    days_late: 1,
                    balance: rust_decimal::Decimal::ONE,
                    currency: "EUR".into(),
                    to: vec![],
                    subject: None,
                    outcome,
                    message: None,
                    reminder_id: None,
                    outbox_id: None,
                })
                .collect(),
            queued: 0,
            sent: outcomes
                .iter()
                .filter(|o| o.1 == ReminderOutcome::Sent)
                .count() as u64,
            failed: 0,
            in_review: 0,
            already_handled: 0,
            blocked: 0,
            delivery: None,
            delivery_error: None,
        }
    }

    #[test]
    fn a_blocked_reminder_is_told_once() {
        let mut seen = HashSet::new();
        let first = report(&[(1, ReminderOutcome::Blocked), (2, ReminderOutcome::Sent)]);
        let s = Summary::of(&first, &mut seen);
        assert_eq!((s.sent, s.blocked), (1, 1));
        // Still blocked an hour later: nothing to tell.
        let again = report(&[(1, ReminderOutcome::Blocked)]);
        assert!(Summary::of(&again, &mut seen).is_empty());
        // Fixed, then blocked again another day: told again.
        assert!(Summary::of(&report(&[]), &mut seen).is_empty());
        assert_eq!(Summary::of(&again, &mut seen).blocked, 1);
        // Queued and not delivered yet.
        let waiting = report(&[(3, ReminderOutcome::Queued)]);
        assert_eq!(
            Summary::of(&waiting, &mut seen).text(Language::En).unwrap(),
            "1 reminder waiting to be sent"
        );
    }

    #[test]
    fn texts_in_both_languages() {
        let s = Summary {
            sent: 3,
            failed: 1,
            ..Summary::default()
        };
        assert_eq!(s.text(Language::En).unwrap(), "3 reminders sent, 1 failed");
        assert_eq!(
            s.text(Language::Fr).unwrap(),
            "3 relances envoyées, 1 en échec"
        );
        let one = Summary {
            sent: 1,
            ..Summary::default()
        };
        assert_eq!(one.text(Language::En).unwrap(), "1 reminder sent");
        assert_eq!(one.text(Language::Fr).unwrap(), "1 relance envoyée");
        let review = Summary {
            to_review: 2,
            ..Summary::default()
        };
        assert_eq!(review.text(Language::En).unwrap(), "2 reminders to review");
        assert_eq!(review.text(Language::Fr).unwrap(), "2 relances à valider");
        assert_eq!(Summary::default().text(Language::En), None);
    }
}
