//! The SMTP password in a real OS keyring: the Linux kernel's keyutils, in a fresh session
//! keyring made by `keyctl session -` (from Debian's keyutils), exactly the backend the app
//! uses on a machine without a desktop session. The password is stored by one process, found
//! by the kernel's own `keyctl`, used by another process to log in to a real SMTP server, and
//! appears in no file the app wrote: database, WAL, shared memory, exports, logs.
//!
//! The scenario runs in this test binary started again under `keyctl session -` with
//! `AUTOINVOICE_KEYRING_SCENARIO` set.

#![allow(clippy::unwrap_used)]

#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::*;
use base64::Engine;
use harness::{Mode, Opts, SmtpServer};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCENARIO: &str = "AUTOINVOICE_KEYRING_SCENARIO";
const CHILD_DB: &str = "AUTOINVOICE_KEYRING_CHILD_DB";
const DONE: &str = "KEYRING SCENARIO PASSED";
/// Unique enough that finding it anywhere means it leaked.
const PASSWORD: &str = "kr-Zq81vX-unique-4f2c9e";
const KEY_DESCRIPTION: &str = "keyring-rs:smtp:org-1@eu.autoinvoice";

fn keyctl(args: &[&str]) -> (bool, String) {
    let out = Command::new("keyctl")
        .args(args)
        .output()
        .expect("keyctl (package keyutils)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
    )
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The second process: sends a test email with the password it finds in the keyring.
#[test]
fn keyring_child() {
    let Ok(db) = std::env::var(CHILD_DB) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let api = Api::open(Path::new(&db)).await.unwrap();
        let r = api.mail_test(None, "child@example.com").await.unwrap();
        println!("child: {}", r.server_reply);
    });
}

#[test]
fn keyring_scenario() {
    if std::env::var(SCENARIO).is_err() {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(scenario());
    println!("{DONE}");
}

async fn scenario() {
    let srv = SmtpServer::start(Opts {
        mode: Some(Mode::Starttls),
        login: Some((setup::USER.to_owned(), PASSWORD.to_owned())),
        ..Opts::default()
    });
    // The book's own folder holds everything the app writes: db, WAL, exports, logs.
    let b = autoinvoice_tests::book::Book::new().await;
    let dir = b.path.parent().unwrap().to_owned();
    let api = Api::open(&b.path).await.unwrap();
    let cfg = api
        .set_mail_config(setup::config(
            &srv,
            Mode::Starttls,
            None,
            true,
            Some(PASSWORD),
        ))
        .await
        .unwrap();
    assert_eq!(cfg.keyring, "keyutils");
    assert!(cfg.password_stored);

    // The kernel holds it, in this session's keyring.
    let (found, key_id) = keyctl(&["search", "@s", "user", KEY_DESCRIPTION]);
    assert!(found, "the kernel keyring has no {KEY_DESCRIPTION}");
    let (_, value) = keyctl(&["pipe", &key_id]);
    assert_eq!(value, PASSWORD);

    // Another process of the same session logs in with it; its output is kept as a log.
    let log = dir.join("child.log");
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "keyring_child",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD_DB, &b.path)
        .env_remove(SCENARIO)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    std::fs::write(
        &log,
        [out.stdout.as_slice(), out.stderr.as_slice()].concat(),
    )
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // An invoice through the outbox, logged in too; then exports.
    let number = b.issued_invoice().await.number.unwrap();
    setup::send(&api, &number).await;
    assert_eq!(api.outbox_run(None).await.unwrap().sent, 1);
    let got = srv.received();
    assert_eq!(got.len(), 2);
    assert!(
        got.iter()
            .all(|m| m.meta["auth_user"] == setup::USER && m.meta["tls"] == true)
    );
    for what in [
        CsvExport::Documents,
        CsvExport::Customers,
        CsvExport::Payments,
    ] {
        let csv = api
            .export_csv(ExportCsv {
                org_id: None,
                what,
                filter: ListDocuments::default(),
            })
            .await
            .unwrap();
        std::fs::write(dir.join(format!("{what:?}.csv")), csv).unwrap();
    }
    api.export_pdfs(None, &dir.join("pdf"), |_, _| {})
        .await
        .unwrap();
    let cfg_json = serde_json::to_string(&api.mail_config(None).await.unwrap()).unwrap();
    std::fs::write(dir.join("mail-config.json"), cfg_json).unwrap();

    // The password, and the forms AUTH PLAIN and LOGIN put on the wire, are in no file —
    // read while the database is open, so the WAL and shared-memory files are there too.
    let plain =
        base64::engine::general_purpose::STANDARD.encode(format!("\0{}\0{PASSWORD}", setup::USER));
    let login = base64::engine::general_purpose::STANDARD.encode(PASSWORD);
    let all = files(&dir);
    let names: Vec<String> = all
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for must in [
        "book.db",
        "book.db-wal",
        "book.db-shm",
        "child.log",
        "Documents.csv",
        "mail-config.json",
    ] {
        assert!(
            names.iter().any(|n| n == must),
            "{must} missing from {names:?}"
        );
    }
    assert!(names.iter().any(|n| n.ends_with(".pdf")));
    for f in &all {
        let bytes = std::fs::read(f).unwrap();
        for needle in [PASSWORD, plain.as_str(), login.as_str()] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "the password ({needle}) is in {}",
                f.display()
            );
        }
    }
    println!("checked {} files: {names:?}", all.len());

    // Removing it removes it from the kernel.
    let mut cfg = setup::config(&srv, Mode::Starttls, None, true, Some(""));
    cfg.password = Some(Password(String::new()));
    assert!(!api.set_mail_config(cfg).await.unwrap().password_stored);
    assert!(!keyctl(&["search", "@s", "user", KEY_DESCRIPTION]).0);
    let e = api.mail_test(None, "x@example.com").await.unwrap_err();
    assert_eq!(e.code, "no_password");
    api.close().await;
}

#[test]
fn password_lives_in_the_kernel_keyring_and_in_no_file() {
    if std::env::var(SCENARIO).is_ok() || std::env::var(CHILD_DB).is_ok() {
        return;
    }
    let out = Command::new("keyctl")
        .args(["session", "-"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "keyring_scenario",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(SCENARIO, "1")
        .env("AUTOINVOICE_KEYRING", "keyutils")
        .output()
        .expect("keyctl (package keyutils; scripts/setup.sh installs it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains(DONE),
        "the keyring scenario failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
