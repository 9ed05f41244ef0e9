//! PDFs read as a person (and a banking app) would: `pdftotext` for the text and its order,
//! `pdfinfo` for pages, `pdfdetach` for the Factur-X attachment, `zbarimg` for the EPC QR
//! code. One-page and 200-line invoices, in French and in English; credit notes, quotes,
//! drafts.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::party::Language;
use autoinvoice_tests::book::*;
use std::path::Path;
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

fn text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// pdftotext writes no-break spaces as spaces.
fn plain(s: &str) -> String {
    s.replace(['\u{202F}', '\u{A0}'], " ")
}

/// Asserts the needles appear in this order.
fn in_order(haystack: &str, needles: &[&str]) {
    let haystack = plain(haystack);
    let mut at = 0;
    for n in needles {
        let n = &plain(n);
        match haystack[at..].find(n.as_str()) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} missing or out of order in:\n{haystack}"),
        }
    }
}

async fn english_book() -> (Book, i64) {
    let b = Book::new().await;
    let mut c = customer("Bright Ltd", "GB", None);
    c.language = Some(Language::En);
    let id = b
        .api
        .create_customer(CreateCustomer {
            org_id: None,
            customer: c,
        })
        .await
        .unwrap()
        .id;
    (b, id)
}

async fn issue(b: &Book, req: CreateDocument) -> DocumentRecord {
    let d = b.api.create_document(req).await.unwrap();
    b.api
        .issue_document(IssueDocument {
            org_id: None,
            document: DocumentRef::Id(d.id),
        })
        .await
        .unwrap()
}

async fn write_pdf(b: &Book, id: i64, dir: &Path, name: &str) -> std::path::PathBuf {
    let bytes = b
        .api
        .document_pdf(None, &DocumentRef::Id(id))
        .await
        .unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn one_page_invoice_in_french() {
    let b = Book::new().await;
    let dir = tempfile::tempdir().unwrap();
    let inv = b.issued_invoice().await;
    let pdf = write_pdf(&b, inv.id, dir.path(), "fr.pdf").await;
    assert_eq!(pages(&pdf), 1);
    let t = text(&pdf);
    in_order(
        &t,
        &[
            "Camille Martin EI",
            "FACTURE",
            "N° F-2026-0001",
            "Date d'émission",
            "29/11/2026",
            "Échéance",
            "29/12/2026",
            "Facturé à",
            "Dupont SARL",
            "Désignation",
            "Développement",
            "3",
            "450,00",
            "20 %",
            "1\u{202F}350,00",
            "Restauration",
            "Livre",
            "Total HT",
            "1\u{202F}409,60 €",
            "TVA 5,5 % sur 24,90 €",
            "1,37 €",
            "TVA 10 % sur 34,70 €",
            "3,47 €",
            "TVA 20 % sur 1\u{202F}350,00 €",
            "270,00 €",
            "Total TTC",
            "1\u{202F}684,44 €",
            "Net à payer",
            "1\u{202F}684,44 €",
            "IBAN FR76 3000 6000 0112 3456 7890 189",
            "Pas d'escompte pour paiement anticipé.",
            "pénalités",
            "Indemnité forfaitaire pour frais de recouvrement : 40 €",
            "SIREN 534 640 974",
            "Page 1 sur 1",
        ],
    );
    // Factur-X: the XML is attached under its standard name.
    let attached = tool("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    assert!(attached.contains("factur-x.xml"), "{attached}");
}

#[tokio::test]
async fn one_page_invoice_in_english_with_the_epc_qr_code() {
    let (b, en) = english_book().await;
    let dir = tempfile::tempdir().unwrap();
    let inv = issue(&b, three_rate_invoice(en)).await;
    let pdf = write_pdf(&b, inv.id, dir.path(), "en.pdf").await;
    assert_eq!(pages(&pdf), 1);
    let t = text(&pdf);
    in_order(
        &t,
        &[
            "INVOICE",
            "No. F-2026-0001",
            "Issue date",
            "29 November 2026",
            "Due date",
            "29 December 2026",
            "Bill to",
            "Bright Ltd",
        ],
    );
    in_order(
        &t,
        &[
            "Total excl. VAT",
            "€1,409.60",
            "VAT 20% on €1,350.00",
            "€270.00",
            "Total incl. VAT",
            "€1,684.44",
            "Amount due",
            "€1,684.44",
        ],
    );
    in_order(
        &t,
        &[
            "No discount for early payment.",
            "Fixed recovery fee",
            "Page 1 of 1",
        ],
    );
    // The QR code a banking app scans.
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "150",
            pdf.to_str().unwrap(),
            dir.path().join("page").to_str().unwrap(),
        ],
    );
    let png = dir.path().join("page-1.png");
    let qr = tool("zbarimg", &["-q", "--raw", png.to_str().unwrap()]);
    assert_eq!(
        qr.trim_end(),
        "BCD\n002\n1\nSCT\n\nCamille Martin EI\nFR7630006000011234567890189\nEUR1684.44\n\n\nF-2026-0001"
    );
}

