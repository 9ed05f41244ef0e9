//! The accountant's side in the real window: the receivables aging of a book with invoices
//! 70 and 10 days late and one not yet due, its CSV; the FEC of the year saved under its
//! official name; a backup taken from Settings and checked. Figures are compared with the
//! documents' own totals, not with the report code.

use crate::session::Session;
use autoinvoice_api::{
    Api, Clock, CreateCustomer, DocumentRecord, DocumentRef, FecRequest, IssueDocument,
};
use autoinvoice_tests::book::{customer, seller, three_rate_invoice};
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

/// Issues the three-rate invoice to `customer_id` on `day`, due 30 days later.
async fn issue_on(db: &std::path::Path, day: NaiveDate, customer_id: i64) -> DocumentRecord {
    let api = Api::open(db).await.unwrap().with_clock(Clock::Fixed(day));
    let mut draft = three_rate_invoice(customer_id);
    draft.content.due_date = Some(day + Duration::days(30));
    let draft = api.create_document(draft).await.unwrap();
    let doc = api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    api.close().await;
    doc
}

/// The book: invoices to "Dupont" 100 and 40 days ago (70 and 10 days late), to "Martin"
/// today (not due). Returns them oldest first.
async fn prepared(dir: &std::path::Path) -> (NaiveDate, Vec<DocumentRecord>) {
    let db = dir.join("app.db");
    let today = Clock::System.today();
    let api = Api::open(&db)
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today - Duration::days(100)));
    api.create_organization(seller()).await.unwrap();
    let mut ids = Vec::new();
    for name in ["Boulangerie Dupont SARL", "Atelier Martin"] {
        let c = api
            .create_customer(CreateCustomer {
                org_id: None,
                customer: customer(name, "FR", None),
            })
            .await
            .unwrap();
        ids.push(c.id);
    }
    api.close().await;
    let docs = vec![
        issue_on(&db, today - Duration::days(100), ids[0]).await,
        issue_on(&db, today - Duration::days(40), ids[0]).await,
        issue_on(&db, today, ids[1]).await,
    ];
    (today, docs)
}

fn due(doc: &DocumentRecord) -> Decimal {
    doc.totals.due
}

pub async fn reports_flow(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (today, docs) = prepared(dir.path()).await;
    let mut s = Session::start_in(lang, dir, &[]).await;

    // The aging, the report's first tab: two customers, the total owed is the three
    // invoices' amounts due, and each lies in its lateness column.
    s.find("nav-dashboard").await;
    s.click("nav-reports").await;
    s.find("report-aging").await;
    let total: Decimal = docs.iter().map(due).sum();
    s.wait_attr("aging-total", "data-value", &total.to_string())
        .await;
    let rows = s
        .on(
            "aging-table",
            "return [...el.querySelectorAll('[data-testid=aging-row]')].map(r => \
             [...r.children].map(c => c.textContent.trim()));",
            vec![],
        )
        .await;
    let rows: Vec<Vec<String>> = serde_json::from_value(rows).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let dupont = rows.iter().find(|r| r[0].contains("Dupont")).unwrap();
    let martin = rows.iter().find(|r| r[0].contains("Martin")).unwrap();
    // Columns: customer, invoices, not due, 1–30, 31–60, 61–90, over 90, total.
    assert_eq!(dupont[1], "2");
    assert_eq!(crate::session::shown_amount(&dupont[3]), due(&docs[1]));
    assert_eq!(crate::session::shown_amount(&dupont[5]), due(&docs[0]));
    assert_eq!(crate::session::shown_amount(&dupont[2]), Decimal::ZERO);
    assert_eq!(crate::session::shown_amount(&martin[2]), due(&docs[2]));
    s.find("aging-chart-EUR").await;
    s.shot("reports-aging").await;

    // Its CSV lands in the documents folder.
    s.click("report-csv").await;
    s.find("report-csv-saved").await;
    let csv = std::fs::read_dir(s.dir.path().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "csv"))
        .expect("the aging CSV");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("TOTAL,EUR,3,") && l.ends_with(&format!(",{total}"))),
        "{text}"
    );

    // VAT of the year, shown for a look.
    s.click("report-tab-vat").await;
    s.select("report-preset", "this_year").await;
    s.find("vat-ca3").await;
    s.shot("reports-vat").await;

    // The FEC of this year: one sales entry per invoice issued this year, saved under
    // <SIREN>FEC<closing day>.txt.
    s.click("report-tab-fec").await;
    s.select("report-preset", "this_year").await;
    s.click("fec-save").await;
    let year = today.year();
    let api = Api::open(&s.db()).await.unwrap();
    let expected = api
        .fec_export(FecRequest {
            org_id: None,
            from: NaiveDate::from_ymd_opt(year, 1, 1),
            to: NaiveDate::from_ymd_opt(year, 12, 31),
        })
        .await
        .unwrap();
    api.close().await;
    let this_year = docs
        .iter()
        .filter(|d| d.issue_date.is_some_and(|i| i.year() == year))
        .count();
    assert_eq!(expected.entries, this_year);
    s.wait_attr("fec-result", "data-entries", &this_year.to_string())
        .await;
    let fec = s
        .dir
        .path()
        .join("documents")
        .join(format!("534640974FEC{year}1231.txt"));
    assert_eq!(std::fs::read_to_string(&fec).unwrap(), expected.text);
    s.shot("reports-fec").await;

    // A backup from Settings, then checked: sound, with the three documents.
    s.go("#/settings").await;
    s.scroll_to("settings-backups").await;
    s.click("backup-now").await;
    s.find("backup-created").await;
    s.click("backup-verify").await;
    s.wait_attr("backup-check", "data-code", "ok").await;
    let checked = s.text("backup-check").await;
    assert!(checked.contains('3'), "{checked}");
    s.scroll_to("settings-backups").await;
    s.shot("settings-backups").await;
    s.close().await;
}
