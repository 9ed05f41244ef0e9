//! Received e-invoices (issue 15): every official CEN example filed in the purchases register
//! with its own BT-112; a Factur-X PDF made by one book imported by its customer's book, kept
//! byte for byte, deducted in the VAT report and booked in the FEC's purchases journal
//! (passed by the independent checker); hostile and self-contradicting files refused whole,
//! with not one row written.

#![allow(clippy::unwrap_used)]

use autoinvoice_api::*;
use autoinvoice_domain::party::Organization;
use autoinvoice_tests::book::*;
use autoinvoice_tests::conformance::{conformance_dir, parse_cii, parse_ubl};
use std::path::Path;
use std::process::Command;

/// The book of Dupont SARL, the customer `Book::new()`'s seller invoices.
async fn buyer_book(dir: &Path) -> Api {
    let api = Api::open(&dir.join("buyer.db"))
        .await
        .unwrap()
        .with_clock(Clock::Fixed(today()));
    api.create_organization(Organization {
        legal_name: "Dupont SARL".into(),
        legal_form: Some("SARL".into()),
        siren: Some("302466339".into()),
        vat_number: Some("FR16302466339".into()),
        ..seller()
    })
    .await
    .unwrap();
    api
}

async fn import(api: &Api, name: &str, bytes: Vec<u8>) -> ApiResult<PurchaseImport> {
    api.import_purchase_bytes(None, name, bytes).await
}

async fn register_rows(api: &Api) -> (usize, usize) {
    let list = api.list_purchases(ListPurchases::default()).await.unwrap();
    let journal = api.journal(None).await.unwrap().len();
    (list.len(), journal)
}

#[tokio::test]
async fn every_official_example_is_filed_with_its_own_total() {
    type Parse = fn(&Path) -> Result<autoinvoice_tests::conformance::Example, String>;
    for (sub, parse) in [
        ("cii", (|p: &Path| parse_cii(p)) as Parse),
        ("ubl", (|p: &Path| parse_ubl(p)) as Parse),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let api = buyer_book(dir.path()).await;
        let mut files: Vec<_> = std::fs::read_dir(conformance_dir().join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        files.sort();
        assert!(files.len() > 5, "{sub}: too few examples");
        let mut kept = 0;
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            let expected = parse(path)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .expected;
            let r = import(&api, &name, bytes.clone())
                .await
                .unwrap_or_else(|e| panic!("{name}: {} {}", e.code, e.message));
            // Some examples are one file under two names (CII_example2 and
            // CII_business_example_01): the second is recognised, not filed again.
            assert_eq!(
                r.purchase.total_incl, expected.tax_inclusive,
                "{name}: BT-112"
            );
            assert_eq!(r.purchase.total_vat, expected.tax_total, "{name}: BT-110");
            if r.already_imported {
                continue;
            }
            assert_eq!(r.purchase.errors, 0, "{name}: {:?}", r.findings);
            let (_, original) = api
                .purchase_file(PurchaseId {
                    org_id: None,
                    id: r.purchase.id,
                })
                .await
                .unwrap();
            assert_eq!(original, bytes, "{name}: the original, byte for byte");
            kept += 1;
        }
        assert_eq!(register_rows(&api).await.0, kept, "{sub}");
        assert!(
            kept + 3 >= files.len(),
            "{sub}: {kept} of {} filed",
            files.len()
        );
        let report = api.verify_journal(None).await.unwrap();
        assert!(report.iter().all(|r| r.problems.is_empty()), "{report:?}");
    }
}

struct Received {
    _dir: tempfile::TempDir,
    supplier: Book,
    buyer: Api,
    pdf: Vec<u8>,
    invoice: DocumentRecord,
}

async fn received_factur_x() -> Received {
    let supplier = Book::new().await;
    let invoice = supplier.issued_invoice().await;
    let pdf = supplier
        .api
        .document_pdf(None, &DocumentRef::Id(invoice.id))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let buyer = buyer_book(dir.path()).await;
    Received {
        _dir: dir,
        supplier,
        buyer,
        pdf,
        invoice,
    }
}

