//! The payment sync under SIGKILL: a worker process (this test binary started again with
//! `AUTOINVOICE_STRIPE_WORKER_DB` set) syncs against the local Stripe stand-in and is killed
//! at random moments, 50 times, while customers keep paying links. Afterwards every payment
//! made at "Stripe" is recorded exactly once: one payment per PaymentIntent, each invoice paid
//! once, and the journal holds.

#![allow(clippy::unwrap_used)]

#[path = "stripe/harness.rs"]
mod harness;

use autoinvoice_api::*;
use autoinvoice_secrets::{MemorySecrets, SecretStore};
use autoinvoice_tests::book::Book;
use harness::{KEY, StripeServer};
use rand::RngExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const WORKER_DB: &str = "AUTOINVOICE_STRIPE_WORKER_DB";
const KILLS: usize = 50;
const INVOICES: usize = 60;

/// Not a test of its own: the body of a worker process (returns at once otherwise).
#[test]
fn stripe_sync_worker() {
    let Ok(db) = std::env::var(WORKER_DB) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let secrets = MemorySecrets::new();
        let org = Api::open(Path::new(&db))
            .await
            .unwrap()
            .organizations()
            .await
            .unwrap()[0]
            .id;
        secrets.set(&format!("stripe:org-{org}"), KEY).unwrap();
        // The stand-in's address comes from AUTOINVOICE_STRIPE_API, as in the app.
        let api = Api::open(Path::new(&db))
            .await
            .unwrap()
            .with_secrets(Arc::new(secrets));
        let _ = api.sync_payments(None).await.unwrap();
    });
}

#[tokio::test]
async fn every_payment_recorded_once_through_50_kills() {
    let server = StripeServer::start();
    let book = Book::new().await;
    let api = Api::open(&book.path)
        .await
        .unwrap()
        .with_secrets(Arc::new(MemorySecrets::new()))
        .with_stripe_options(autoinvoice_stripe::Options {
            base_url: server.url(),
            ..Default::default()
        });
    api.set_stripe_key(SetStripeKey {
        org_id: None,
        key: Some(Password(KEY.into())),
    })
    .await
    .unwrap();
    let mut links = Vec::new();
    for _ in 0..INVOICES {
        let number = book.issued_invoice().await.number.unwrap();
        let link = api
            .create_payment_link(CreatePaymentLink {
                org_id: None,
                invoice: DocumentRef::parse(&number),
            })
            .await
            .unwrap();
        links.push(link.link_id.unwrap());
    }
    // Each answer about a payment takes a moment, so that kills land inside the sync.
    server.fault(
        serde_json::json!({"path": "/v1/payment_intents", "delay_ms": 15, "count": 1_000_000}),
    );
    server.fault(
        serde_json::json!({"path": "/v1/checkout/sessions", "delay_ms": 3, "count": 1_000_000}),
    );

    let mut rng = rand::rng();
    let mut paid = 0usize;
    let mut killed_midway = 0;
    for i in 0..KILLS {
        // Customers go on paying between (and during) syncs.
        while paid < INVOICES && paid * KILLS < (i + 1) * INVOICES {
            server.pay(&links[paid]);
            paid += 1;
        }
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "stripe_sync_worker",
                "--test-threads=1",
                "--quiet",
            ])
            .env(WORKER_DB, &book.path)
            .env(STRIPE_API_ENV, server.url())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(rng.random_range(30..600))).await;
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
    }
    while paid < INVOICES {
        server.pay(&links[paid]);
        paid += 1;
    }
    assert!(
        killed_midway >= KILLS / 2,
        "only {killed_midway} kills landed inside a sync"
    );
    let r = api.sync_payments(None).await.unwrap();
    assert!(r.error.is_none(), "{r:?}");

    let payments = api
        .list_payments(ListPayments {
            limit: Some(1000),
            ..ListPayments::default()
        })
        .await
        .unwrap();
    assert_eq!(payments.len(), INVOICES, "one payment per payment made");
    let mut intents: Vec<_> = payments
        .iter()
        .map(|p| p.reference.clone().unwrap())
        .collect();
    intents.sort();
    intents.dedup();
    assert_eq!(intents.len(), INVOICES, "no PaymentIntent recorded twice");
    let sessions = server.state()["sessions"].as_array().unwrap().len();
    assert_eq!(sessions, INVOICES);
    let page = api
        .list_documents(ListDocuments {
            statuses: vec![autoinvoice_domain::lifecycle::Status::Paid],
            limit: Some(1000),
            ..ListDocuments::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, INVOICES as i64, "every invoice paid");
    assert!(
        api.verify_journal(None)
            .await
            .unwrap()
            .iter()
            .all(|v| v.ok())
    );
    eprintln!(
        "{KILLS} kills, {killed_midway} inside a sync; {INVOICES} payments recorded once each"
    );
}
