//! Aging on two days, revenue by month, customer and rate, VAT on receipts and on debits
//! with the CA3 lines, the franchise thresholds crossed on a known day.

#![allow(clippy::unwrap_used)]

use super::common::*;
use autoinvoice_api::*;
use autoinvoice_tests::book::*;
use std::collections::HashMap;

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
