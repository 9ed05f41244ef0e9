//! Reminder runs under SIGKILL and side by side: worker processes (this test binary started
//! again with `AUTOINVOICE_REMINDER_WORKER_DB` set, each a full `run_reminders` as the app's
//! background task and `autoinvoice reminders run` do) are killed at random moments at least
//! 100 times, often two at once on the same database. Afterwards, counted at a real SMTP
//! server on loopback by Message-ID: every invoice got exactly its due stage, once — none
//! lost, none duplicated. A message cut off while the server was receiving it is reported
//! "uncertain" by the outbox (never re-sent on its own); the test then does what the user is
//! told to do — retry those the server never got — and counts again.

#![allow(clippy::unwrap_used)]

#[path = "reminders/common.rs"]
mod common;
#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::*;
use chrono::NaiveDate;
use common::*;
use harness::{Opts, SmtpServer};
use rand::RngExt;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const WORKER_DB: &str = "AUTOINVOICE_REMINDER_WORKER_DB";
const WORKER_NOW: &str = "AUTOINVOICE_REMINDER_WORKER_NOW";
const INVOICES: i64 = 400;
const KILLS: usize = 110;

fn run_day() -> NaiveDate {
    autoinvoice_tests::book::date("2026-06-15")
}

/// Not a test of its own: the body of a worker process (returns at once otherwise).
#[test]
fn reminder_worker() {
    let (Ok(db), Ok(now)) = (std::env::var(WORKER_DB), std::env::var(WORKER_NOW)) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let api = Api::open(Path::new(&db)).await.unwrap();
        api.run_reminders(RunReminders {
            now: Some(now),
            ..RunReminders::default()
        })
        .await
        .unwrap();
    });
}

