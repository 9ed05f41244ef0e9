//! The documents benchmark: `make bench` (or `cargo build --release -p autoinvoice-cli &&
//! cargo bench -p autoinvoice-tests --bench documents`).
//! Targets: ≤ 2 ms per invoice warm (Factur-X included), ≤ 30 ms per cold process,
//! ≤ 40 KB for a one-page invoice with its XML, ≤ 60 MB peak RSS exporting 1,000 invoices.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_documents::cii::Profile;
use autoinvoice_documents::facturx::document_pdf;
use autoinvoice_documents::pdf::PdfOptions;
use autoinvoice_tests::book::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator the `autoinvoice` binary uses, so the figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.2} ms, p95 {:.2} ms (n={})",
        ms(v[v.len() / 2]),
        ms(v[v.len() * 95 / 100]),
        v.len()
    )
}

/// The release `autoinvoice` next to this bench binary (target/release/autoinvoice).
fn cli() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("autoinvoice");
    assert!(
        bin.is_file(),
        "build it first: cargo build --release -p autoinvoice-cli ({})",
        bin.display()
    );
    bin
}

fn twenty_line_invoice(customer_id: i64) -> CreateDocument {
    let mut req = three_rate_invoice(customer_id);
    req.content.lines = (1..=20)
        .map(|i| {
            let mut l = line(
                &format!("Prestation de conseil n° {i}"),
                &format!("{}", 1 + i % 4),
                "137.50",
                if i % 4 == 0 { "10" } else { "20" },
            );
            if i % 5 == 0 {
                l.description = Some(
                    "Atelier de cadrage, compte rendu et plan d'action détaillé remis au client."
                        .into(),
                );
            }
            l
        })
        .collect();
    req
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let api = Api::open(&db)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    api.create_organization(seller()).await.unwrap();
    let customer = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Dupont SARL", "FR", Some("FR16302466339")),
        })
        .await
        .unwrap()
        .id;

    // 1. Warm render of a 20-line invoice, Factur-X XML included.
    let draft = api
        .create_document(twenty_line_invoice(customer))
        .await
        .unwrap();
    let issued = api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    let doc = api
        .full_document(None, &DocumentRef::Id(issued.id))
        .await
        .unwrap();
    let opts = PdfOptions::default();
    for _ in 0..20 {
        document_pdf(&doc, &opts, Profile::En16931).unwrap();
    }
    // AUTOINVOICE_BENCH_PROFILE=N: only N warm renders, then stop (for callgrind/perf).
    let profile_only: Option<usize> = std::env::var("AUTOINVOICE_BENCH_PROFILE")
        .ok()
        .and_then(|n| n.parse().ok());
    let mut warm = Vec::new();
    for _ in 0..profile_only.unwrap_or(300) {
        let t = Instant::now();
        document_pdf(&doc, &opts, Profile::En16931).unwrap();
        warm.push(t.elapsed());
    }
    println!(
        "warm render, 20-line invoice with Factur-X (PDF/A-3 + CII): {}  [target ≤ 2 ms]",
        stats(warm)
    );
    if profile_only.is_some() {
        return;
    }

    // 2. Size of a one-page invoice with its XML.
    let one_page = api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(
                api.create_document(three_rate_invoice(customer))
                    .await
                    .unwrap()
                    .id,
            ),
        })
        .await
        .unwrap();
    let bytes = api
        .document_pdf(None, &DocumentRef::Id(one_page.id))
        .await
        .unwrap();
    let twenty = api
        .document_pdf(None, &DocumentRef::Id(issued.id))
        .await
        .unwrap();
    println!(
        "PDF size: one-page 3-line invoice with Factur-X XML {:.1} KB; 20-line invoice {:.1} KB  [target ≤ 40 KB]",
        bytes.len() as f64 / 1024.0,
        twenty.len() as f64 / 1024.0
    );
    let number = one_page.number.clone().unwrap();
    api.close().await;

    // 3. A cold, one-shot process: start, open the database, render, write, exit.
    let bin = cli();
    let out = dir.path().join("one.pdf");
    let mut cold = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let status = Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .args(["invoice", "pdf", &number, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        cold.push(t.elapsed());
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    println!(
        "cold `autoinvoice invoice pdf` process: {}  [target ≤ 30 ms]",
        stats(cold)
    );

    // 4. Export 1,000 invoices in parallel: time and peak memory (GNU time).
    let book = dir.path().join("book.db");
    let t = Instant::now();
    let seeded = Command::new(&bin)
        .arg("--db")
        .arg(&book)
        .args(["demo", "--invoices", "1100"])
        .env("AUTOINVOICE_TODAY", today().to_string())
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    println!(
        "(seeded a 1,100-invoice demo book in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    export(&bin, &book, &dir.path().join("export"));
}

fn export(bin: &Path, book: &Path, out: &Path) {
    let timed = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(bin)
        .arg("--db")
        .arg(book)
        .arg("--json")
        .args(["export", "pdf", "--all", "--out"])
        .arg(out)
        .output()
        .expect("GNU time (/usr/bin/time, Debian package `time`) measures the peak memory; make setup installs it");
    assert!(
        timed.status.success(),
        "{}",
        String::from_utf8_lossy(&timed.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&timed.stdout).unwrap();
    let last = String::from_utf8_lossy(&timed.stderr)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    let mut parts = last.split_whitespace();
    let secs: f64 = parts.next().unwrap().parse().unwrap();
    let kb: f64 = parts.next().unwrap().parse().unwrap();
    let files = report["files"].as_u64().unwrap();
    println!(
        "export pdf --all: {files} documents in {secs:.2} s ({:.2} ms each, {} cores), peak RSS {:.1} MB, {:.1} KB per PDF  [target ≤ 60 MB]",
        secs * 1000.0 / files as f64,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        kb / 1024.0,
        report["bytes"].as_f64().unwrap() / files as f64 / 1024.0
    );
}
