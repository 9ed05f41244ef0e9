//! Backups (issue 15): taken through SQLite's online backup API while another task writes,
//! each one a consistent book whose journal verifies; restore into the live book (the app's
//! pool open) keeps the current book aside, and the numbering goes on from the backup's;
//! every file that is not a sound AutoInvoice book is refused and changes nothing.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

async fn issue_and_pay(book_api: &Api, customer: i64, pay: bool) -> DocumentRecord {
    let draft = book_api
        .create_document(three_rate_invoice(customer))
        .await
        .unwrap();
    let doc = book_api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    if pay {
        book_api
            .record_payment(RecordPayment {
                org_id: None,
                date: None,
                amount: doc.totals.due / Decimal::TWO,
                method: PaymentMethod::Transfer,
                reference: None,
                allocations: vec![PaymentAllocationInput {
                    invoice: DocumentRef::Id(doc.id),
                    amount: None,
                }],
            })
            .await
            .unwrap();
    }
    doc
}

async fn set_folder(api: &Api, folder: &Path) {
    api.set_backup_settings(BackupSettings {
        folder: Some(folder.display().to_string()),
        ..BackupSettings::default()
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_taken_during_a_write_loop_restore_to_books_that_verify() {
    let book = Book::new().await;
    let folder = book.path.parent().unwrap().join("backups");
    set_folder(&book.api, &folder).await;

    // A writer issues and pays invoices without pause while backups are taken.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let api = book.api.clone();
        let stop = stop.clone();
        let customer = book.customer_fr;
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                issue_and_pay(&api, customer, n.is_multiple_of(2)).await;
                n += 1;
            }
            n
        })
    };
    let mut taken: Vec<BackupCreated> = Vec::new();
    while taken.len() < 8 {
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        taken.push(
            book.api
                .create_backup(CreateBackup::default())
                .await
                .unwrap(),
        );
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(written >= 8, "the writer issued only {written} invoices");

    // Every backup is a consistent book: its journal verifies, and the later ones hold more.
    let mut previous = 0;
    for t in &taken {
        let check = book.api.verify_backup(&t.file.path).await.unwrap();
        assert!(check.ok, "{}: {:?}", check.message, check.problems);
        assert!(check.documents >= previous);
        previous = check.documents;
    }
    assert!(
        previous > taken_documents(&book, &taken[0]).await,
        "the backups do not show the writes going on"
    );
    let listed = book.api.list_backups().await.unwrap();
    assert_eq!(listed.len(), 8);

    // Restore the fourth backup into the live book, through the same API (its pool open).
    let chosen = &taken[3];
    let expected = book.api.verify_backup(&chosen.file.path).await.unwrap();
    let restored = book
        .api
        .restore_backup(RestoreBackup {
            path: chosen.file.path.clone(),
        })
        .await
        .unwrap();
    assert_eq!(restored.previous_book.kind, BackupKind::BeforeRestore);
    let reports = book.api.verify_journal(None).await.unwrap();
    assert!(reports.iter().all(|r| r.ok()), "{reports:?}");
    assert_eq!(reports[0].documents, expected.documents);
    assert_eq!(reports[0].payments, expected.payments);

    // The book set aside holds everything written before the restore.
    let aside = book
        .api
        .verify_backup(&restored.previous_book.path)
        .await
        .unwrap();
    assert!(aside.ok);
    assert!(aside.documents > expected.documents);

    // Numbering goes on from the restored book's last number, without a gap.
    let next = issue_and_pay(&book.api, book.customer_fr, false).await;
    let numbers: Vec<String> = {
        let mut conn = book.raw().await;
        sqlx::query_scalar(
            "SELECT number FROM invoices WHERE kind = 'invoice' AND number IS NOT NULL ORDER BY seq",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    };
    assert_eq!(numbers.len(), expected.documents + 1);
    assert_eq!(numbers.last(), next.number.as_ref());
    let journal_ok = book.api.verify_journal(None).await.unwrap();
    assert!(journal_ok.iter().all(|r| r.ok()));
    // No work file left beside the book (the scratch copy, its WAL and shared memory).
    let leftovers: Vec<_> = std::fs::read_dir(book.path.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.contains(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Still in WAL mode after the restore.
    let mut conn = book.raw().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

async fn taken_documents(book: &Book, t: &BackupCreated) -> usize {
    book.api
        .verify_backup(&t.file.path)
        .await
        .unwrap()
        .documents
}

/// A copy of a sound backup, changed by `spoil` through a raw connection.
async fn spoiled_copy(source: &str, dir: &Path, name: &str, sql: &[&str]) -> PathBuf {
    use sqlx::Connection;
    let path = dir.join(name);
    std::fs::copy(source, &path).unwrap();
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    for s in sql {
        sqlx::query(sqlx::AssertSqlSafe(s.to_string()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();
    path
}

#[tokio::test]
async fn files_that_are_not_sound_books_are_refused_and_nothing_changes() {
    let book = Book::new().await;
    let dir = book.path.parent().unwrap().to_path_buf();
    let folder = dir.join("backups");
    set_folder(&book.api, &folder).await;
    for i in 0u32..5 {
        issue_and_pay(&book.api, book.customer_fr, i.is_multiple_of(2)).await;
    }
    let good = book
        .api
        .create_backup(CreateBackup::default())
        .await
        .unwrap()
        .file
        .path;
    // The live book moves on after the backup.
    issue_and_pay(&book.api, book.customer_de, true).await;
    let before = book.counts().await;

    let text = dir.join("notes.db");
    std::fs::write(&text, "not a database at all").unwrap();
    let other = dir.join("other.db");
    {
        use sqlx::Connection;
        let mut c =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", other.display()))
                .await
                .unwrap();
        sqlx::query("CREATE TABLE t (x)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let newer = spoiled_copy(
        &good,
        &dir,
        "newer.db",
        &["INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (9999, 'from the future', '2030-01-01', 1, x'00', 0)"],
    )
    .await;
    let tampered = spoiled_copy(
        &good,
        &dir,
        "tampered.db",
        &[
            "DROP TRIGGER invoices_frozen",
            "UPDATE invoices SET total_incl_cents = total_incl_cents + 100000 WHERE id = (SELECT MIN(id) FROM invoices WHERE status <> 'draft')",
        ],
    )
    .await;
    // Bytes flipped in the middle of a page of the invoices table.
    let damaged = dir.join("damaged.db");
    std::fs::copy(&good, &damaged).unwrap();
    {
        let mut bytes = std::fs::read(&damaged).unwrap();
        let page = 4096;
        let pages = bytes.len() / page;
        for p in [pages / 2, pages / 2 + 1, pages - 2] {
            for b in &mut bytes[p * page + 8..p * page + 200] {
                *b ^= 0x5a;
            }
        }
        std::fs::write(&damaged, bytes).unwrap();
    }
    let missing = dir.join("missing.db");

    let cases: [(&Path, &str); 6] = [
        (&text, "not_a_book"),
        (&other, "not_a_book"),
        (&newer, "newer_book"),
        (&tampered, "journal_broken"),
        (&damaged, "damaged_book"),
        (&missing, "not_found"),
    ];
    for (path, code) in cases {
        let p = path.display().to_string();
        match book.api.verify_backup(&p).await {
            Ok(check) => {
                assert!(!check.ok, "{p} passed the check");
                assert_eq!(check.code, code, "{p}: {}", check.message);
                assert!(!check.message.is_empty());
            }
            Err(e) => assert_eq!(e.code, code, "{p}: {}", e.message),
        }
        let err = book
            .api
            .restore_backup(RestoreBackup { path: p.clone() })
            .await
            .expect_err(&p);
        assert_eq!(err.code, code, "{p}: {}", err.message);
        assert_eq!(book.counts().await, before, "{p} changed the book");
    }
    // Nothing was set aside (no restore began), and no work file is left behind.
    let kinds: Vec<BackupKind> = book
        .api
        .list_backups()
        .await
        .unwrap()
        .iter()
        .map(|f| f.kind)
        .collect();
    assert_eq!(kinds, vec![BackupKind::Manual]);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Restoring the book in use onto itself is refused too.
    let err = book
        .api
        .restore_backup(RestoreBackup {
            path: book.path.display().to_string(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert!(book.api.verify_journal(None).await.unwrap()[0].ok());
}

#[tokio::test]
async fn automatic_backups_are_due_once_a_day_and_rotate() {
    let book = Book::new().await;
    let folder = book.path.parent().unwrap().join("auto");
    set_folder(&book.api, &folder).await;
    let setup = book.api.backup_settings().await.unwrap();
    assert!(setup.due && setup.last_automatic.is_none());
    let first = book.api.run_due_backup().await.unwrap().expect("due");
    assert_eq!(first.file.kind, BackupKind::Automatic);
    assert!(book.api.run_due_backup().await.unwrap().is_none());
    assert!(!book.api.backup_settings().await.unwrap().due);

    // Older automatic backups (named as if taken on earlier days) are rotated: with two days
    // kept and nothing else, the newest of today and of the day before that has one remain;
    // manual ones are never touched.
    for day in 1..=5 {
        let name = format!("autoinvoice-auto-2026110{day}T030000Z.db");
        std::fs::copy(&first.file.path, folder.join(name)).unwrap();
    }
    std::fs::copy(
        &first.file.path,
        folder.join("autoinvoice-manual-20261101T030000Z.db"),
    )
    .unwrap();
    book.api
        .set_backup_settings(BackupSettings {
            folder: Some(folder.display().to_string()),
            keep_daily: 2,
            keep_weekly: 0,
            keep_monthly: 0,
            automatic: true,
        })
        .await
        .unwrap();
    let second = book.api.automatic_backup().await.unwrap();
    let left: Vec<String> = book
        .api
        .list_backups()
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(second.rotated_out.len(), 5, "{:?}", second.rotated_out);
    // Today's newest (the first one of today goes) and 5 November's.
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(left.contains(&second.file.name));
    assert!(left.contains(&"autoinvoice-auto-20261105T030000Z.db".to_owned()));
    assert!(left.contains(&"autoinvoice-manual-20261101T030000Z.db".to_owned()));

    // Bad settings are refused and the old ones kept.
    let err = book
        .api
        .set_backup_settings(BackupSettings {
            folder: Some("relative/path".into()),
            ..BackupSettings::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert_eq!(
        book.api
            .backup_settings()
            .await
            .unwrap()
            .settings
            .keep_daily,
        2
    );
}

#[tokio::test]
async fn a_backup_from_before_the_book_was_marked_is_brought_up_to_date_and_restored() {
    let book = Book::new().await;
    let dir = book.path.parent().unwrap().to_path_buf();
    set_folder(&book.api, &dir.join("backups")).await;
    for i in 0u32..4 {
        issue_and_pay(&book.api, book.customer_fr, i.is_multiple_of(2)).await;
    }
    let good = book
        .api
        .create_backup(CreateBackup::default())
        .await
        .unwrap()
        .file
        .path;
    // As a book of the previous release looked: no mark, no VAT rows, migrations up to 5.
    let old = spoiled_copy(
        &good,
        &dir,
        "release-5.db",
        &[
            "DROP TABLE received_by_day",
            "DROP TABLE vat_received_by_day",
            "DROP TABLE vat_issued_by_day",
            "DROP TABLE recurring_occurrences",
            "DROP TABLE recurring_templates",
            "DROP TABLE purchase_vat",
            "DROP TABLE purchases",
            "DROP TRIGGER invoices_vat_rows",
            "DROP TABLE invoice_vat",
            "DELETE FROM _sqlx_migrations WHERE version >= 6",
            "PRAGMA application_id = 0",
        ],
    )
    .await;
    let check = book
        .api
        .verify_backup(&old.display().to_string())
        .await
        .unwrap();
    assert!(check.ok, "{}: {:?}", check.message, check.problems);
    assert_eq!(check.schema_version, 5);
    issue_and_pay(&book.api, book.customer_de, true).await;
    book.api
        .restore_backup(RestoreBackup {
            path: old.display().to_string(),
        })
        .await
        .unwrap();
    let reports = book.api.verify_journal(None).await.unwrap();
    assert!(reports[0].ok(), "{:?}", reports[0].problems);
    assert_eq!(reports[0].documents, 4);
    // The restored book has its VAT rows again (rebuilt by the migration).
    let r = book
        .api
        .revenue_report(ReportRequest::default())
        .await
        .unwrap();
    assert!(!r.by_rate.is_empty());
}
