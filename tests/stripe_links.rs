//! Payment links against the local Stripe stand-in (tests/stripe/server.py), through the API on
//! a real SQLite file: the key (kept out of the database), links created with an
//! Idempotency-Key and retried after a timeout without a duplicate, 429 and 5xx retried,
//! offline links queued and created later, payments recorded once with Stripe's fee apart,
//! an overpayment kept apart, refunds noted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "stripe/harness.rs"]
mod harness;

use autoinvoice_api::*;
use autoinvoice_secrets::MemorySecrets;
use autoinvoice_stripe::Options;
use autoinvoice_tests::book::{Book, d};
use harness::{KEY, RESTRICTED_KEY, StripeServer};
use std::sync::Arc;
use std::time::Duration;

fn options(base: &str) -> Options {
    Options {
        base_url: base.to_owned(),
        timeout: Duration::from_millis(1500),
        attempts: 3,
        backoff: Duration::from_millis(20),
    }
}

async fn set_key(api: &Api, key: &str) {
    api.set_stripe_key(SetStripeKey {
        org_id: None,
        key: Some(Password(key.into())),
    })
    .await
    .unwrap();
}

/// A payment by bank transfer of `amount` on the invoice.
async fn by_transfer(api: &Api, number: &str, amount: &str) {
    api.record_payment(RecordPayment {
        org_id: None,
        date: None,
        amount: d(amount),
        method: Default::default(),
        reference: None,
        allocations: vec![PaymentAllocationInput {
            invoice: DocumentRef::parse(number),
            amount: None,
        }],
    })
    .await
    .unwrap();
}

/// A book whose Api talks to the stand-in, with the key set.
async fn book(server: &StripeServer) -> (Book, Api) {
    let book = Book::new().await;
    let api = Api::open(&book.path)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(autoinvoice_tests::book::today()))
        .with_secrets(Arc::new(MemorySecrets::new()))
        .with_stripe_options(options(&server.url()));
    set_key(&api, KEY).await;
    (book, api)
}

async fn link_for(api: &Api, number: &str) -> PaymentLinkRecord {
    api.create_payment_link(CreatePaymentLink {
        org_id: None,
        invoice: DocumentRef::parse(number),
    })
    .await
    .unwrap()
}

async fn link_refused(api: &Api, number: &str) -> ApiError {
    api.create_payment_link(CreatePaymentLink {
        org_id: None,
        invoice: DocumentRef::parse(number),
    })
    .await
    .unwrap_err()
}

async fn status(api: &Api, number: &str) -> (String, rust_decimal::Decimal) {
    let doc = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::parse(number),
        })
        .await
        .unwrap();
    (doc.status.code().to_owned(), doc.balance)
}

#[tokio::test]
async fn the_key_is_checked_named_and_never_stored_in_the_book() {
    let server = StripeServer::start();
    let (book, api) = book(&server).await;
    let s = api.stripe_settings(None).await.unwrap();
    assert!(s.configured);
    assert_eq!(
        (s.mode.as_deref(), s.key_hint.as_deref()),
        (Some("test"), Some("0042"))
    );
    let t = api.test_stripe_key(None).await.unwrap();
    assert!(t.ok, "{t:?}");
    assert!(t.message.contains("test mode"), "{}", t.message);

    for (key, code) in [
        ("pk_test_123", "not_a_secret_key"),
        ("hello", "not_a_secret_key"),
        ("sk_test_with space", "not_a_secret_key"),
    ] {
        let e = api
            .set_stripe_key(SetStripeKey {
                org_id: None,
                key: Some(Password(key.into())),
            })
            .await
            .unwrap_err();
        assert_eq!(e.code, code, "{key}: {e:?}");
    }
    // Stripe's own words for a wrong key and a key without the permission.
    api.set_stripe_key(SetStripeKey {
        org_id: None,
        key: Some(Password(
            "sk_test_51ThisKeyDoesNotExist000000000000000000000000000abcd".into(),
        )),
    })
    .await
    .unwrap();
    let t = api.test_stripe_key(None).await.unwrap();
    assert_eq!((t.ok, t.code.as_str()), (false, "invalid_key"), "{t:?}");
    assert!(
        t.message.contains("Invalid API Key provided"),
        "{}",
        t.message
    );
    assert!(
        !t.message.contains("DoesNotExist"),
        "Stripe masks the key: {}",
        t.message
    );
    set_key(&api, RESTRICTED_KEY).await;
    let t = api.test_stripe_key(None).await.unwrap();
    assert_eq!(t.code, "permission", "{t:?}");
    assert!(
        t.message.contains("rak_payment_link_write"),
        "{}",
        t.message
    );

    // Offline: said so, not mistaken for a bad key.
    let offline = Api::open(&book.path)
        .await
        .unwrap()
        .with_secrets(Arc::new(MemorySecrets::new()))
        .with_stripe_options(options("http://127.0.0.1:9"));
    set_key(&offline, KEY).await;
    assert_eq!(offline.test_stripe_key(None).await.unwrap().code, "offline");

    // Whatever was done, no key is in the database's files.
    api.close().await;
    offline.close().await;
    for entry in std::fs::read_dir(book.path.parent().unwrap()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for key in [KEY, RESTRICTED_KEY] {
            assert!(
                !bytes.windows(key.len()).any(|w| w == key.as_bytes()),
                "the key is in a file of the book"
            );
        }
    }
}

