//! The desktop app as a user meets it: the release binary in a real window (Xvfb), driven
//! through tauri-driver + WebKitWebDriver. `scripts/e2e.sh` builds what this needs and runs
//! these tests with `--ignored` (they need a display and the app binary, so a plain
//! `cargo test` leaves them out rather than pass them vacuously).
//!
//! The flow, in English then in French: first-run setup → a customer → a draft invoice with
//! three lines at 20 %, 10 % and 5.5 % → the totals on screen are the API's → issue → a number
//! → the Factur-X PDF is saved and passes the e-invoice checker → a partial payment makes it
//! "partially paid" → email → payment reminders (settings with a bad policy refused by code,
//! review mode on, the invoice's reminder panel and pause switch, a reminder waiting for
//! review on the dashboard, skipped; two more, approved all at once) → a bank statement
//! imported, its credit matched to the invoice by number, confirmed: the invoice is paid. A screenshot of every
//! main screen goes to `$AUTOINVOICE_E2E_SHOTS`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bank_flow;
mod driver;
mod mail_and_reminders;
mod online_flow;
mod purchases_flow;
mod recurring_flow;
mod reports_flow;
mod session;
mod x_screenshot;

use autoinvoice_api::{Api, DocumentRef, GetDocument};
use mail_and_reminders::{email_flow, reminders_flow, review_all_flow};
use rust_decimal::Decimal;
use session::{Session, Words, check_einvoice, shown_amount, shown_amount_in};
use std::str::FromStr;
use std::time::{Duration, Instant};