#[tokio::test]
async fn a_factur_x_pdf_is_filed_deducted_and_booked() {
    let r = received_factur_x().await;
    let imported = import(&r.buyer, "FA-2026.pdf", r.pdf.clone())
        .await
        .unwrap();
    let p = &imported.purchase;
    assert!(!imported.already_imported);
    assert_eq!(p.format, "facturx");
    assert_eq!(p.supplier_vat_id.as_deref(), Some("FR95534640974"));
    assert_eq!(p.number, r.invoice.number.clone().unwrap());
    assert_eq!(p.total_incl, r.invoice.totals.tax_inclusive);
    assert_eq!(p.total_vat, r.invoice.totals.tax_total);
    assert_eq!(p.errors, 0, "{:?}", imported.findings);
    assert!(
        imported.notes.is_empty(),
        "addressed to the buyer: {:?}",
        imported.notes
    );

    // The same file again, and the same invoice as CII XML: nothing added.
    let again = import(&r.buyer, "copy.pdf", r.pdf.clone()).await.unwrap();
    assert!(again.already_imported && again.same_file);
    let xml = r
        .supplier
        .api
        .document_xml(None, &DocumentRef::Id(r.invoice.id), XmlFormat::Cii)
        .await
        .unwrap();
    let as_xml = import(&r.buyer, "FA.xml", xml).await.unwrap();
    assert!(as_xml.already_imported && !as_xml.same_file);
    assert_eq!(as_xml.purchase.id, p.id);
    assert_eq!(register_rows(&r.buyer).await.0, 1);

    // Lines and parties as read.
    let view = r
        .buyer
        .purchase(PurchaseId {
            org_id: None,
            id: p.id,
        })
        .await
        .unwrap();
    assert_eq!(view.invoice.lines.len(), 3);
    assert_eq!(
        view.invoice.seller.name.as_deref(),
        Some("Camille Martin EI")
    );

    // Deductible VAT: the invoice's three rates, the net VAT a credit.
    let vat = r
        .buyer
        .vat_report(ReportRequest {
            org_id: None,
            from: Some(date("2026-11-01")),
            to: Some(date("2026-11-30")),
            as_of: None,
        })
        .await
        .unwrap();
    let rates: Vec<(&str, String)> = vat
        .deductible
        .iter()
        .map(|l| (l.rate.as_str(), l.vat.to_string()))
        .collect();
    assert_eq!(rates.len(), 3, "{rates:?}");
    assert_eq!(vat.total_deductible, r.invoice.totals.tax_total);
    assert_eq!(vat.net_vat, -r.invoice.totals.tax_total);
    let credit = vat
        .ca3
        .iter()
        .find(|l| l.line == "25")
        .expect("CA3 line 25");
    assert_eq!(credit.vat, Some(r.invoice.totals.tax_total));

    // The purchases journal of the FEC: balanced, passed by the independent checker.
    let fec = r
        .buyer
        .fec_export(FecRequest {
            org_id: None,
            from: Some(date("2026-01-01")),
            to: Some(date("2026-12-31")),
        })
        .await
        .unwrap();
    let ac: Vec<&str> = fec.text.lines().filter(|l| l.starts_with("AC\t")).collect();
    assert_eq!(
        ac.len(),
        5,
        "supplier, purchases, three VAT rates:\n{}",
        fec.text
    );
    assert!(
        ac.iter()
            .any(|l| l.contains("\t401000\t") && l.contains("\tFFR95534640974\t"))
    );
    let path = r._dir.path().join(&fec.file_name);
    std::fs::write(&path, &fec.text).unwrap();
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fec/check_fec.py"))
        .arg(&path)
        .args([
            "--siren",
            "302466339",
            "--year-start",
            "20260101",
            "--year-end",
            "20261231",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // Kept as it came, and the journal says so.
    let report = r.buyer.verify_journal(None).await.unwrap();
    assert!(report.iter().all(|r| r.problems.is_empty()), "{report:?}");
    let mut raw = {
        use sqlx::Connection;
        sqlx::SqliteConnection::connect(&format!(
            "sqlite://{}",
            r._dir.path().join("buyer.db").display()
        ))
        .await
        .unwrap()
    };
    let changed = sqlx::query("UPDATE purchases SET total_incl_cents = 1")
        .execute(&mut raw)
        .await;
    assert!(changed.is_err(), "a received invoice cannot be changed");
    assert!(
        sqlx::query("DELETE FROM purchases")
            .execute(&mut raw)
            .await
            .is_err()
    );
}

/// The Factur-X PDF with its embedded XML replaced through `edit`.
fn with_xml(pdf: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut done = false;
    for (_, object) in doc.objects.iter_mut() {
        if let lopdf::Object::Stream(stream) = object {
            let is_file = stream
                .dict
                .get(b"Type")
                .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"EmbeddedFile"));
            if !is_file {
                continue;
            }
            let content = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            let xml = String::from_utf8(content).unwrap();
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(edit(&xml).into_bytes());
            done = true;
        }
    }
    assert!(done, "no embedded file in the PDF");
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[tokio::test]
async fn hostile_and_contradicting_files_are_refused_whole() {
    let r = received_factur_x().await;
    let draft = r
        .supplier
        .api
        .create_document(three_rate_invoice(r.supplier.customer_fr))
        .await
        .unwrap();
    let plain_pdf = r
        .supplier
        .api
        .document_pdf(None, &DocumentRef::Id(draft.id))
        .await
        .unwrap();
    let total = r.invoice.totals.tax_inclusive.to_string();
    let disagreeing = with_xml(&r.pdf, |x| {
        x.replacen(
            &format!("<ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>"),
            "<ram:GrandTotalAmount>9999.99</ram:GrandTotalAmount>",
            1,
        )
    });
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&x;</rsm:CrossIndustryInvoice>"#
        .to_vec();
    let laughs = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<lolz>&lol9;</lolz>"#
        .to_vec();
    let mut huge = b"<?xml version=\"1.0\"?><a>".to_vec();
    huge.resize(100 * 1024 * 1024, b' ');
    let mut truncated = r.pdf.clone();
    truncated.truncate(r.pdf.len() / 3);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("xxe.xml", xxe, "dtd_refused"),
        ("laughs.xml", laughs, "dtd_refused"),
        ("huge.xml", huge, "too_large"),
        ("plain.pdf", plain_pdf, "pdf_without_xml"),
        ("disagreeing.pdf", disagreeing, "figures_disagree"),
        ("truncated.pdf", truncated, "pdf_damaged"),
        ("empty.xml", Vec::new(), "empty"),
        ("notes.txt", b"just some text".to_vec(), "not_an_invoice"),
        (
            "other.xml",
            b"<?xml version=\"1.0\"?><order/>".to_vec(),
            "not_an_invoice",
        ),
    ];
    let before = register_rows(&r.buyer).await;
    for (name, bytes, code) in cases {
        let err = import(&r.buyer, name, bytes).await.unwrap_err();
        assert_eq!(err.code, code, "{name}: {}", err.message);
        assert!(
            err.message.contains("nothing was imported"),
            "{name}: {}",
            err.message
        );
        assert_eq!(
            register_rows(&r.buyer).await,
            before,
            "{name}: rows were written"
        );
    }
    // The genuine file still goes in afterwards.
    import(&r.buyer, "FA.pdf", r.pdf.clone()).await.unwrap();
    assert_eq!(register_rows(&r.buyer).await.0, before.0 + 1);
    // A pure-XML total that contradicts itself, too.
    let xml = String::from_utf8(
        r.supplier
            .api
            .document_xml(None, &DocumentRef::Id(r.invoice.id), XmlFormat::Ubl)
            .await
            .unwrap(),
    )
    .unwrap();
    let tampered = xml.replacen(
        &format!(">{total}</cbc:TaxInclusiveAmount>"),
        ">9999.99</cbc:TaxInclusiveAmount>",
        1,
    );
    assert_ne!(tampered, xml, "BT-112 not found in the UBL");
    let err = import(&r.buyer, "ubl.xml", tampered.into_bytes())
        .await
        .unwrap_err();
    assert_eq!(err.code, "figures_disagree", "{}", err.message);
    assert!(err.message.contains("BR-CO-15"), "{}", err.message);
}

