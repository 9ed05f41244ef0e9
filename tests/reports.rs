//! Reports (issue 15) on a small book whose every figure is worked out by hand: aging on two
//! days, revenue by month, customer and rate, VAT on receipts and on debits with the CA3
//! lines, the franchise thresholds crossed on a known day, and the FEC — balanced, its
//! customer account equal to the aging total, and passed by the independent checker
//! (`tests/fec/check_fec.py`), as is the FEC of the demo book.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_domain::document::{DocumentKind, OperationType};
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-06-30";

/// An invoice, or a credit note of `preceding`, issued on `on`.
async fn issue(
    api: &Api,
    customer: i64,
    preceding: Option<&str>,
    on: &str,
    due: Option<&str>,
    op: Option<OperationType>,
    lines: Vec<autoinvoice_domain::document::Line>,
) -> DocumentRecord {
    let mut c = content(lines);
    c.issue_date = Some(date(on));
    c.due_date = due.map(date);
    c.operation_type = op;
    let kind = if preceding.is_some() {
        DocumentKind::CreditNote
    } else {
        DocumentKind::Invoice
    };
    let draft = api
        .create_document(CreateDocument {
            org_id: None,
            kind,
            customer_id: customer,
            preceding: preceding.map(DocumentRef::parse),
            content: c,
        })
        .await
        .unwrap();
    api.issue_document(IssueDocument {
        org_id: None,
        document: DocumentRef::Id(draft.id),
    })
    .await
    .unwrap()
}

async fn pay(api: &Api, on: &str, amount: &str, invoice: &DocumentRecord) {
    api.record_payment(RecordPayment {
        org_id: None,
        date: Some(date(on)),
        amount: d(amount),
        method: PaymentMethod::Transfer,
        reference: Some(format!("VIR {on}")),
        allocations: vec![PaymentAllocationInput {
            invoice: DocumentRef::Id(invoice.id),
            amount: None,
        }],
    })
    .await
    .unwrap();
}

/// A: services 1,000 + 20 % (1,200), paid 600 on 20 Feb. B: goods 500 + 5.5 % (527.50),
/// unpaid. C: services 2,000 + 20 % (2,400), a credit note of 500 + 20 % on 1 June.
/// E: services 45,000 + 20 % (54,000), paid in full on 15 June.
async fn worked_book() -> Book {
    let book = Book::new().await;
    let api = book.api.clone().with_clock(Clock::Fixed(date(TODAY)));
    let fr = book.customer_fr;
    let a = issue(
        &api,
        fr,
        None,
        "2026-01-10",
        Some("2026-02-09"),
        None,
        vec![line("Conseil", "1", "1000", "20")],
    )
    .await;
    pay(&api, "2026-02-20", "600", &a).await;
    issue(
        &api,
        fr,
        None,
        "2026-03-05",
        Some("2026-04-04"),
        Some(OperationType::Goods),
        vec![line("Livres", "1", "500", "5.5")],
    )
    .await;
    let c = issue(
        &api,
        fr,
        None,
        "2026-05-20",
        Some("2026-06-19"),
        Some(OperationType::Services),
        vec![line("Développement", "4", "500", "20")],
    )
    .await;
    issue(
        &api,
        fr,
        c.number.as_deref(),
        "2026-06-01",
        None,
        Some(OperationType::Services),
        vec![line("Développement", "1", "500", "20")],
    )
    .await;
    let e = issue(
        &api,
        book.customer_de,
        None,
        "2026-06-10",
        Some("2026-07-10"),
        Some(OperationType::Services),
        vec![line("Projet", "1", "45000", "20")],
    )
    .await;
    pay(&api, "2026-06-15", "54000", &e).await;
    book
}

fn req(from: Option<&str>, to: Option<&str>, as_of: Option<&str>) -> ReportRequest {
    ReportRequest {
        org_id: None,
        from: from.map(date),
        to: to.map(date),
        as_of: as_of.map(date),
    }
}

