//! `autoinvoice purchase`: the watched folder set, scanned (a Factur-X PDF and a UBL file
//! filed, a text file ignored, a damaged XML refused with exit code 1 and nothing written),
//! scanned again without a second copy, turned off; bad folders refused.

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

fn json(o: &Output, code: i32) -> serde_json::Value {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_watched_folder_is_set_scanned_and_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let supplier = dir.path().join("supplier.db");
    let buyer = dir.path().join("buyer.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    assert_eq!(
        run(&supplier, &["demo", "--invoices", "5"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&buyer, &["demo", "--invoices", "1"]).status.code(),
        Some(0)
    );

    // Two of the supplier's issued documents, as a Factur-X PDF and as UBL.
    let page = json(
        &run(
            &supplier,
            &[
                "--json", "invoice", "list", "--status", "issued", "--limit", "20",
            ],
        ),
        0,
    );
    // Invoices and credit notes carry an e-invoice; quotes do not.
    let numbers: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] != "quote")
        .take(2)
        .map(|d| d["number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(numbers.len(), 2, "{page}");
    let pdf = inbox.join("a.pdf");
    let ubl = inbox.join("b.xml");
    let out = run(
        &supplier,
        &["invoice", "pdf", &numbers[0], "-o", pdf.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &supplier,
        &[
            "invoice",
            "xml",
            &numbers[1],
            "--format",
            "ubl",
            "-o",
            ubl.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(inbox.join("readme.txt"), "not an invoice").unwrap();
    std::fs::write(inbox.join("damaged.xml"), "<Invoice><cbc:ID>1</").unwrap();

    // Not watched yet; a folder that does not exist is refused.
    let r = json(&run(&buyer, &["--json", "purchase", "inbox"]), 0);
    assert!(r["folder"].is_null(), "{r}");
    let missing = dir.path().join("nowhere");
    let r = json(
        &run(
            &buyer,
            &[
                "--json",
                "purchase",
                "inbox",
                "--folder",
                missing.to_str().unwrap(),
            ],
        ),
        1,
    );
    assert_eq!(r["code"], "not_found", "{r}");
    let r = json(
        &run(
            &buyer,
            &[
                "--json",
                "purchase",
                "inbox",
                "--folder",
                inbox.to_str().unwrap(),
            ],
        ),
        0,
    );
    assert_eq!(r["folder"], inbox.to_str().unwrap());

    // Files younger than two seconds may still be being written: left for the next scan.
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let r = json(&run(&buyer, &["--json", "purchase", "scan"]), 1);
    let imported = r["imported"].as_array().unwrap();
    assert_eq!(imported.len(), 2, "{r}");
    assert!(
        imported.iter().all(|i| i["already_imported"] == false),
        "{r}"
    );
    let refused = r["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{r}");
    assert_eq!(refused[0]["file"], "damaged.xml");
    let list = json(&run(&buyer, &["--json", "purchase", "list"]), 0);
    let mut got: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap().to_owned())
        .collect();
    got.sort();
    let mut want = numbers.clone();
    want.sort();
    assert_eq!(got, want);

    // Again: recognised, nothing added.
    let r = json(&run(&buyer, &["--json", "purchase", "scan"]), 1);
    assert!(
        r["imported"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["already_imported"] == true),
        "{r}"
    );
    let list = json(&run(&buyer, &["--json", "purchase", "list"]), 0);
    assert_eq!(list.as_array().unwrap().len(), 2);

    // Off: a scan does nothing.
    let r = json(&run(&buyer, &["--json", "purchase", "inbox", "--off"]), 0);
    assert!(r["folder"].is_null(), "{r}");
    let r = json(&run(&buyer, &["--json", "purchase", "scan"]), 0);
    assert_eq!(r["imported"].as_array().unwrap().len(), 0, "{r}");
}