fn spawn_worker(db: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "reminder_worker", "--test-threads=1", "--quiet"])
        .env(WORKER_DB, db)
        .env(WORKER_NOW, format!("{}T09:00", run_day()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn worker")
}

async fn count(b: &autoinvoice_tests::book::Book, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&mut b.raw().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn sigkill_and_two_processes_never_duplicate_never_lose() {
    // 1–25 ms between storing a message and the 250: kills land in every step.
    let srv = SmtpServer::start(Opts {
        delay_ms: Some((1, 25)),
        ..Opts::default()
    });
    let (b, api) = reminder_book(&srv, None).await;
    // Invoices due from 56 days before the run day to 3 days after: every stage is someone's.
    let mut expected: HashMap<i64, &'static str> = HashMap::new();
    let mut issue_days: Vec<i64> = (0..INVOICES).map(|k| -27 - (k % 60)).collect();
    issue_days.sort();
    for (k, n) in issue_days.into_iter().enumerate() {
        let customer = if k % 2 == 0 {
            b.customer_fr
        } else {
            b.customer_de
        };
        let r = issue_on(&api, customer, plus(run_day(), n)).await;
        let (stage, _) = expected_stage(r.due_date.unwrap(), run_day(), &[], None).unwrap();
        expected.insert(r.id, stage);
    }

    let mut rng = rand::rng();
    let (mut kills, mut pairs, mut mid_claims, mut mid_delivery) = (0, 0, 0, 0);
    // How long a run lives before the kill, at most. A fast machine gets through more of the
    // work per run, so the window follows the pace: while the work (claims, then deliveries)
    // is ahead of the kills, the runs are cut shorter; while behind, longer — so the 110 kills
    // spread over the whole work on any machine instead of the work ending first.
    let mut window_ms: u64 = 150;
    while kills < KILLS {
        let two = rng.random_range(0..3) == 0;
        let mut workers = vec![spawn_worker(&b.path)];
        if two {
            workers.push(spawn_worker(&b.path));
            pairs += 1;
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(5..window_ms))).await;
        for mut w in workers {
            let finished = w.try_wait().unwrap().is_some();
            // Child::kill sends SIGKILL on Unix: no destructor, no rollback, no goodbye.
            w.kill().unwrap();
            w.wait().unwrap();
            if !finished {
                kills += 1;
            }
        }
        let claimed = count(&b, "SELECT COUNT(*) FROM invoice_reminders").await;
        if claimed > 0 && claimed < INVOICES {
            mid_claims += 1;
        }
        mid_delivery += count(&b, "SELECT COUNT(*) FROM outbox WHERE state = 'sending'").await;
        let left = count(
            &b,
            "SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')",
        )
        .await;
        if claimed == INVOICES && left == 0 {
            break;
        }
        let work_done = (claimed + claimed - left) as f64 / (2 * INVOICES) as f64;
        let kills_done = kills as f64 / KILLS as f64;
        window_ms = if work_done > kills_done {
            (window_ms * 3 / 4).max(15)
        } else {
            (window_ms * 5 / 4).min(150)
        };
    }
    // A survivor finishes normally.
    assert!(spawn_worker(&b.path).wait().unwrap().success());

    // Exactly one reminder per invoice, the expected stage, one journal entry each.
    let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT r.invoice_id, r.stage, o.message_id, o.state, o.last_error_code
         FROM invoice_reminders r JOIN outbox o ON o.id = r.outbox_id",
    )
    .fetch_all(&mut b.raw().await)
    .await
    .unwrap();
    assert_eq!(rows.len(), expected.len());
    for (inv, stage, _, _, _) in &rows {
        assert_eq!(expected.get(inv).copied(), Some(stage.as_str()), "#{inv}");
    }
    assert_eq!(
        count(&b, "SELECT COUNT(*) FROM outbox WHERE kind = 'reminder'").await,
        INVOICES
    );
    assert_eq!(
        count(&b, "SELECT COUNT(*) FROM journal WHERE event = 'reminder'").await,
        INVOICES
    );

    // At the server: sent ones exactly once, uncertain ones at most once.
    let received = |srv: &SmtpServer| {
        let mut at: HashMap<String, usize> = HashMap::new();
        for m in srv.received() {
            *at.entry(m.header("Message-ID").unwrap()).or_default() += 1;
        }
        at
    };
    let at_server = received(&srv);
    let (mut sent, mut uncertain, mut uncertain_delivered) = (0, 0, 0);
    let mut to_retry = vec![];
    for (_, _, id, state, code) in &rows {
        let n = at_server.get(id).copied().unwrap_or(0);
        match state.as_str() {
            "sent" => {
                assert_eq!(n, 1, "{id}: sent, received {n} times");
                sent += 1;
            }
            "failed" => {
                assert_eq!(code.as_deref(), Some("uncertain"), "{id}");
                assert!(n <= 1, "{id}: uncertain, received {n} times");
                uncertain += 1;
                uncertain_delivered += n;
                if n == 0 {
                    to_retry.push(id.clone());
                }
            }
            other => panic!("{id} left {other}"),
        }
    }
    assert!(
        at_server.values().all(|&n| n == 1),
        "a message received twice"
    );
    // The user's part: retry the uncertain messages the recipient never got.
    for id in &to_retry {
        let oid: i64 = sqlx::query_scalar("SELECT id FROM outbox WHERE message_id = ?")
            .bind(id)
            .fetch_one(&mut b.raw().await)
            .await
            .unwrap();
        api.outbox_retry(None, oid).await.unwrap();
    }
    api.outbox_run(None).await.unwrap();
    let at_server = received(&srv);
    assert_eq!(at_server.len(), expected.len(), "a reminder is missing");
    assert!(at_server.values().all(|&n| n == 1), "a reminder twice");
    assert!(api.verify_journal(None).await.unwrap()[0].ok());
    println!(
        "{kills} reminder runs killed ({pairs} rounds of two processes at once; {mid_claims} stops with claims half done, {mid_delivery} with a message in 'sending'); \
         {INVOICES} invoices: {sent} reminders delivered exactly once, {uncertain} reported uncertain ({uncertain_delivered} of them had reached the server, {} retried); \
         finally {} at the server, each once",
        to_retry.len(),
        at_server.len()
    );
    assert!(
        kills >= 100,
        "only {kills} kills: the runs finished too fast"
    );
    assert!(mid_claims > 0, "no kill landed while claiming");
    assert!(mid_delivery > 0, "no kill landed during a delivery");
}
