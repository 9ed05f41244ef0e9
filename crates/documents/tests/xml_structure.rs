//! What the CII and UBL writers put where: totals equal to the document's, text that survives
//! escaping, refusal of drafts and quotes, the French notes.

mod common;

use autoinvoice_documents::DocumentError;
use autoinvoice_documents::cii::{Profile, cii_xml};
use autoinvoice_documents::ubl::ubl_xml;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::full_document::FullDocument;
use common::*;
use roxmltree::{Document, Node};
use rust_decimal::Decimal;

const RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

fn cii(doc: &FullDocument) -> String {
    String::from_utf8(cii_xml(doc, Profile::En16931).expect("cii")).expect("utf-8")
}

fn ubl(doc: &FullDocument) -> String {
    String::from_utf8(ubl_xml(doc).expect("ubl")).expect("utf-8")
}

fn children<'a, 'i>(n: Node<'a, 'i>, ns: &str, name: &str) -> Vec<Node<'a, 'i>> {
    n.children()
        .filter(|c| {
            c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name
        })
        .collect()
}

/// The single element at `path` (namespace, local name pairs) below `n`.
fn at<'a, 'i>(n: Node<'a, 'i>, path: &[(&str, &str)]) -> Node<'a, 'i> {
    path.iter().fold(n, |n, (ns, name)| {
        let found = children(n, ns, name);
        assert_eq!(
            found.len(),
            1,
            "expected one {name} below {:?}",
            n.tag_name()
        );
        found[0]
    })
}

fn text<'a>(n: Node<'a, '_>) -> &'a str {
    n.text().unwrap_or_default()
}

fn dec(n: Node<'_, '_>) -> Decimal {
    text(n).parse().expect("decimal text")
}

fn descendants_named<'a, 'i>(root: Node<'a, 'i>, ns: &str, name: &str) -> Vec<Node<'a, 'i>> {
    root.descendants()
        .filter(|c| {
            c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name
        })
        .collect()
}

#[test]
fn profiles_name_themselves() {
    assert_eq!(Profile::default(), Profile::En16931);
    assert_eq!(Profile::Basic.name(), "BASIC");
    assert_eq!(Profile::En16931.name(), "EN 16931");
    assert_eq!(Profile::Extended.name(), "EXTENDED");
    assert_eq!(Profile::En16931.guideline_id(), "urn:cen.eu:en16931:2017");
}

#[test]
fn drafts_and_quotes_are_refused() {
    let mut draft = three_rates();
    draft.number = None;
    let mut quote = three_rates();
    quote.kind = DocumentKind::Quote;
    for doc in [&draft, &quote] {
        for result in [
            cii_xml(doc, Profile::En16931),
            cii_xml(doc, Profile::Basic),
            ubl_xml(doc),
        ] {
            assert!(
                matches!(result, Err(DocumentError::Unsupported(_))),
                "{:?} accepted",
                doc.kind
            );
        }
    }
}

#[test]
fn totals_mismatching_the_lines_are_refused() {
    let mut doc = three_rates();
    doc.totals.line_nets.pop();
    assert!(matches!(
        cii_xml(&doc, Profile::En16931),
        Err(DocumentError::Unsupported(_))
    ));
    assert!(matches!(ubl_xml(&doc), Err(DocumentError::Unsupported(_))));
}

#[test]
fn basic_refuses_a_rounding_amount_it_cannot_carry() {
    let doc = prepaid_and_rounding();
    assert!(matches!(
        cii_xml(&doc, Profile::Basic),
        Err(DocumentError::Unsupported(_))
    ));
    assert!(cii_xml(&doc, Profile::En16931).is_ok());
}