#[tokio::test]
async fn two_hundred_lines_run_over_pages_with_the_header_repeated() {
    for (lang, header, page, of, last_label) in [
        (Language::Fr, "Désignation", "Page", "sur", "Net à payer"),
        (Language::En, "Description", "Page", "of", "Amount due"),
    ] {
        let b = Book::new().await;
        let mut c = customer("Longue Liste SA", "FR", None);
        c.language = Some(lang);
        let cid = b
            .api
            .create_customer(CreateCustomer {
                org_id: None,
                customer: c,
            })
            .await
            .unwrap()
            .id;
        let mut req = three_rate_invoice(cid);
        req.content.lines = (1..=200)
            .map(|i| {
                let mut l = line(&format!("Article {i:03}"), "1.5", "12.34", if i % 3 == 0 { "5.5" } else { "20" });
                if i % 10 == 0 {
                    l.description = Some("Une description assez longue pour passer à la ligne dans la colonne de désignation du tableau, avec des accents.".into());
                }
                l
            })
            .collect();
        let inv = issue(&b, req).await;
        let dir = tempfile::tempdir().unwrap();
        let pdf = write_pdf(&b, inv.id, dir.path(), "long.pdf").await;
        let n = pages(&pdf);
        assert!((5..=9).contains(&n), "{lang:?}: {n} pages");
        let t = text(&pdf);
        // The table header on every page, the lines in order, the totals after the last line.
        assert_eq!(
            t.matches(header).count(),
            n,
            "{lang:?}: a table header per page"
        );
        let articles: Vec<String> = (1..=200).map(|i| format!("Article {i:03}")).collect();
        in_order(&t, &articles.iter().map(String::as_str).collect::<Vec<_>>());
        in_order(&t, &["Article 200", last_label]);
        let pages_text: Vec<&str> = t.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        assert_eq!(pages_text.len(), n);
        for (i, p) in pages_text.iter().enumerate() {
            let label = format!("{page} {} {of} {n}", i + 1);
            assert!(
                p.contains(&label),
                "{lang:?}: page {} shows {label:?}",
                i + 1
            );
        }
    }
}

#[tokio::test]
async fn credit_note_quote_and_draft() {
    let b = Book::new().await;
    let dir = tempfile::tempdir().unwrap();
    let inv = b.issued_invoice().await;
    let cn = b
        .api
        .credit_invoice(CreditInvoice {
            org_id: None,
            invoice: DocumentRef::Id(inv.id),
            lines: None,
            note: None,
            issue: true,
        })
        .await
        .unwrap();
    let pdf = write_pdf(&b, cn.id, dir.path(), "cn.pdf").await;
    in_order(
        &text(&pdf),
        &[
            "AVOIR",
            "N° AV-2026-0001",
            "Avoir sur la facture",
            "F-2026-0001",
            "Montant de l'avoir",
            "1\u{202F}684,44 €",
        ],
    );
    assert!(tool("pdfdetach", &["-list", pdf.to_str().unwrap()]).contains("factur-x.xml"));

    let mut q = three_rate_invoice(b.customer_fr);
    q.kind = DocumentKind::Quote;
    let quote = issue(&b, q).await;
    let pdf = write_pdf(&b, quote.id, dir.path(), "quote.pdf").await;
    let t = text(&pdf);
    in_order(
        &t,
        &[
            "DEVIS",
            "N° D-2026-0001",
            "Total TTC",
            "1\u{202F}684,44 €",
            "Bon pour accord",
        ],
    );
    assert!(!t.contains("Net à payer"));
    assert!(
        !tool("pdfdetach", &["-list", pdf.to_str().unwrap()]).contains("factur-x.xml"),
        "a quote is no e-invoice"
    );

    let draft = b
        .api
        .create_document(three_rate_invoice(b.customer_fr))
        .await
        .unwrap();
    let pdf = write_pdf(&b, draft.id, dir.path(), "draft.pdf").await;
    let t = text(&pdf);
    assert!(t.contains("BROUILLON"), "marked as a draft");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.contains("FACTURE (BROUILLON)"),
        "titled as a draft: {info}"
    );
    assert!(!t.contains("F-2026-0002"), "a draft has no number");
    assert!(
        !tool("pdfdetach", &["-list", pdf.to_str().unwrap()]).contains("factur-x.xml"),
        "a draft is no e-invoice"
    );
    let xml = b
        .api
        .document_xml(None, &DocumentRef::Id(draft.id), XmlFormat::Cii)
        .await
        .unwrap_err();
    assert_eq!(xml.code, "unsupported");
}