#[tokio::test]
async fn a_link_paid_is_recorded_once_with_its_fee() {
    let server = StripeServer::start();
    let (book, api) = book(&server).await;
    let number = book.issued_invoice().await.number.unwrap();
    let link = link_for(&api, &number).await;
    assert_eq!(link.state, LinkState::Active, "{link:?}");
    assert_eq!(link.amount, d("1684.44"));
    let url = link.url.clone().unwrap();
    assert!(url.contains("/pay/plink_"), "{url}");
    // The same link again, nothing new at Stripe.
    let again = link_for(&api, &number).await;
    assert_eq!(again.id, link.id);
    let state = server.state();
    assert_eq!(state["prices"].as_array().unwrap().len(), 1);
    assert_eq!(state["links"].as_array().unwrap().len(), 1);
    let made = &state["links"][0];
    assert_eq!(made["metadata"]["invoice_number"], number.as_str());
    assert_eq!(
        made["payment_intent_data"]["metadata"]["invoice_number"],
        number.as_str()
    );
    assert_eq!(made["restrictions"]["completed_sessions"]["limit"], 1);
    assert_eq!(state["prices"][0]["unit_amount"], 168444);
    assert_eq!(state["prices"][0]["currency"], "eur");
    for r in server.requests() {
        assert_eq!(r["version"], autoinvoice_stripe::API_VERSION);
        if r["method"] == "POST" {
            assert!(
                r["idempotency_key"].is_string(),
                "a POST without Idempotency-Key: {r}"
            );
        }
    }

    // The PDF says where to pay online (and stays the Factur-X it was: tests/einvoice.rs
    // checks its kind; here the words a customer reads).
    let pdf = api
        .document_pdf(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    let path = book.path.with_file_name("with-link.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Payer en ligne") && text.contains(&url),
        "{text}"
    );

    let paid = server.pay(link.link_id.as_deref().unwrap());
    let fee = paid["fee"].as_i64().unwrap();
    let r = api.sync_payments(None).await.unwrap();
    assert_eq!((r.payments_recorded, r.links_checked), (1, 1), "{r:?}");
    assert!(r.error.is_none(), "{r:?}");
    assert_eq!(status(&api, &number).await, ("paid".into(), d("0")));
    let received = api
        .invoice_stripe_payments(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].amount, d("1684.44"));
    assert_eq!(
        received[0].fee,
        Some(rust_decimal::Decimal::new(fee, 2)),
        "the fee apart"
    );
    let payments = api.list_payments(ListPayments::default()).await.unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].method, "stripe");
    assert_eq!(
        payments[0].amount,
        d("1684.44"),
        "the invoice is paid the full amount, not net of the fee"
    );
    assert_eq!(
        payments[0].reference.as_deref(),
        paid["payment_intent"].as_str()
    );

    // Later syncs find nothing new; the paid link is switched off.
    let r = api.sync_payments(None).await.unwrap();
    assert_eq!(r.payments_recorded, 0);
    assert_eq!(
        api.list_payments(ListPayments::default())
            .await
            .unwrap()
            .len(),
        1
    );
    let links = api
        .invoice_payment_links(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    assert_eq!(links[0].state, LinkState::Inactive);

    // A refund made in Stripe is noted and journaled; the payment itself stays as it was.
    server.control(
        "refund",
        serde_json::json!({"payment_intent": paid["payment_intent"], "amount": 20000}),
    );
    let r = api.sync_payments(None).await.unwrap();
    assert_eq!(r.refunds_noted, 1, "{r:?}");
    assert_eq!(api.sync_payments(None).await.unwrap().refunds_noted, 0);
    let received = api
        .invoice_stripe_payments(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    assert_eq!(received[0].refunded, d("200.00"));
    let journal = api.store().journal(book.org_id, None).await.unwrap();
    assert!(journal.iter().any(|e| e.event == "stripe_refund"));

    // A week after it was switched off, the link is no longer asked for its sessions.
    let asked = |server: &StripeServer| {
        server
            .requests()
            .iter()
            .filter(|r| r["path"] == "/v1/checkout/sessions")
            .count()
    };
    let before = asked(&server);
    api.sync_payments(None).await.unwrap();
    assert_eq!(
        asked(&server),
        before + 1,
        "still looked at within the week"
    );
    sqlx::query("UPDATE payment_links SET updated_at = '2026-01-01T00:00:00.000000Z'")
        .execute(api.store().pool())
        .await
        .unwrap();
    api.sync_payments(None).await.unwrap();
    assert_eq!(asked(&server), before + 1, "not any more");
    assert!(
        api.verify_journal(None)
            .await
            .unwrap()
            .iter()
            .all(|v| v.ok())
    );
}

#[tokio::test]
async fn a_timeout_is_retried_with_the_same_idempotency_key() {
    let server = StripeServer::start();
    let (book, api) = book(&server).await;
    let number = book.issued_invoice().await.number.unwrap();
    // Stripe makes the link but its answer comes after the client gave up (1.5 s).
    server.fault(serde_json::json!({"path": "/v1/payment_links", "delay_ms": 2500, "after": true, "count": 1}));
    // And the price's first two answers are 429 then a 500.
    server.fault(
        serde_json::json!({"path": "/v1/prices", "status": 429, "type": "invalid_request_error",
        "code": "rate_limit", "message": "Too many requests hit the API too quickly.", "count": 1}),
    );
    server.fault(serde_json::json!({"path": "/v1/prices", "status": 500, "count": 1}));
    let link = link_for(&api, &number).await;
    assert_eq!(link.state, LinkState::Active, "{link:?}");
    let state = server.state();
    assert_eq!(
        state["links"].as_array().unwrap().len(),
        1,
        "one link, not two"
    );
    assert_eq!(
        state["prices"].as_array().unwrap().len(),
        1,
        "one price, not three"
    );
    let posts: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/v1/payment_links")
        .collect();
    assert_eq!(posts.len(), 2, "tried again after the timeout");
    assert_eq!(posts[0]["idempotency_key"], posts[1]["idempotency_key"]);
    let prices: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/v1/prices")
        .collect();
    assert_eq!(prices.len(), 3);
    assert!(
        prices
            .iter()
            .all(|p| p["idempotency_key"] == prices[0]["idempotency_key"])
    );
}

#[tokio::test]
async fn offline_links_are_queued_and_made_later() {
    let server = StripeServer::start();
    let (book, api) = book(&server).await;
    let number = book.issued_invoice().await.number.unwrap();
    let offline = Api::open(&book.path)
        .await
        .unwrap()
        .with_secrets(Arc::new(MemorySecrets::new()))
        .with_stripe_options(options("http://127.0.0.1:9"));
    set_key(&offline, KEY).await;
    let queued = link_for(&offline, &number).await;
    assert_eq!(queued.state, LinkState::Queued, "{queued:?}");
    assert!(queued.url.is_none());
    assert!(
        queued
            .last_error
            .as_deref()
            .unwrap()
            .contains("cannot be reached"),
        "{queued:?}"
    );
    // Issuing and sending do not wait for it: the invoice is as it was.
    assert_eq!(status(&api, &number).await.0, "issued");
    // A sync before its retry time asks nothing; at its time, offline still, it says so.
    let r = offline.sync_payments(None).await.unwrap();
    assert_eq!((r.links_waiting, r.links_created), (1, 0), "{r:?}");
    sqlx::query("UPDATE payment_links SET next_attempt_at = NULL")
        .execute(api.store().pool())
        .await
        .unwrap();
    let r = offline.sync_payments(None).await.unwrap();
    assert_eq!(
        r.error.as_ref().map(|e| e.code.as_str()),
        Some("offline"),
        "{r:?}"
    );
    let again = link_for(&offline, &number).await;
    assert_eq!(
        (again.id, again.attempts),
        (queued.id, 3),
        "the same link, tried again at once"
    );

    // Back online, once its retry time has come.
    sqlx::query("UPDATE payment_links SET next_attempt_at = NULL")
        .execute(api.store().pool())
        .await
        .unwrap();
    let r = api.sync_payments(None).await.unwrap();
    assert_eq!((r.links_created, r.links_waiting), (1, 0), "{r:?}");
    let links = api
        .invoice_payment_links(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].state, LinkState::Active);
    assert!(links[0].url.is_some());
}

