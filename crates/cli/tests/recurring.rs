//! `autoinvoice recurring`: the documented example, a run ahead of time, runs that create
//! nothing twice, exit codes and `--json` errors.

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

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn create_run_ahead_and_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert_eq!(
        run(&db, &["demo", "--invoices", "5"]).status.code(),
        Some(0)
    );
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/recurring.example.json");
    let t = json(&run(
        &db,
        &[
            "--json",
            "recurring",
            "create",
            "--from",
            example.to_str().unwrap(),
        ],
    ));
    let id = t["id"].to_string();
    assert_eq!(t["next"]["date"], "2027-01-01");
    assert_eq!(t["due_now"], 0);

    // Nothing is due before 1 January.
    let r = json(&run(&db, &["--json", "recurring", "run"]));
    assert_eq!(r["items"].as_array().unwrap().len(), 0);
    // --now makes January's invoice today; no email account: issued, reported not sent.
    let r = json(&run(&db, &["--json", "recurring", "run", &id, "--now"]));
    let item = &r["items"][0];
    assert_eq!(item["ahead"], true);
    assert_eq!(item["issue_date"], "2026-11-29");
    assert_eq!(item["outcome"], "mail_blocked");
    assert_eq!(item["code"], "mail_not_configured");
    let r = json(&run(&db, &["--json", "recurring", "run"]));
    assert_eq!(r["created"], 0);
    let shown = json(&run(&db, &["--json", "recurring", "show", &id]));
    assert_eq!(shown["occurrences"].as_array().unwrap().len(), 1);
    assert_eq!(shown["template"]["next"]["date"], "2027-02-01");
    assert_eq!(run(&db, &["journal", "verify"]).status.code(), Some(0));

    // Usage errors exit 2; refusals exit 1 with {code, message} under --json.
    assert_eq!(
        run(&db, &["recurring", "run", "--now"]).status.code(),
        Some(2)
    );
    let bad = run(
        &db,
        &[
            "--json",
            "recurring",
            "preview",
            "--every",
            "0 weeks",
            "--start",
            "2026-01-01",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(e["code"], "invalid_interval");
    assert_eq!(
        run(&db, &["recurring", "pause", &id]).status.code(),
        Some(0)
    );
    let paused = run(&db, &["--json", "recurring", "run", &id]);
    assert_eq!(paused.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&paused.stdout).unwrap();
    assert_eq!(e["code"], "template_paused");
}
