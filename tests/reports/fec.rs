//! The FEC: balanced, its customer account equal to the aging total, and passed by the
//! independent checker (`tests/fec/check_fec.py`), as is the FEC of the demo book.

#![allow(clippy::unwrap_used)]

use super::common::*;
use autoinvoice_api::*;
use autoinvoice_tests::book::*;
use chrono::NaiveDate;
use std::path::Path;
use std::process::Command;

fn check_fec(file: &Path, siren: &str, from: &str, to: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fec/check_fec.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(file)
        .args(["--siren", siren, "--year-start", from, "--year-end", to])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "the FEC checker refused {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Balance of an account in the FEC text (debit - credit), in hundredths.
fn balance(text: &str, account: &str) -> i64 {
    text.lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[4] == account)
        .map(|f| {
            let c = |s: &str| s.replace(',', "").parse::<i64>().unwrap();
            c(f[11]) - c(f[12])
        })
        .sum()
}

#[tokio::test]
async fn fec_of_the_worked_book_balances_and_passes_the_checker() {
    let book = worked_book().await;
    let fec = book
        .api
        .fec_export(FecRequest {
            org_id: None,
            from: Some(date("2026-01-01")),
            to: Some(date("2026-12-31")),
        })
        .await
        .unwrap();
    assert_eq!(fec.file_name, "534640974FEC20261231.txt");
    assert_eq!(fec.entries, 7, "5 documents and 2 payments");
    assert_eq!(fec.total_debit, fec.total_credit);
    assert!(fec.left_out.is_empty());
    assert_eq!(
        fec.text
            .lines()
            .next()
            .unwrap()
            .split('\t')
            .collect::<Vec<_>>(),
        FEC_COLUMNS
    );
    // What customers owe at the end of the year is the aging total.
    assert_eq!(balance(&fec.text, "411000"), 292_750);
    // VAT collected: A's 100 when paid, E's 9,000 when paid, B's 27.50 at issue.
    assert_eq!(balance(&fec.text, "445711"), -910_000);
    assert_eq!(balance(&fec.text, "445713"), -2_750);
    // VAT still to collect on receipts: A's other 100, C's 400 less the credit note's 100.
    assert_eq!(balance(&fec.text, "445740"), -40_000);
    assert_eq!(balance(&fec.text, "512000"), 5_460_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&fec.file_name);
    std::fs::write(&path, &fec.text).unwrap();
    check_fec(&path, "534640974", "20260101", "20261231");

    // No SIREN, no FEC; a period longer than 23 months is refused.
    let err = book
        .api
        .fec_export(FecRequest {
            org_id: None,
            from: Some(date("2024-01-01")),
            to: Some(date("2026-12-31")),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    // A seller without a SIREN (a German one: French sellers must give theirs) gets no FEC.
    let mut german = seller();
    german.address = address("Berlin", "DE");
    german.siren = None;
    german.vat_number = Some("DE129273398".into());
    let other = book.api.create_organization(german).await.unwrap();
    let err = book
        .api
        .fec_export(FecRequest {
            org_id: Some(other.id),
            ..FecRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert!(err.message.contains("SIREN"), "{}", err.message);
}

#[tokio::test]
async fn fec_of_the_demo_book_passes_the_checker() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let api = Api::open(&db)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(date("2026-11-30")));
    api.seed_demo(SeedDemo {
        invoices: 300,
        franchise: false,
    })
    .await
    .unwrap();
    let org = api.organization(None).await.unwrap();
    let siren = org.organization.siren.clone().unwrap();
    for year in [2025, 2026] {
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let fec = api
            .fec_export(FecRequest {
                org_id: None,
                from: Some(from),
                to: Some(to),
            })
            .await
            .unwrap();
        assert!(fec.entries > 0);
        assert_eq!(fec.total_debit, fec.total_credit);
        let path = dir.path().join(&fec.file_name);
        std::fs::write(&path, &fec.text).unwrap();
        check_fec(
            &path,
            &siren,
            &format!("{year}0101"),
            &format!("{year}1231"),
        );
    }
}
