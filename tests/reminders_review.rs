//! Review mode, every reminder waiting decided at once: approve all (each email queued and
//! received once by the real SMTP server on loopback), skip all, the count the person saw
//! checked first, and the ones that cannot be approved (an invoice paid meanwhile, a customer
//! without an address) kept waiting with why while the others go.

#![allow(clippy::unwrap_used)]

#[path = "reminders/common.rs"]
mod common;
#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::*;
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;
use common::*;
use harness::{Opts, SmtpServer};

fn all(approve: bool, expected: Option<u32>) -> ReviewAllReminders {
    ReviewAllReminders {
        org_id: None,
        approve,
        expected,
        now: None,
    }
}

async fn waiting(api: &Api) -> Vec<ReminderRecord> {
    let l = api
        .list_reminders(ListReminders {
            limit: Some(2),
            ..ListReminders::default()
        })
        .await
        .unwrap();
    assert!(l.in_review.len() <= 2, "the limit holds");
    let all = api
        .list_reminders(ListReminders::default())
        .await
        .unwrap()
        .in_review;
    assert_eq!(l.in_review_total as usize, all.len());
    all
}

#[tokio::test]
async fn every_reminder_waiting_for_review_approved_or_skipped_at_once() {
    let srv = SmtpServer::start(Opts::default());
    let (b, api) = reminder_book(&srv, None).await;
    let mut settings = api.reminder_settings(None).await.unwrap();
    settings.review = true;
    api.set_reminder_settings(SetReminderSettings {
        org_id: None,
        settings,
    })
    .await
    .unwrap();
    let mut c = customer("Atelier sans adresse", "FR", None);
    c.emails.clear();
    let nobody = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: c,
        })
        .await
        .unwrap()
        .id;
    let issued = date("2026-02-01");
    let mut invoices = vec![];
    for customer_id in [
        b.customer_fr,
        b.customer_fr,
        b.customer_de,
        b.customer_fr,
        nobody,
    ] {
        invoices.push(issue_on(&api, customer_id, issued).await);
    }
    let day = plus(invoices[0].due_date.unwrap(), 2);
    let api = on(&api, day);
    let run = run_on(&api, day).await;
    assert_eq!((run.in_review, run.sent, run.blocked), (5, 0, 0), "{run:?}");
    assert_eq!(waiting(&api).await.len(), 5);

    // The count the person saw is not the count waiting: nothing is decided.
    let before = b.counts().await;
    let e = api
        .review_all_reminders(all(true, Some(4)))
        .await
        .unwrap_err();
    assert_eq!(e.code, "review_changed", "{e:?}");
    assert!(e.message.contains("5 reminders wait"), "{}", e.message);
    let e = api
        .review_all_reminders(all(false, Some(6)))
        .await
        .unwrap_err();
    assert_eq!(e.code, "review_changed", "{e:?}");
    assert_eq!(b.counts().await, before, "a refused batch wrote nothing");

    // One invoice is paid in full meanwhile.
    let paid = &invoices[3];
    api.record_payment(RecordPayment {
        org_id: None,
        date: Some(day),
        amount: paid.balance,
        method: PaymentMethod::Transfer,
        reference: None,
        allocations: vec![PaymentAllocationInput {
            invoice: DocumentRef::Id(paid.id),
            amount: None,
        }],
    })
    .await
    .unwrap();

    // Approve all: three go; the paid one and the one without an address stay, with why.
    let o = api.review_all_reminders(all(true, Some(5))).await.unwrap();
    let mut decided: Vec<i64> = o.decided.iter().map(|r| r.invoice_id).collect();
    decided.sort();
    assert_eq!(
        decided,
        vec![invoices[0].id, invoices[1].id, invoices[2].id],
        "{o:?}"
    );
    assert!(
        o.decided
            .iter()
            .all(|r| r.status == "queued" && r.outbox_id.is_some()),
        "{o:?}"
    );
    let mut failed: Vec<(&str, &str)> = o
        .failed
        .iter()
        .map(|f| (f.number.as_str(), f.code.as_str()))
        .collect();
    failed.sort();
    assert_eq!(
        failed,
        vec![
            (paid.number.as_deref().unwrap(), "conflict"),
            (invoices[4].number.as_deref().unwrap(), "no_recipient"),
        ],
        "{o:?}"
    );
    assert!(
        o.failed.iter().all(|f| !f.message.is_empty()),
        "{:?}",
        o.failed
    );
    let still: Vec<i64> = waiting(&api).await.iter().map(|r| r.id).collect();
    let mut failed_ids: Vec<i64> = o.failed.iter().map(|f| f.reminder_id).collect();
    failed_ids.sort();
    let mut still_sorted = still.clone();
    still_sorted.sort();
    assert_eq!(still_sorted, failed_ids, "the ones not approved still wait");

    // Delivered: one message per approved reminder, to the customer, each invoice once.
    api.outbox_run(None).await.unwrap();
    let received = srv.received();
    assert_eq!(received.len(), 3);
    for inv in &invoices[..3] {
        let number = inv.number.as_deref().unwrap();
        let n = received
            .iter()
            .filter(|m| m.header("Subject").unwrap_or_default().contains(number))
            .count();
        assert_eq!(n, 1, "{number}: one reminder");
    }
    for m in &received {
        let to = m.header("To").unwrap_or_default();
        assert!(to.contains('@'), "{to}");
    }

    // Approving again changes nothing for the two left; skipping them all does.
    let o = api.review_all_reminders(all(true, Some(2))).await.unwrap();
    assert!(o.decided.is_empty(), "{o:?}");
    assert_eq!(o.failed.len(), 2);
    let o = api.review_all_reminders(all(false, Some(2))).await.unwrap();
    assert_eq!(o.decided.len(), 2, "{o:?}");
    assert!(o.decided.iter().all(|r| r.status == "skipped"), "{o:?}");
    assert!(o.failed.is_empty());
    assert!(waiting(&api).await.is_empty());

    // Nothing waits: deciding all decides nothing. A later run on the same day sends nothing
    // again: every stage is handled once.
    let o = api.review_all_reminders(all(true, Some(0))).await.unwrap();
    assert!(o.decided.is_empty() && o.failed.is_empty());
    let o = api.review_all_reminders(all(false, None)).await.unwrap();
    assert!(o.decided.is_empty() && o.failed.is_empty());
    let run = run_on(&api, day).await;
    assert_eq!((run.in_review, run.sent), (0, 0), "{run:?}");
    api.outbox_run(None).await.unwrap();
    assert_eq!(srv.count(), 3);
}
