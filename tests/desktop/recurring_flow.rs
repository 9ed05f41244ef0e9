//! Recurring invoices in the real window: a monthly template for an existing customer,
//! started on the 1st two months ago, typed in the form (decimal comma, French dates), its
//! next dates previewed by Rust, saved; "Run now" makes the three invoices due, each once, and
//! the Documents list shows them. Then the app is closed, another template falls due
//! meanwhile, and the background task makes its invoices at start-up (catch-up), the screen
//! reloading on its event.

use crate::session::Session;
use autoinvoice_api::{
    Api, Clock, CreateCustomer, CreateRecurring, ListDocuments, ListRecurring, RecurringMail,
    RecurringMode, Schedule, ScheduleUnit, ServicePeriod,
};
use autoinvoice_tests::book::{content, customer, line, seller};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::json;
use std::path::Path;

const SCAN_ENV: &str = "AUTOINVOICE_RECURRING_SCAN_MS";

/// The book: the seller and one customer; returns the customer's id.
async fn prepared(db: &Path) -> i64 {
    let api = Api::open(db).await.unwrap();
    api.create_organization(seller()).await.unwrap();
    let c = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Boulangerie Dupont SARL", "FR", None),
        })
        .await
        .unwrap();
    api.close().await;
    c.id
}

/// The drafts of the book (it has no other document).
async fn drafts(db: &Path) -> u64 {
    let api = Api::open(db).await.unwrap();
    let page = api.list_documents(ListDocuments::default()).await.unwrap();
    api.close().await;
    assert!(page.items.iter().all(|d| d.number.is_none()), "drafts only");
    u64::try_from(page.total).unwrap()
}