async fn invoice_flow(words: Words) {
    let mut s = Session::start(words.lang).await;

    // First run: the interface language, then the organization.
    s.find("org-legal_name").await;
    s.select("language-switch", words.lang).await;
    s.shot("first-run").await;
    s.fill("org-legal_name", "Camille Martin").await;
    // A SIREN with a wrong check digit is refused by Rust, shown by code, and nothing is made.
    s.fill("org-siren", "534640975").await;
    s.fill("org-line1", "12 rue de la République").await;
    s.fill("org-postcode", "69002").await;
    s.fill("org-city", "Lyon").await;
    s.click("org-submit").await;
    assert_eq!(
        s.attr("org-error", "data-code").await.as_deref(),
        Some("invalid_siren"),
        "{}",
        s.text("org-error").await
    );
    s.shot("setup-error").await;
    s.fill("org-siren", "534640974").await;
    s.fill("org-vat_number", "FR95534640974").await;
    s.select("org-language", words.lang).await;
    s.click("org-regime-normal").await;
    s.click("org-submit").await;
    s.find("nav-dashboard").await;
    s.shot("dashboard").await;

    // A customer.
    s.click("nav-customers").await;
    s.click("new-customer").await;
    s.click("cust-kind-business").await;
    s.fill("cust-name", "Boulangerie Dupont SARL").await;
    s.fill("cust-siren", "302466339").await;
    s.fill("cust-vat_number", "FR16302466339").await;
    s.fill("cust-line1", "3 place Bellecour").await;
    s.fill("cust-postcode", "69002").await;
    s.fill("cust-city", "Lyon").await;
    s.fill("cust-emails", "compta@dupont.example").await;
    s.shot("customer-form").await;
    s.click("cust-submit").await;
    s.wait_text("customer-table", "the new customer", |t| {
        t.contains("Dupont")
    })
    .await;
    s.shot("customers").await;

    // A draft with three lines at three VAT rates.
    s.click("nav-invoices").await;
    s.click("new-invoice").await;
    s.select_index("customer-picker", 1).await;
    let lines = [
        ("Développement site vitrine", "3", "450.00", "20"),
        ("Repas de chantier", "4", "12.50", "10"),
        ("Livre « Le web en 10 leçons »", "2", "24.90", "5.5"),
    ];
    for (i, (desc, qty, price, vat)) in lines.iter().enumerate() {
        if i > 0 {
            s.click("add-line").await;
        }
        s.fill(&format!("line-{i}-description"), desc).await;
        s.fill(&format!("line-{i}-quantity"), qty).await;
        s.fill(&format!("line-{i}-price"), price).await;
        let rate = format!("line-{i}-vat");
        let tag = s.find(&rate).await.prop("tagName").await.unwrap();
        if tag.as_deref() == Some("SELECT") {
            s.select(&rate, vat).await;
        } else {
            s.fill(&rate, vat).await;
        }
    }
    // 1350 + 50 + 49.80 = 1449.80 excl.; VAT 270 + 5 + 2.739→2.74 = 277.74; incl. 1727.54.
    s.wait_text("total-incl", "1727.54", |t| {
        t.chars().any(|c| c.is_ascii_digit()) && shown_amount(t) == Decimal::new(172_754, 2)
    })
    .await;
    s.click("save").await;
    s.shot("invoice-editor").await;

    // The totals on screen are the API's, to the cent.
    let api = Api::open(&s.db()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let draft = loop {
        let page = api.list_documents(Default::default()).await.unwrap();
        if let Some(d) = page.items.first() {
            break d.clone();
        }
        assert!(Instant::now() < deadline, "the draft was never saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let record = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Id(draft.id),
        })
        .await
        .unwrap();
    let t = &record.totals;
    for (testid, expected) in [
        ("total-excl", t.tax_exclusive),
        ("total-vat", t.tax_total),
        ("total-incl", t.tax_inclusive),
    ] {
        let shown = s.text(testid).await;
        assert_eq!(shown_amount(&shown), expected, "{testid} shows {shown:?}");
        if let Some(v) = s.attr(testid, "data-value").await {
            assert_eq!(
                Decimal::from_str(&v).unwrap(),
                expected,
                "{testid} data-value"
            );
        }
    }
    assert_eq!(t.vat_breakdown.len(), 3);
    for (i, row) in t.vat_breakdown.iter().enumerate() {
        let shown = s.text(&format!("vat-row-{i}")).await;
        assert!(
            shown_amount_in(&shown, row.tax),
            "vat-row-{i} {shown:?} lacks {}",
            row.tax
        );
    }

    // Issue, after the confirmation that explains immutability.
    s.click("issue").await;
    s.find("confirm-issue").await;
    s.shot("issue-confirmation").await;
    s.click("confirm-issue").await;
    let number = s
        .wait_text("doc-number", "a number", |t| t.contains("-0001"))
        .await;
    assert!(number.contains("F-"), "{number}");
    s.shot("issued-invoice").await;

    // Save the Factur-X PDF; it is valid.
    s.click("save-pdf").await;
    let shown_path = s
        .wait_text("saved-path", "the saved file", |t| t.contains(".pdf"))
        .await;
    let pdf = s
        .dir
        .path()
        .join("documents")
        .join(format!("{}.pdf", number.trim()));
    assert!(pdf.is_file(), "{} (UI says {shown_path})", pdf.display());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    check_einvoice(&pdf);

    // A partial payment.
    s.click("record-payment").await;
    s.fill("pay-amount", "500").await;
    s.shot("payment-form").await;
    s.click("pay-submit").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let status = s.attr("doc-status", "data-status").await;
        if status.as_deref() == Some("partially_paid") {
            break;
        }
        assert!(Instant::now() < deadline, "status stayed {status:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let label = s.text("doc-status").await;
    assert!(
        label.to_lowercase().contains(words.partially_paid),
        "status label {label:?}"
    );
    s.shot("partially-paid").await;
    // Units read as words, not UN/ECE codes.
    let lines_text = s.text("doc-lines").await;
    assert!(
        lines_text.contains(words.unit) && !lines_text.contains("C62"),
        "{lines_text:?}"
    );
    let after = api
        .get_document(GetDocument {
            org_id: None,
            document: DocumentRef::Number(number.trim().to_owned()),
        })
        .await
        .unwrap();
    assert_eq!(after.balance, Decimal::new(122_754, 2));

    email_flow(&mut s, &api, record.id, number.trim()).await;
    let due = after.due_date.expect("the invoice has a due date");
    reminders_flow(&mut s, &api, &words, record.id, &due.to_string()).await;

    // The list: a count with the language's plural, dates typed in the app's language, and
    // the CSV export saved into the documents folder.
    s.click("nav-invoices").await;
    s.wait_text("list-count", words.one_document, |t| {
        t == words.one_document
    })
    .await;
    assert_eq!(
        s.attr("filter-from", "placeholder").await.as_deref(),
        Some(words.date_placeholder)
    );
    s.click("export-csv").await;
    s.find("csv-saved").await;
    let csv = s
        .dir
        .path()
        .join("documents")
        .join(format!("documents-{}.csv", api.today()));
    assert!(csv.is_file(), "{}", csv.display());
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains(number.trim())
    );

    review_all_flow(&mut s, &api, record.id, &due.to_string()).await;
    bank_flow::bank_flow(&mut s, &api, number.trim()).await;

    // The other main screens, for the record.
    for nav in [
        "dashboard",
        "invoices",
        "quotes",
        "payments",
        "bank",
        "settings",
    ] {
        s.click(&format!("nav-{nav}")).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        s.shot(nav).await;
    }
    api.close().await;
    s.close().await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn invoice_flow_in_english() {
    invoice_flow(Words {
        lang: "en",
        partially_paid: "partially paid",
        unit: "unit",
        one_document: "1 document",
        date_placeholder: "dd/mm/yyyy",
        one_to_review: "1 reminder to review",
    })
    .await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn invoice_flow_in_french() {
    invoice_flow(Words {
        lang: "fr",
        partially_paid: "payée partiellement",
        unit: "unité",
        one_document: "1 document",
        date_placeholder: "jj/mm/aaaa",
        one_to_review: "1 relance à valider",
    })
    .await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn online_payment_in_french() {
    // The seller's language is French; screenshots in their own folder.
    online_flow::online_flow("online-fr").await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn reports_and_backups_in_french() {
    reports_flow::reports_flow("reports-fr").await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn recurring_invoices_in_french() {
    recurring_flow::recurring_flow("recurring-fr").await;
}

#[tokio::test]
#[ignore = "needs a display and the release app: scripts/e2e.sh"]
async fn received_factur_x_in_french() {
    purchases_flow::purchases_flow("purchases-fr").await;
}