#[test]
fn cii_totals_are_the_documents() {
    for (name, doc) in all() {
        let xml = cii(&doc);
        let parsed = Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = parsed.root_element();
        let settlement = descendants_named(root, RAM, "ApplicableHeaderTradeSettlement")[0];
        let sum = at(
            settlement,
            &[(RAM, "SpecifiedTradeSettlementHeaderMonetarySummation")],
        );
        let t = &doc.totals;
        assert_eq!(
            dec(at(sum, &[(RAM, "LineTotalAmount")])),
            t.line_total,
            "{name}"
        );
        assert_eq!(
            dec(at(sum, &[(RAM, "TaxBasisTotalAmount")])),
            t.tax_exclusive,
            "{name}"
        );
        let tax_totals = children(sum, RAM, "TaxTotalAmount");
        let in_doc_currency: Vec<_> = tax_totals
            .iter()
            .filter(|n| n.attribute("currencyID") == Some(doc.content.currency.code()))
            .collect();
        assert_eq!(in_doc_currency.len(), 1, "{name}");
        assert_eq!(dec(*in_doc_currency[0]), t.tax_total, "{name}");
        assert_eq!(
            dec(at(sum, &[(RAM, "GrandTotalAmount")])),
            t.tax_inclusive,
            "{name}"
        );
        assert_eq!(dec(at(sum, &[(RAM, "DuePayableAmount")])), t.due, "{name}");
        let breakdown = children(settlement, RAM, "ApplicableTradeTax");
        assert_eq!(breakdown.len(), t.vat_breakdown.len(), "{name}");
        for (node, b) in breakdown.iter().zip(&t.vat_breakdown) {
            assert_eq!(dec(at(*node, &[(RAM, "BasisAmount")])), b.taxable, "{name}");
            assert_eq!(
                dec(at(*node, &[(RAM, "CalculatedAmount")])),
                b.tax,
                "{name}"
            );
            assert_eq!(
                text(at(*node, &[(RAM, "CategoryCode")])),
                b.category.code(),
                "{name}"
            );
        }
        let line_totals = descendants_named(root, RAM, "LineTotalAmount")
            .into_iter()
            .filter(|n| {
                n.parent().is_some_and(|p| {
                    p.tag_name().name() == "SpecifiedTradeSettlementLineMonetarySummation"
                })
            })
            .map(dec)
            .collect::<Vec<_>>();
        assert_eq!(line_totals, t.line_nets, "{name}");
        // Amounts carry exactly two decimals in euros and dollars.
        assert!(
            text(at(sum, &[(RAM, "LineTotalAmount")]))
                .split('.')
                .nth(1)
                .is_some_and(|f| f.len() == 2),
            "{name}"
        );
    }
}

#[test]
fn ubl_totals_are_the_documents() {
    for (name, doc) in all() {
        let xml = ubl(&doc);
        let parsed = Document::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let root = parsed.root_element();
        let expected_root = if doc.kind == DocumentKind::CreditNote {
            "CreditNote"
        } else {
            "Invoice"
        };
        assert_eq!(root.tag_name().name(), expected_root);
        let lmt = at(root, &[(CAC, "LegalMonetaryTotal")]);
        let t = &doc.totals;
        assert_eq!(
            dec(at(lmt, &[(CBC, "LineExtensionAmount")])),
            t.line_total,
            "{name}"
        );
        assert_eq!(
            dec(at(lmt, &[(CBC, "TaxExclusiveAmount")])),
            t.tax_exclusive,
            "{name}"
        );
        assert_eq!(
            dec(at(lmt, &[(CBC, "TaxInclusiveAmount")])),
            t.tax_inclusive,
            "{name}"
        );
        assert_eq!(dec(at(lmt, &[(CBC, "PayableAmount")])), t.due, "{name}");
        let with_subtotals: Vec<_> = children(root, CAC, "TaxTotal")
            .into_iter()
            .filter(|n| !children(*n, CAC, "TaxSubtotal").is_empty())
            .collect();
        assert_eq!(with_subtotals.len(), 1, "{name}");
        assert_eq!(
            dec(at(with_subtotals[0], &[(CBC, "TaxAmount")])),
            t.tax_total,
            "{name}"
        );
        let subtotals = children(with_subtotals[0], CAC, "TaxSubtotal");
        assert_eq!(subtotals.len(), t.vat_breakdown.len(), "{name}");
        for (node, b) in subtotals.iter().zip(&t.vat_breakdown) {
            assert_eq!(
                dec(at(*node, &[(CBC, "TaxableAmount")])),
                b.taxable,
                "{name}"
            );
            assert_eq!(dec(at(*node, &[(CBC, "TaxAmount")])), b.tax, "{name}");
        }
        let line_tag = if doc.kind == DocumentKind::CreditNote {
            "CreditNoteLine"
        } else {
            "InvoiceLine"
        };
        let nets = children(root, CAC, line_tag)
            .into_iter()
            .map(|l| dec(at(l, &[(CBC, "LineExtensionAmount")])))
            .collect::<Vec<_>>();
        assert_eq!(nets, t.line_nets, "{name}");
        let empty = root.descendants().find(|n| {
            n.is_element()
                && !n
                    .children()
                    .any(|c| c.is_element() || c.text().is_some_and(|t| !t.trim().is_empty()))
        });
        assert!(
            empty.is_none(),
            "{name}: empty element {:?}",
            empty.map(|n| n.tag_name())
        );
    }
}