fn s(d: Decimal) -> String {
    d.to_string()
}

#[tokio::test]
async fn aging_buckets_on_two_days() {
    let book = worked_book().await;
    let r = book
        .api
        .aging_report(req(None, None, Some(TODAY)))
        .await
        .unwrap();
    assert_eq!(r.rows.len(), 1, "E is paid: only the French customer owes");
    let row = &r.rows[0];
    assert_eq!(row.invoices, 3);
    // A: 600 left, 141 days late; B: 527.50, 87 days; C: 2,400 - 600 credited, 11 days.
    assert_eq!(
        [
            s(row.current),
            s(row.days_1_30),
            s(row.days_31_60),
            s(row.days_61_90),
            s(row.over_90),
            s(row.total)
        ],
        ["0.00", "1800.00", "0.00", "527.50", "600.00", "2927.50"]
    );
    assert_eq!(r.totals.len(), 1);
    assert_eq!(s(r.totals[0].total), "2927.50");

    // On 15 February only A was issued, not yet paid: 1,200, six days late.
    let feb = book
        .api
        .aging_report(req(None, None, Some("2026-02-15")))
        .await
        .unwrap();
    assert_eq!(feb.rows.len(), 1);
    assert_eq!(
        (s(feb.rows[0].days_1_30), s(feb.rows[0].total)),
        ("1200.00".into(), "1200.00".into())
    );
    // Before anything was issued: nothing owed.
    let jan = book
        .api
        .aging_report(req(None, None, Some("2026-01-09")))
        .await
        .unwrap();
    assert!(jan.rows.is_empty() && jan.totals.is_empty());
}

