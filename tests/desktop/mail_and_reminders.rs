//! The email and payment-reminder parts of the end-to-end flow, run on an invoice the
//! invoice flow has issued and partly paid.

use crate::driver::free_port;
use crate::session::{Session, Words};
use autoinvoice_api::{
    Api, DocumentRef, DraftId, IssueDocument, ListOutbox, ListReminders, ReminderRunReport,
    RunReminders,
};

/// Email: the account refused without encryption towards another machine, then saved for a
/// loopback port where nothing listens; the test email's diagnosis; the send dialog with
/// Rust's preview; the message queued, tried in the background and shown waiting with its
/// cause; the outbox screen, delivery now, and a cancel.
pub async fn email_flow(s: &mut Session, api: &Api, doc_id: i64, number: &str) {
    let port = free_port();
    s.click("nav-settings").await;
    s.scroll_to("settings-email").await;
    s.fill("mail-host", "smtp.example.fr").await;
    s.select("mail-security", "none").await;
    s.fill("mail-from", "camille@example.fr").await;
    s.click("mail-save").await;
    s.wait_attr("mail-error", "data-code", "insecure").await;
    s.fill("mail-host", "127.0.0.1").await;
    s.fill("mail-port", &port.to_string()).await;
    s.fill("mail-from-name", "Camille Martin").await;
    s.click("mail-save").await;
    s.find("mail-saved").await;
    assert_eq!(
        s.attr("mail-password-state", "data-stored")
            .await
            .as_deref(),
        Some("false")
    );
    s.fill("mail-test-to", "compta@dupont.example").await;
    s.click("mail-test-send").await;
    s.wait_attr("mail-test-result", "data-code", "connect")
        .await;
    s.scroll_to("settings-email").await;
    s.shot("email-settings").await;

    // Send the invoice: the preview is what Rust will send.
    s.go(&format!("#/invoices/{doc_id}")).await;
    s.click("send-email").await;
    s.wait_text("send-preview-subject", "the subject", |t| {
        t.contains(number)
    })
    .await;
    let to = s.text("send-preview-to").await;
    assert_eq!(to, "compta@dupont.example");
    s.click("send-ubl").await;
    s.wait_text("send-preview-attachments", "both attachments", |t| {
        t.contains(&format!("{number}.pdf")) && t.contains(&format!("{number}-ubl.xml"))
    })
    .await;
    // The subject, as the user rewrites it, is what the preview shows and what is queued.
    let subject = format!("{number} : comme convenu");
    s.fill("send-subject", &subject).await;
    s.wait_text("send-preview-subject", "the subject typed", |t| {
        t == subject
    })
    .await;
    s.shot("send-dialog").await;
    s.click("send-submit").await;
    s.find("send-queued").await;

    // Queued; the background delivery tries at once, finds no server, and says so.
    let items = api
        .outbox_list_req(ListOutbox {
            document: Some(DocumentRef::Id(doc_id)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].subject, subject);
    let id = items[0].id;
    s.wait_attr(&format!("outbox-row-{id}"), "data-code", "connect")
        .await;
    s.scroll_to("doc-emails").await;
    s.shot("document-emails").await;

    s.click("nav-outbox").await;
    s.find(&format!("outbox-row-{id}")).await;
    s.click("outbox-run").await;
    s.find("outbox-run-done").await;
    s.shot("outbox").await;
    s.click(&format!("outbox-cancel-{id}")).await;
    s.wait_attr(&format!("outbox-row-{id}"), "data-state", "cancelled")
        .await;
}

/// Payment reminders: Settings → Reminders refuses a reminder stage before the due date by
/// its code, then saves reminders on in review mode; the invoice shows its next stage and
/// pauses; a run at the due date puts the courtesy stage up for review, which the invoice's
/// history and the dashboard show, and which is skipped from the dashboard.
pub async fn reminders_flow(s: &mut Session, api: &Api, words: &Words, doc_id: i64, due: &str) {
    s.click("nav-settings").await;
    s.scroll_to("settings-reminders").await;
    s.click("rem-enabled").await;
    s.click("rem-review").await;
    s.fill("rem-time-zone", "Europe/Paris").await;
    s.fill("policy-stage-1-offset", "-2").await;
    s.click("rem-save").await;
    s.wait_attr("rem-error", "data-code", "invalid_offset")
        .await;
    s.scroll_to("rem-error").await;
    s.shot("reminder-settings-error").await;
    s.fill("policy-stage-1-offset", "1").await;
    s.click("rem-save").await;
    s.find("rem-saved").await;
    let settings = api.reminder_settings(None).await.unwrap();
    assert!(settings.enabled && settings.review, "{settings:?}");
    assert_eq!(settings.time_zone.as_deref(), Some("Europe/Paris"));
    s.scroll_to("settings-reminders").await;
    s.shot("reminder-settings").await;

    // The invoice: the next stage, and the pause switch.
    s.go(&format!("#/invoices/{doc_id}")).await;
    let next = api
        .invoice_reminders(None, &DocumentRef::Id(doc_id))
        .await
        .unwrap()
        .next
        .expect("a stage to come");
    s.wait_attr("reminder-next", "data-stage", &next.stage)
        .await;
    s.wait_attr("reminder-next", "data-date", &next.due_on.to_string())
        .await;
    s.click("reminders-pause").await;
    s.wait_attr("invoice-reminders", "data-paused", "true")
        .await;
    s.wait_attr("reminder-next", "data-stage", "").await;
    s.click("reminders-pause").await;
    s.wait_attr("invoice-reminders", "data-paused", "false")
        .await;

    // A run on the due date (the CLI's clock): the courtesy stage waits for review.
    let run = run_on(api, due).await;
    assert_eq!(run.in_review, 1, "{run:?}");
    let id = run.reminders[0].reminder_id.unwrap();
    s.go("#/dashboard").await;
    s.go(&format!("#/invoices/{doc_id}")).await;
    s.wait_attr(
        &format!("reminder-history-row-{id}"),
        "data-status",
        "review",
    )
    .await;
    s.scroll_to("invoice-reminders").await;
    s.shot("invoice-reminders").await;

    s.click("nav-dashboard").await;
    s.find(&format!("reminder-review-row-{id}")).await;
    s.wait_text("dash-review-count", words.one_to_review, |t| {
        t == words.one_to_review
    })
    .await;
    s.scroll_to("dash-reminders").await;
    s.shot("dashboard-reminders").await;
    s.click(&format!("reminder-skip-{id}")).await;
    s.find("reminder-skipped").await;
    let history = api
        .invoice_reminders(None, &DocumentRef::Id(doc_id))
        .await
        .unwrap()
        .history;
    assert_eq!(history[0].status, "skipped", "{history:?}");
}

/// Review all at once: two more invoices like the first (duplicated and issued), a run at
/// their due date: both wait for review; the dashboard's "Approve all" asks first, with the
/// count, then queues both emails.
pub async fn review_all_flow(s: &mut Session, api: &Api, doc_id: i64, due: &str) {
    let mut ids = vec![];
    for _ in 0..2 {
        let draft = api
            .duplicate_document(DraftId { id: doc_id })
            .await
            .unwrap();
        api.issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
        ids.push(draft.id);
    }
    let run = run_on(api, due).await;
    assert_eq!(run.in_review, 2, "{run:?}");

    s.click("nav-dashboard").await;
    s.find("reminder-approve-all").await;
    s.scroll_to("dash-reminders").await;
    s.click("reminder-approve-all").await;
    // "2 reminders go out…" / "2 relances partent…".
    let asked = s.text("review-all-dialog").await;
    assert!(asked.contains("2 re"), "the count asked about: {asked:?}");
    s.shot("dashboard-approve-all").await;
    s.click("review-all-dialog-ok").await;
    s.find("reminders-approved").await;
    let list = api.list_reminders(ListReminders::default()).await.unwrap();
    assert_eq!(list.in_review_total, 0, "{list:?}");
    for id in ids {
        let history = api
            .invoice_reminders(None, &DocumentRef::Id(id))
            .await
            .unwrap()
            .history;
        assert_eq!(history[0].status, "queued", "{history:?}");
        assert!(history[0].outbox_id.is_some(), "{history:?}");
    }
}

/// A reminders run at `due` (the invoices' due date), queuing without delivering.
async fn run_on(api: &Api, due: &str) -> ReminderRunReport {
    api.run_reminders(RunReminders {
        now: Some(due.to_owned()),
        no_delivery: true,
        ..Default::default()
    })
    .await
    .unwrap()
}
