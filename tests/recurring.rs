//! Recurring invoices through the API on real database files:
//! - the schedule's arithmetic (month ends, leap years, weeks, end dates, counts);
//! - a month open day by day, then a hundred days closed: each missed occurrence once, in
//!   date order across templates, dated its own day; a second run creates nothing;
//! - two runners on one file at once, and a runner killed (SIGKILL) at random moments:
//!   each occurrence once, numbers gapless, the journal intact;
//! - issue dates when the series went past an occurrence's day, drafts, issue and send
//!   through the outbox (once, also when resumed), ahead of time, pause and resume;
//! - bad input refused with its code, nothing written.
//!
//! The killed runners are this test binary itself, started again with
//! `AUTOINVOICE_RECURRING_WORKER_DB` set, running only the `recurring_worker` test.

#![allow(clippy::unwrap_used)]

#[path = "recurring/bad_input.rs"]
mod bad_input;
#[path = "recurring/behaviour.rs"]
mod behaviour;
#[path = "recurring/common.rs"]
mod common;

use autoinvoice_api::*;
use autoinvoice_tests::book::*;
use chrono::NaiveDate;
use common::*;
use rand::RngExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn dates(o: &[PlannedOccurrence]) -> Vec<String> {
    o.iter().map(|o| o.date.to_string()).collect()
}

