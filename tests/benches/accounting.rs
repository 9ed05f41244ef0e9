//! The accountant's side on the 100,000-invoice book (issue 15): each report (target
//! ≤ 100 ms), the FEC of a year (≤ 2 s), a backup while the book is open (≤ 2 s), and the
//! check a restore makes. `cargo bench -p autoinvoice-tests --bench accounting`
//! (BENCH_INVOICES=N). Works on a copy of the book the core benchmark builds.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_tests::book::{date, today};
use std::future::Future;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One warm-up, then `runs` timed runs: median and slowest, in ms.
async fn time<T, F: Future<Output = T>>(runs: usize, mut f: impl FnMut() -> F) -> (f64, f64) {
    f().await;
    let mut t = vec![0.0; runs];
    for slot in t.iter_mut() {
        let start = Instant::now();
        f().await;
        *slot = ms(start.elapsed());
    }
    t.sort_by(|a, b| a.total_cmp(b));
    (t[t.len() / 2], t[t.len() - 1])
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::var("BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let cached = autoinvoice_tests::bench_book::existing(n);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    std::fs::copy(&cached, &path).unwrap();
    let start = Instant::now();
    let api = Api::open(&path)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    println!(
        "open (with this version's migrations on first open): {:.0} ms",
        ms(start.elapsed())
    );
    let year = |y: i32| ReportRequest {
        org_id: None,
        from: Some(date(&format!("{y}-01-01"))),
        to: Some(date(&format!("{y}-12-31"))),
        as_of: None,
    };
    let quarter = ReportRequest {
        org_id: None,
        from: Some(date("2026-07-01")),
        to: Some(date("2026-09-30")),
        as_of: None,
    };
    let runs = 9;
    println!("reports on {n} invoices, median / slowest of {runs} (target ≤ 100 ms):");
    let aging = api.aging_report(ReportRequest::default()).await.unwrap();
    let (m, x) = time(runs, || api.aging_report(ReportRequest::default())).await;
    println!(
        "  aging today                 {m:7.1} / {x:7.1} ms  ({} customers)",
        aging.rows.len()
    );
    let past = ReportRequest {
        as_of: Some(date("2025-12-31")),
        ..ReportRequest::default()
    };
    let (m, x) = time(runs, || api.aging_report(past.clone())).await;
    println!("  aging on 2025-12-31         {m:7.1} / {x:7.1} ms");
    let (m, x) = time(runs, || api.revenue_report(year(2025))).await;
    println!("  revenue of a year           {m:7.1} / {x:7.1} ms");
    let (m, x) = time(runs, || api.vat_report(quarter.clone())).await;
    println!("  VAT of a quarter (receipts) {m:7.1} / {x:7.1} ms");
    let (m, x) = time(runs, || api.vat_report(year(2025))).await;
    println!("  VAT of a year (receipts)    {m:7.1} / {x:7.1} ms");
    let (m, x) = time(runs, || api.franchise_report(ReportRequest::default())).await;
    println!("  franchise tracker           {m:7.1} / {x:7.1} ms");
    let (m, x) = time(runs, || api.report_csv(ReportKind::Revenue, year(2025))).await;
    println!("  revenue CSV                 {m:7.1} / {x:7.1} ms");

    let fec_req = FecRequest {
        org_id: None,
        from: Some(date("2025-01-01")),
        to: Some(date("2025-12-31")),
    };
    let fec = api.fec_export(fec_req.clone()).await.unwrap();
    let (m, x) = time(3, || api.fec_export(fec_req.clone())).await;
    println!(
        "FEC of 2025: {m:.0} / {x:.0} ms (target ≤ 2,000): {} entries, {} lines, {:.1} MB",
        fec.entries,
        fec.lines,
        fec.text.len() as f64 / 1e6
    );

    let folder = dir.path().join("backups");
    api.set_backup_settings(BackupSettings {
        folder: Some(folder.display().to_string()),
        ..BackupSettings::default()
    })
    .await
    .unwrap();
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let b = api.create_backup(CreateBackup::default()).await.unwrap();
        times.push(ms(start.elapsed()));
        last = Some(b);
    }
    let b = last.unwrap();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "backup while open: {:.0} / {:.0} ms (target ≤ 2,000), {:.0} MB",
        times[1],
        times[2],
        b.file.bytes as f64 / 1e6
    );
    let start = Instant::now();
    let check = api.verify_backup(&b.file.path).await.unwrap();
    assert!(check.ok, "{}", check.message);
    println!(
        "verify a backup (integrity check, copy, journal verify): {:.0} ms",
        ms(start.elapsed())
    );
}
