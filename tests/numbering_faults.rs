//! Numbering under faults: several processes issuing at once on one database file, and a
//! process killed (SIGKILL) at random moments while it issues in a loop. Afterwards every
//! series is gapless without duplicates, every issued invoice is complete, and the journal
//! verifies.
//!
//! The issuing processes are this test binary itself, started again with
//! `AUTOINVOICE_ISSUE_WORKER_DB` set, running only the `issue_worker` test.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_tests::book::*;
use rand::RngExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const WORKER_DB: &str = "AUTOINVOICE_ISSUE_WORKER_DB";
const WORKER_COUNT: &str = "AUTOINVOICE_ISSUE_WORKER_COUNT";

/// Not a test of its own: the body of a worker process (returns at once otherwise).
#[test]
fn issue_worker() {
    let Ok(db) = std::env::var(WORKER_DB) else {
        return;
    };
    let count: usize = std::env::var(WORKER_COUNT)
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(usize::MAX);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let api = Api::open(Path::new(&db))
            .await
            .unwrap()
            .with_clock(Clock::Fixed(today()));
        let customer = api.list_customers(ListCustomers::default()).await.unwrap()[0].id;
        for _ in 0..count {
            let draft = api
                .create_document(three_rate_invoice(customer))
                .await
                .unwrap();
            api.issue_document(IssueDocument {
                org_id: None,
                document: DocumentRef::Id(draft.id),
            })
            .await
            .unwrap();
        }
    });
}

fn spawn_worker(db: &Path, count: Option<usize>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "issue_worker", "--test-threads=1", "--quiet"])
        .env(WORKER_DB, db)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env(WORKER_COUNT, n.to_string());
    }
    cmd.spawn().expect("spawn worker")
}

/// Checks gapless numbering, completeness and the journal; returns how many were issued.
async fn check_books(b: &Book) -> i64 {
    let mut raw = b.raw().await;
    let series: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT series_id, period, COUNT(*), MIN(seq), MAX(seq) FROM invoices WHERE status <> 'draft' GROUP BY series_id, period",
    )
    .fetch_all(&mut raw)
    .await
    .unwrap();
    let mut issued = 0;
    for (id, period, count, min, max) in series {
        assert_eq!(
            (min, max),
            (1, count),
            "series {id} period {period}: numbers 1..{count} expected, got {min}..{max}"
        );
        let next: i64 = sqlx::query_scalar("SELECT next_seq FROM number_series WHERE id = ?")
            .bind(id)
            .fetch_one(&mut raw)
            .await
            .unwrap();
        assert_eq!(
            next,
            count + 1,
            "series {id}: the next number does not follow the last issued"
        );
        issued += count;
    }
    let distinct: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT number) FROM invoices WHERE number IS NOT NULL")
            .fetch_one(&mut raw)
            .await
            .unwrap();
    assert_eq!(distinct, issued, "duplicate numbers");
    let incomplete: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoices i LEFT JOIN invoice_bodies b ON b.invoice_id = i.id
         WHERE status <> 'draft' AND (content_hash IS NULL OR b.seller IS NULL OR b.buyer IS NULL
           OR (SELECT COUNT(*) FROM invoice_items t WHERE t.invoice_id = i.id) <> 3)",
    )
    .fetch_one(&mut raw)
    .await
    .unwrap();
    assert_eq!(incomplete, 0, "incomplete issued invoices");
    let reports = b.api.verify_journal(None).await.unwrap();
    assert!(reports[0].ok(), "{:?}", reports[0].problems);
    assert_eq!(i64::try_from(reports[0].documents).unwrap(), issued);
    issued
}

#[tokio::test]
async fn concurrent_processes_issue_gapless_numbers() {
    let b = Book::new().await;
    let workers: Vec<Child> = (0..4).map(|_| spawn_worker(&b.path, Some(25))).collect();
    for mut w in workers {
        assert!(w.wait().unwrap().success(), "a worker failed");
    }
    assert_eq!(check_books(&b).await, 100);
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT number FROM invoices WHERE number IS NOT NULL ORDER BY seq")
            .fetch_all(&mut b.raw().await)
            .await
            .unwrap();
    assert_eq!(numbers.first().map(String::as_str), Some("F-2026-0001"));
    assert_eq!(numbers.last().map(String::as_str), Some("F-2026-0100"));
}

#[tokio::test]
async fn sigkill_at_random_moments_leaves_no_gap_and_no_duplicate() {
    let b = Book::new().await;
    let mut rng = rand::rng();
    let kills = 200;
    for _ in 0..kills {
        let mut w = spawn_worker(&b.path, None);
        tokio::time::sleep(Duration::from_millis(rng.random_range(5..80))).await;
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback, no goodbye.
        w.kill().unwrap();
        w.wait().unwrap();
    }
    // A survivor finishes normally on the same file.
    assert!(spawn_worker(&b.path, Some(5)).wait().unwrap().success());
    let issued = check_books(&b).await;
    println!("{kills} processes killed; {issued} invoices issued, gapless");
    assert!(
        issued > 5,
        "the workers issued nothing before being killed: the test proves nothing"
    );
}