/// An 8 × 8 PNG in the accent blue.
const PNG: [u8; 74] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0,
    0, 0, 75, 109, 41, 220, 0, 0, 0, 17, 73, 68, 65, 84, 120, 156, 99, 144, 247, 171, 196, 138, 24,
    134, 150, 4, 0, 97, 146, 57, 129, 170, 71, 133, 191, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96,
    130,
];

#[tokio::test]
async fn png_logo_stays_a_valid_factur_x() {
    let b = Book::new().await;
    let dir = tempfile::tempdir().unwrap();
    b.api.set_logo(None, Some(PNG.to_vec())).await.unwrap();
    let inv = b.issued_invoice().await;
    let pdf = write_pdf(&b, inv.id, dir.path(), "logo.pdf").await;
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(
        images
            .lines()
            .any(|l| l.contains(" 8 ") && l.contains("image")),
        "{images}"
    );
    assert!(tool("pdfdetach", &["-list", pdf.to_str().unwrap()]).contains("factur-x.xml"));
}

#[tokio::test]
async fn characters_without_a_glyph_do_not_break_the_pdf() {
    let b = Book::new().await;
    let dir = tempfile::tempdir().unwrap();
    let mut req = three_rate_invoice(b.customer_fr);
    req.content.note = Some("Livraison 🚚 à 東京\tmerci".into());
    let inv = issue(&b, req).await;
    let pdf = write_pdf(&b, inv.id, dir.path(), "glyphs.pdf").await;
    assert!(text(&pdf).contains("Livraison ? à ?? merci"));
    // The e-invoice keeps the exact text.
    let xml = String::from_utf8(
        b.api
            .document_xml(None, &DocumentRef::Id(inv.id), XmlFormat::Cii)
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(xml.contains("🚚"));
}

#[tokio::test]
async fn template_options_and_logo() {
    let b = Book::new().await;
    let dir = tempfile::tempdir().unwrap();
    let inv = b.issued_invoice().await;
    let bad = b
        .api
        .set_document_settings(
            None,
            DocumentSettings {
                accent: "blue".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad.code, "invalid_colour");
    assert_eq!(
        b.api
            .set_logo(None, Some(b"not an image".to_vec()))
            .await
            .unwrap_err()
            .code,
        "unsupported"
    );
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1f4e79"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>"##;
    b.api.set_logo(None, Some(svg.to_vec())).await.unwrap();
    b.api
        .set_document_settings(
            None,
            DocumentSettings {
                paper: PaperSize::Letter,
                accent: "#8a1538".into(),
                show_payment_qr: false,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let pdf = write_pdf(&b, inv.id, dir.path(), "letter.pdf").await;
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("612 x 792 pts"), "{info}");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "100",
            pdf.to_str().unwrap(),
            dir.path().join("page").to_str().unwrap(),
        ],
    );
    let png = dir.path().join("page-1.png");
    let scan = Command::new("zbarimg")
        .args(["-q", png.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!scan.status.success(), "the QR code was switched off");
}