#[test]
fn text_survives_escaping() {
    let doc = special_text();
    let xml = cii(&doc);
    assert!(!xml.contains("<&>"), "unescaped text");
    let parsed = Document::parse(&xml).expect("well-formed CII");
    let root = parsed.root_element();
    let names: Vec<_> = descendants_named(root, RAM, "Name")
        .into_iter()
        .map(text)
        .collect();
    assert!(names.contains(&common::TRICKY));
    assert!(names.contains(&doc.buyer.name.as_str()));
    let desc = descendants_named(root, RAM, "Description")
        .into_iter()
        .map(text)
        .find(|t| t.starts_with("Première"))
        .expect("description");
    assert_eq!(Some(desc), doc.content.lines[0].description.as_deref());
    let rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    assert_eq!(
        text(at(root, &[(rsm, "ExchangedDocument"), (RAM, "ID")])),
        "F-2026/0010 & <x>"
    );

    let xml = ubl(&doc);
    let parsed = Document::parse(&xml).expect("well-formed UBL");
    let root = parsed.root_element();
    let item_names: Vec<_> = descendants_named(root, CBC, "Name")
        .into_iter()
        .map(text)
        .collect();
    assert!(item_names.contains(&common::TRICKY));
    let street: Vec<_> = descendants_named(root, CBC, "StreetName")
        .into_iter()
        .map(text)
        .collect();
    assert!(street.contains(&"Οδός Αθηνάς 3 & <rue>"));
    let note = text(at(root, &[(CBC, "Note")]));
    assert!(note.contains(common::TRICKY) && note.contains('\n'));
}

#[test]
fn cii_carries_the_french_mentions_as_coded_notes() {
    let notes = |doc: &FullDocument| -> Vec<(String, String)> {
        let xml = cii(doc);
        let parsed = Document::parse(&xml).expect("xml");
        descendants_named(parsed.root_element(), RAM, "IncludedNote")
            .into_iter()
            .map(|n| {
                let subject = children(n, RAM, "SubjectCode")
                    .first()
                    .map(|s| text(*s).to_owned())
                    .unwrap_or_default();
                (subject, text(at(n, &[(RAM, "Content")])).to_owned())
            })
            .collect()
    };
    let business = notes(&three_rates());
    let subjects: Vec<_> = business.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(subjects, ["", "AAB", "PMD", "PMT"]);
    assert!(business[1].1.starts_with("Paiement à 30 jours"));
    assert!(business[2].1.contains("12,09 %"));
    assert!(business[3].1.contains("40 €"));

    let private = notes(&individual_buyer());
    assert_eq!(
        private,
        [(
            "AAB".to_owned(),
            "Pas d'escompte pour paiement anticipé".to_owned()
        )]
    );

    let franchise = notes(&franchise());
    assert_eq!(
        franchise[0],
        (
            "TXD".to_owned(),
            "TVA non applicable, art. 293 B du CGI".to_owned()
        )
    );
    assert!(
        franchise[2].1.contains("BCE"),
        "statutory penalty rate when none is set"
    );

    let english = notes(&reverse_charge_de());
    assert!(
        english
            .iter()
            .any(|(s, t)| s == "PMT" && t.contains("EUR 40"))
    );
}