#[tokio::test]
async fn stripe_refusals_and_what_no_longer_fits() {
    let server = StripeServer::start();
    let (book, api) = book(&server).await;
    let number = book.issued_invoice().await.number.unwrap();
    // Not a transient failure: the link fails with Stripe's message.
    server.fault(
        serde_json::json!({"path": "/v1/prices", "status": 400, "type": "invalid_request_error",
        "code": "parameter_invalid", "message": "Invalid currency: xyz.", "count": 1}),
    );
    let e = link_refused(&api, &number).await;
    assert_eq!(e.code, "stripe");
    assert!(e.message.contains("Invalid currency"), "{e:?}");
    // A new try makes a new link; a draft or a paid invoice gets none.
    let link = link_for(&api, &number).await;
    assert_eq!(link.state, LinkState::Active);

    // Part of it paid by transfer after the link was sent: the link is for the old amount.
    by_transfer(&api, &number, "1000").await;
    // The customer pays the old link anyway: what the invoice still owed is applied, the
    // rest is kept apart for the user to give back, and said so.
    server.pay(link.link_id.as_deref().unwrap());
    let r = api.sync_payments(None).await.unwrap();
    assert_eq!((r.payments_recorded, r.unapplied), (1, 1), "{r:?}");
    assert_eq!(status(&api, &number).await, ("paid".into(), d("0")));
    let received = api
        .invoice_stripe_payments(None, &DocumentRef::parse(&number))
        .await
        .unwrap();
    assert_eq!(
        (received[0].amount, received[0].unapplied),
        (d("1684.44"), d("1000.00"))
    );
    let journal = api.store().journal(book.org_id, None).await.unwrap();
    assert!(journal.iter().any(|e| e.event == "stripe_unapplied"));

    // An open, unpaid session (a card declined on Stripe's page) records nothing.
    let second = book.issued_invoice().await.number.unwrap();
    let link2 = link_for(&api, &second).await;
    server.control(
        "open_session",
        serde_json::json!({"payment_link": link2.link_id}),
    );
    assert_eq!(api.sync_payments(None).await.unwrap().payments_recorded, 0);
    assert_eq!(status(&api, &second).await.0, "issued");
    // A changed amount due replaces the link, switching the old one off at Stripe.
    by_transfer(&api, &second, "84.44").await;
    let link3 = link_for(&api, &second).await;
    assert_ne!(link3.id, link2.id);
    assert_eq!(link3.amount, d("1600.00"));
    let state = server.state();
    let old = state["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == link2.link_id.as_deref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(old["active"], false);
    // The second invoice paid by transfer: the next sync switches its link off at Stripe.
    by_transfer(&api, &second, "1600").await;
    api.sync_payments(None).await.unwrap();
    let state = server.state();
    let third = state["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == link3.link_id.as_deref().unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        third["active"], false,
        "a link of a paid invoice is switched off"
    );
    let paid = link_refused(&api, &number).await;
    assert_eq!(paid.code, "conflict");
    assert!(
        api.verify_journal(None)
            .await
            .unwrap()
            .iter()
            .all(|v| v.ok())
    );
}
