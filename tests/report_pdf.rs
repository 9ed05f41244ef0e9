//! The reports as PDF, read back with `pdftotext` and `pdfinfo` (poppler-utils, installed by
//! `make setup`): each kind in French and in English with its totals written as that language
//! writes money; the organization's language by default; saved under the CSV's dated name;
//! a 300-customer aging over several numbered pages with its header on each.
//!
//! `REPORT_PDF_OUT=/some/dir` keeps the PDFs there, to look at them.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_documents::pdf::format;
use autoinvoice_domain::Currency;
use autoinvoice_domain::document::{DocumentKind, Line, OperationType};
use autoinvoice_domain::party::{Language, Organization};
use autoinvoice_domain::payment::PaymentMethod;
use autoinvoice_tests::book::*;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (make setup installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text (pages separated by form feeds), no-break spaces as spaces; and its pages.
fn read(name: &str, bytes: &[u8]) -> (String, usize) {
    assert!(bytes.starts_with(b"%PDF-"), "{name}: not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    if let Some(out) = std::env::var_os("REPORT_PDF_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::copy(&path, Path::new(&out).join(format!("{name}.pdf"))).unwrap();
    }
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-layout", p, "-"]);
    let info = tool("pdfinfo", &[p]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        info.contains("AutoInvoice"),
        "{name}: the creator is set\n{info}"
    );
    (plain(&text), pages)
}

/// pdftotext writes no-break spaces as spaces.
fn plain(s: &str) -> String {
    s.replace(['\u{202F}', '\u{A0}'], " ")
}

/// "2 / 5": pdftotext may write it without the spaces.
fn numbered(text: &str, page: usize, of: usize) -> bool {
    text.contains(&format!("{page} / {of}")) || text.contains(&format!("{page}/{of}"))
}

fn has(text: &str, needles: &[String]) {
    for n in needles {
        let n = plain(n);
        assert!(text.contains(&n), "{n:?} missing from:\n{text}");
    }
}

fn money(v: Decimal, lang: Language) -> String {
    format::money(v, Currency::EUR, lang)
}

fn req(from: Option<&str>, to: Option<&str>) -> ReportRequest {
    ReportRequest {
        org_id: None,
        from: from.map(date),
        to: to.map(date),
        as_of: None,
    }
}

async fn issue(api: &Api, customer: i64, on: &str, op: OperationType, line: Line) -> i64 {
    let mut c = content(vec![line]);
    c.issue_date = Some(date(on));
    c.operation_type = Some(op);
    let draft = api
        .create_document(CreateDocument {
            org_id: None,
            kind: DocumentKind::Invoice,
            customer_id: customer,
            preceding: None,
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
    .id
}

/// On 29 November 2026: services 1,000 + 20 % issued on 1 September, 600 paid on 15
/// November; goods 500 + 5.5 % issued on 2 November, unpaid.
async fn small_book() -> Book {
    let book = Book::new().await;
    let api = &book.api;
    let a = issue(
        api,
        book.customer_fr,
        "2026-09-01",
        OperationType::Services,
        line("Conseil", "1", "1000", "20"),
    )
    .await;
    api.record_payment(RecordPayment {
        org_id: None,
        date: Some(date("2026-11-15")),
        amount: d("600"),
        method: PaymentMethod::Transfer,
        reference: None,
        allocations: vec![PaymentAllocationInput {
            invoice: DocumentRef::Id(a),
            amount: None,
        }],
    })
    .await
    .unwrap();
    issue(
        api,
        book.customer_de,
        "2026-11-02",
        OperationType::Goods,
        line("Livres", "1", "500", "5.5"),
    )
    .await;
    book
}

#[tokio::test]
async fn every_report_in_french_and_english_with_its_totals() {
    let book = small_book().await;
    let api = &book.api;
    let aging = api.aging_report(req(None, None)).await.unwrap();
    let revenue = api.revenue_report(req(None, None)).await.unwrap();
    let q4 = req(Some("2026-10-01"), Some("2026-12-31"));
    let vat = api.vat_report(q4.clone()).await.unwrap();
    let franchise = api.franchise_report(req(None, None)).await.unwrap();
    // The figures worked out by hand: 1,200 - 600 + 527.50 owed; 1,500 net revenue; VAT on
    // the goods at issue (27.50) and on the services' payment (100).
    assert_eq!(aging.totals[0].total, d("1127.50"));
    assert_eq!(revenue.totals[0].net, d("1500.00"));
    assert_eq!(vat.total_vat, d("127.50"));

    for lang in [Language::Fr, Language::En] {
        let fr = lang == Language::Fr;
        let m = |v| money(v, lang);
        let pdf = |kind, r: &ReportRequest| api.report_pdf(kind, r.clone(), Some(lang));

        let (text, pages) = read(
            &format!("aging-{}", lang.code()),
            &pdf(ReportKind::Aging, &req(None, None)).await.unwrap(),
        );
        assert_eq!(pages, 1);
        assert!(numbered(&text, 1, 1), "{text}");
        let t = &aging.totals[0];
        has(
            &text,
            &[
                (if fr {
                    "Balance âgée des créances"
                } else {
                    "Receivables aging"
                })
                .into(),
                (if fr {
                    "Au 29/11/2026"
                } else {
                    "On 29 November 2026"
                })
                .into(),
                "Camille Martin EI".into(),
                "SIREN 534 640 974".into(),
                "FR95534640974".into(),
                "Dupont SARL".into(),
                "Müller GmbH".into(),
                m(t.days_31_60),
                m(t.current),
                m(t.total),
                (if fr { "1 127,50 €" } else { "€1,127.50" }).into(),
                (if fr {
                    "Édité le 29/11/2026"
                } else {
                    "Generated on 29 November 2026"
                })
                .into(),
            ],
        );

        let (text, _) = read(
            &format!("revenue-{}", lang.code()),
            &pdf(ReportKind::Revenue, &req(None, None)).await.unwrap(),
        );
        let t = &revenue.totals[0];
        has(
            &text,
            &[
                (if fr {
                    "Chiffre d’affaires"
                } else {
                    "Revenue"
                })
                .into(),
                (if fr {
                    "Du 01/01/2026 au 31/12/2026"
                } else {
                    "From 1 January 2026 to 31 December 2026"
                })
                .into(),
                (if fr { "novembre 2026" } else { "November 2026" }).into(),
                m(t.invoiced),
                m(t.net),
                (if fr { "1 500,00 €" } else { "€1,500.00" }).into(),
                format::percent(revenue.by_customer[0].share, lang),
                (if fr {
                    "Taux normal (S)"
                } else {
                    "Standard (S)"
                })
                .into(),
            ],
        );

        let (text, _) = read(
            &format!("vat-{}", lang.code()),
            &pdf(ReportKind::Vat, &q4).await.unwrap(),
        );
        let mut needles: Vec<String> = vec![
            (if fr {
                "TVA collectée"
            } else {
                "Collected VAT"
            })
            .into(),
            (if fr { "l’encaissement" } else { "payment" }).into(),
            m(vat.total_vat),
            (if fr { "127,50 €" } else { "€127.50" }).into(),
            (if fr {
                "Lignes de la déclaration CA3"
            } else {
                "CA3 return lines"
            })
            .into(),
            "Total de la TVA brute due".into(),
            (if fr { "5,5 %" } else { "5.5%" }).into(),
        ];
        needles.extend(vat.ca3.iter().filter_map(|l| l.vat).map(m));
        // The notes: French wording from their codes, the API's English text.
        needles.push(
            (if fr {
                "Prestations de services : la TVA est exigible à l’encaissement"
            } else {
                "Services: VAT is due when paid"
            })
            .into(),
        );
        has(&text, &needles);

        let (text, _) = read(
            &format!("franchise-{}", lang.code()),
            &pdf(ReportKind::Franchise, &req(None, None)).await.unwrap(),
        );
        let mut needles: Vec<String> = vec![
            (if fr {
                "Franchise en base de TVA"
            } else {
                "VAT franchise"
            })
            .into(),
            (if fr {
                "Année 2026, au 29/11/2026"
            } else {
                "Year 2026, on 29 November 2026"
            })
            .into(),
            (if fr {
                "Seuils de 2025"
            } else {
                "Thresholds of 2025"
            })
            .into(),
        ];
        for l in &franchise.limits {
            needles.extend([
                m(l.turnover),
                m(l.base),
                m(l.higher),
                format::percent(l.used, lang),
            ]);
        }
        has(&text, &needles);
    }
}

/// A book that received an invoice (deductible VAT) and sold goods in the same month.
async fn book_with_purchases(dir: &Path) -> Api {
    let supplier = Book::new().await;
    let bought = supplier.issued_invoice().await;
    let xml = supplier
        .api
        .document_xml(None, &DocumentRef::Id(bought.id), XmlFormat::Cii)
        .await
        .unwrap();
    let api = Api::open(&dir.join("buyer.db"))
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    api.create_organization(Organization {
        legal_name: "Dupont SARL".into(),
        legal_form: Some("SARL".into()),
        siren: Some("302466339".into()),
        vat_number: Some("FR16302466339".into()),
        language: Language::En,
        ..seller()
    })
    .await
    .unwrap();
    api.import_purchase_bytes(None, "bought.xml", xml)
        .await
        .unwrap();
    let c = api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: customer("Lefèvre SA", "FR", None),
        })
        .await
        .unwrap()
        .id;
    issue(
        &api,
        c,
        "2026-11-10",
        OperationType::Goods,
        line("Machine", "1", "10000", "20"),
    )
    .await;
    api
}

#[tokio::test]
async fn the_vat_report_with_deductible_vat_and_the_organizations_language_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let api = book_with_purchases(dir.path()).await;
    let nov = req(Some("2026-11-01"), Some("2026-11-30"));
    let vat = api.vat_report(nov.clone()).await.unwrap();
    assert!(!vat.deductible.is_empty());
    assert!(vat.net_vat > Decimal::ZERO);
    // No language: the organization's (English here).
    let (text, _) = read(
        "vat-deductible-default",
        &api.report_pdf(ReportKind::Vat, nov.clone(), None)
            .await
            .unwrap(),
    );
    let m = |v| money(v, Language::En);
    let mut needles: Vec<String> = vec![
        "VAT return".into(),
        "Dupont SARL".into(),
        "Deductible VAT (received invoices)".into(),
        "Total deductible VAT".into(),
        m(vat.total_deductible),
        "Net VAT due".into(),
        m(vat.net_vat),
    ];
    needles.extend(vat.deductible.iter().map(|l| m(l.vat)));
    needles.extend(
        vat.ca3
            .iter()
            .filter(|l| ["20", "23", "28"].contains(&l.line.as_str()))
            .map(|l| l.label.clone()),
    );
    has(&text, &needles);
    let (text, _) = read(
        "vat-deductible-fr",
        &api.report_pdf(ReportKind::Vat, nov, Some(Language::Fr))
            .await
            .unwrap(),
    );
    has(
        &text,
        &[
            "TVA déductible (factures reçues)".into(),
            "TVA nette due".into(),
            money(vat.net_vat, Language::Fr),
            "La TVA déductible est comptée à la date de chaque facture reçue".into(),
        ],
    );
}

