//! The demo book as e-invoices: every issued invoice and credit note of a 200-invoice book
//! (VAT at 20 and 5.5 %, reverse charge to Germany, export in dollars, discounts, credit
//! notes) and of a 30-invoice book under the French VAT franchise, written as CII (Factur-X
//! EN 16931) and UBL (Peppol BIS 3.0), then checked in one batch by the independent
//! `shared/tools/einvoice-check`: zero errors.
//!
//! The checker validates about one file per second, so this test is ignored by default:
//! `cargo test -p autoinvoice-tests --test einvoice -- --ignored --nocapture`.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_documents::cii::{Profile, cii_xml};
use autoinvoice_documents::ubl::ubl_xml;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_tests::book::today;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CHECKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/tools/einvoice-check"
);

/// Seeds a demo book in a fresh database and writes the CII and UBL of every issued invoice
/// and credit note into `out`; returns how many documents it wrote.
async fn write_book(dir: &Path, out: &Path, invoices: usize, franchise: bool) -> usize {
    let api = Api::open(&dir.join(format!("demo-{franchise}.db")))
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    api.seed_demo(SeedDemo {
        invoices,
        franchise,
    })
    .await
    .unwrap();
    let issued = vec![
        Status::Issued,
        Status::Sent,
        Status::PartiallyPaid,
        Status::Paid,
        Status::Credited,
    ];
    let mut written = 0;
    for kind in [DocumentKind::Invoice, DocumentKind::CreditNote] {
        let mut offset = 0;
        loop {
            let page = api
                .list_documents(ListDocuments {
                    kind: Some(kind),
                    statuses: issued.clone(),
                    limit: Some(500),
                    offset: Some(offset),
                    ..ListDocuments::default()
                })
                .await
                .unwrap();
            if page.items.is_empty() {
                break;
            }
            offset += i64::try_from(page.items.len()).unwrap();
            for summary in &page.items {
                let doc = api
                    .full_document(None, &DocumentRef::Id(summary.id))
                    .await
                    .unwrap();
                if !doc.is_einvoice() {
                    continue;
                }
                let stem = format!(
                    "{}-{}",
                    if franchise { "franchise" } else { "normal" },
                    doc.number.as_deref().unwrap().replace(['/', '\\'], "_")
                );
                std::fs::write(
                    out.join(format!("{stem}.cii.xml")),
                    cii_xml(&doc, Profile::En16931).unwrap(),
                )
                .unwrap();
                std::fs::write(out.join(format!("{stem}.ubl.xml")), ubl_xml(&doc).unwrap())
                    .unwrap();
                written += 1;
            }
        }
    }
    api.close().await;
    written
}

#[tokio::test]
#[ignore = "runs the e-invoice checker on ~450 files (several minutes)"]
async fn demo_books_pass_the_checker() {
    let checker = Path::new(CHECKER);
    assert!(
        checker.is_file(),
        "the e-invoice checker is missing at {CHECKER}: clone `shared/` beside the repository \
         (it holds tools/einvoice-check); this test does not skip without it"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("xml");
    std::fs::create_dir_all(&out).unwrap();
    let normal = write_book(dir.path(), &out, 200, false).await;
    let franchise = write_book(dir.path(), &out, 30, true).await;
    assert!(
        normal >= 180,
        "only {normal} issued documents in the 200-invoice book"
    );
    assert!(
        franchise >= 27,
        "only {franchise} issued documents in the franchise book"
    );

    let mut files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let started = Instant::now();
    let result = Command::new(checker)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {CHECKER}: {e}"));
    let stdout = String::from_utf8_lossy(&result.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    println!(
        "einvoice-check: {normal} + {franchise} documents, {} files, {:.1?}: {last}",
        files.len(),
        started.elapsed()
    );
    assert!(
        result.status.success(),
        "einvoice-check failed:\n{}\n{}",
        stdout
            .lines()
            .filter(|l| l.starts_with("FAIL") || l.contains("error:"))
            .collect::<Vec<_>>()
            .join("\n"),
        String::from_utf8_lossy(&result.stderr)
    );
}
