//! Bad input: each refusal has its code, and nothing is written.

#![allow(clippy::unwrap_used)]

use super::common::*;
use autoinvoice_api::*;
use autoinvoice_domain::vat::VatCategory;
use autoinvoice_tests::book::*;

fn base(b: &Book) -> CreateRecurring {
    template(
        "Hosting",
        b.customer_fr,
        every(ScheduleUnit::Months, 1, "2026-12-01"),
        RecurringMode::Issue,
    )
}

#[tokio::test]
async fn bad_templates_are_refused_with_their_code_and_nothing_is_written() {
    let b = Book::new().await;
    let mut other = customer("Archivée SA", "FR", Some("FR40303265045"));
    other.emails.clear();
    let archived = b
        .api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: other,
        })
        .await
        .unwrap();
    b.api.archive_customer(archived.id, true).await.unwrap();
    let no_vat = b
        .api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Sans TVA", "BE", None),
        })
        .await
        .unwrap();

    type Change = Box<dyn Fn(&mut CreateRecurring)>;
    let cases: Vec<(&str, Change)> = vec![
        ("invalid_interval", Box::new(|t| t.schedule.interval = 0)),
        ("invalid_interval", Box::new(|t| t.schedule.interval = 121)),
        (
            "invalid_date",
            Box::new(|t| t.schedule.end = Some(date("2026-11-30"))),
        ),
        ("invalid_count", Box::new(|t| t.schedule.count = Some(0))),
        ("not_found", Box::new(|t| t.customer_id = 9999)),
        ("required", Box::new(|t| t.name = "  ".into())),
        ("required", Box::new(|t| t.content.lines.clear())),
        (
            "invalid_input",
            Box::new(|t| t.content.issue_date = Some(date("2026-12-01"))),
        ),
        (
            "invalid_input",
            Box::new(|t| t.content.period_start = Some(date("2026-12-01"))),
        ),
        (
            "invalid_address",
            Box::new(|t| t.mail.to = vec!["not an address".into()]),
        ),
        // Daily since January: 333 invoices at once is a mistyped start date.
        (
            "too_many_due",
            Box::new(|t| {
                t.schedule = every(ScheduleUnit::Days, 1, "2026-01-01");
            }),
        ),
    ];
    let before = rows(&b).await;
    for (code, change) in cases {
        let mut t = base(&b);
        change(&mut t);
        let e = b.api.create_recurring(t.clone()).await.unwrap_err();
        assert_eq!(e.code, code, "{e:?} for {t:?}");
        assert_eq!(rows(&b).await, before, "{code}: something was written");
    }
    let mut t = base(&b);
    t.customer_id = archived.id;
    t.content = three_rate_invoice(archived.id).content;
    assert_eq!(
        b.api.create_recurring(t).await.unwrap_err().code,
        "archived"
    );
    // Reverse charge without the buyer's VAT number: issuing would refuse it; told now.
    let mut t = base(&b);
    t.customer_id = no_vat.id;
    t.content = three_rate_invoice(no_vat.id).content;
    for l in &mut t.content.lines {
        l.vat_category = Some(VatCategory::AE);
        l.vat_rate = Some(d("0"));
    }
    assert_eq!(
        b.api.create_recurring(t.clone()).await.unwrap_err().code,
        "buyer_vat_number_required"
    );
    // The same as drafts is accepted: the user fixes the customer before issuing.
    t.mode = RecurringMode::Draft;
    assert!(b.api.create_recurring(t).await.is_ok());
    let mut paused = base(&b);
    paused.schedule = every(ScheduleUnit::Days, 1, "2026-01-01");
    paused.paused = true;
    assert!(
        b.api.create_recurring(paused).await.is_ok(),
        "created paused, its past is skipped on resuming"
    );
    let e = b
        .api
        .preview_recurring_schedule(PreviewSchedule {
            schedule: every(ScheduleUnit::Weeks, 1, "2026-01-01"),
            service_period: ServicePeriod::None,
            from_index: 0,
            limit: Some(5000),
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "invalid_input");
}

#[tokio::test]
async fn bad_runs_and_changes_are_refused_and_nothing_is_written() {
    let b = Book::new().await;
    let api = on(&b.api, date("2026-12-01"));
    let t = create(&api, base(&b)).await;
    let id = t.template.id;
    assert_eq!(run_on(&b.api, date("2027-01-01")).await.created, 2);
    let before = rows(&b).await;

    let e = api
        .run_recurring(RunRecurring {
            now: true,
            ..RunRecurring::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "template_required");
    let e = api
        .run_recurring(RunRecurring {
            template_id: Some(9999),
            ..RunRecurring::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "not_found");

    // Its unit, interval and start are fixed once an occurrence exists; its end and count
    // are not, but the count cannot go below what was made.
    let update = |change: &dyn Fn(&mut UpdateRecurring)| {
        let mut u = UpdateRecurring {
            org_id: None,
            id,
            name: "Hosting".into(),
            customer_id: b.customer_fr,
            schedule: t.template.schedule.clone(),
            mode: RecurringMode::Issue,
            service_period: ServicePeriod::Current,
            mail: RecurringMail::default(),
            content: t.template.content.clone(),
        };
        change(&mut u);
        u
    };
    for (code, u) in [
        (
            "schedule_locked",
            update(&|u| u.schedule.start = date("2026-12-02")),
        ),
        ("schedule_locked", update(&|u| u.schedule.interval = 3)),
        ("out_of_range", update(&|u| u.schedule.count = Some(1))),
        ("invalid_count", update(&|u| u.schedule.count = Some(0))),
        ("not_found", update(&|u| u.customer_id = 9999)),
        ("not_found", update(&|u| u.id = 9999)),
    ] {
        let e = api.update_recurring(u).await;
        assert_eq!(e.unwrap_err().code, code);
        assert_eq!(rows(&b).await, before, "{code}: something was written");
    }
    // Allowed: a count above what was made, a new price.
    let mut u = update(&|u| u.schedule.count = Some(3));
    u.content.lines[0].unit_price = d("480");
    let changed = api.update_recurring(u).await.unwrap();
    assert_eq!(changed.template.revision, 2);

    // A paused template is not run by name.
    api.set_recurring_paused(SetRecurringPaused {
        org_id: None,
        id,
        paused: true,
        catch_up: false,
    })
    .await
    .unwrap();
    let before = rows(&b).await;
    let e = on(&b.api, date("2027-02-05"))
        .run_recurring(RunRecurring {
            template_id: Some(id),
            ..RunRecurring::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, "template_paused");
    assert!(run_on(&b.api, date("2027-02-05")).await.items.is_empty());
    assert_eq!(rows(&b).await, before);
    check_books(&b).await;
}