#[tokio::test]
async fn saved_into_the_documents_folder_under_the_csvs_dated_name() {
    let book = small_book().await;
    let docs = tempfile::tempdir().unwrap();
    let api = book
        .api
        .clone()
        .with_documents_dir(docs.path().to_path_buf());
    let name = |p: &str| {
        PathBuf::from(p)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let q4 = req(Some("2026-10-01"), Some("2026-12-31"));
    for (kind, r, stem) in [
        (ReportKind::Aging, req(None, None), "aging-2026-11-29"),
        (
            ReportKind::Revenue,
            req(None, None),
            "revenue-2026-01-01_2026-12-31",
        ),
        (ReportKind::Vat, q4, "vat-2026-10-01_2026-12-31"),
        (
            ReportKind::Franchise,
            req(None, None),
            "franchise-2026-2026-11-29",
        ),
    ] {
        let csv = api.save_report_csv(kind, r.clone()).await.unwrap();
        let pdf = api.save_report_pdf(kind, r.clone(), None).await.unwrap();
        assert_eq!(name(&csv.path), format!("{stem}.csv"));
        assert_eq!(name(&pdf.path), format!("{stem}.pdf"));
        let bytes = std::fs::read(&pdf.path).unwrap();
        assert_eq!(bytes.len() as u64, pdf.bytes);
        assert!(bytes.starts_with(b"%PDF-"));
        // Never over another file.
        let again = api.save_report_pdf(kind, r, None).await.unwrap();
        assert_eq!(name(&again.path), format!("{stem} (2).pdf"));
    }
    let left: Vec<String> = std::fs::read_dir(docs.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test]
async fn a_long_aging_runs_over_numbered_pages_with_its_header_on_each() {
    let book = Book::new().await;
    let api = &book.api;
    for i in 0..300 {
        let name = if i % 10 == 0 {
            format!("Société coopérative d'intérêt collectif des artisans du bâtiment n° {i}")
        } else {
            format!("Client {i:03}")
        };
        let c = api
            .create_customer(CreateCustomer {
                org_id: None,
                customer: customer(&name, "FR", None),
            })
            .await
            .unwrap()
            .id;
        let price = format!("{}.{:02}", 100 + i * 37, i % 100);
        issue(
            api,
            c,
            "2026-10-01",
            OperationType::Services,
            line("Travaux", "1", &price, "20"),
        )
        .await;
    }
    let aging = api.aging_report(req(None, None)).await.unwrap();
    assert_eq!(aging.rows.len(), 300);
    for lang in [Language::Fr, Language::En] {
        let bytes = api
            .report_pdf(ReportKind::Aging, req(None, None), Some(lang))
            .await
            .unwrap();
        let (text, pages) = read(&format!("aging-300-{}", lang.code()), &bytes);
        assert!(pages >= 5, "{pages} pages");
        let header = if lang == Language::Fr {
            "Client"
        } else {
            "Customer"
        };
        let sheets: Vec<&str> = text
            .split('\u{c}')
            .filter(|s| !s.trim().is_empty())
            .collect();
        assert_eq!(sheets.len(), pages);
        for (i, sheet) in sheets.iter().enumerate() {
            assert!(
                numbered(sheet, i + 1, pages),
                "page {} has no number:\n{sheet}",
                i + 1
            );
            assert!(sheet.contains(header), "page {} has no header", i + 1);
            if i > 0 {
                let more = if lang == Language::Fr {
                    "(suite)"
                } else {
                    "(continued)"
                };
                assert!(sheet.contains(more), "page {}:\n{sheet}", i + 1);
            }
        }
        // Every customer, once, and the total on the last page.
        for i in [1, 151, 299] {
            assert_eq!(
                text.matches(&format!("Client {i:03} ")).count(),
                1,
                "Client {i:03}"
            );
        }
        has(sheets[pages - 1], &[money(aging.totals[0].total, lang)]);
    }
}

#[tokio::test]
async fn an_empty_book_says_so_on_one_page() {
    let book = Book::new().await;
    for (kind, needle) in [
        (
            ReportKind::Aging,
            "Nothing was owed to you on 29 November 2026.",
        ),
        (
            ReportKind::Revenue,
            "No invoice or credit note was issued in this period.",
        ),
        (ReportKind::Vat, "No VAT became due in this period."),
        (ReportKind::Franchise, "Under the base threshold"),
    ] {
        let bytes = book
            .api
            .report_pdf(kind, req(None, None), Some(Language::En))
            .await
            .unwrap();
        let (text, pages) = read(&format!("empty-{kind:?}"), &bytes);
        assert_eq!(pages, 1);
        has(&text, &[needle.into()]);
    }
}