/// A file dropped in the folder, dated a minute ago (younger files may be still written).
fn drop_file(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60))
        .unwrap();
}

#[tokio::test]
async fn the_watched_folder_imports_each_new_file_once() {
    let r = received_factur_x().await;
    let inbox = tempfile::tempdir().unwrap();
    let relative = r
        .buyer
        .set_purchase_inbox(PurchaseInbox {
            org_id: None,
            folder: Some("relative/folder".into()),
        })
        .await
        .unwrap_err();
    assert_eq!(relative.code, "invalid_input");
    r.buyer
        .set_purchase_inbox(PurchaseInbox {
            org_id: None,
            folder: Some(inbox.path().display().to_string()),
        })
        .await
        .unwrap();
    drop_file(inbox.path(), "FA-1.pdf", &r.pdf);
    drop_file(inbox.path(), "scan.pdf", b"%PDF-1.4 not really");
    drop_file(inbox.path(), "notes.txt", b"ignored: not .pdf or .xml");
    // Still being written: left for the next scan.
    std::fs::write(inbox.path().join("fresh.xml"), b"<x/>").unwrap();

    let mut seen = InboxSeen::new();
    let scan = r.buyer.scan_purchase_inbox(None, &mut seen).await.unwrap();
    assert_eq!(scan.imported.len(), 1, "{scan:?}");
    assert_eq!(scan.imported[0].purchase.file_name, "FA-1.pdf");
    let refused: Vec<&str> = scan.refused.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(refused, ["scan.pdf"]);
    assert!(!seen.keys().any(|p| p.ends_with("fresh.xml")));

    // Nothing new: nothing read, nothing reported.
    let again = r.buyer.scan_purchase_inbox(None, &mut seen).await.unwrap();
    assert!(
        again.imported.is_empty() && again.refused.is_empty(),
        "{again:?}"
    );
    // After a restart (nothing remembered) the imported file is recognised, not doubled.
    let mut fresh = InboxSeen::new();
    let restarted = r.buyer.scan_purchase_inbox(None, &mut fresh).await.unwrap();
    assert!(restarted.imported.is_empty());
    assert_eq!(register_rows(&r.buyer).await.0, 1);
}
