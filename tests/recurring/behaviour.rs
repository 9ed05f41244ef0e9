//! What each mode and switch does: issue dates against the series, drafts, issue and send
//! through the outbox, an occurrence made ahead, pause and resume, a failure that waits,
//! deleting a template or a draft.

#![allow(clippy::unwrap_used)]

use super::common::*;
use autoinvoice_api::*;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_tests::book::*;

fn monthly(b: &Book, start: &str, mode: RecurringMode) -> CreateRecurring {
    template(
        "Hosting",
        b.customer_fr,
        every(ScheduleUnit::Months, 1, start),
        mode,
    )
}

#[tokio::test]
async fn an_occurrence_behind_the_last_issued_invoice_is_dated_the_day_of_the_run() {
    let b = Book::new().await;
    let t = create(
        &on(&b.api, date("2026-10-15")),
        monthly(&b, "2026-11-01", RecurringMode::Issue),
    )
    .await;
    // The app was closed on 1 November; an invoice was issued by hand on the 20th.
    let manual = on(&b.api, date("2026-11-20"))
        .create_document(three_rate_invoice(b.customer_de))
        .await
        .unwrap();
    let manual = on(&b.api, date("2026-11-20"))
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(manual.id),
        })
        .await
        .unwrap();
    assert_eq!(manual.number.as_deref(), Some("F-2026-0001"));

    // On the 29th: dating it 1 November would put F-2026-0002 before F-2026-0001's date.
    let r = run_on(&b.api, date("2026-11-29")).await;
    assert_eq!(r.items.len(), 1);
    let item = &r.items[0];
    assert_eq!(item.outcome, RecurringOutcome::Issued);
    assert_eq!(item.scheduled_on, date("2026-11-01"));
    assert_eq!(item.issue_date, Some(date("2026-11-29")));
    assert_eq!(item.number.as_deref(), Some("F-2026-0002"));
    let doc = b
        .api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Id(item.document_id.unwrap()),
        })
        .await
        .unwrap();
    assert_eq!(doc.issue_date, Some(date("2026-11-29")));
    // Due 30 days after the day it is dated; the period is still the occurrence's.
    assert_eq!(doc.due_date, Some(date("2026-12-29")));
    assert_eq!(doc.content.period_start, Some(date("2026-11-01")));
    assert_eq!(doc.content.period_end, Some(date("2026-11-30")));
    // Both dates are kept on the occurrence.
    let o = &occurrences(&b.api, t.template.id).await[0];
    assert_eq!(
        (o.scheduled_on, o.issue_date),
        (date("2026-11-01"), Some(date("2026-11-29")))
    );

    // The next one, on its own day, is dated that day.
    let r = run_on(&b.api, date("2026-12-03")).await;
    assert_eq!(r.items[0].issue_date, Some(date("2026-12-01")));
    check_books(&b).await;
}

#[tokio::test]
async fn drafts_carry_their_period_and_are_dated_when_issued() {
    let b = Book::new().await;
    let t = create(
        &on(&b.api, date("2026-11-01")),
        monthly(&b, "2026-11-01", RecurringMode::Draft),
    )
    .await;
    let r = run_on(&b.api, date("2026-11-01")).await;
    assert_eq!(r.items[0].outcome, RecurringOutcome::Draft);
    let id = r.items[0].document_id.unwrap();
    let draft = b.api.store().document(id).await.unwrap();
    assert_eq!(draft.status, Status::Draft);
    assert_eq!(draft.issue_date, None);
    assert_eq!(draft.content.period_start, Some(date("2026-11-01")));
    assert_eq!(draft.content.period_end, Some(date("2026-11-30")));
    let issued = on(&b.api, date("2026-11-04"))
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(id),
        })
        .await
        .unwrap();
    assert_eq!(issued.issue_date, Some(date("2026-11-04")));

    // A draft deleted by the user is not made again: its period is done.
    let r = run_on(&b.api, date("2026-12-01")).await;
    let second = r.items[0].document_id.unwrap();
    b.api.delete_draft(second).await.unwrap();
    assert!(run_on(&b.api, date("2026-12-02")).await.items.is_empty());
    let occ = occurrences(&b.api, t.template.id).await;
    assert_eq!(occ.len(), 2);
    assert_eq!(occ[1].document_id, None);
    check_books(&b).await;
}