async fn preview(api: &Api, schedule: Schedule, limit: u32) -> Vec<PlannedOccurrence> {
    api.preview_recurring_schedule(PreviewSchedule {
        schedule,
        service_period: ServicePeriod::None,
        from_index: 0,
        limit: Some(limit),
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn schedules_keep_month_ends_leap_days_weeks_ends_and_counts() {
    let b = Book::new().await;
    let api = &b.api;
    let months = ScheduleUnit::Months;
    // Anchored on the 31st, computed from the start each time: no drift after February.
    let jan31 = preview(api, every(months, 1, "2028-01-31"), 6).await;
    assert_eq!(
        dates(&jan31),
        [
            "2028-01-31",
            "2028-02-29",
            "2028-03-31",
            "2028-04-30",
            "2028-05-31",
            "2028-06-30"
        ]
    );
    let jan31 = preview(api, every(months, 1, "2027-01-31"), 3).await;
    assert_eq!(dates(&jan31), ["2027-01-31", "2027-02-28", "2027-03-31"]);
    // Yearly from a leap day: 28 February in common years, the 29th again in 2028.
    let leap = preview(api, every(months, 12, "2024-02-29"), 5).await;
    assert_eq!(
        dates(&leap),
        [
            "2024-02-29",
            "2025-02-28",
            "2026-02-28",
            "2027-02-28",
            "2028-02-29"
        ]
    );
    let quarterly = preview(api, every(months, 3, "2026-11-30"), 5).await;
    assert_eq!(
        dates(&quarterly),
        [
            "2026-11-30",
            "2027-02-28",
            "2027-05-30",
            "2027-08-30",
            "2027-11-30"
        ]
    );
    // Weeks and days cross month and year ends.
    let fortnight = preview(api, every(ScheduleUnit::Weeks, 2, "2026-12-21"), 3).await;
    assert_eq!(
        dates(&fortnight),
        ["2026-12-21", "2027-01-04", "2027-01-18"]
    );
    let ten_days = preview(api, every(ScheduleUnit::Days, 10, "2028-02-20"), 3).await;
    assert_eq!(dates(&ten_days), ["2028-02-20", "2028-03-01", "2028-03-11"]);
    // The end date is inclusive; the count counts occurrences; the first limit wins.
    let mut weekly = every(ScheduleUnit::Weeks, 1, "2026-01-01");
    weekly.end = Some(date("2026-01-15"));
    assert_eq!(
        dates(&preview(api, weekly.clone(), 10).await),
        ["2026-01-01", "2026-01-08", "2026-01-15"]
    );
    weekly.count = Some(2);
    assert_eq!(
        dates(&preview(api, weekly.clone(), 10).await),
        ["2026-01-01", "2026-01-08"]
    );
    weekly.end = Some(date("2026-01-01"));
    assert_eq!(dates(&preview(api, weekly, 10).await), ["2026-01-01"]);
    // Periods: in advance (current) and in arrears (previous).
    let p = api
        .preview_recurring_schedule(PreviewSchedule {
            schedule: every(months, 1, "2026-02-01"),
            service_period: ServicePeriod::Previous,
            from_index: 1,
            limit: Some(1),
        })
        .await
        .unwrap();
    assert_eq!(p[0].date, date("2026-03-01"));
    assert_eq!(p[0].period_start, Some(date("2026-02-01")));
    assert_eq!(p[0].period_end, Some(date("2026-02-28")));
    let c = api
        .preview_recurring_schedule(PreviewSchedule {
            schedule: every(months, 1, "2028-01-31"),
            service_period: ServicePeriod::Current,
            from_index: 1,
            limit: Some(1),
        })
        .await
        .unwrap();
    assert_eq!(c[0].period_start, Some(date("2028-02-29")));
    assert_eq!(c[0].period_end, Some(date("2028-03-30")));
}

/// Every day of `from..=to` on which a schedule of `step` days from `start` falls.
fn every_n_days(start: NaiveDate, step: i64, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    (0..)
        .map(|k| plus(start, k * step))
        .take_while(|d| *d <= to)
        .filter(|d| *d >= from)
        .collect()
}

#[tokio::test]
async fn a_hundred_days_closed_creates_each_missed_occurrence_once_in_date_order() {
    let b = Book::new().await;
    let day0 = date("2026-01-05");
    let api = on(&b.api, day0);
    let weekly = create(
        &api,
        template(
            "Support",
            b.customer_fr,
            every(ScheduleUnit::Weeks, 1, "2026-01-05"),
            RecurringMode::Issue,
        ),
    )
    .await;
    let monthly = create(
        &api,
        template(
            "Hosting",
            b.customer_de,
            every(ScheduleUnit::Months, 1, "2026-01-31"),
            RecurringMode::Issue,
        ),
    )
    .await;
    let mut ten = every(ScheduleUnit::Days, 10, "2026-01-05");
    ten.count = Some(5);
    let drafts = create(
        &api,
        template("Retainer", b.customer_fr, ten, RecurringMode::Draft),
    )
    .await;
    let monthly_days: Vec<NaiveDate> = ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
        .iter()
        .map(|d| date(d))
        .collect();
    // What a person expects on a day: each template's occurrences falling in the window.
    let expected = |from: NaiveDate, to: NaiveDate| {
        let mut e: Vec<(NaiveDate, i64)> = vec![];
        e.extend(
            every_n_days(day0, 7, from, to)
                .into_iter()
                .map(|d| (d, weekly.template.id)),
        );
        e.extend(
            monthly_days
                .iter()
                .filter(|d| **d >= from && **d <= to)
                .map(|d| (*d, monthly.template.id)),
        );
        e.extend(
            every_n_days(day0, 10, from, to)
                .into_iter()
                .filter(|d| *d <= plus(day0, 40))
                .map(|d| (d, drafts.template.id)),
        );
        e.sort();
        e
    };

    // A month open: each day's run makes that day's occurrences, dated that day.
    let open_until = plus(day0, 30);
    for n in 0..=30 {
        let day = plus(day0, n);
        let r = run_on(&b.api, day).await;
        let got: Vec<(NaiveDate, i64)> = r
            .items
            .iter()
            .map(|i| (i.scheduled_on, i.template_id))
            .collect();
        assert_eq!(got, expected(day, day), "on {day}");
        for i in &r.items {
            assert_eq!(i.issue_date.is_some(), i.template_id != drafts.template.id);
            assert!(i.issue_date.is_none_or(|d| d == day), "{i:?}");
        }
    }

    // Closed for a hundred days, then opened: every missed occurrence once, oldest first
    // across templates, each issued with its own day.
    let back = plus(open_until, 100);
    let r = run_on(&b.api, back).await;
    let got: Vec<(NaiveDate, i64)> = r
        .items
        .iter()
        .map(|i| (i.scheduled_on, i.template_id))
        .collect();
    let missed = expected(plus(open_until, 1), back);
    assert_eq!(got, missed);
    assert!(missed.len() > 15, "{missed:?}");
    for i in &r.items {
        if i.template_id != drafts.template.id {
            assert_eq!(i.outcome, RecurringOutcome::Issued);
            assert_eq!(i.issue_date, Some(i.scheduled_on), "{i:?}");
        } else {
            assert_eq!(i.outcome, RecurringOutcome::Draft);
        }
    }
    assert_eq!(r.failed + r.already_created, 0);

    // Again, from this process and from another opening of the file: nothing.
    assert!(run_on(&b.api, back).await.items.is_empty());
    let other = Api::open(&b.path).await.unwrap();
    assert!(run_on(&other, back).await.items.is_empty());

    let all = expected(day0, back);
    let occurrences: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recurring_occurrences")
        .fetch_one(&mut b.raw().await)
        .await
        .unwrap();
    assert_eq!(occurrences, i64::try_from(all.len()).unwrap());
    let issued = check_books(&b).await;
    let drafts_made = all.iter().filter(|(_, t)| *t == drafts.template.id).count();
    assert_eq!(drafts_made, 5, "the count of five stops the retainer");
    assert_eq!(issued, i64::try_from(all.len() - drafts_made).unwrap());
    assert_eq!(orphans(&b).await, 0);
    let listed = on(&b.api, back)
        .list_recurring(ListRecurring::default())
        .await
        .unwrap();
    assert!(listed.iter().all(|t| t.due_now == 0));
    assert!(listed.iter().any(|t| t.finished));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runners_at_once_create_each_occurrence_once() {
    let b = Book::new().await;
    let setup = with_memory_secrets(&b.api);
    mail_account(&setup).await;
    let day0 = date("2026-03-02");
    let api = on(&setup, day0);
    create(
        &api,
        template(
            "Daily drafts",
            b.customer_fr,
            every(ScheduleUnit::Days, 1, "2026-03-02"),
            RecurringMode::Draft,
        ),
    )
    .await;
    create(
        &api,
        template(
            "Weekly",
            b.customer_de,
            every(ScheduleUnit::Weeks, 1, "2026-03-02"),
            RecurringMode::Issue,
        ),
    )
    .await;
    let mut monthly = template(
        "Monthly, sent",
        b.customer_fr,
        every(ScheduleUnit::Months, 1, "2026-03-02"),
        RecurringMode::IssueAndSend,
    );
    monthly.service_period = ServicePeriod::Previous;
    create(&api, monthly).await;
    let a = Api::open(&b.path).await.unwrap();
    let z = Api::open(&b.path).await.unwrap();
    let (mut created, mut taken) = (0, 0);
    // Closed for a while, then both wake at once; then day by day, both at once.
    let mut days = vec![plus(day0, 40)];
    days.extend((41..70).map(|n| plus(day0, n)));
    for day in days {
        let (ra, rz) = tokio::join!(run_on(&a, day), run_on(&z, day));
        created += ra.created + rz.created;
        taken += ra.already_created + rz.already_created;
        assert_eq!(ra.failed + rz.failed, 0);
    }
    println!("{created} occurrences made, {taken} found taken by the other runner");
    // 70 days: 70 daily drafts, 10 weekly, 3 monthly (2 March, 2 April, 2 May).
    assert_eq!(
        created,
        70 + 10 + 3,
        "{taken} reported as taken by the other runner"
    );
    let issued = check_books(&b).await;
    assert_eq!(issued, 13);
    assert_eq!(orphans(&b).await, 0);
    let mails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&mut b.raw().await)
        .await
        .unwrap();
    assert_eq!(mails, 3, "each monthly invoice's email queued once");
}

const WORKER_DB: &str = "AUTOINVOICE_RECURRING_WORKER_DB";
const WORKER_START: &str = "2026-01-01";
const WORKER_DAYS: i64 = 900;

/// Not a test of its own: the body of a worker process (returns at once otherwise). It
/// runs the templates for each day of the worker's span, as an app left open would.
#[test]
fn recurring_worker() {
    let Ok(db) = std::env::var(WORKER_DB) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let api = Api::open(Path::new(&db)).await.unwrap();
        for n in 0..WORKER_DAYS {
            run_on(&api, plus(date(WORKER_START), n)).await;
        }
    });
}

fn spawn_worker(db: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "recurring_worker", "--test-threads=1", "--quiet"])
        .env(WORKER_DB, db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn worker")
}

