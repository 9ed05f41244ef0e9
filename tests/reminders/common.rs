//! What the reminder tests share: a book whose email goes to the test SMTP server, reminders
//! on, invoices issued on a given day, and the policy as the issue states it — written here
//! again, independently of the domain code, to check the product against.

#![allow(dead_code, clippy::unwrap_used)]

use super::harness::{Mode, SmtpServer};
use super::setup;
use autoinvoice_api::*;
use autoinvoice_domain::reminders::Policy;
use autoinvoice_tests::book::*;
use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;

pub const RATE: &str = "12.09";

pub fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(TimeDelta::days(n)).unwrap()
}

/// A book (seller with a 12.09 % late-payment rate, two business customers) sending to
/// `srv`, reminders on in Europe/Paris with the default policy.
pub async fn reminder_book(srv: &SmtpServer, catch_up_days: Option<u32>) -> (Book, Api) {
    let (b, api) = setup::book().await;
    api.set_mail_config(setup::config(srv, Mode::Plain, None, false, None))
        .await
        .unwrap();
    let mut org = seller();
    org.late_penalty_rate = Some(d(RATE));
    api.update_organization(UpdateOrganization {
        id: b.org_id,
        organization: org,
    })
    .await
    .unwrap();
    api.set_reminder_settings(SetReminderSettings {
        org_id: None,
        settings: ReminderSettings {
            enabled: true,
            review: false,
            time_zone: Some("Europe/Paris".into()),
            catch_up_days,
            policy: Policy::default(),
        },
    })
    .await
    .unwrap();
    (b, api)
}

/// An API whose clock reads `day`.
pub fn on(api: &Api, day: NaiveDate) -> Api {
    api.clone().with_clock(Clock::Fixed(day))
}

/// Issues an invoice on `day` (due 30 days later).
pub async fn issue_on(api: &Api, customer_id: i64, day: NaiveDate) -> DocumentRecord {
    let api = on(api, day);
    let draft = api
        .create_document(three_rate_invoice(customer_id))
        .await
        .unwrap();
    api.issue_document(IssueDocument {
        org_id: None,
        document: DocumentRef::Id(draft.id),
    })
    .await
    .unwrap()
}

pub async fn run_on(api: &Api, day: NaiveDate) -> ReminderRunReport {
    api.run_reminders(RunReminders {
        now: Some(format!("{day}T09:00")),
        ..RunReminders::default()
    })
    .await
    .unwrap()
}

/// (key, offset) of the default policy: −3, +1, +7, +15, +30.
pub fn stages() -> Vec<(&'static str, i64)> {
    vec![
        ("courtesy", -3),
        ("first", 1),
        ("second", 7),
        ("final", 15),
        ("formal_notice", 30),
    ]
}

/// The rule of issue 6, stated on its own: on `day`, an invoice that is owed and not paused
/// gets the latest stage whose day has come, unless that stage or a later one was sent
/// already, or it is more than `catch_up` days behind.
pub fn expected_stage(
    due: NaiveDate,
    day: NaiveDate,
    sent: &[(&'static str, i64)],
    catch_up: Option<u32>,
) -> Option<(&'static str, i64)> {
    let (key, offset) = stages().into_iter().rfind(|(_, o)| plus(due, *o) <= day)?;
    if catch_up.is_some_and(|w| (day - plus(due, offset)).num_days() > i64::from(w)) {
        return None;
    }
    if sent.iter().any(|(_, o)| *o >= offset) {
        return None;
    }
    Some((key, offset))
}

/// Interest as a person computes it: balance × rate × days / 365, to the cent, half up.
pub fn interest(balance: Decimal, days: i64) -> Decimal {
    (balance * d(RATE) * Decimal::from(days) / Decimal::from(36500))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// "1 234,56 EUR" as the French reminder prints it.
pub fn fr_amount(a: Decimal) -> String {
    let s = format!("{:.2}", a.round_dp(2));
    let (int, frac) = s.split_once('.').unwrap();
    let mut g = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            g.push('\u{202f}');
        }
        g.push(c);
    }
    format!("{g},{frac} EUR")
}
