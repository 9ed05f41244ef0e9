//! Received e-invoices in the real window: a supplier's Factur-X PDF chosen in the file field
//! is filed in the purchases register with its own figures, opened with its lines and the
//! checks' verdict, recognised when chosen again, and its VAT shown as deductible in the VAT
//! report. The book is the supplier's customer's (Dupont SARL).

use crate::session::{Session, shown_amount};
use autoinvoice_api::{Api, Clock, CreateCustomer, DocumentRecord, DocumentRef, IssueDocument};
use autoinvoice_tests::book::{customer, seller, three_rate_invoice};

/// A Factur-X PDF issued today by `seller()` to Dupont SARL, from a book of its own.
async fn supplier_pdf(dir: &std::path::Path) -> (DocumentRecord, Vec<u8>) {
    let api = Api::open(&dir.join("supplier.db"))
        .await
        .unwrap()
        .with_clock(Clock::System);
    api.create_organization(seller()).await.unwrap();
    let buyer = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Dupont SARL", "FR", Some("FR16302466339")),
        })
        .await
        .unwrap();
    let draft = api
        .create_document(three_rate_invoice(buyer.id))
        .await
        .unwrap();
    let doc = api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    let pdf = api
        .document_pdf(None, &DocumentRef::Id(doc.id))
        .await
        .unwrap();
    api.close().await;
    (doc, pdf)
}

/// The app's book: Dupont SARL's.
async fn buyer_book(db: &std::path::Path) {
    let api = Api::open(db).await.unwrap();
    let mut org = seller();
    org.legal_name = "Dupont SARL".into();
    org.legal_form = Some("SARL".into());
    org.siren = Some("302466339".into());
    org.vat_number = Some("FR16302466339".into());
    api.create_organization(org).await.unwrap();
    api.close().await;
}

async fn choose(s: &Session, file: &std::path::Path) {
    let input = s.find("purchase-file").await;
    crate::driver::within(
        "purchase-file",
        input.send_keys(&file.display().to_string()),
    )
    .await
    .unwrap();
}

pub async fn purchases_flow(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (invoice, pdf) = supplier_pdf(dir.path()).await;
    buyer_book(&dir.path().join("app.db")).await;
    let number = invoice.number.clone().unwrap();
    let file = dir.path().join(format!("facture-{number}.pdf"));
    std::fs::write(&file, &pdf).unwrap();
    let mut s = Session::start_in(lang, dir, &[]).await;

    s.find("nav-dashboard").await;
    s.click("nav-purchases").await;
    s.find("purchase-import").await;
    s.shot("purchases-empty").await;

    // Chosen as in the file dialog: filed, listed with the supplier and the file's own total.
    choose(&s, &file).await;
    s.find("purchase-imported").await;
    s.wait_attr("purchase-outcome", "data-kind", "imported")
        .await;
    let row = s
        .wait_text("purchase-row", "the supplier's invoice", |t| {
            t.contains(&number)
        })
        .await;
    let supplier = seller().legal_name;
    assert!(row.contains(&supplier), "{row}");
    let cells = s
        .on(
            "purchase-row",
            "return [...el.children].map(c => c.textContent.trim());",
            vec![],
        )
        .await;
    let cells: Vec<String> = serde_json::from_value(cells).unwrap();
    // Date, supplier, number, excl. VAT, VAT, incl. VAT, checks.
    assert_eq!(
        shown_amount(&cells[3]),
        invoice.totals.tax_exclusive,
        "{cells:?}"
    );
    assert_eq!(
        shown_amount(&cells[4]),
        invoice.totals.tax_total,
        "{cells:?}"
    );
    assert_eq!(
        shown_amount(&cells[5]),
        invoice.totals.tax_inclusive,
        "{cells:?}"
    );
    s.shot("purchases-filed").await;

    // Opened: its three lines, and no rule broken.
    s.click("purchase-open").await;
    s.find("purchase-detail").await;
    let lines = s
        .on(
            "purchase-lines",
            "return el.querySelectorAll('tbody tr').length;",
            vec![],
        )
        .await;
    assert_eq!(lines.as_u64(), Some(invoice.content.lines.len() as u64));
    // Our own Factur-X breaks no rule: no finding listed, the list's badge says valid.
    let findings = s
        .on(
            "purchase-findings",
            "return el.querySelectorAll('li').length;",
            vec![],
        )
        .await;
    assert_eq!(findings.as_u64(), Some(0));
    assert_eq!(cells[6], "Valide", "{cells:?}");
    s.shot("purchase-detail").await;
    s.click("purchase-save-file").await;
    s.find("purchase-file-saved").await;
    let saved = std::fs::read_dir(s.dir.path().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("the original saved");
    assert_eq!(std::fs::read(saved).unwrap(), pdf, "byte for byte");
    s.on("purchase-detail", "el.close(); return null;", vec![])
        .await;

    // The same file again: recognised, nothing added.
    choose(&s, &file).await;
    s.wait_attr("purchase-outcome", "data-kind", "known").await;
    let rows = s
        .on(
            "purchase-table",
            "return el.querySelectorAll('[data-testid=purchase-row]').length;",
            vec![],
        )
        .await;
    assert_eq!(rows.as_u64(), Some(1));

    // Its VAT is deductible in this year's VAT report.
    s.click("nav-reports").await;
    s.click("report-tab-vat").await;
    s.select("report-preset", "this_year").await;
    s.find("vat-deductible").await;
    let deductible = s.text("vat-total-deductible").await;
    assert_eq!(
        shown_amount(&deductible),
        invoice.totals.tax_total,
        "{deductible}"
    );
    s.scroll_to("vat-deductible").await;
    s.shot("reports-vat-deductible").await;
    s.close().await;
}
