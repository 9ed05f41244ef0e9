//! What the CII and UBL writers share: a small XML writer that escapes everything it writes,
//! number and date formats, code lists, and the French legal notes (BT-21 / BT-22).

use crate::error::{DocumentError, DocumentResult};
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::full_document::FullDocument;
use autoinvoice_domain::money::{AMOUNT_DECIMALS, Currency, round, round_amount};
use autoinvoice_domain::party::Language;
use autoinvoice_domain::vat::{FRANCHISE_MENTION, VatCategory, VatRegime};
use chrono::NaiveDate;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// The writer

/// An indented XML writer. Elements are written through closures; an element whose closure
/// wrote nothing disappears (e-invoice rules forbid empty elements), unless it is written with
/// [`XmlWriter::elem_keep`].
#[derive(Debug)]
pub(crate) struct XmlWriter {
    out: String,
    depth: usize,
}

impl XmlWriter {
    pub(crate) fn new() -> Self {
        Self {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }

    fn element(
        &mut self,
        tag: &str,
        attrs: &[(&str, &str)],
        keep_empty: bool,
        body: impl FnOnce(&mut Self),
    ) {
        let mark = self.out.len();
        self.start_tag(tag, attrs);
        let open_end = self.out.len();
        self.out.push_str(">\n");
        let inner = self.out.len();
        self.depth += 1;
        body(self);
        self.depth -= 1;
        if self.out.len() > inner {
            self.indent();
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push_str(">\n");
        } else if keep_empty {
            self.out.truncate(open_end);
            self.out.push_str("/>\n");
        } else {
            self.out.truncate(mark);
        }
    }

    /// An element with children; left out when `body` writes nothing.
    pub(crate) fn elem(&mut self, tag: &str, body: impl FnOnce(&mut Self)) {
        self.element(tag, &[], false, body);
    }

    /// An element with children that the schema requires even when it has none.
    pub(crate) fn elem_keep(
        &mut self,
        tag: &str,
        attrs: &[(&str, &str)],
        body: impl FnOnce(&mut Self),
    ) {
        self.element(tag, attrs, true, body);
    }

    /// A text element; left out when the text is blank.
    pub(crate) fn leaf(&mut self, tag: &str, text: &str) {
        self.leaf_attrs(tag, &[], text);
    }

    pub(crate) fn leaf_attrs(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.start_tag(tag, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    pub(crate) fn opt_leaf(&mut self, tag: &str, text: Option<&str>) {
        if let Some(t) = text {
            self.leaf(tag, t);
        }
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Whether XML 1.0 can carry the character at all (the `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text content (`attr == false`) or an attribute value in double quotes. Carriage
/// returns, and in attributes tabs and line feeds, are written as character references so
/// that XML end-of-line and attribute normalization keep them; characters XML cannot carry
/// become U+FFFD.
pub(crate) fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks shared by both syntaxes

/// The document number, once the document is known to be an e-invoice whose totals match its
/// lines. Drafts and quotes are refused.
pub(crate) fn einvoice_number(doc: &FullDocument) -> DocumentResult<&str> {
    if doc.kind == DocumentKind::Quote {
        return Err(DocumentError::Unsupported(
            "a quote is not an invoice: it has no e-invoice form".into(),
        ));
    }
    let Some(number) = doc.number.as_deref().filter(|_| doc.is_einvoice()) else {
        return Err(DocumentError::Unsupported(
            "a draft is not an e-invoice: issue it first (it has no number yet)".into(),
        ));
    };
    if doc.totals.line_nets.len() != doc.content.lines.len() {
        return Err(DocumentError::Unsupported(format!(
            "the totals list {} line amounts for {} lines",
            doc.totals.line_nets.len(),
            doc.content.lines.len()
        )));
    }
    Ok(number)
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates

/// An amount with exactly the currency's amount decimals (2 for EUR, 0 for JPY), or more when
/// the value carries them (never more than the 2 EN 16931 allows).
pub(crate) fn amount(value: Decimal, currency: Currency) -> String {
    let mut v = value.normalize();
    if v.scale() > AMOUNT_DECIMALS {
        v = round(v, AMOUNT_DECIMALS);
    }
    let scale = v.scale().max(currency.amount_decimals());
    v.rescale(scale);
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    v.to_string()
}

/// A quantity, price or percentage as its exact decimal, without trailing zeros.
pub(crate) fn decimal(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.is_zero() {
        v = Decimal::ZERO;
    }
    v.to_string()
}

/// UN/CEFACT date format 102: `YYYYMMDD`.
pub(crate) fn date_102(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// ISO 8601 date, as UBL writes it.
pub(crate) fn date_iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

// ---------------------------------------------------------------------------------------------
// Code lists and derived values

/// The percentage and base of an allowance or charge, when they reproduce its amount exactly
/// (otherwise only the amount is written: a percentage that disagrees with the amount is
/// rejected by receivers, e.g. Peppol PEPPOL-EN16931-R040).
pub(crate) fn percent_and_base(
    amount: Decimal,
    percent: Option<Decimal>,
    base: Option<Decimal>,
    currency: Currency,
) -> Option<(Decimal, Decimal)> {
    match (percent, base) {
        (Some(p), Some(b)) if round_amount(b * p / Decimal::ONE_HUNDRED, currency) == amount => {
            Some((p, b))
        }
        _ => None,
    }
}

/// The reason text and code of an allowance or charge: EN 16931 needs one of them (BR-33,
/// BR-38, BR-42, BR-44), so a generic text stands in when both are absent.
pub(crate) fn ac_reason<'a>(
    reason: Option<&'a str>,
    code: Option<&'a str>,
    charge: bool,
    language: Language,
) -> (Option<&'a str>, Option<&'a str>) {
    let reason = reason.filter(|r| !r.trim().is_empty());
    let code = code.filter(|c| !c.trim().is_empty());
    if reason.is_none() && code.is_none() {
        let default = match (charge, language) {
            (false, Language::Fr) => "Remise",
            (false, Language::En) => "Discount",
            (true, Language::Fr) => "Frais",
            (true, Language::En) => "Charge",
        };
        return (Some(default), None);
    }
    (reason, code)
}

/// How the buyer is asked to pay (BG-16).
#[derive(Debug)]
pub(crate) struct PaymentMeans<'a> {
    /// UNTDID 4461: 58 SEPA credit transfer, 30 credit transfer, 1 not defined.
    pub code: &'static str,
    pub iban: Option<&'a str>,
    pub bic: Option<&'a str>,
}

pub(crate) fn payment_means(doc: &FullDocument) -> PaymentMeans<'_> {
    match doc.seller.iban.as_deref() {
        Some(iban) => PaymentMeans {
            // SEPA credit transfers are in euros; another currency is a plain credit transfer.
            code: if doc.content.currency == Currency::EUR {
                "58"
            } else {
                "30"
            },
            iban: Some(iban),
            bic: doc.seller.bic.as_deref(),
        },
        // A credit transfer needs the account (BR-61): without one the means stay undefined.
        None => PaymentMeans {
            code: "1",
            iban: None,
            bic: None,
        },
    }
}

/// The VAT accounting currency (BT-6) when the document is in another currency and the VAT
/// total in the accounting currency (BT-111) is known exactly: only when there is no VAT at
/// all, since the domain carries no exchange rate.
pub(crate) fn tax_currency(doc: &FullDocument) -> Option<Currency> {
    (doc.content.currency != doc.seller.currency && doc.totals.tax_total.is_zero())
        .then_some(doc.seller.currency)
}

/// Whether the VAT breakdown has an intra-community supply (category K), which needs the
/// deliver-to country (BR-IC-12).
pub(crate) fn has_category(doc: &FullDocument, category: VatCategory) -> bool {
    doc.totals
        .vat_breakdown
        .iter()
        .any(|b| b.category == category)
}

/// French "cadre de facturation" (BT-23) for a French seller who states the type of operation:
/// B1 goods, S1 services, M1 both (an ordinary invoice to be paid).
pub(crate) fn french_business_process(doc: &FullDocument) -> Option<&'static str> {
    use autoinvoice_domain::document::OperationType;
    if doc.seller.address.country != "FR" {
        return None;
    }
    doc.content.operation_type.map(|t| match t {
        OperationType::Goods => "B1",
        OperationType::Services => "S1",
        OperationType::Both => "M1",
    })
}

/// Peppol electronic address scheme (EAS) of a VAT number, by its prefix (Peppol code list;
/// only the national VAT schemes).
pub(crate) fn vat_eas(vat_number: &str) -> Option<&'static str> {
    let code = match vat_number.get(..2)? {
        "AD" => "9922",
        "AL" => "9923",
        "AT" => "9914",
        "BA" => "9924",
        "BE" => "9925",
        "BG" => "9926",
        "CH" => "9927",
        "CY" => "9928",
        "CZ" => "9929",
        "DE" => "9930",
        "EE" => "9931",
        "ES" => "9920",
        "FR" => "9957",
        "GB" => "9932",
        "EL" | "GR" => "9933",
        "HR" => "9934",
        "HU" => "9910",
        "IE" => "9935",
        "LI" => "9936",
        "LT" => "9937",
        "LU" => "9938",
        "LV" => "9939",
        "MC" => "9940",
        "ME" => "9941",
        "MK" => "9942",
        "MT" => "9943",
        "NL" => "9944",
        "PL" => "9945",
        "PT" => "9946",
        "RO" => "9947",
        "RS" => "9948",
        "SI" => "9949",
        "SK" => "9950",
        "SM" => "9951",
        "TR" => "9952",
        "VA" => "9953",
        _ => return None,
    };
    Some(code)
}

// ---------------------------------------------------------------------------------------------
// Notes and payment terms

/// One document note (BG-1): a text (BT-22) and its UNTDID 4451 subject code (BT-21).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    pub subject: Option<&'static str>,
    pub text: String,
}

fn default_discount_terms(language: Language) -> &'static str {
    match language {
        Language::Fr => "Pas d'escompte pour paiement anticipé",
        Language::En => "No discount for early payment",
    }
}

/// French rate as printed: "12,09 %" in French, "12.09%" in English.
fn rate_text(rate: Decimal, language: Language) -> String {
    let r = decimal(rate);
    match language {
        Language::Fr => format!("{} %", r.replace('.', ",")),
        Language::En => format!("{r}%"),
    }
}

/// The payment terms (BT-20): the document's, else (French seller) the early-payment discount
/// mention, which is a payment term too.
pub(crate) fn payment_terms_text(doc: &FullDocument) -> Option<String> {
    doc.content.payment_terms_text.clone().or_else(|| {
        (doc.seller.address.country == "FR").then(|| default_discount_terms(doc.language).into())
    })
}

/// The notes of the document: the free note, then the French legal mentions, each its own
/// note with its subject code (the French e-invoicing rules look for AAB, PMD, PMT and TXD).
pub(crate) fn notes(doc: &FullDocument) -> Vec<Note> {
    let lang = doc.language;
    let mut out = Vec::new();
    if let Some(n) = doc.content.note.as_deref().filter(|n| !n.trim().is_empty()) {
        out.push(Note {
            subject: None,
            text: n.to_owned(),
        });
    }
    match doc.seller.vat_regime {
        VatRegime::Franchise => out.push(Note {
            subject: Some("TXD"),
            text: FRANCHISE_MENTION.to_owned(),
        }),
        VatRegime::Normal if doc.seller.vat_on_debits => out.push(Note {
            subject: Some("TXD"),
            text: match lang {
                Language::Fr => "Option pour le paiement de la TVA d'après les débits",
                Language::En => "Option for the payment of VAT on debits",
            }
            .to_owned(),
        }),
        VatRegime::Normal => {}
    }
    if doc.seller.address.country != "FR" {
        return out;
    }
    out.push(Note {
        subject: Some("AAB"),
        text: doc
            .content
            .payment_terms_text
            .clone()
            .unwrap_or_else(|| default_discount_terms(lang).to_owned()),
    });
    if doc.buyer.is_business() {
        let penalty = match (doc.seller.late_penalty_rate, lang) {
            (Some(r), Language::Fr) => format!(
                "En cas de retard de paiement, pénalités au taux annuel de {}",
                rate_text(r, lang)
            ),
            (Some(r), Language::En) => format!(
                "Late payment penalties at the annual rate of {}",
                rate_text(r, lang)
            ),
            // No rate agreed: the statutory one (Code de commerce, art. L441-10).
            (None, Language::Fr) => "En cas de retard de paiement, pénalités au taux de refinancement de la BCE majoré de 10 points (art. L441-10 du Code de commerce)".to_owned(),
            (None, Language::En) => "Late payment penalties at the ECB refinancing rate plus 10 percentage points (French Commercial Code, art. L441-10)".to_owned(),
        };
        out.push(Note {
            subject: Some("PMD"),
            text: penalty,
        });
        out.push(Note {
            subject: Some("PMT"),
            text: match lang {
                Language::Fr => "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €",
                Language::En => "Fixed compensation for recovery costs in case of late payment: EUR 40",
            }
            .to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn escapes_text_and_attributes() {
        let mut s = String::new();
        escape_into(&mut s, "a<b>&\"c'\r\n\t\u{1}\u{FFFE}", false);
        assert_eq!(s, "a&lt;b&gt;&amp;\"c'&#13;\n\t\u{FFFD}\u{FFFD}");
        let mut s = String::new();
        escape_into(&mut s, "a\"'\n\t", true);
        assert_eq!(s, "a&quot;&apos;&#10;&#9;");
    }

    #[test]
    fn empty_elements_disappear() {
        let mut x = XmlWriter::new();
        x.elem_keep("a", &[("k", "v&")], |x| {
            x.elem("b", |x| x.leaf("c", "  "));
            x.elem_keep("d", &[], |_| {});
            x.leaf("e", "é<");
        });
        let s = String::from_utf8(x.finish()).expect("utf-8");
        assert_eq!(
            s,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a k=\"v&amp;\">\n  <d/>\n  <e>é&lt;</e>\n</a>\n"
        );
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(amount(d("180"), Currency::EUR), "180.00");
        assert_eq!(amount(d("-0.00"), Currency::EUR), "0.00");
        assert_eq!(amount(d("12.5"), Currency::EUR), "12.50");
        let jpy = Currency::parse("JPY").expect("JPY");
        assert_eq!(amount(d("1235"), jpy), "1235");
        assert_eq!(amount(d("12.345"), Currency::EUR), "12.35");
        assert_eq!(decimal(d("5.500")), "5.5");
        assert_eq!(decimal(d("450.0000")), "450");
        assert_eq!(decimal(d("-0")), "0");
        let date = NaiveDate::from_ymd_opt(2026, 3, 9).expect("date");
        assert_eq!(date_102(date), "20260309");
        assert_eq!(date_iso(date), "2026-03-09");
        assert_eq!(rate_text(d("12.09"), Language::Fr), "12,09 %");
    }

    #[test]
    fn percent_kept_only_when_consistent() {
        assert_eq!(
            percent_and_base(d("10.00"), Some(d("10")), Some(d("100")), Currency::EUR),
            Some((d("10"), d("100")))
        );
        assert_eq!(
            percent_and_base(d("12.00"), Some(d("10")), Some(d("100")), Currency::EUR),
            None
        );
        assert_eq!(
            percent_and_base(d("12.00"), None, Some(d("100")), Currency::EUR),
            None
        );
    }
}
