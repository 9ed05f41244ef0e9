//! Reminders over time, with an injectable clock and a real SMTP server on loopback:
//! - 120 days over a book of invoices issued along the way, paid in full or in part,
//!   credited or paused on random days: every reminder the server receives is checked
//!   against the policy (count, stage, day), and formal notices state the exact interest;
//! - the app closed for ten days, then run: exactly the latest due stage per invoice.

#![allow(clippy::unwrap_used)]

#[path = "reminders/common.rs"]
mod common;
#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/mime.rs"]
mod mime;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::*;
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;
use chrono::NaiveDate;
use common::*;
use harness::{Opts, SmtpServer};
use rand::{RngExt, SeedableRng};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

const DAYS: i64 = 120;
const INVOICES: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Event {
    PayAll,
    PayHalf,
    Credit,
    Pause,
    Resume,
}

/// One invoice of the simulation and what the model expects of it.
struct Sim {
    issue_day: NaiveDate,
    customer: i64,
    id: i64,
    number: String,
    due: NaiveDate,
    events: Vec<(NaiveDate, Event)>,
    balance: Decimal,
    open: bool,
    paused: bool,
    sent: Vec<(&'static str, i64)>,
}

fn start() -> NaiveDate {
    date("2026-01-05")
}

#[tokio::test]
async fn hundred_and_twenty_days_every_reminder_as_the_policy_says() {
    let srv = SmtpServer::start(Opts::default());
    let (b, api) = reminder_book(&srv, Some(30)).await;
    let seed: u64 = std::env::var("REMINDER_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::rng().random());
    println!("seed {seed} (REMINDER_SEED={seed} replays it)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    // Issue days from 45 days before the start to 60 after, in order.
    let mut days: Vec<i64> = (0..INVOICES).map(|_| rng.random_range(-45..60)).collect();
    days.sort();
    let mut sims: Vec<Sim> = days
        .into_iter()
        .map(|d| {
            let issue_day = plus(start(), d);
            let mut events = vec![];
            let at = |rng: &mut rand::rngs::StdRng, lo: i64, hi: i64| {
                plus(issue_day, rng.random_range(lo..hi))
            };
            match rng.random_range(0..100) {
                0..35 => events.push((at(&mut rng, 0, 90), Event::PayAll)),
                35..55 => {
                    let half = at(&mut rng, 10, 50);
                    events.push((half, Event::PayHalf));
                    if rng.random_bool(0.5) {
                        events.push((plus(half, rng.random_range(1..40)), Event::PayAll));
                    }
                }
                55..65 => events.push((at(&mut rng, 5, 70), Event::Credit)),
                65..80 => {
                    let p = at(&mut rng, 20, 60);
                    events.push((p, Event::Pause));
                    if rng.random_bool(0.5) {
                        events.push((plus(p, rng.random_range(1..30)), Event::Resume));
                    }
                }
                _ => {}
            }
            Sim {
                issue_day,
                customer: 0,
                id: 0,
                number: String::new(),
                due: issue_day,
                events,
                balance: Decimal::ZERO,
                open: false,
                paused: false,
                sent: vec![],
            }
        })
        .collect();
    for (i, s) in sims.iter_mut().enumerate() {
        s.customer = if i % 3 == 0 {
            b.customer_de
        } else {
            b.customer_fr
        };
    }
    // The German customer is paused from day 50 to day 70 of the simulation.
    let customer_pause = (plus(start(), 50), plus(start(), 70));
    let mut customer_paused = false;

    // Invoices issued before the start.
    for s in sims.iter_mut().filter(|s| s.issue_day < start()) {
        let r = issue_on(&api, s.customer, s.issue_day).await;
        (s.id, s.number, s.due, s.balance, s.open) = (
            r.id,
            r.number.unwrap(),
            r.due_date.unwrap(),
            r.balance,
            true,
        );
    }

    let mut expected: BTreeMap<(i64, &'static str), NaiveDate> = BTreeMap::new();
    let mut actual: BTreeMap<(i64, &'static str), NaiveDate> = BTreeMap::new();
    let mut formal_notices: HashMap<String, (Decimal, i64)> = HashMap::new();
    for n in 0..DAYS {
        let day = plus(start(), n);
        let today_api = on(&api, day);
        // The day's business, before the run.
        for s in sims.iter_mut().filter(|s| s.issue_day == day) {
            let r = issue_on(&api, s.customer, day).await;
            (s.id, s.number, s.due, s.balance, s.open) = (
                r.id,
                r.number.unwrap(),
                r.due_date.unwrap(),
                r.balance,
                true,
            );
        }
        if day == customer_pause.0 || day == customer_pause.1 {
            customer_paused = day == customer_pause.0;
            today_api
                .pause_customer_reminders(PauseCustomerReminders {
                    org_id: None,
                    customer_id: b.customer_de,
                    paused: customer_paused,
                })
                .await
                .unwrap();
        }
        for s in sims.iter_mut().filter(|s| s.id != 0) {
            let todays: Vec<Event> = s
                .events
                .iter()
                .filter(|(d, _)| *d == day)
                .map(|(_, e)| *e)
                .collect();
            for e in todays {
                if !s.open && matches!(e, Event::PayAll | Event::PayHalf | Event::Credit) {
                    continue;
                }
                match e {
                    Event::PayAll | Event::PayHalf => {
                        let amount = if e == Event::PayAll {
                            s.balance
                        } else {
                            (s.balance / Decimal::TWO).round_dp(2)
                        };
                        today_api
                            .record_payment(RecordPayment {
                                org_id: None,
                                date: Some(day),
                                amount,
                                method: PaymentMethod::Transfer,
                                reference: None,
                                allocations: vec![PaymentAllocationInput {
                                    invoice: DocumentRef::Id(s.id),
                                    amount: None,
                                }],
                            })
                            .await
                            .unwrap();
                        s.balance -= amount;
                        s.open = s.balance > Decimal::ZERO;
                    }
                    Event::Credit => {
                        today_api
                            .credit_invoice(CreditInvoice {
                                org_id: None,
                                invoice: DocumentRef::Id(s.id),
                                lines: None,
                                note: None,
                                issue: true,
                            })
                            .await
                            .unwrap();
                        s.open = false;
                    }
                    Event::Pause | Event::Resume => {
                        s.paused = e == Event::Pause;
                        today_api
                            .pause_invoice_reminders(PauseInvoiceReminders {
                                org_id: None,
                                document: DocumentRef::Id(s.id),
                                paused: s.paused,
                            })
                            .await
                            .unwrap();
                    }
                }
            }
        }
        // The model.
        for s in sims.iter_mut().filter(|s| s.id != 0) {
            let cust_paused = customer_paused && s.customer == b.customer_de;
            if !s.open || s.paused || cust_paused {
                continue;
            }
            if let Some((key, offset)) = expected_stage(s.due, day, &s.sent, Some(30)) {
                s.sent.push((key, offset));
                expected.insert((s.id, key), day);
                if key == "formal_notice" {
                    formal_notices.insert(s.number.clone(), (s.balance, (day - s.due).num_days()));
                }
            }
        }
        // The product.
        let r = run_on(&api, day).await;
        assert_eq!(r.organizations[0].today, day);
        let mut per_invoice: HashMap<i64, usize> = HashMap::new();
        for m in &r.reminders {
            assert_eq!(
                m.outcome,
                ReminderOutcome::Sent,
                "{} {}: {:?} {:?}",
                m.number,
                m.stage,
                m.outcome,
                m.message
            );
            *per_invoice.entry(m.invoice_id).or_default() += 1;
            let key = stages().into_iter().find(|(k, _)| *k == m.stage).unwrap().0;
            assert!(
                actual.insert((m.invoice_id, key), day).is_none(),
                "{} {} sent twice",
                m.number,
                m.stage
            );
        }
        assert!(per_invoice.values().all(|&n| n == 1), "a burst on {day}");
        // A second run the same day finds nothing.
        assert!(run_on(&api, day).await.reminders.is_empty(), "{day}");
    }

    // Every reminder as the policy says: same (invoice, stage) pairs, on the same days.
    let diff: Vec<String> = expected
        .iter()
        .filter(|(k, v)| actual.get(k) != Some(v))
        .map(|(k, v)| format!("expected {k:?} on {v}, got {:?}", actual.get(k)))
        .chain(
            actual
                .iter()
                .filter(|(k, _)| !expected.contains_key(k))
                .map(|(k, v)| format!("unexpected {k:?} on {v}")),
        )
        .collect();
    assert!(diff.is_empty(), "{}", diff.join("\n"));

    // Counted at the server: one message per reminder, each Message-ID once.
    let received = srv.received();
    assert_eq!(received.len(), expected.len());
    let mut ids: Vec<String> = received
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), received.len(), "a Message-ID twice");
    // Formal notices state the interest to the cent and the 40 EUR indemnity.
    let mut checked = 0;
    for m in &received {
        let subject = m.header("Subject").unwrap_or_default();
        let Some((number, (balance, days))) = formal_notices
            .iter()
            .find(|(n, _)| subject.contains("demeure") && subject.contains(n.as_str()))
        else {
            continue;
        };
        let body = String::from_utf8(mime::part(&m.raw, "text/plain").unwrap()).unwrap();
        let line = format!(
            "Pénalités de retard au taux annuel de 12,09 %, à ce jour : {}",
            fr_amount(interest(*balance, *days))
        );
        assert!(body.contains(&line), "{number}: {line}\n{body}");
        assert!(body.contains("Code de commerce) : 40,00 EUR"), "{body}");
        checked += 1;
    }
    assert_eq!(checked, formal_notices.len());
    // The journal holds one "reminder" entry per reminder, and still verifies.
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM journal WHERE event = 'reminder'")
        .fetch_one(&mut b.raw().await)
        .await
        .unwrap();
    assert_eq!(entries, i64::try_from(expected.len()).unwrap());
    assert!(api.verify_journal(None).await.unwrap()[0].ok());
    let by_stage = stages()
        .iter()
        .map(|(k, _)| format!("{k} {}", expected.keys().filter(|(_, s)| s == k).count()))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "{DAYS} days, {INVOICES} invoices: {} reminders sent as the policy says ({by_stage}), {} formal notices with exact interest; {} at the server, no duplicate",
        expected.len(),
        checked,
        received.len()
    );
}

#[tokio::test]
async fn closed_for_ten_days_then_exactly_the_latest_due_stage() {
    let srv = SmtpServer::start(Opts::default());
    let (b, api) = reminder_book(&srv, None).await;
    let closed_on = date("2026-04-01");
    // Invoices due from 40 days before to 12 days after the day the app closed.
    let mut invoices = vec![];
    for k in 0..52 {
        let issue = plus(closed_on, -70 + k);
        let customer = if k % 2 == 0 {
            b.customer_fr
        } else {
            b.customer_de
        };
        let r = issue_on(&api, customer, issue).await;
        invoices.push((r.id, r.number.unwrap(), r.due_date.unwrap()));
    }
    // Run every day up to the closing day.
    let mut sent: HashMap<i64, Vec<(&'static str, i64)>> = HashMap::new();
    for n in -45..=0 {
        let day = plus(closed_on, n);
        for m in run_on(&api, day).await.reminders {
            let s = stages().into_iter().find(|(k, _)| *k == m.stage).unwrap();
            sent.entry(m.invoice_id).or_default().push(s);
        }
    }
    let before = srv.count();
    // Ten days later.
    let reopened = plus(closed_on, 10);
    let r = run_on(&api, reopened).await;
    let mut expected: BTreeMap<i64, &'static str> = BTreeMap::new();
    for (id, _, due) in &invoices {
        let already = sent.get(id).cloned().unwrap_or_default();
        if let Some((key, _)) = expected_stage(*due, reopened, &already, None) {
            expected.insert(*id, key);
        }
    }
    let got: BTreeMap<i64, &'static str> = r
        .reminders
        .iter()
        .map(|m| {
            assert_eq!(m.outcome, ReminderOutcome::Sent);
            (
                m.invoice_id,
                stages().into_iter().find(|(k, _)| *k == m.stage).unwrap().0,
            )
        })
        .collect();
    assert_eq!(
        got.len(),
        r.reminders.len(),
        "two reminders for one invoice"
    );
    assert_eq!(got, expected);
    assert!(
        expected.len() >= 10,
        "only {} due after ten days",
        expected.len()
    );
    assert_eq!(srv.count() - before, expected.len());
    // Some invoices had two or more stages fall due while closed: only the latest went out.
    let skipped = invoices
        .iter()
        .filter(|(id, _, due)| {
            let already = sent.get(id).cloned().unwrap_or_default();
            stages()
                .iter()
                .filter(|(k, o)| {
                    let on = plus(*due, *o);
                    on > closed_on && on <= reopened && !already.iter().any(|(a, _)| a == k)
                })
                .count()
                >= 2
        })
        .count();
    assert!(
        skipped > 0,
        "no invoice had several stages fall due while closed"
    );
    // Running again finds nothing.
    assert!(run_on(&api, reopened).await.reminders.is_empty());
    println!(
        "closed 10 days: {} invoices got exactly their latest due stage ({skipped} of them had 2+ stages fall due meanwhile), {} messages at the server",
        expected.len(),
        srv.count() - before
    );
}