#[test]
fn franchise_seller_is_identified_for_tax_without_vat_number() {
    let doc = franchise();
    let xml = cii(&doc);
    assert!(xml.contains("<ram:ID schemeID=\"FC\">534640974</ram:ID>"));
    assert!(!xml.contains("schemeID=\"VA\""));
    assert!(xml.contains("<ram:ExemptionReasonCode>VATEX-FR-FRANCHISE</ram:ExemptionReasonCode>"));
    let xml = ubl(&doc);
    assert!(xml.contains("<cbc:ID>TAX</cbc:ID>"));
    assert!(
        !xml.contains("<cbc:ID>VAT</cbc:ID>\n      </cac:TaxScheme>\n    </cac:PartyTaxScheme>")
    );
}

#[test]
fn zero_vat_foreign_currency_states_the_vat_in_euros() {
    let xml = cii(&export_usd());
    assert!(xml.contains("<ram:TaxCurrencyCode>EUR</ram:TaxCurrencyCode>"));
    assert!(xml.contains("<ram:TaxTotalAmount currencyID=\"EUR\">0.00</ram:TaxTotalAmount>"));
    assert!(xml.contains("<ram:PayeePartyCreditorFinancialAccount>"));
    assert!(
        xml.contains("<ram:TypeCode>30</ram:TypeCode>"),
        "no SEPA transfer in dollars"
    );
    let xml = ubl(&export_usd());
    assert!(xml.contains("<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>"));
    // Plain euro invoices name no accounting currency.
    assert!(!cii(&three_rates()).contains("TaxCurrencyCode"));
}

#[test]
fn credit_note_references_its_invoice() {
    let doc = credit_note();
    let xml = cii(&doc);
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
    assert!(xml.contains("<ram:IssuerAssignedID>F-2026-0001</ram:IssuerAssignedID>"));
    assert!(xml.contains("<qdt:DateTimeString format=\"102\">20261115</qdt:DateTimeString>"));
    let xml = ubl(&doc);
    assert!(xml.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
    assert!(xml.contains("<cac:InvoiceDocumentReference>"));
    assert!(xml.contains("<cac:CreditNoteLine>"));
}

#[test]
fn line_prices_keep_their_exact_decimals() {
    let xml = cii(&line_prices());
    assert!(xml.contains("<ram:BasisQuantity unitCode=\"C62\">1000</ram:BasisQuantity>"));
    assert!(xml.contains("<ram:ChargeAmount>12.5</ram:ChargeAmount>"));
    assert!(xml.contains("<ram:ChargeAmount>14</ram:ChargeAmount>"));
    assert!(
        xml.contains("<ram:ActualAmount>1.5</ram:ActualAmount>"),
        "price discount = gross - net"
    );
    assert!(xml.contains("<ram:CalculationPercent>10</ram:CalculationPercent>"));
    assert!(xml.contains("<ram:BilledQuantity unitCode=\"HUR\">7.5</ram:BilledQuantity>"));
    assert!(
        xml.contains("<ram:Reason>Remise</ram:Reason>"),
        "default reason"
    );
    let xml = ubl(&line_prices());
    assert!(xml.contains("<cbc:BaseQuantity unitCode=\"C62\">1000</cbc:BaseQuantity>"));
    assert!(xml.contains("<cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>"));
}

#[test]
fn two_hundred_lines_are_all_written() {
    let doc = two_hundred_lines();
    let xml = cii(&doc);
    assert_eq!(
        xml.matches("<ram:IncludedSupplyChainTradeLineItem>")
            .count(),
        200
    );
    assert!(xml.contains("<ram:LineID>200</ram:LineID>"));
    assert_eq!(ubl(&doc).matches("<cac:InvoiceLine>").count(), 200);
}
