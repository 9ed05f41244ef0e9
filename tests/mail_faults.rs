//! The outbox under SIGKILL: a worker process (this test binary started again with
//! `AUTOINVOICE_MAIL_WORKER_DB` set) delivers invoice emails to a real SMTP server on loopback
//! and is killed at random moments, at least 100 times. Afterwards, counted at the server by
//! Message-ID: every message was delivered exactly once, or is reported failed ("uncertain",
//! for the user to check) and was delivered at most once. None lost, none duplicated, and the
//! invoice's journal holds one "send" entry per delivered message.

#![allow(clippy::unwrap_used)]

#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::*;
use autoinvoice_store::outbox::NewOutboxMessage;
use harness::{Mode, Opts, SmtpServer};
use rand::RngExt;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const WORKER_DB: &str = "AUTOINVOICE_MAIL_WORKER_DB";
const MESSAGES: usize = 400;
const KILLS: usize = 120;

/// Not a test of its own: the body of a worker process (returns at once otherwise).
#[test]
fn outbox_worker() {
    let Ok(db) = std::env::var(WORKER_DB) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let api = Api::open(Path::new(&db)).await.unwrap();
        api.outbox_run(None).await.unwrap();
    });
}

fn spawn_worker(db: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "outbox_worker", "--test-threads=1", "--quiet"])
        .env(WORKER_DB, db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn worker")
}

/// `MESSAGES` invoice emails: one sent through the API (PDF rendered), the others the same
/// bytes with their own Message-ID, queued as the API does.
async fn queue(b: &autoinvoice_tests::book::Book, api: &Api) -> i64 {
    let number = b.issued_invoice().await.number.unwrap();
    let first = setup::send(api, &number).await;
    let raw: Vec<u8> = sqlx::query_scalar("SELECT raw FROM outbox WHERE id = ?")
        .bind(first.id)
        .fetch_one(&mut b.raw().await)
        .await
        .unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let store = api.store();
    for i in 1..MESSAGES {
        let id = first.message_id.replace("<", &format!("<k{i}."));
        let now = chrono::Utc::now();
        store
            .enqueue_mail(&NewOutboxMessage {
                org_id: first.org_id,
                invoice_id: first.invoice_id,
                kind: "document",
                message_id: id.clone(),
                envelope_from: first.envelope_from.clone(),
                to: first.to.clone(),
                cc: vec![],
                bcc: vec![],
                subject: first.subject.clone(),
                raw: raw.replace(&first.message_id, &id).into_bytes(),
                now,
                expires_at: now + chrono::TimeDelta::days(3),
            })
            .await
            .unwrap();
    }
    first.invoice_id.unwrap()
}

#[tokio::test]
async fn sigkill_while_delivering_never_duplicates_never_loses() {
    // The server waits 1–25 ms after storing each message before its 250: kills land in
    // every step of the conversation, the uncertain window included.
    let srv = SmtpServer::start(Opts {
        mode: Some(Mode::Plain),
        delay_ms: Some((1, 25)),
        ..Opts::default()
    });
    let (b, api) = setup::book().await;
    api.set_mail_config(setup::config(&srv, Mode::Plain, None, false, None))
        .await
        .unwrap();
    let invoice_id = queue(&b, &api).await;

    let mut rng = rand::rng();
    let mut kills = 0;
    let mut mid_delivery = 0;
    while kills < KILLS {
        let mut w = spawn_worker(&b.path);
        tokio::time::sleep(Duration::from_millis(rng.random_range(5..120))).await;
        let finished = w.try_wait().unwrap().is_some();
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback, no goodbye.
        w.kill().unwrap();
        w.wait().unwrap();
        if !finished {
            kills += 1;
        }
        let sending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'sending'")
                .fetch_one(&mut b.raw().await)
                .await
                .unwrap();
        mid_delivery += sending;
        let left: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')")
                .fetch_one(&mut b.raw().await)
                .await
                .unwrap();
        if left == 0 {
            break;
        }
    }
    // A survivor finishes normally.
    assert!(spawn_worker(&b.path).wait().unwrap().success());

    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT message_id, state, last_error_code FROM outbox")
            .fetch_all(&mut b.raw().await)
            .await
            .unwrap();
    let mut at_server: HashMap<String, usize> = HashMap::new();
    for m in srv.received() {
        *at_server
            .entry(m.header("Message-ID").unwrap())
            .or_default() += 1;
    }
    let (mut sent, mut uncertain, mut uncertain_delivered) = (0, 0, 0);
    for (id, state, code) in &rows {
        let n = at_server.get(id).copied().unwrap_or(0);
        match state.as_str() {
            "sent" => {
                assert_eq!(n, 1, "{id}: sent, received {n} times");
                sent += 1;
            }
            "failed" => {
                assert_eq!(code.as_deref(), Some("uncertain"), "{id}");
                assert!(n <= 1, "{id}: reported failed, received {n} times");
                uncertain += 1;
                uncertain_delivered += n;
            }
            other => panic!("{id} left {other}"),
        }
    }
    assert_eq!(rows.len(), MESSAGES);
    assert_eq!(sent + uncertain, MESSAGES);
    assert!(
        at_server
            .keys()
            .all(|k| rows.iter().any(|(id, _, _)| id == k)),
        "the server received a message the outbox does not know"
    );
    assert!(
        at_server.values().all(|&n| n == 1),
        "a message was received twice"
    );
    let journal_sends: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM journal WHERE event = 'send' AND document_id = ?")
            .bind(invoice_id)
            .fetch_one(&mut b.raw().await)
            .await
            .unwrap();
    assert_eq!(
        journal_sends,
        i64::try_from(sent).unwrap(),
        "one journal entry per delivered message"
    );
    assert!(api.verify_journal(None).await.unwrap()[0].ok());
    println!(
        "{kills} workers killed ({mid_delivery} while a message was in 'sending'); {MESSAGES} messages: \
         {sent} delivered exactly once, {uncertain} reported uncertain ({uncertain_delivered} of them had reached the server), \
         none lost, none duplicated ({} received at the server)",
        at_server.len()
    );
    assert!(
        kills >= 100,
        "only {kills} kills: the workers finished too fast"
    );
    assert!(
        mid_delivery > 0,
        "no kill landed during a delivery: the test proves nothing"
    );
}
