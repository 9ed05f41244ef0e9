//! The reminders benchmark: finding what is due among 100,000 invoices (target ≤ 50 ms).
//! `cargo bench -p autoinvoice-tests --bench reminders` (BENCH_INVOICES=N for another book).
//! Works on a copy of the book the core benchmark builds and keeps in ~/.cache/autoinvoice/
//! (`make bench` runs that one first).

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_domain::reminders::Policy;
use autoinvoice_store::reminder_queue::PolicyScope;
use autoinvoice_tests::book::today;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.3} ms, p95 {:.3} ms, max {:.3} ms (n={})",
        ms(v[v.len() / 2]),
        ms(v[v.len() * 95 / 100]),
        ms(v[v.len() - 1]),
        v.len()
    )
}

async fn find(api: &Api, catch_up: Option<u32>, label: &str) -> usize {
    let org = api.organizations().await.unwrap()[0].id;
    let policy = Policy::default();
    let mut times = vec![];
    let mut found = 0;
    for _ in 0..50 {
        let t = Instant::now();
        found = api
            .store()
            .due_reminders(org, PolicyScope::Organization, &policy, today(), catch_up)
            .await
            .unwrap()
            .len();
        times.push(t.elapsed());
    }
    println!(
        "find what is due, {label}: {found} due; {}  [target ≤ 50 ms]",
        stats(times)
    );
    found
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: usize = std::env::var("BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let cached = autoinvoice_tests::bench_book::existing(n);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    std::fs::copy(&cached, &path).unwrap();
    let t = Instant::now();
    let api = Api::open(&path)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    println!(
        "book of {n} invoices opened (reminder migration included) in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let mut settings = api.reminder_settings(None).await.unwrap();
    settings.enabled = true;
    settings.time_zone = Some("Europe/Paris".into());
    api.set_reminder_settings(SetReminderSettings {
        org_id: None,
        settings,
    })
    .await
    .unwrap();

    find(&api, Some(30), "default 30-day catch-up window").await;
    let all = find(
        &api,
        None,
        "no catch-up limit, first run on a 3-year book (every old unpaid invoice due)",
    )
    .await;
    // Steady state: every stage reached so far has been dealt with.
    let t = Instant::now();
    sqlx::query(
        "INSERT INTO invoice_reminders (invoice_id, stage, due_on, channel, status, created_at)
         SELECT id, 'formal_notice', date(due_date, '+30 days'), 'email', 'skipped', '2026-11-29T00:00:00Z'
         FROM invoices WHERE kind = 'invoice' AND status IN ('issued', 'sent', 'partially_paid')
           AND due_date <= date(?, '-30 days')",
    )
    .bind(today())
    .execute(api.store().pool())
    .await
    .unwrap();
    eprintln!(
        "  (marked {all} old formal notices as dealt with in {:.2} s)",
        t.elapsed().as_secs_f64()
    );
    find(&api, None, "no catch-up limit, steady state").await;
    let mut list = vec![];
    for _ in 0..20 {
        let t = Instant::now();
        api.list_reminders(ListReminders::default()).await.unwrap();
        list.push(t.elapsed());
    }
    println!(
        "reminders list (due now + coming 14 days + in review): {}",
        stats(list)
    );
    api.close().await;
}
