//! Properties of the reminder schedule and of late-payment interest, over random policies,
//! due dates, run days and payment days.

#![allow(clippy::unwrap_used)]

use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::reminders::*;
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::prelude::*;

fn tone_for(offset: i32, last: bool) -> Tone {
    match (offset, last) {
        (o, _) if o < 1 => Tone::Courtesy,
        (_, true) => Tone::FormalNotice,
        (o, _) if o < 10 => Tone::Reminder,
        _ => Tone::Firm,
    }
}

/// A valid policy of 1 to 6 stages at distinct offsets.
fn policy() -> impl Strategy<Value = Policy> {
    proptest::collection::btree_set(-20_i32..=120, 1..=6).prop_map(|offsets| {
        let n = offsets.len();
        Policy {
            stages: offsets
                .into_iter()
                .enumerate()
                .map(|(i, o)| Stage {
                    key: format!("s{i}"),
                    offset_days: o,
                    tone: tone_for(o, i + 1 == n),
                    texts: vec![],
                })
                .collect(),
        }
        .validated()
        .unwrap()
    })
}

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(chrono::TimeDelta::days(n)).unwrap()
}

struct Sent {
    key: String,
    offset: i32,
    day: NaiveDate,
}

/// Runs the scheduler on `run_days` (sorted), recording what it sends; the invoice is paid
/// on `paid_on` (if ever).
fn simulate(
    p: &Policy,
    due: NaiveDate,
    run_days: &[NaiveDate],
    paid_on: Option<NaiveDate>,
    catch_up: Option<u32>,
) -> Vec<Sent> {
    let mut handled: Vec<Handled> = vec![];
    let mut sent = vec![];
    for &today in run_days {
        let paid = paid_on.is_some_and(|p| p <= today);
        let facts = InvoiceFacts {
            due_date: due,
            status: if paid { Status::Paid } else { Status::Sent },
            balance: if paid {
                Decimal::ZERO
            } else {
                Decimal::from(120)
            },
            paused: false,
        };
        if let Some(s) = stage_to_send(p, &facts, &handled, today, catch_up) {
            // The answer does not change when asked again the same day before recording.
            assert_eq!(
                stage_to_send(p, &facts, &handled, today, catch_up).map(|x| x.stage.key.clone()),
                Some(s.stage.key.clone())
            );
            handled.push(Handled {
                stage: s.stage.key.clone(),
                due_on: s.due_on,
            });
            sent.push(Sent {
                key: s.stage.key.clone(),
                offset: s.stage.offset_days,
                day: today,
            });
            // Asked again once recorded: nothing more that day.
            assert!(stage_to_send(p, &facts, &handled, today, catch_up).is_none());
        }
    }
    sent
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Run every day: each stage goes out exactly on its day, until payment; none after.
    #[test]
    fn daily_runs_send_each_stage_on_its_day(p in policy(), due_in in 0_i64..60, paid_after in proptest::option::of(-30_i64..200)) {
        let due = plus(base(), due_in);
        let days: Vec<NaiveDate> = (0..500).map(|i| plus(base(), i - 100)).collect();
        let paid_on = paid_after.map(|n| plus(due, n));
        let sent = simulate(&p, due, &days, paid_on, None);
        let expected: Vec<&Stage> = p.stages.iter()
            .filter(|s| paid_on.is_none_or(|paid| plus(due, i64::from(s.offset_days)) < paid))
            .collect();
        prop_assert_eq!(sent.len(), expected.len());
        for (s, e) in sent.iter().zip(expected) {
            prop_assert_eq!(&s.key, &e.key);
            prop_assert_eq!(s.day, plus(due, i64::from(e.offset_days)));
        }
    }

    /// Runs on random days (a laptop closed for days or weeks): each run sends at most the
    /// latest stage due that day, never a stage twice, never an earlier stage after a later one.
    #[test]
    fn gaps_send_only_the_latest_due_stage(
        p in policy(),
        due_in in 0_i64..60,
        gaps in proptest::collection::vec(1_u64..25, 1..40),
        paid_after in proptest::option::of(-30_i64..200),
        catch_up in proptest::option::of(0_u32..40),
    ) {
        let due = plus(base(), due_in);
        let mut days = vec![];
        let mut d = plus(base(), -80);
        for g in gaps {
            d = d.checked_add_days(Days::new(g)).unwrap();
            days.push(d);
        }
        let paid_on = paid_after.map(|n| plus(due, n));
        let sent = simulate(&p, due, &days, paid_on, catch_up);
        prop_assert!(sent.len() <= p.stages.len());
        for w in sent.windows(2) {
            prop_assert!(w[0].offset < w[1].offset, "stages out of order");
            prop_assert!(w[0].day < w[1].day, "two stages in one run");
        }
        for s in &sent {
            prop_assert!(paid_on.is_none_or(|paid| s.day < paid), "sent after payment");
            // It was the latest stage due on its run day…
            let latest = p.stages.iter().filter(|x| plus(due, i64::from(x.offset_days)) <= s.day).max_by_key(|x| x.offset_days).unwrap();
            prop_assert_eq!(&latest.key, &s.key);
            // …and within the catch-up window.
            if let Some(w) = catch_up {
                prop_assert!((s.day - plus(due, i64::from(s.offset))).num_days() <= i64::from(w));
            }
        }
        // Nothing is missing: on every run day before payment, the latest due stage is sent
        // unless a stage on or after it was sent already or it is past the window.
        for &day in &days {
            if paid_on.is_some_and(|paid| paid <= day) { continue; }
            if let Some(latest) = p.stages.iter().filter(|x| plus(due, i64::from(x.offset_days)) <= day).max_by_key(|x| x.offset_days) {
                let on = plus(due, i64::from(latest.offset_days));
                let covered = sent.iter().any(|s| s.offset >= latest.offset_days && s.day <= day);
                let too_old = catch_up.is_some_and(|w| (day - on).num_days() > i64::from(w));
                prop_assert!(covered || too_old, "stage {} due on {} was never sent", latest.key, day);
            }
        }
    }

    /// The exact integer interest equals the decimal formula rounded once.
    #[test]
    fn interest_matches_the_formula(cents in 1_i64..10_000_000_000, rate_bp in 1_i64..500_000, days in 0_i64..2000) {
        let balance = Decimal::new(cents, 2);
        let rate = Decimal::new(rate_bp, 2);
        let got = late_interest(balance, rate, days, 2).unwrap();
        let reference = (balance * rate * Decimal::from(days) / Decimal::from(36500))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        prop_assert_eq!(got, reference);
        prop_assert!(got >= Decimal::ZERO);
        prop_assert!(got.scale() <= 2);
    }

    /// More days or a larger balance never means less interest; sums stay within a cent.
    #[test]
    fn interest_is_monotone_and_additive(a in 1_i64..10_000_000, b in 1_i64..10_000_000, rate_bp in 1_i64..3000, days in 1_i64..1000) {
        let rate = Decimal::new(rate_bp, 2);
        let (ba, bb) = (Decimal::new(a, 2), Decimal::new(b, 2));
        let i = |bal, d| late_interest(bal, rate, d, 2).unwrap();
        prop_assert!(i(ba, days) <= i(ba, days + 1));
        prop_assert!(i(ba.min(bb), days) <= i(ba.max(bb), days));
        let diff = (i(ba, days) + i(bb, days) - i(ba + bb, days)).abs();
        prop_assert!(diff <= Decimal::new(1, 2), "{diff}");
    }
}

#[test]
fn interest_overflow_is_an_error_not_a_panic() {
    let e = late_interest(Decimal::MAX, Decimal::new(5000, 2), 100_000, 28).unwrap_err();
    assert_eq!(e.code, "out_of_range");
}