fn ddmmyyyy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub async fn recurring_flow(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let customer_id = prepared(&dir.path().join("app.db")).await;
    let today = Clock::System.today();
    let this_month = today.with_day(1).unwrap();
    let start = this_month - Months::new(2);

    // No background run while the form is filled: "Run now" makes what is due.
    let mut s = Session::start_in(lang, dir, &[(SCAN_ENV, "3600000")]).await;
    s.find("nav-dashboard").await;
    s.select("language-switch", "fr").await;
    s.click("nav-recurring").await;
    s.find("empty-state").await;
    s.shot("recurring-empty").await;

    // The form: name, customer, monthly from the 1st two months ago, one line typed with a
    // decimal comma.
    s.click("recurring-new").await;
    s.find("recurring-form").await;
    s.fill("rec-name", "Hébergement du site").await;
    s.select_index("customer-picker", 1).await;
    s.fill("rec-start", &ddmmyyyy(start)).await;
    s.select("rec-period", "current").await;
    s.fill("line-0-description", "Hébergement et maintenance")
        .await;
    s.fill("line-0-quantity", "1").await;
    s.fill("line-0-price", "49,90").await;
    s.wait_attr("total-incl", "data-value", "59.88").await;

    // The preview: Rust's dates, the first three already due.
    let wanted: Vec<String> = (0..4)
        .map(|k| (start + Months::new(k)).to_string())
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let shown = s
            .on(
                "recurring-preview",
                "return [...el.querySelectorAll('[data-testid=recurring-preview-date]')] \
                 .map(li => [li.dataset.date, li.dataset.due]);",
                vec![],
            )
            .await;
        let shown: Vec<(String, String)> = serde_json::from_value(shown).unwrap_or_default();
        if shown.len() >= 4 {
            let dates: Vec<&str> = shown.iter().take(4).map(|(d, _)| d.as_str()).collect();
            assert_eq!(dates, wanted, "{shown:?}");
            let due: Vec<&str> = shown.iter().take(4).map(|(_, d)| d.as_str()).collect();
            assert_eq!(due, ["true", "true", "true", "false"], "{shown:?}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the preview never showed the dates: {shown:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    let preview = s.text("recurring-preview").await;
    assert!(preview.contains("période du"), "{preview}");
    s.shot("recurring-form").await;

    s.click("rec-save").await;
    s.wait_attr("recurring-done", "data-value", "0").await;
    let words = s.text("recurring-schedule-words").await;
    assert_eq!(words, "Chaque mois");
    s.shot("recurring-saved").await;

    // Run now: the three occurrences due, each a draft; the row counts them.
    s.click("recurring-run").await;
    let toast = s
        .wait_text("recurring-run-done", "the run's counts", |t| !t.is_empty())
        .await;
    assert!(toast.contains("3 factures créées"), "{toast}");
    s.wait_attr("recurring-done", "data-value", "3").await;
    assert_eq!(
        s.attr("recurring-next", "data-date").await.as_deref(),
        Some((this_month + Months::new(1)).to_string().as_str())
    );
    s.shot("recurring-run").await;
    assert_eq!(drafts(&s.db()).await, 3);

    // Run again: nothing more.
    s.click("recurring-run").await;
    s.wait_text("recurring-run-done", "nothing due", |t| {
        t.contains("Aucune facture")
    })
    .await;

    // The Documents list shows the drafts.
    s.click("nav-invoices").await;
    s.wait_text("list-count", "3 documents", |t| t == "3 documents")
        .await;
    let rows = s
        .on(
            "screen-invoices",
            "return document.body.textContent.includes('Boulangerie Dupont SARL');",
            vec![],
        )
        .await;
    assert_eq!(rows, json!(true));
    s.shot("recurring-drafts").await;

    // Closed; meanwhile a weekly template falls due four times. At start-up the background
    // task makes them, each once, and the open screen reloads.
    let dir = std::mem::replace(&mut s.dir, tempfile::tempdir().unwrap());
    s.close().await;
    let db = dir.path().join("app.db");
    let api = Api::open(&db).await.unwrap();
    api.create_recurring(CreateRecurring {
        org_id: None,
        name: "Maintenance".into(),
        customer_id,
        schedule: Schedule {
            unit: ScheduleUnit::Weeks,
            interval: 1,
            start: today.checked_sub_days(Days::new(21)).unwrap(),
            end: None,
            count: None,
        },
        mode: RecurringMode::Draft,
        service_period: ServicePeriod::None,
        paused: false,
        mail: RecurringMail::default(),
        content: content(vec![line("Maintenance", "2", "60", "20")]),
    })
    .await
    .unwrap();
    api.close().await;

    let mut s = Session::start_in(&format!("{lang}-startup"), dir, &[(SCAN_ENV, "4000")]).await;
    s.find("nav-dashboard").await;
    s.select("language-switch", "fr").await;
    s.click("nav-recurring").await;
    s.find("recurring-table").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let made = s
            .on(
                "recurring-table",
                "return [...el.querySelectorAll('[data-testid=recurring-row]')] \
                 .map(r => r.dataset.created);",
                vec![],
            )
            .await;
        // By name: Hébergement du site, Maintenance.
        if made == json!(["3", "4"]) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the background run never made the missed invoices: {made}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    s.shot("recurring-caught-up").await;
    assert_eq!(drafts(&s.db()).await, 7);

    // Editing a template that made invoices: its schedule is locked, the rest is not.
    s.click("recurring-edit").await;
    s.find("rec-locked").await;
    assert_eq!(
        s.on("rec-every", "return el.disabled;", vec![]).await,
        json!(true)
    );
    s.scroll_to("recurring-form").await;
    s.shot("recurring-edit-locked").await;
    s.click("rec-cancel").await;

    // Pause, resume, then delete (after a confirmation): its invoices stay.
    s.click("recurring-toggle").await;
    s.find("recurring-paused").await;
    s.shot("recurring-paused").await;
    s.click("recurring-toggle").await;
    s.wait_attr("recurring-row", "data-paused", "false").await;
    s.click("recurring-delete").await;
    s.find("recurring-delete-dialog").await;
    s.shot("recurring-delete-dialog").await;
    s.click("recurring-delete-dialog-ok").await;
    s.wait_attr("recurring-row", "data-created", "4").await;
    let api = Api::open(&s.db()).await.unwrap();
    let list = api.list_recurring(ListRecurring::default()).await.unwrap();
    assert_eq!(
        list.iter().map(|t| t.template.created).collect::<Vec<_>>(),
        [4]
    );
    assert_eq!(
        drafts(&s.db()).await,
        7,
        "the deleted template's invoices stay"
    );
    api.close().await;
    s.close().await;
}
