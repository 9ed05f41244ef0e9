//! Bad input to the reminders gives a clear `{code, message}` and changes nothing; a
//! reminder that cannot go out (no address, no email account) is reported and kept for the
//! next run, never lost.

#![allow(clippy::unwrap_used)]

#[path = "reminders/common.rs"]
mod common;
#[path = "smtp/harness.rs"]
mod harness;
#[path = "smtp/setup.rs"]
mod setup;

use autoinvoice_api::*;
use autoinvoice_domain::reminders::{Policy, Stage, StageText, Tone};
use autoinvoice_tests::book::*;
use common::*;
use harness::{Opts, SmtpServer};

fn stage(key: &str, offset_days: i32, tone: Tone) -> Stage {
    Stage {
        key: key.into(),
        offset_days,
        tone,
        texts: vec![],
    }
}

async fn state(b: &Book, api: &Api) -> (Vec<(String, i64)>, ReminderSettings, Vec<i64>) {
    let mut conn = b.raw().await;
    let mut extra = vec![];
    for t in [
        "SELECT COUNT(*) FROM invoice_reminders",
        "SELECT COUNT(*) FROM outbox",
        "SELECT COUNT(*) FROM customer_reminder_policies",
        "SELECT COUNT(*) FROM customers WHERE reminders_paused = 1",
        "SELECT COUNT(*) FROM invoices WHERE reminders_paused = 1",
    ] {
        extra.push(sqlx::query_scalar(t).fetch_one(&mut conn).await.unwrap());
    }
    (
        b.counts().await,
        api.reminder_settings(None).await.unwrap(),
        extra,
    )
}