#[tokio::test]
async fn revenue_by_month_customer_and_rate() {
    let book = worked_book().await;
    let r = book
        .api
        .revenue_report(req(Some("2026-01-01"), Some("2026-06-30"), None))
        .await
        .unwrap();
    let months: Vec<(String, String)> = r
        .by_month
        .iter()
        .map(|m| (m.month.clone(), s(m.net)))
        .collect();
    assert_eq!(
        months,
        [
            ("2026-01", "1000.00"),
            ("2026-02", "0.00"),
            ("2026-03", "500.00"),
            ("2026-04", "0.00"),
            ("2026-05", "2000.00"),
            ("2026-06", "44500.00"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(
        (
            s(r.totals[0].invoiced),
            s(r.totals[0].credited),
            s(r.totals[0].net)
        ),
        ("48500.00".into(), "500.00".into(), "48000.00".into())
    );
    let customers: Vec<(String, String, String)> = r
        .by_customer
        .iter()
        .map(|c| (c.customer.clone(), s(c.net), s(c.share)))
        .collect();
    assert_eq!(
        customers,
        [
            (
                "Müller GmbH".to_owned(),
                "45000.00".to_owned(),
                "93.8".to_owned()
            ),
            (
                "Dupont SARL".to_owned(),
                "3000.00".to_owned(),
                "6.3".to_owned()
            ),
        ]
    );
    let rates: Vec<(String, String, String)> = r
        .by_rate
        .iter()
        .map(|v| (v.rate.clone(), s(v.taxable), s(v.vat)))
        .collect();
    assert_eq!(
        rates,
        // Rates in numeric order.
        [
            ("5.5".to_owned(), "500.00".to_owned(), "27.50".to_owned()),
            ("20".to_owned(), "47500.00".to_owned(), "9500.00".to_owned()),
        ]
    );
    // A period cut mid-month reads the documents themselves.
    let cut = book
        .api
        .revenue_report(req(Some("2026-05-21"), Some("2026-06-05"), None))
        .await
        .unwrap();
    assert_eq!(s(cut.totals[0].net), "-500.00");
    // Nonsense periods are refused.
    let err = book
        .api
        .revenue_report(req(Some("2026-06-01"), Some("2026-01-01"), None))
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
}

#[tokio::test]
async fn vat_on_receipts_and_on_debits_with_the_ca3_lines() {
    let book = worked_book().await;
    let q1 = book
        .api
        .vat_report(req(Some("2026-01-01"), Some("2026-03-31"), None))
        .await
        .unwrap();
    let lines: Vec<(String, VatBasis, String, String)> = q1
        .lines
        .iter()
        .map(|l| (l.rate.clone(), l.basis, s(l.taxable), s(l.vat)))
        .collect();
    // A's 600 paid in February carries 100 of VAT; B (goods) is taxed at issue.
    assert_eq!(
        lines,
        // Rates in numeric order.
        [
            (
                "5.5".to_owned(),
                VatBasis::Debits,
                "500.00".to_owned(),
                "27.50".to_owned()
            ),
            (
                "20".to_owned(),
                VatBasis::Receipts,
                "500.00".to_owned(),
                "100.00".to_owned()
            ),
        ]
    );
    assert_eq!(s(q1.total_vat), "127.50");
    let ca3: HashMap<String, (String, Option<String>)> = q1
        .ca3
        .iter()
        .map(|c| (c.line.clone(), (s(c.base), c.vat.map(s))))
        .collect();
    assert_eq!(ca3["A1"], ("1000.00".into(), None));
    assert_eq!(ca3["08"], ("500.00".into(), Some("100.00".into())));
    assert_eq!(ca3["09"], ("500.00".into(), Some("27.50".into())));

    // Q2 on receipts: E paid in full (9,000 of VAT); C and its credit note moved no money.
    let q2 = book
        .api
        .vat_report(req(Some("2026-04-01"), Some("2026-06-30"), None))
        .await
        .unwrap();
    assert_eq!(s(q2.total_vat), "9000.00");

    // With the option for debits, Q2 is taxed at issue: C 400 - credit note 100 + E 9,000.
    let mut org = seller();
    org.vat_on_debits = true;
    book.api
        .update_organization(UpdateOrganization {
            id: book.org_id,
            organization: org,
        })
        .await
        .unwrap();
    let q2d = book
        .api
        .vat_report(req(Some("2026-04-01"), Some("2026-06-30"), None))
        .await
        .unwrap();
    assert!(q2d.lines.iter().all(|l| l.basis == VatBasis::Debits));
    assert_eq!(s(q2d.total_vat), "9300.00");
    assert_eq!(
        s(q2d.ca3.iter().find(|c| c.line == "08").unwrap().base),
        "46500.00"
    );
}

#[tokio::test]
async fn franchise_thresholds_crossed_on_a_known_day() {
    let book = worked_book().await;
    let r = book
        .api
        .franchise_report(req(None, None, Some(TODAY)))
        .await
        .unwrap();
    assert_eq!(r.thresholds.applies_from_year, 2025);
    let all = r.limits.iter().find(|l| l.activity == "all").unwrap();
    let services = r.limits.iter().find(|l| l.activity == "services").unwrap();
    // Goods when invoiced (B: 500), services when paid net of VAT (A: 500, E: 45,000).
    assert_eq!(s(all.turnover), "46000.00");
    assert_eq!(all.standing, FranchiseStanding::Under);
    // 85,000 at 46,000 per 181 days: day 334 after 1 January.
    assert_eq!(all.projected_base_on, Some(date("2026-12-01")));
    assert_eq!(s(services.turnover), "45500.00");
    assert_eq!(services.standing, FranchiseStanding::OverHigher);
    assert_eq!(services.crossed_higher_on, Some(date("2026-06-15")));
    assert!(!services.last_year_over_base);
    // In February only 500 of services were received.
    let feb = book
        .api
        .franchise_report(req(None, None, Some("2026-02-28")))
        .await
        .unwrap();
    let s_feb = feb
        .limits
        .iter()
        .find(|l| l.activity == "services")
        .unwrap();
    assert_eq!(
        (s(s_feb.turnover), s_feb.standing),
        ("500.00".into(), FranchiseStanding::Under)
    );
}

fn check_fec(file: &Path, siren: &str, from: &str, to: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fec/check_fec.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(file)
        .args(["--siren", siren, "--year-start", from, "--year-end", to])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "the FEC checker refused {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Balance of an account in the FEC text (debit - credit), in hundredths.
fn balance(text: &str, account: &str) -> i64 {
    text.lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[4] == account)
        .map(|f| {
            let c = |s: &str| s.replace(',', "").parse::<i64>().unwrap();
            c(f[11]) - c(f[12])
        })
        .sum()
}

#[tokio::test]
async fn fec_of_the_worked_book_balances_and_passes_the_checker() {
    let book = worked_book().await;
    let fec = book
        .api
        .fec_export(FecRequest {
            org_id: None,
            from: Some(date("2026-01-01")),
            to: Some(date("2026-12-31")),
        })
        .await
        .unwrap();
    assert_eq!(fec.file_name, "534640974FEC20261231.txt");
    assert_eq!(fec.entries, 7, "5 documents and 2 payments");
    assert_eq!(fec.total_debit, fec.total_credit);
    assert!(fec.left_out.is_empty());
    assert_eq!(
        fec.text
            .lines()
            .next()
            .unwrap()
            .split('\t')
            .collect::<Vec<_>>(),
        FEC_COLUMNS
    );
    // What customers owe at the end of the year is the aging total.
    assert_eq!(balance(&fec.text, "411000"), 292_750);
    // VAT collected: A's 100 when paid, E's 9,000 when paid, B's 27.50 at issue.
    assert_eq!(balance(&fec.text, "445711"), -910_000);
    assert_eq!(balance(&fec.text, "445713"), -2_750);
    // VAT still to collect on receipts: A's other 100, C's 400 less the credit note's 100.
    assert_eq!(balance(&fec.text, "445740"), -40_000);
    assert_eq!(balance(&fec.text, "512000"), 5_460_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&fec.file_name);
    std::fs::write(&path, &fec.text).unwrap();
    check_fec(&path, "534640974", "20260101", "20261231");

    // No SIREN, no FEC; a period longer than 23 months is refused.
    let err = book
        .api
        .fec_export(FecRequest {
            org_id: None,
            from: Some(date("2024-01-01")),
            to: Some(date("2026-12-31")),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    // A seller without a SIREN (a German one: French sellers must give theirs) gets no FEC.
    let mut german = seller();
    german.address = address("Berlin", "DE");
    german.siren = None;
    german.vat_number = Some("DE129273398".into());
    let other = book.api.create_organization(german).await.unwrap();
    let err = book
        .api
        .fec_export(FecRequest {
            org_id: Some(other.id),
            ..FecRequest::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert!(err.message.contains("SIREN"), "{}", err.message);
}

#[tokio::test]
async fn fec_of_the_demo_book_passes_the_checker() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let api = Api::open(&db)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(date("2026-11-30")));
    api.seed_demo(SeedDemo {
        invoices: 300,
        franchise: false,
    })
    .await
    .unwrap();
    let org = api.organization(None).await.unwrap();
    let siren = org.organization.siren.clone().unwrap();
    for year in [2025, 2026] {
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let fec = api
            .fec_export(FecRequest {
                org_id: None,
                from: Some(from),
                to: Some(to),
            })
            .await
            .unwrap();
        assert!(fec.entries > 0);
        assert_eq!(fec.total_debit, fec.total_credit);
        let path = dir.path().join(&fec.file_name);
        std::fs::write(&path, &fec.text).unwrap();
        check_fec(
            &path,
            &siren,
            &format!("{year}0101"),
            &format!("{year}1231"),
        );
    }
}

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
