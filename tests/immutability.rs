//! Issued documents cannot change through the API, the CLI or plain SQL; and when someone
//! bypasses the triggers, `journal verify` names what was altered.

#![allow(clippy::unwrap_used, clippy::float_arithmetic)]

use autoinvoice_api::*;
use autoinvoice_tests::book::*;
use sqlx::Executor;

async fn verify_problem(b: &Book) -> Problem {
    let reports = b.api.verify_journal(None).await.unwrap();
    assert!(!reports[0].ok(), "tampering went unnoticed");
    reports[0].problems[0].clone()
}

#[tokio::test]
async fn api_refuses_to_edit_or_delete_an_issued_invoice() {
    let b = Book::new().await;
    let inv = b.issued_invoice().await;
    let err = b
        .api
        .update_draft(UpdateDraft {
            id: inv.id,
            customer_id: None,
            content: inv.content.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "immutable");
    assert_eq!(
        b.api.delete_draft(inv.id).await.unwrap_err().code,
        "immutable"
    );
}

#[tokio::test]
async fn plain_sql_cannot_change_issued_documents_payments_or_the_journal() {
    let b = Book::new().await;
    let inv = b.issued_invoice().await;
    b.api
        .record_payment(RecordPayment {
            org_id: None,
            date: None,
            amount: d("10"),
            method: Default::default(),
            reference: None,
            allocations: vec![PaymentAllocationInput {
                invoice: DocumentRef::Id(inv.id),
                amount: None,
            }],
        })
        .await
        .unwrap();
    let mut raw = b.raw().await;
    let attempts = [
        format!(
            "UPDATE invoices SET total_incl_cents = 1 WHERE id = {}",
            inv.id
        ),
        format!(
            "UPDATE invoices SET number = 'F-2026-9999' WHERE id = {}",
            inv.id
        ),
        format!("UPDATE invoices SET status = 'draft' WHERE id = {}", inv.id),
        format!("DELETE FROM invoices WHERE id = {}", inv.id),
        format!(
            "UPDATE invoice_items SET quantity = '30' WHERE invoice_id = {}",
            inv.id
        ),
        format!("DELETE FROM invoice_items WHERE invoice_id = {}", inv.id),
        format!(
            "INSERT INTO invoice_items (invoice_id, position, name, quantity, unit, unit_price, vat_category, vat_rate, net_cents) VALUES ({}, 9, 'x', '1', 'C62', '1', 'S', '20', 100)",
            inv.id
        ),
        "UPDATE journal SET payload = '{}'".to_owned(),
        "DELETE FROM journal".to_owned(),
        "UPDATE payments SET amount_cents = 1".to_owned(),
        "DELETE FROM payment_allocations".to_owned(),
    ];
    for sql in &attempts {
        let err = raw
            .execute(sqlx::AssertSqlSafe(sql.clone()))
            .await
            .expect_err(sql);
        assert!(err.to_string().contains("immutable"), "{sql}: {err}");
    }
    // The settlement columns may change (that is how payments land), nothing else did.
    assert!(b.api.verify_journal(None).await.unwrap()[0].ok());
}

#[tokio::test]
async fn a_line_altered_behind_the_triggers_is_named() {
    let b = Book::new().await;
    b.issued_invoice().await;
    let target = b.issued_invoice().await;
    b.issued_invoice().await;
    let mut raw = b.raw().await;
    raw.execute("DROP TRIGGER invoice_items_frozen_update")
        .await
        .unwrap();
    raw.execute(sqlx::AssertSqlSafe(format!(
        "UPDATE invoice_items SET unit_price = '400' WHERE invoice_id = {} AND position = 1",
        target.id
    )))
    .await
    .unwrap();
    let p = verify_problem(&b).await;
    assert_eq!(p.document.as_deref(), Some("F-2026-0002"));
    assert!(p.message.contains("altered"), "{p:?}");
}

#[tokio::test]
async fn a_total_altered_with_the_triggers_dropped_is_named() {
    let b = Book::new().await;
    let target = b.issued_invoice().await;
    let mut raw = b.raw().await;
    raw.execute("DROP TRIGGER invoices_frozen").await.unwrap();
    raw.execute(sqlx::AssertSqlSafe(format!(
        "UPDATE invoices SET due_date = '2027-06-30' WHERE id = {}",
        target.id
    )))
    .await
    .unwrap();
    assert_eq!(
        verify_problem(&b).await.document.as_deref(),
        Some("F-2026-0001")
    );
}

#[tokio::test]
async fn an_altered_or_removed_journal_entry_is_named() {
    let b = Book::new().await;
    for _ in 0..3 {
        b.issued_invoice().await;
    }
    let mut raw = b.raw().await;
    raw.execute("DROP TRIGGER journal_append_only_update")
        .await
        .unwrap();
    raw.execute("UPDATE journal SET at = '2020-01-01T00:00:00Z' WHERE chain_seq = 2")
        .await
        .unwrap();
    let p = verify_problem(&b).await;
    assert_eq!(p.entry, Some(2));

    let b = Book::new().await;
    for _ in 0..3 {
        b.issued_invoice().await;
    }
    let mut raw = b.raw().await;
    raw.execute("DROP TRIGGER journal_append_only_delete")
        .await
        .unwrap();
    raw.execute("DELETE FROM journal WHERE chain_seq = 2")
        .await
        .unwrap();
    let p = verify_problem(&b).await;
    assert_eq!(p.entry, Some(3), "{p:?}");
}

#[tokio::test]
async fn an_invoice_inserted_behind_the_app_is_named() {
    let b = Book::new().await;
    let inv = b.issued_invoice().await;
    let mut raw = b.raw().await;
    raw.execute(sqlx::AssertSqlSafe(format!(
        "INSERT INTO invoices (uid, org_id, kind, customer_id, status, series_id, period, seq, number, currency, issue_date,
           buyer_name, total_excl_cents, total_vat_cents, total_incl_cents, due_cents, content_hash, created_at, updated_at)
         SELECT 'forged', org_id, kind, customer_id, status, series_id, period, 99, 'F-2026-0099', currency, issue_date,
           buyer_name, total_excl_cents, total_vat_cents, total_incl_cents, due_cents, content_hash, created_at, updated_at
         FROM invoices WHERE id = {};
         DROP TRIGGER invoice_bodies_frozen_insert;
         INSERT INTO invoice_bodies (invoice_id, content, totals, seller, buyer)
         SELECT (SELECT id FROM invoices WHERE uid = 'forged'), content, totals, seller, buyer FROM invoice_bodies WHERE invoice_id = {};",
        inv.id, inv.id
    )))
    .await
    .unwrap();
    let p = verify_problem(&b).await;
    assert_eq!(p.document.as_deref(), Some("F-2026-0099"));
}

#[tokio::test]
async fn a_payment_altered_behind_the_app_is_named() {
    let b = Book::new().await;
    let inv = b.issued_invoice().await;
    b.api
        .record_payment(RecordPayment {
            org_id: None,
            date: None,
            amount: d("100"),
            method: Default::default(),
            reference: None,
            allocations: vec![PaymentAllocationInput {
                invoice: DocumentRef::Id(inv.id),
                amount: None,
            }],
        })
        .await
        .unwrap();
    let mut raw = b.raw().await;
    raw.execute("DROP TRIGGER payments_immutable_update")
        .await
        .unwrap();
    raw.execute("UPDATE payments SET amount_cents = 1000000")
        .await
        .unwrap();
    let p = verify_problem(&b).await;
    assert!(p.message.contains("payment"), "{p:?}");
}