#[tokio::test]
async fn issue_and_send_queues_each_email_once_and_reports_a_missing_address() {
    let b = Book::new().await;
    let api = with_memory_secrets(&b.api);
    mail_account(&api).await;
    let mut nobody = customer("Sans Courriel SARL", "FR", Some("FR40303265045"));
    nobody.emails.clear();
    let nobody = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: nobody,
        })
        .await
        .unwrap();
    let day = date("2026-11-02");
    let start = on(&api, day);
    let sent = create(
        &start,
        monthly(&b, "2026-11-02", RecurringMode::IssueAndSend),
    )
    .await;
    let mut t = monthly(&b, "2026-11-02", RecurringMode::IssueAndSend);
    t.name = "No address".into();
    t.customer_id = nobody.id;
    t.content = three_rate_invoice(nobody.id).content;
    let blocked = create(&start, t).await;

    let r = run_on(&api, day).await;
    assert_eq!(
        (r.created, r.issued, r.queued, r.mail_blocked),
        (2, 2, 1, 1)
    );
    let queued = r
        .items
        .iter()
        .find(|i| i.template_id == sent.template.id)
        .unwrap();
    assert_eq!(queued.outcome, RecurringOutcome::Queued);
    let item = api
        .store()
        .outbox_item(queued.outbox_id.unwrap())
        .await
        .unwrap();
    assert_eq!(item.kind, "document");
    assert_eq!(item.invoice_id, queued.document_id);
    assert_eq!(item.to, ["billing@example.com"]);
    let no = r
        .items
        .iter()
        .find(|i| i.template_id == blocked.template.id)
        .unwrap();
    assert_eq!(no.outcome, RecurringOutcome::MailBlocked);
    assert_eq!(no.code.as_deref(), Some("no_recipient"));
    assert!(no.number.is_some(), "issued all the same");

    // Again: nothing new, no second email.
    let before = rows(&b).await;
    let r = run_on(&api, day).await;
    assert!(r.items.is_empty());
    assert_eq!(rows(&b).await, before);

    // A run killed between the issue and the email leaves it pending: the next run queues
    // it (once), without making the invoice again.
    let occ = occurrences(&api, blocked.template.id).await;
    let mut raw = b.raw().await;
    sqlx::query(
        "UPDATE recurring_occurrences SET mail_state = 'pending', mail_error = NULL WHERE id = ?",
    )
    .bind(occ[0].id)
    .execute(&mut raw)
    .await
    .unwrap();
    // The template's own recipient, given meanwhile, is used (the invoice's frozen buyer
    // has no address).
    let fixed = monthly(&b, "2026-11-02", RecurringMode::IssueAndSend);
    api.update_recurring(UpdateRecurring {
        org_id: None,
        id: blocked.template.id,
        name: "No address".into(),
        customer_id: nobody.id,
        schedule: fixed.schedule.clone(),
        mode: fixed.mode,
        service_period: fixed.service_period,
        mail: RecurringMail {
            to: vec!["compta@sans-courriel.fr".into()],
            ..RecurringMail::default()
        },
        content: three_rate_invoice(nobody.id).content,
    })
    .await
    .unwrap();
    let r = run_on(&api, day).await;
    assert_eq!((r.created, r.queued), (0, 1));
    assert_eq!(r.items[0].outcome, RecurringOutcome::Queued);
    let item = api
        .store()
        .outbox_item(r.items[0].outbox_id.unwrap())
        .await
        .unwrap();
    assert_eq!(item.to, ["compta@sans-courriel.fr"]);
    assert!(run_on(&api, day).await.items.is_empty());
    let mails: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
        .fetch_one(&mut raw)
        .await
        .unwrap();
    assert_eq!(mails, 2);
    check_books(&b).await;
}

#[tokio::test]
async fn run_now_makes_the_next_occurrence_ahead_of_its_day_once() {
    let b = Book::new().await;
    let api = on(&b.api, date("2026-11-29"));
    let mut weekly = template(
        "Weekly",
        b.customer_fr,
        every(ScheduleUnit::Weeks, 1, "2026-12-01"),
        RecurringMode::Issue,
    );
    weekly.schedule.count = Some(3);
    let t = create(&api, weekly).await;
    let now = |day: &str| {
        let api = on(&b.api, date(day));
        async move {
            api.run_recurring(RunRecurring {
                template_id: Some(t.template.id),
                now: true,
                no_delivery: true,
                ..RunRecurring::default()
            })
            .await
        }
    };
    let r = now("2026-11-29").await.unwrap();
    assert_eq!(r.items.len(), 1);
    let i = &r.items[0];
    assert!(i.ahead);
    assert_eq!(i.scheduled_on, date("2026-12-01"));
    assert_eq!(
        i.issue_date,
        Some(date("2026-11-29")),
        "never dated in the future"
    );
    assert_eq!(i.period_start, Some(date("2026-12-01")));
    // Its own day comes: nothing more.
    assert!(run_on(&b.api, date("2026-12-01")).await.items.is_empty());
    // A week on: #1 is due; with --now, #2 comes too, ahead.
    let r = now("2026-12-08").await.unwrap();
    let got: Vec<(u32, bool)> = r.items.iter().map(|i| (i.index, i.ahead)).collect();
    assert_eq!(got, [(1, false), (2, true)]);
    // The count of three is reached.
    assert_eq!(
        now("2026-12-09").await.unwrap_err().code,
        "schedule_finished"
    );
    let o = occurrences(&b.api, t.template.id).await;
    assert_eq!(
        o.iter().map(|o| o.ahead).collect::<Vec<_>>(),
        [true, false, true]
    );
    check_books(&b).await;
}

