//! The CLI contract: commands, `--json`, exit codes (0 ok, 1 error with one line, 2 usage).

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

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

#[test]
fn demo_create_issue_show_verify_and_tamper() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert_eq!(code(&run(&db, &["demo", "--invoices", "30"])), 0);
    let list = run(
        &db,
        &["--json", "invoice", "list", "--overdue", "--limit", "5"],
    );
    assert_eq!(code(&list), 0);
    let page: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert!(
        page["total"].as_i64().unwrap() > 0,
        "the demo has overdue invoices"
    );

    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/invoice.example.json");
    let created = run(
        &db,
        &[
            "--json",
            "invoice",
            "create",
            "--from",
            example.to_str().unwrap(),
        ],
    );
    assert_eq!(
        code(&created),
        0,
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    assert_eq!(doc["status"], "draft");
    let id = doc["id"].to_string();
    let issued = run(&db, &["--json", "invoice", "issue", &id]);
    assert_eq!(
        code(&issued),
        0,
        "{}",
        String::from_utf8_lossy(&issued.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&issued.stdout).unwrap();
    let number = doc["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("F-2026-"));
    assert_eq!(code(&run(&db, &["invoice", "show", &number])), 0);
    let pay = run(
        &db,
        &[
            "payment",
            "record",
            "--invoice",
            &number,
            "--amount",
            "100.00",
        ],
    );
    assert_eq!(code(&pay), 0, "{}", String::from_utf8_lossy(&pay.stderr));
    let shown: serde_json::Value =
        serde_json::from_slice(&run(&db, &["--json", "invoice", "show", &number]).stdout).unwrap();
    assert_eq!(shown["status"], "partially_paid");

    // Editing an issued invoice through the CLI fails with one line.
    let edit = run(
        &db,
        &[
            "invoice",
            "update",
            &id,
            "--from",
            example.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&edit), 1);
    let err = String::from_utf8_lossy(&edit.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("cannot be changed"), "{err}");

    assert_eq!(code(&run(&db, &["journal", "verify"])), 0);
    // Behind the app's back, with the triggers dropped: verify fails and names the document.
    let status = Command::new("sqlite3")
        .arg(&db)
        .arg(format!("DROP TRIGGER invoices_frozen; UPDATE invoices SET buyer_name = 'Someone else' WHERE number = '{number}';"))
        .status();
    if let Ok(s) = status {
        assert!(s.success());
        let v = run(&db, &["journal", "verify"]);
        assert_eq!(code(&v), 1);
        assert!(
            String::from_utf8_lossy(&v.stdout).contains(&number),
            "{}",
            String::from_utf8_lossy(&v.stdout)
        );
    }
}

#[test]
fn errors_and_usage_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    assert_eq!(code(&run(&db, &["demo", "--invoices", "10"])), 0);
    for args in [
        vec!["invoice", "create", "--from", bad.to_str().unwrap()],
        vec!["invoice", "create", "--from", "/nonexistent.json"],
        vec!["invoice", "show", "F-1999-0001"],
        vec![
            "payment",
            "record",
            "--invoice",
            "F-1999-0001",
            "--amount",
            "abc",
        ],
        vec!["import", "customers", bad.to_str().unwrap()],
    ] {
        let o = run(&db, &args);
        assert_eq!(code(&o), 1, "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    let json_err = run(&db, &["--json", "invoice", "show", "F-1999-0001"]);
    let v: serde_json::Value = serde_json::from_slice(&json_err.stdout).unwrap();
    assert_eq!(v["code"], "not_found");
    assert_eq!(code(&run(&db, &["invoice", "frobnicate"])), 2);
    assert_eq!(code(&run(&db, &["payment", "record"])), 2);
}

#[test]
fn reminders_waiting_for_review_decided_all_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert_eq!(code(&run(&db, &["demo", "--invoices", "30"])), 0);
    let on = run(
        &db,
        &["reminders", "settings", "--enable", "--review", "on"],
    );
    assert_eq!(code(&on), 0, "{}", String::from_utf8_lossy(&on.stderr));
    assert_eq!(code(&run(&db, &["reminders", "run"])), 0);
    let list = run(&db, &["--json", "reminders", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let waiting = list["in_review_total"].as_u64().unwrap();
    assert!(
        waiting > 1,
        "the demo's overdue invoices wait for review: {list}"
    );
    let n = waiting.to_string();
    let more = (waiting + 1).to_string();

    // Usage: an id or --all, not both; --expected only with --all.
    assert_eq!(code(&run(&db, &["reminders", "approve", "1", "--all"])), 2);
    assert_eq!(code(&run(&db, &["reminders", "skip"])), 2);
    assert_eq!(
        code(&run(&db, &["reminders", "skip", "--expected", "3"])),
        2
    );
    assert_eq!(
        code(&run(&db, &["reminders", "skip", "1", "--expected", "3"])),
        2
    );
    // Another count than the one waiting: nothing decided.
    let o = run(&db, &["reminders", "skip", "--all", "--expected", &more]);
    assert_eq!(code(&o), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{waiting} reminders wait")), "{err}");
    // No email account: approving fails for each, says why, and keeps them all waiting.
    let o = run(
        &db,
        &["--json", "reminders", "approve", "--all", "--expected", &n],
    );
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decided"], serde_json::json!([]), "{v}");
    assert_eq!(v["failed"].as_array().unwrap().len() as u64, waiting, "{v}");
    assert!(
        v["failed"][0]["message"]
            .as_str()
            .unwrap()
            .contains("email account"),
        "{v}"
    );
    // Skipping them all works without one.
    let o = run(&db, &["reminders", "skip", "--all", "--expected", &n]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with(&format!("Skipped: {waiting}")), "{out}");
    assert_eq!(out.matches(" skipped ").count() as u64, waiting, "{out}");
    let list = run(&db, &["--json", "reminders", "list"]);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list["in_review_total"], 0, "{list}");
}

/// A one-entry CAMT.053 statement: a credit of `amount` whose text is `text`.
fn camt(amount: &str, text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>CLI</MsgId><CreDtTm>2026-11-29T20:00:00</CreDtTm></GrpHdr>
<Stmt><Id>CLI</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-11-28</Dt></BookgDt><AcctSvcrRef>CLI-1</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>A PAYER</Nm></Dbtr></RltdPties>
<RmtInf><Ustrd>{text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>"#
    )
}

#[test]
fn bank_statement_imported_matched_and_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert_eq!(code(&run(&db, &["demo", "--invoices", "30"])), 0);
    let list = run(
        &db,
        &[
            "--json", "invoice", "list", "--status", "issued", "--limit", "20",
        ],
    );
    let page: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let inv = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "invoice" && i["currency"] == "EUR" && i["balance"] != "0.00")
        .unwrap();
    let number = inv["number"].as_str().unwrap().to_owned();
    let balance = inv["balance"].as_str().unwrap().to_owned();

    let file = dir.path().join("releve.xml");
    std::fs::write(&file, camt(&balance, &format!("VIR SEPA FACTURE {number}"))).unwrap();
    let imported = run(&db, &["--json", "bank", "import", file.to_str().unwrap()]);
    assert_eq!(
        code(&imported),
        0,
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&imported.stdout).unwrap();
    assert_eq!(r["lines_new"], 1);
    assert_eq!(r["matching"]["by_reference"], 1);

    let text = run(&db, &["bank", "list", "--state", "suggested"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(
        shown.contains(&number) && shown.contains("reference, sure"),
        "{shown}"
    );

    let auto = run(&db, &["--json", "bank", "match", "--auto"]);
    let m: serde_json::Value = serde_json::from_slice(&auto.stdout).unwrap();
    assert_eq!(m["confirmed"], 1, "{m}");
    let shown = run(&db, &["--json", "invoice", "show", &number]);
    let doc: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(doc["status"], "paid");

    // The same file again adds nothing; a broken one is one clear line, nothing kept.
    let again = run(&db, &["bank", "import", file.to_str().unwrap()]);
    assert_eq!(code(&again), 0);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("imported already"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    let broken = dir.path().join("broken.xml");
    std::fs::write(&broken, &camt("12,00", "X")[..300]).unwrap();
    let o = run(&db, &["bank", "import", broken.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("not well-formed XML"), "{err}");
    let summary = run(&db, &["--json", "bank", "statements"]);
    let s: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    assert_eq!(s["statements"].as_array().unwrap().len(), 1);
    assert_eq!(s["matched"], 1);
    assert_eq!(code(&run(&db, &["journal", "verify"])), 0);
}