#[tokio::test]
async fn runners_killed_at_random_moments_leave_each_occurrence_once() {
    let b = Book::new().await;
    let api = on(&b.api, date(WORKER_START));
    create(
        &api,
        template(
            "Daily",
            b.customer_fr,
            every(ScheduleUnit::Days, 1, WORKER_START),
            RecurringMode::Issue,
        ),
    )
    .await;
    create(
        &api,
        template(
            "Every 3 days",
            b.customer_de,
            every(ScheduleUnit::Days, 3, WORKER_START),
            RecurringMode::Draft,
        ),
    )
    .await;
    let mut rng = rand::rng();
    let count = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recurring_occurrences")
            .fetch_one(&mut b.raw().await)
            .await
            .unwrap();
        n
    };
    let total = WORKER_DAYS + WORKER_DAYS.div_euclid(3);
    // Killed while making occurrences: progress made, work left.
    let (mut kills, mut interrupted, mut made) = (0, 0, 0);
    while interrupted < 8 && kills < 60 {
        let mut w = spawn_worker(&b.path);
        tokio::time::sleep(Duration::from_millis(rng.random_range(20..250))).await;
        // SIGKILL on Unix: no destructor, no rollback, no goodbye.
        w.kill().unwrap();
        w.wait().unwrap();
        kills += 1;
        let now = count().await;
        if now > made && now < total {
            interrupted += 1;
        }
        made = now;
    }
    // The survivor: this process catches up to the last day.
    let last = plus(date(WORKER_START), WORKER_DAYS - 1);
    let r = run_on(&b.api, last).await;
    assert_eq!(r.failed, 0);
    let issued = check_books(&b).await;
    assert_eq!(issued, WORKER_DAYS, "one daily invoice per day");
    assert_eq!(orphans(&b).await, 0, "a document without its occurrence");
    assert_eq!(count().await, total);
    println!(
        "{kills} runners killed, {interrupted} of them while making occurrences; {made} of {total} made before the survivor"
    );
    assert!(
        interrupted >= 3,
        "the workers were not killed while making occurrences: the test proves nothing"
    );
}
