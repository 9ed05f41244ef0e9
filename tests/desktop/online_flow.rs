//! Online payment in the real window, against the local Stripe stand-in
//! (tests/stripe/server.py): the key entered in Settings and tested, a payment link made on
//! an invoice, the customer pays at "Stripe", and the background sync turns the invoice paid
//! with Stripe's fee shown apart. Afterwards the key is in no file the app wrote.

#[path = "../stripe/harness.rs"]
mod harness;

use crate::session::Session;
use autoinvoice_api::{Api, Clock, CreateCustomer, DocumentRef, GetDocument, IssueDocument};
use autoinvoice_tests::book::{customer, seller, three_rate_invoice, today};
use harness::{KEY, StripeServer};

/// A book with one issued invoice, made through the API before the app opens it.
async fn prepared(dir: &std::path::Path) -> (i64, String) {
    let api = Api::open(&dir.join("app.db"))
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    api.create_organization(seller()).await.unwrap();
    let c = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Boulangerie Dupont SARL", "FR", Some("FR16302466339")),
        })
        .await
        .unwrap();
    let draft = api.create_document(three_rate_invoice(c.id)).await.unwrap();
    let doc = api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    api.close().await;
    (doc.id, doc.number.unwrap())
}

pub async fn online_flow(lang: &str) {
    let server = StripeServer::start();
    let dir = tempfile::tempdir().unwrap();
    let (id, number) = prepared(dir.path()).await;
    let url = server.url();
    let mut s = Session::start_in(
        lang,
        dir,
        &[
            ("AUTOINVOICE_STRIPE_API", &url),
            ("AUTOINVOICE_PAYMENT_SYNC_MS", "1500"),
        ],
    )
    .await;

    // The key, in Settings → Online payments, tested at once.
    s.find("nav-dashboard").await;
    s.go("#/settings").await;
    s.fill("stripe-key", KEY).await;
    s.click("stripe-save").await;
    s.wait_attr("stripe-result", "data-code", "ok").await;
    s.scroll_to("settings-payments").await;
    s.shot("settings-stripe").await;

    // A link on the invoice.
    s.go(&format!("#/invoices/{id}")).await;
    s.click("online-make").await;
    s.find("online-url").await;
    let shown = s
        .on("online-url", "return el.value;", vec![])
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(shown.starts_with(&format!("{url}/pay/plink_")), "{shown}");
    s.scroll_to("online-payment").await;
    s.shot("invoice-pay-online").await;

    // The customer pays; the background sync records it and the screen follows.
    let link = shown.rsplit('/').next().unwrap().to_owned();
    let paid = server.pay(&link);
    s.wait_attr("doc-balance", "data-value", "0.00").await;
    s.wait_text("online-received", "the payment received", |t| !t.is_empty())
        .await;
    s.scroll_to("online-payment").await;
    s.shot("invoice-paid-online").await;

    let api = Api::open(&s.db()).await.unwrap();
    let doc = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Number(number.clone()),
        })
        .await
        .unwrap();
    assert_eq!(doc.status.code(), "paid");
    let received = api
        .invoice_stripe_payments(None, &DocumentRef::Number(number))
        .await
        .unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].fee.map(|f| f.to_string()),
        Some(format!(
            "{}.{:02}",
            paid["fee"].as_i64().unwrap() / 100,
            paid["fee"].as_i64().unwrap() % 100
        ))
    );
    assert!(
        api.verify_journal(None)
            .await
            .unwrap()
            .iter()
            .all(|r| r.ok())
    );
    api.close().await;

    // The key is in no file the app wrote.
    let mut files = vec![s.dir.path().to_path_buf()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            assert!(
                !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
                "the Stripe key is in {}",
                p.display()
            );
        }
    }
    s.close().await;
}
