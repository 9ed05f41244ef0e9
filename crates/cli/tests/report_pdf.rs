//! `report … --pdf FILE [--lang fr|en]`: the PDF written whole, with `--csv` too when both
//! are asked; `--lang` only with `--pdf`, and only fr or en (usage errors, exit 2).

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_autoinvoice"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("AUTOINVOICE_TODAY", "2026-11-29")
        .output()
        .unwrap()
}

fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn is_pdf(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(b"%PDF-")
}

#[test]
fn every_report_as_pdf_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    ok(&run(&db, &["demo", "--invoices", "30"]));
    let file = |name: &str| dir.path().join(name);
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    let aging = file("aging.pdf");
    ok(&run(&db, &["report", "aging", "--pdf", &s(&aging)]));
    assert!(is_pdf(&aging));

    let (vat, csv) = (file("vat.pdf"), file("vat.csv"));
    let out = run(
        &db,
        &[
            "--json",
            "report",
            "vat",
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
            "--pdf",
            &s(&vat),
            "--lang",
            "en",
            "--csv",
            &s(&csv),
        ],
    );
    ok(&out);
    assert!(is_pdf(&vat));
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("section,")
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("\"bytes\"") && said.contains("\"rows\""),
        "{said}"
    );

    let revenue = file("revenue.pdf");
    ok(&run(
        &db,
        &["report", "revenue", "--pdf", &s(&revenue), "--lang", "fr"],
    ));
    assert!(is_pdf(&revenue));
    let franchise = file("franchise.pdf");
    ok(&run(&db, &["report", "franchise", "--pdf", &s(&franchise)]));
    assert!(is_pdf(&franchise));

    // Usage errors: a language without a PDF, a language the app does not speak.
    assert_eq!(
        run(&db, &["report", "aging", "--lang", "en"]).status.code(),
        Some(2)
    );
    let bad = run(
        &db,
        &[
            "report",
            "aging",
            "--pdf",
            &s(&file("x.pdf")),
            "--lang",
            "de",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(!file("x.pdf").exists());
}