#[tokio::test]
async fn a_pause_skips_its_periods_unless_resumed_with_catch_up() {
    let b = Book::new().await;
    let day0 = date("2026-06-01");
    let t = create(
        &on(&b.api, day0),
        template(
            "Weekly",
            b.customer_fr,
            every(ScheduleUnit::Weeks, 1, "2026-06-01"),
            RecurringMode::Issue,
        ),
    )
    .await;
    let id = t.template.id;
    let pause = |day, paused, catch_up| {
        let api = on(&b.api, day);
        async move {
            api.set_recurring_paused(SetRecurringPaused {
                org_id: None,
                id,
                paused,
                catch_up,
            })
            .await
            .unwrap()
        }
    };
    assert_eq!(run_on(&b.api, day0).await.created, 1);
    pause(day0, true, false).await;
    assert!(run_on(&b.api, plus(day0, 21)).await.items.is_empty());
    // Resumed on day 21: days 7 and 14 are skipped; day 21 itself is made by the run.
    let resumed = pause(plus(day0, 21), false, false).await;
    assert_eq!(resumed.skipped, 2);
    assert_eq!(resumed.template.next.unwrap().date, plus(day0, 21));
    let r = run_on(&b.api, plus(day0, 21)).await;
    assert_eq!(r.items.iter().map(|i| i.index).collect::<Vec<_>>(), [3]);
    // Paused again for two weeks, resumed with catch-up: both weeks are made.
    pause(plus(day0, 22), true, false).await;
    assert_eq!(pause(plus(day0, 36), false, true).await.skipped, 0);
    let r = run_on(&b.api, plus(day0, 36)).await;
    assert_eq!(r.items.iter().map(|i| i.index).collect::<Vec<_>>(), [4, 5]);
    let o = occurrences(&b.api, id).await;
    let skipped: Vec<u32> = o
        .iter()
        .filter(|o| o.status == OccurrenceStatus::Skipped)
        .map(|o| o.index)
        .collect();
    assert_eq!(skipped, [1, 2]);
    check_books(&b).await;
}

#[tokio::test]
async fn an_occurrence_that_cannot_be_made_waits_and_is_made_once_fixed() {
    let b = Book::new().await;
    create(
        &on(&b.api, date("2026-09-01")),
        monthly(&b, "2026-09-01", RecurringMode::Issue),
    )
    .await;
    b.api.archive_customer(b.customer_fr, true).await.unwrap();
    let before = rows(&b).await;
    let r = run_on(&b.api, date("2026-11-29")).await;
    assert_eq!((r.created, r.failed), (0, 1));
    assert_eq!(r.items[0].code.as_deref(), Some("archived"));
    assert_eq!(
        r.items[0].scheduled_on,
        date("2026-09-01"),
        "the oldest first"
    );
    assert_eq!(rows(&b).await, before, "nothing recorded");
    b.api.archive_customer(b.customer_fr, false).await.unwrap();
    let r = run_on(&b.api, date("2026-11-29")).await;
    let issued: Vec<_> = r
        .items
        .iter()
        .map(|i| (i.index, i.issue_date.unwrap()))
        .collect();
    assert_eq!(
        issued,
        [
            (0, date("2026-09-01")),
            (1, date("2026-10-01")),
            (2, date("2026-11-01"))
        ]
    );
    check_books(&b).await;
}

#[tokio::test]
async fn deleting_a_template_keeps_its_invoices() {
    let b = Book::new().await;
    let t = create(
        &on(&b.api, date("2026-10-01")),
        monthly(&b, "2026-10-01", RecurringMode::Issue),
    )
    .await;
    assert_eq!(run_on(&b.api, date("2026-11-29")).await.created, 2);
    b.api
        .delete_recurring(RecurringId {
            org_id: None,
            id: t.template.id,
        })
        .await
        .unwrap();
    let counts = rows(&b).await;
    let get = |name: &str| counts.iter().find(|(t, _)| t == name).unwrap().1;
    assert_eq!(
        (
            get("invoices"),
            get("recurring_templates"),
            get("recurring_occurrences")
        ),
        (2, 0, 0)
    );
    assert!(run_on(&b.api, date("2026-12-29")).await.items.is_empty());
    check_books(&b).await;
}
