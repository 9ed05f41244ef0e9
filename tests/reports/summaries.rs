//! The daily VAT summaries the reports read (migration 9): exact for shares too large for
//! SQLite's integers, following the book, checked by `journal verify`.

#![allow(clippy::unwrap_used)]

use super::common::*;
use autoinvoice_api::*;
use autoinvoice_domain::document::OperationType;
use autoinvoice_tests::book::*;

/// Shares whose products would overflow SQLite's integers (amounts over 10^9 hundredths) are
/// worked out one by one in Rust, and added to those SQLite sums, in the VAT report and the
/// franchise tracker alike.
#[tokio::test]
async fn shares_too_large_for_sqlite_are_worked_out_exactly() {
    let book = Book::new().await;
    let api = book.api.clone().with_clock(Clock::Fixed(date(TODAY)));
    let fr = book.customer_fr;
    let services = Some(OperationType::Services);
    let huge = issue(
        &api,
        fr,
        None,
        "2026-03-01",
        None,
        services,
        vec![line("Ouvrage d'art", "1", "20000000", "20")],
    )
    .await;
    let small = issue(
        &api,
        fr,
        None,
        "2026-03-02",
        None,
        services,
        vec![line("Conseil", "1", "1000", "20")],
    )
    .await;
    pay(&api, "2026-03-10", "12000000", &huge).await;
    pay(&api, "2026-03-10", "600", &small).await;

    let vat = api
        .vat_report(req(Some("2026-03-01"), Some("2026-03-31"), None))
        .await
        .unwrap();
    let lines: Vec<(String, String, String)> = vat
        .lines
        .iter()
        .map(|l| (l.rate.clone(), s(l.taxable), s(l.vat)))
        .collect();
    // 12,000,000 of 24,000,000 paid: half of 20,000,000 and of 4,000,000; 600 of 1,200.
    assert_eq!(
        lines,
        [(
            "20".to_owned(),
            "10000500.00".to_owned(),
            "2000100.00".to_owned()
        )]
    );

    let franchise = api
        .franchise_report(req(None, None, Some("2026-06-30")))
        .await
        .unwrap();
    let services = franchise
        .limits
        .iter()
        .find(|l| l.activity == "services")
        .unwrap();
    assert_eq!(s(services.turnover), "10000500.00");
}

/// The daily summaries the reports read (migration 9) follow every issue and payment, a
/// day of large shares only included; `journal verify` recomputes them and names one that
/// no longer matches.
#[tokio::test]
async fn vat_summaries_follow_the_book_and_are_verified() {
    let book = worked_book().await;
    let api = book.api.clone().with_clock(Clock::Fixed(date(TODAY)));
    let huge = issue(
        &api,
        book.customer_fr,
        None,
        "2026-06-20",
        None,
        None,
        vec![line("Ouvrage d'art", "1", "20000000", "20")],
    )
    .await;
    pay(&api, "2026-06-21", "7000000.01", &huge).await;
    let vat = |from: &str, to: &str| api.vat_report(req(Some(from), Some(to), None));
    let rate20 = |r: &VatReport| {
        let l = r.lines.iter().find(|l| l.rate == "20").unwrap();
        (s(l.taxable), s(l.vat))
    };
    // 7,000,000.01 of 24,000,000: 5,833,333.34 net and 1,166,666.67 of VAT (each share
    // rounded on its own), on a day with no other payment.
    assert_eq!(
        rate20(&vat("2026-06-21", "2026-06-21").await.unwrap()),
        ("5833333.34".into(), "1166666.67".into())
    );
    // With E paid in full on 15 June (45,000 and 9,000).
    assert_eq!(
        rate20(&vat("2026-04-01", "2026-06-30").await.unwrap()),
        ("5878333.34".into(), "1175666.67".into())
    );
    // The franchise tracker's services on receipts: 45,500 before, and the ouvrage's
    // 5,833,333.34 net of VAT on a day of its own.
    let franchise = api
        .franchise_report(req(None, None, Some(TODAY)))
        .await
        .unwrap();
    let turnover = |activity: &str| {
        let l = franchise.limits.iter().find(|l| l.activity == activity);
        s(l.unwrap().turnover)
    };
    assert_eq!(turnover("services"), "5878833.34");
    assert_eq!(turnover("all"), "5879333.34");
    // Revenue by rate from the issue summary: A 1,000, C 2,000 - 500, E 45,000, the
    // ouvrage 20,000,000 at 20 %; B 500 at 5.5 %.
    let revenue = api
        .revenue_report(req(Some("2026-01-01"), Some("2026-06-30"), None))
        .await
        .unwrap();
    let by_rate: Vec<(String, String, String)> = revenue
        .by_rate
        .iter()
        .map(|r| (r.rate.clone(), s(r.taxable), s(r.vat)))
        .collect();
    assert_eq!(
        by_rate,
        [
            ("5.5".into(), "500.00".into(), "27.50".into()),
            ("20".into(), "20047500.00".into(), "4009500.00".into()),
        ]
    );
    let reports = api.verify_journal(None).await.unwrap();
    assert!(reports[0].ok(), "{:?}", reports[0].problems);

    let mut raw = book.raw().await;
    sqlx::Executor::execute(
        &mut raw,
        "UPDATE vat_received_by_day SET tax_cents = tax_cents + 1 WHERE day = '2026-06-15'",
    )
    .await
    .unwrap();
    let reports = api.verify_journal(None).await.unwrap();
    let messages: Vec<&str> = reports[0]
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "the daily summary of the VAT of the payments (used by the reports) does not match the documents and payments"
        ]
    );
}