#[tokio::test]
async fn bad_input_is_named_and_changes_nothing() {
    let srv = SmtpServer::start(Opts::default());
    let (b, api) = reminder_book(&srv, Some(30)).await;
    let inv = issue_on(&api, b.customer_fr, date("2026-02-01")).await;
    let credit = api
        .credit_invoice(CreditInvoice {
            org_id: None,
            invoice: DocumentRef::Id(inv.id),
            lines: None,
            note: None,
            issue: true,
        })
        .await
        .unwrap();
    let before = state(&b, &api).await;
    let settings = |policy: Policy| SetReminderSettings {
        org_id: None,
        settings: ReminderSettings {
            policy,
            ..before.1.clone()
        },
    };
    let mut own_text = stage("a", 3, Tone::Reminder);
    own_text.texts.push(StageText {
        language: autoinvoice_domain::party::Language::Fr,
        subject: "Facture {numero}".into(),
        body: "{balance}".into(),
    });
    let cases: Vec<(&str, SetReminderSettings)> = vec![
        ("invalid_policy", settings(Policy { stages: vec![] })),
        (
            "invalid_offset",
            settings(Policy {
                stages: vec![stage("notice", -2, Tone::FormalNotice)],
            }),
        ),
        (
            "invalid_offset",
            settings(Policy {
                stages: vec![stage("early", -90, Tone::Courtesy)],
            }),
        ),
        (
            "invalid_offset",
            settings(Policy {
                stages: vec![stage("a", 5, Tone::Firm), stage("b", 5, Tone::Firm)],
            }),
        ),
        (
            "invalid_stage",
            settings(Policy {
                stages: vec![stage("Final notice!", 5, Tone::Firm)],
            }),
        ),
        (
            "invalid_template",
            settings(Policy {
                stages: vec![own_text],
            }),
        ),
        (
            "invalid_time_zone",
            SetReminderSettings {
                org_id: None,
                settings: ReminderSettings {
                    time_zone: Some("Europe/Atlantis".into()),
                    ..before.1.clone()
                },
            },
        ),
        (
            "invalid_input",
            SetReminderSettings {
                org_id: None,
                settings: ReminderSettings {
                    catch_up_days: Some(100_000),
                    ..before.1.clone()
                },
            },
        ),
    ];
    for (code, req) in cases {
        let e = api.set_reminder_settings(req).await.unwrap_err();
        assert_eq!(e.code, code, "{}", e.message);
        assert!(!e.message.is_empty());
    }
    // The same through a customer's policy.
    let e = api
        .set_customer_reminder_policy(SetCustomerReminderPolicy {
            org_id: None,
            customer_id: b.customer_fr,
            policy: Some(Policy {
                stages: vec![stage("notice", 0, Tone::FormalNotice)],
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_offset");
    assert!(
        e.message.contains("policy.stages[0].offset_days"),
        "{}",
        e.message
    );
    // An unknown tone or field in JSON is refused by the types themselves.
    assert!(
        serde_json::from_str::<Policy>(
            r#"{"stages":[{"key":"a","offset_days":3,"tone":"angry"}]}"#
        )
        .is_err()
    );
    assert!(
        serde_json::from_str::<Policy>(
            r#"{"stages":[{"key":"a","offset_days":3,"tone":"firm","delay":2}]}"#
        )
        .is_err()
    );
    // Bad clocks.
    for bad in ["2026-02-30", "tomorrow", "2026-02-10T25:00", ""] {
        let r = api
            .run_reminders(RunReminders {
                now: Some(bad.into()),
                ..RunReminders::default()
            })
            .await;
        if bad.is_empty() {
            // Empty means "now".
            assert!(r.is_ok());
            continue;
        }
        assert_eq!(r.unwrap_err().code, "invalid_date", "{bad}");
        let e = api
            .list_reminders(ListReminders {
                now: Some(bad.into()),
                ..ListReminders::default()
            })
            .await
            .unwrap_err();
        assert_eq!(e.code, "invalid_date");
    }
    let e = api
        .list_reminders(ListReminders {
            days_ahead: Some(5000),
            ..ListReminders::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
    // Unknown things and wrong kinds.
    let pause = |document: DocumentRef| PauseInvoiceReminders {
        org_id: None,
        document,
        paused: true,
    };
    let e = api
        .pause_invoice_reminders(pause(DocumentRef::parse("F-1999-9999")))
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_found");
    let e = api
        .pause_invoice_reminders(pause(DocumentRef::Id(credit.id)))
        .await
        .unwrap_err();
    assert_eq!(e.code, "conflict", "{}", e.message);
    let e = api
        .pause_customer_reminders(PauseCustomerReminders {
            org_id: None,
            customer_id: 9999,
            paused: true,
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_found");
    for review in [ReviewReminder {
        org_id: None,
        reminder_id: 4242,
        now: None,
    }] {
        assert_eq!(
            api.approve_reminder(review.clone()).await.unwrap_err().code,
            "not_found"
        );
        assert_eq!(
            api.skip_reminder(review).await.unwrap_err().code,
            "not_found"
        );
    }
    assert_eq!(
        state(&b, &api).await,
        before,
        "a refused request changed something"
    );
}

#[tokio::test]
async fn blocked_reminders_are_kept_for_the_next_run() {
    let srv = SmtpServer::start(Opts::default());
    let (b, api) = setup::book().await;
    // Reminders on, but no email account yet.
    api.set_reminder_settings(SetReminderSettings {
        org_id: None,
        settings: ReminderSettings {
            enabled: true,
            time_zone: Some("Europe/Paris".into()),
            ..ReminderSettings::default()
        },
    })
    .await
    .unwrap();
    let inv = issue_on(&api, b.customer_fr, date("2026-02-01")).await;
    let day = plus(inv.due_date.unwrap(), 2);
    let r = run_on(&api, day).await;
    assert_eq!(r.blocked, 1);
    assert_eq!(r.reminders[0].outcome, ReminderOutcome::Blocked);
    assert!(
        r.reminders[0]
            .message
            .as_deref()
            .unwrap()
            .contains("No email account"),
        "{:?}",
        r.reminders[0].message
    );
    // A customer without an address: blocked too, with the reason.
    api.set_mail_config(setup::config(&srv, harness::Mode::Plain, None, false, None))
        .await
        .unwrap();
    let mut c = customer("Atelier sans adresse", "FR", None);
    c.emails.clear();
    let nobody = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: c.clone(),
        })
        .await
        .unwrap()
        .id;
    let orphan = issue_on(&api, nobody, date("2026-02-01")).await;
    let r = run_on(&api, day).await;
    assert_eq!((r.sent, r.blocked), (1, 1), "{:?}", r.reminders);
    let blocked = r
        .reminders
        .iter()
        .find(|m| m.invoice_id == orphan.id)
        .unwrap();
    assert_eq!(blocked.outcome, ReminderOutcome::Blocked);
    assert!(
        blocked
            .message
            .as_deref()
            .unwrap()
            .contains("no email address"),
        "{:?}",
        blocked.message
    );
    let h = api
        .invoice_reminders(None, &DocumentRef::Id(orphan.id))
        .await
        .unwrap();
    assert!(h.history.is_empty(), "a blocked reminder was recorded");
    assert_eq!(srv.count(), 1);
    // Fixed: the next run sends it (the address of today, not the one frozen at issue).
    c.emails = vec!["compta@atelier.example".into()];
    api.update_customer(UpdateCustomer {
        id: nobody,
        customer: c,
    })
    .await
    .unwrap();
    let r = run_on(&api, day).await;
    assert_eq!(r.sent, 1, "{:?}", r.reminders);
    assert_eq!(srv.count(), 2);
    let to = srv.received()[1].header("To").unwrap();
    assert!(to.contains("compta@atelier.example"), "{to}");
}
