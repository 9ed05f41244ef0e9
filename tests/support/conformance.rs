//! Reads the official EN 16931 example invoices (CII and UBL) into our domain model.
//!
//! The INPUT side of a file (currency, lines, prices, allowances and charges, VAT categories,
//! prepaid and rounding amounts, exemption reasons) becomes a [`DocumentContent`]; the file's
//! own totals section (BT-106…BT-115, the VAT breakdown BG-23 and every BT-131) becomes an
//! [`Expected`], an oracle independent of our calculation.
//!
//! When a file uses something the model cannot express, the parser says so with an error
//! rather than guessing. Figures that play no part in the calculation and that the model
//! does not keep (the VAT total in the accounting currency BT-111, price discounts BT-147,
//! party data, notes) are not read.

use autoinvoice_domain::document::{
    AllowanceCharge, CategoryExemption, DocumentContent, DocumentKind, Line, LineAllowanceCharge,
};
use autoinvoice_domain::money::Currency;
use autoinvoice_domain::vat::{Exemption, VatCategory};
use chrono::NaiveDate;
use roxmltree::{Document, Node};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One example invoice: what to compute from, and what the file says the result is.
#[derive(Debug, Clone)]
pub struct Example {
    pub path: PathBuf,
    pub content: DocumentContent,
    pub kind: DocumentKind,
    pub expected: Expected,
}

/// The totals a file states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// BT-131 per line, in line order.
    pub line_nets: Vec<Decimal>,
    /// BT-106.
    pub line_total: Decimal,
    /// BT-107, zero when absent.
    pub allowance_total: Decimal,
    /// BT-108, zero when absent.
    pub charge_total: Decimal,
    /// BT-109.
    pub tax_exclusive: Decimal,
    /// BT-110 in the invoice currency; zero when absent (no VAT at all).
    pub tax_total: Decimal,
    /// BT-112.
    pub tax_inclusive: Decimal,
    /// BT-113, zero when absent.
    pub prepaid: Decimal,
    /// BT-114, zero when absent.
    pub rounding: Decimal,
    /// BT-115.
    pub due: Decimal,
    /// BG-23: category (BT-118), rate (BT-119), taxable (BT-116), tax (BT-117).
    pub vat_breakdown: Vec<(VatCategory, Option<Decimal>, Decimal, Decimal)>,
}

/// The folder of the official examples: `shared/conformance/cen-en16931` beside the workspace.
pub fn conformance_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/conformance/cen-en16931"
    ))
}

type R<T> = Result<T, String>;

// ---------------------------------------------------------------------------------------------
// XML helpers: elements are matched on their local name; the examples use the standard
// namespaces and no name is ambiguous at the places we look.

fn el<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn els<'a, 'i: 'a>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn at<'a, 'i>(n: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(n, |n, name| el(n, name))
}

/// The trimmed text of an element; `None` when absent or blank.
fn text<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.text().map(str::trim).filter(|t| !t.is_empty())
}

fn text_at<'a>(n: Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    at(n, path).and_then(text)
}

fn position(n: Node<'_, '_>) -> String {
    let pos = n.document().text_pos_at(n.range().start);
    format!("{} at line {}", n.tag_name().name(), pos.row)
}

/// Parses an `xsd:decimal` ("100.", "+5", "-0.50" are all valid lexical forms).
fn parse_decimal(raw: &str, what: &str) -> R<Decimal> {
    let t = raw.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    let t = t.strip_suffix('.').unwrap_or(t);
    let valid = !t.is_empty()
        && t.bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'))
        && t.bytes().filter(|b| *b == b'.').count() <= 1;
    if !valid {
        return Err(format!("{what}: '{raw}' is not a decimal"));
    }
    Decimal::from_str(t).map_err(|e| format!("{what}: '{raw}': {e}"))
}

fn dec(n: Node<'_, '_>, path: &[&str], what: &str) -> R<Option<Decimal>> {
    text_at(n, path).map(|t| parse_decimal(t, what)).transpose()
}

fn req_dec(n: Node<'_, '_>, path: &[&str], what: &str) -> R<Decimal> {
    dec(n, path, what)?.ok_or_else(|| format!("{what} is missing ({})", position(n)))
}

fn category(code: &str, what: &str) -> R<VatCategory> {
    VatCategory::parse(code).map_err(|_| {
        format!("{what}: VAT category '{code}' is not modeled (only S, Z, E, AE, K, G, O)")
    })
}

fn indicator(raw: Option<&str>, what: &str) -> R<bool> {
    match raw {
        Some("true") | Some("1") => Ok(true),
        Some("false") | Some("0") => Ok(false),
        other => Err(format!(
            "{what}: charge indicator {other:?} is not a boolean"
        )),
    }
}

fn kind_of(code: Option<&str>) -> DocumentKind {
    if code == Some("381") {
        DocumentKind::CreditNote
    } else {
        DocumentKind::Invoice
    }
}

fn iso_date(raw: Option<&str>, what: &str) -> R<Option<NaiveDate>> {
    raw.map(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|e| format!("{what}: '{t}': {e}")))
        .transpose()
}

/// A CII `DateTimeString`, format 102 (yyyymmdd) being the one EN 16931 allows.
fn cii_date(n: Option<Node<'_, '_>>, what: &str) -> R<Option<NaiveDate>> {
    let Some(s) = n.and_then(|n| el(n, "DateTimeString").or_else(|| el(n, "DateString"))) else {
        return Ok(None);
    };
    let Some(t) = text(s) else { return Ok(None) };
    match s.attribute("format") {
        None | Some("102") => NaiveDate::parse_from_str(t, "%Y%m%d")
            .map(Some)
            .map_err(|e| format!("{what}: '{t}': {e}")),
        Some(f) => Err(format!("{what}: date format {f} is not 102")),
    }
}

fn currency(code: Option<&str>) -> R<Currency> {
    let code = code.ok_or("the invoice currency (BT-5) is missing")?;
    Currency::parse(code).map_err(|e| format!("currency (BT-5): {e}"))
}

/// The item name (BT-153), falling back to the first line of the description, then "item".
fn item_name(name: Option<&str>, description: Option<&str>) -> String {
    name.map(str::to_owned)
        .or_else(|| {
            description.and_then(|d| {
                d.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_owned)
            })
        })
        .unwrap_or_else(|| "item".to_owned())
}

/// A bare content with the given currency and lines; the rest is filled by the parsers.
fn content(currency: Currency, lines: Vec<Line>) -> DocumentContent {
    DocumentContent {
        currency,
        issue_date: None,
        due_date: None,
        payment_terms_days: None,
        delivery_date: None,
        period_start: None,
        period_end: None,
        buyer_reference: None,
        purchase_order: None,
        operation_type: None,
        note: None,
        payment_terms_text: None,
        valid_until: None,
        prices_include_vat: false,
        lines,
        allowances_charges: Vec::new(),
        prepaid: Decimal::ZERO,
        rounding: Decimal::ZERO,
        exemptions: Vec::new(),
    }
}

/// Collects the exemption reasons (BT-120, BT-121) of one breakdown row into `exemptions`:
/// the model keeps one reason per category.
fn add_exemption(
    exemptions: &mut Vec<CategoryExemption>,
    category: VatCategory,
    reason: Option<&str>,
    code: Option<&str>,
) -> R<()> {
    if reason.is_none() && code.is_none() {
        return Ok(());
    }
    let exemption = Exemption {
        code: code.map(str::to_owned),
        reason: reason.map(str::to_owned),
    };
    match exemptions.iter().find(|e| e.category == category) {
        Some(e) if e.exemption != exemption => Err(format!(
            "two different exemption reasons for VAT category {}: one per category is modeled",
            category.code()
        )),
        Some(_) => Ok(()),
        None => {
            exemptions.push(CategoryExemption {
                category,
                exemption,
            });
            Ok(())
        }
    }
}

/// Checks the rows of the stated breakdown are distinct per (category, rate).
fn check_breakdown(rows: &[(VatCategory, Option<Decimal>, Decimal, Decimal)]) -> R<()> {
    for (i, a) in rows.iter().enumerate() {
        if rows[..i].iter().any(|b| a.0 == b.0 && a.1 == b.1) {
            return Err(format!(
                "the VAT breakdown has two rows for {} {:?}",
                a.0.code(),
                a.1
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// CII (UN/CEFACT Cross Industry Invoice D16B)

/// Reads a CII invoice (`rsm:CrossIndustryInvoice`).
pub fn parse_cii(path: impl AsRef<Path>) -> R<Example> {
    let path = path.as_ref();
    let xml = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = Document::parse(&xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "CrossIndustryInvoice" {
        return Err(format!(
            "root element {} is not CrossIndustryInvoice",
            root.tag_name().name()
        ));
    }
    let header = el(root, "ExchangedDocument").ok_or("ExchangedDocument is missing")?;
    let kind = kind_of(text_at(header, &["TypeCode"]));
    let tx =
        el(root, "SupplyChainTradeTransaction").ok_or("SupplyChainTradeTransaction is missing")?;
    let agreement = el(tx, "ApplicableHeaderTradeAgreement");
    let delivery = el(tx, "ApplicableHeaderTradeDelivery");
    let settlement = el(tx, "ApplicableHeaderTradeSettlement")
        .ok_or("ApplicableHeaderTradeSettlement is missing")?;
    let currency = currency(text_at(settlement, &["InvoiceCurrencyCode"]))?;

    let mut lines = Vec::new();
    let mut line_nets = Vec::new();
    for item in els(tx, "IncludedSupplyChainTradeLineItem") {
        let (line, net) = cii_line(item)?;
        lines.push(line);
        line_nets.push(net);
    }

    let mut content = content(currency, lines);
    content.issue_date = cii_date(el(header, "IssueDateTime"), "issue date (BT-2)")?;
    content.due_date = cii_date(
        at(
            settlement,
            &["SpecifiedTradePaymentTerms", "DueDateDateTime"],
        ),
        "due date (BT-9)",
    )?;
    content.delivery_date = cii_date(
        delivery.and_then(|d| at(d, &["ActualDeliverySupplyChainEvent", "OccurrenceDateTime"])),
        "delivery date (BT-72)",
    )?;
    content.period_start = cii_date(
        at(settlement, &["BillingSpecifiedPeriod", "StartDateTime"]),
        "period start (BT-73)",
    )?;
    content.period_end = cii_date(
        at(settlement, &["BillingSpecifiedPeriod", "EndDateTime"]),
        "period end (BT-74)",
    )?;
    content.buyer_reference = agreement
        .and_then(|a| text_at(a, &["BuyerReference"]))
        .map(str::to_owned);
    content.purchase_order = agreement
        .and_then(|a| text_at(a, &["BuyerOrderReferencedDocument", "IssuerAssignedID"]))
        .map(str::to_owned);

    for ac in els(settlement, "SpecifiedTradeAllowanceCharge") {
        let what = format!("document allowance/charge ({})", position(ac));
        let charge = indicator(text_at(ac, &["ChargeIndicator", "Indicator"]), &what)?;
        let tax = el(ac, "CategoryTradeTax");
        let vat_category = tax
            .and_then(|t| text_at(t, &["CategoryCode"]))
            .map(|c| category(c, &what))
            .transpose()?;
        let vat_rate = tax
            .map(|t| dec(t, &["RateApplicablePercent"], &what))
            .transpose()?
            .flatten();
        content.allowances_charges.push(AllowanceCharge {
            charge,
            amount: dec(ac, &["ActualAmount"], &what)?,
            percent: dec(ac, &["CalculationPercent"], &what)?,
            base: dec(ac, &["BasisAmount"], &what)?,
            vat_category,
            vat_rate,
            reason: text_at(ac, &["Reason"]).map(str::to_owned),
            reason_code: text_at(ac, &["ReasonCode"]).map(str::to_owned),
        });
    }
    if el(settlement, "SpecifiedLogisticsServiceCharge").is_some() {
        return Err("logistics service charges (not EN 16931) are not modeled".into());
    }

    let mut breakdown = Vec::new();
    for t in els(settlement, "ApplicableTradeTax") {
        let what = format!("VAT breakdown ({})", position(t));
        let cat = category(
            text_at(t, &["CategoryCode"]).ok_or(format!("{what}: no category"))?,
            &what,
        )?;
        add_exemption(
            &mut content.exemptions,
            cat,
            text_at(t, &["ExemptionReason"]),
            text_at(t, &["ExemptionReasonCode"]),
        )?;
        breakdown.push((
            cat,
            dec(t, &["RateApplicablePercent"], &what)?,
            req_dec(t, &["BasisAmount"], &what)?,
            req_dec(t, &["CalculatedAmount"], &what)?,
        ));
    }
    check_breakdown(&breakdown)?;

    let sum = el(
        settlement,
        "SpecifiedTradeSettlementHeaderMonetarySummation",
    )
    .ok_or("the document totals (BG-22) are missing")?;
    let zero = |v: Option<Decimal>| v.unwrap_or(Decimal::ZERO);
    content.prepaid = zero(dec(sum, &["TotalPrepaidAmount"], "prepaid (BT-113)")?);
    content.rounding = zero(dec(sum, &["RoundingAmount"], "rounding (BT-114)")?);
    let tax_total = els(sum, "TaxTotalAmount")
        .find(|n| {
            n.attribute("currencyID")
                .is_none_or(|c| c == currency.code())
        })
        .and_then(text)
        .map(|t| parse_decimal(t, "VAT total (BT-110)"))
        .transpose()?;
    let expected = Expected {
        line_nets,
        line_total: req_dec(sum, &["LineTotalAmount"], "sum of lines (BT-106)")?,
        allowance_total: zero(dec(sum, &["AllowanceTotalAmount"], "allowances (BT-107)")?),
        charge_total: zero(dec(sum, &["ChargeTotalAmount"], "charges (BT-108)")?),
        tax_exclusive: req_dec(sum, &["TaxBasisTotalAmount"], "total without VAT (BT-109)")?,
        tax_total: zero(tax_total),
        tax_inclusive: req_dec(sum, &["GrandTotalAmount"], "total with VAT (BT-112)")?,
        prepaid: content.prepaid,
        rounding: content.rounding,
        due: req_dec(sum, &["DuePayableAmount"], "amount due (BT-115)")?,
        vat_breakdown: breakdown,
    };
    Ok(Example {
        path: path.to_owned(),
        content,
        kind,
        expected,
    })
}

fn cii_line(item: Node<'_, '_>) -> R<(Line, Decimal)> {
    let id = text_at(item, &["AssociatedDocumentLineDocument", "LineID"]).unwrap_or("?");
    let what = format!("line {id}");
    if let Some(status) = text_at(
        item,
        &["AssociatedDocumentLineDocument", "LineStatusReasonCode"],
    ) {
        return Err(format!(
            "{what}: line status '{status}' (group or information lines) is not modeled"
        ));
    }
    if el(item, "IncludedSubordinateTradeLineItem").is_some() {
        return Err(format!("{what}: sub-lines are not modeled"));
    }
    let product = el(item, "SpecifiedTradeProduct");
    let name = product.and_then(|p| text_at(p, &["Name"]));
    let description = product.and_then(|p| text_at(p, &["Description"]));
    let agreement =
        el(item, "SpecifiedLineTradeAgreement").ok_or(format!("{what}: no trade agreement"))?;
    let net = el(agreement, "NetPriceProductTradePrice")
        .ok_or(format!("{what}: no net price (BT-146)"))?;
    let unit_price = req_dec(
        net,
        &["ChargeAmount"],
        &format!("{what} net price (BT-146)"),
    )?;
    let base_quantity = dec(
        net,
        &["BasisQuantity"],
        &format!("{what} base quantity (BT-149)"),
    )?;
    let gross_node = el(agreement, "GrossPriceProductTradePrice");
    let mut gross_price = gross_node
        .map(|g| {
            dec(
                g,
                &["ChargeAmount"],
                &format!("{what} gross price (BT-148)"),
            )
        })
        .transpose()?
        .flatten();
    // The gross price may be stated for another base quantity than the net price (a CII
    // extension beyond EN 16931); the model keeps one base quantity, so restate the gross
    // price per the net base quantity when that is exact.
    if let (Some(g), Some(gross_node)) = (gross_price, gross_node) {
        let gross_base = dec(gross_node, &["BasisQuantity"], &what)?;
        let net_base = base_quantity.unwrap_or(Decimal::ONE);
        if let Some(gb) = gross_base
            && gb != net_base
        {
            let restated = (g * net_base / gb).normalize();
            if restated * gb != g * net_base || restated.scale() > 4 {
                return Err(format!(
                    "{what}: gross price {g} per {gb} cannot be restated exactly per the net base quantity {net_base}"
                ));
            }
            gross_price = Some(restated);
        }
    }
    let billed = at(item, &["SpecifiedLineTradeDelivery", "BilledQuantity"])
        .ok_or(format!("{what}: no quantity (BT-129)"))?;
    let quantity = parse_decimal(
        text(billed).ok_or(format!("{what}: empty quantity (BT-129)"))?,
        &format!("{what} quantity (BT-129)"),
    )?;
    let unit = billed
        .attribute("unitCode")
        .ok_or(format!("{what}: no unit (BT-130)"))?
        .to_owned();
    let settlement =
        el(item, "SpecifiedLineTradeSettlement").ok_or(format!("{what}: no line settlement"))?;
    let tax = el(settlement, "ApplicableTradeTax").ok_or(format!("{what}: no VAT (BT-151)"))?;
    let vat_category = category(
        text_at(tax, &["CategoryCode"]).ok_or(format!("{what}: no VAT category (BT-151)"))?,
        &what,
    )?;
    let vat_rate = dec(
        tax,
        &["RateApplicablePercent"],
        &format!("{what} VAT rate (BT-152)"),
    )?;
    let mut allowances_charges = Vec::new();
    for ac in els(settlement, "SpecifiedTradeAllowanceCharge") {
        let w = format!("{what} allowance/charge ({})", position(ac));
        allowances_charges.push(LineAllowanceCharge {
            charge: indicator(text_at(ac, &["ChargeIndicator", "Indicator"]), &w)?,
            amount: dec(ac, &["ActualAmount"], &w)?,
            percent: dec(ac, &["CalculationPercent"], &w)?,
            base: dec(ac, &["BasisAmount"], &w)?,
            reason: text_at(ac, &["Reason"]).map(str::to_owned),
            reason_code: text_at(ac, &["ReasonCode"]).map(str::to_owned),
        });
    }
    let line_net = req_dec(
        settlement,
        &[
            "SpecifiedTradeSettlementLineMonetarySummation",
            "LineTotalAmount",
        ],
        &format!("{what} net amount (BT-131)"),
    )?;
    Ok((
        Line {
            name: item_name(name, description),
            description: description.map(str::to_owned),
            quantity,
            unit,
            unit_price,
            gross_price,
            base_quantity,
            allowances_charges,
            vat_category: Some(vat_category),
            vat_rate,
        },
        line_net,
    ))
}

// ---------------------------------------------------------------------------------------------
// UBL 2.1 (Invoice and CreditNote)

/// Reads a UBL invoice (`Invoice`) or credit note (`CreditNote`).
pub fn parse_ubl(path: impl AsRef<Path>) -> R<Example> {
    let path = path.as_ref();
    let xml = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = Document::parse(&xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    let (credit_note, line_tag, quantity_tag, type_tag) = match root.tag_name().name() {
        "Invoice" => (false, "InvoiceLine", "InvoicedQuantity", "InvoiceTypeCode"),
        "CreditNote" => (
            true,
            "CreditNoteLine",
            "CreditedQuantity",
            "CreditNoteTypeCode",
        ),
        other => return Err(format!("root element {other} is not Invoice or CreditNote")),
    };
    let type_code = text_at(root, &[type_tag]).or(credit_note.then_some("381"));
    let kind = kind_of(type_code);
    let currency = currency(text_at(root, &["DocumentCurrencyCode"]))?;

    let mut lines = Vec::new();
    let mut line_nets = Vec::new();
    for item in els(root, line_tag) {
        let (line, net) = ubl_line(item, quantity_tag)?;
        lines.push(line);
        line_nets.push(net);
    }

    let mut content = content(currency, lines);
    content.issue_date = iso_date(text_at(root, &["IssueDate"]), "issue date (BT-2)")?;
    content.due_date = iso_date(
        text_at(root, &["DueDate"])
            .or_else(|| els(root, "PaymentMeans").find_map(|m| text_at(m, &["PaymentDueDate"]))),
        "due date (BT-9)",
    )?;
    content.delivery_date = iso_date(
        text_at(root, &["Delivery", "ActualDeliveryDate"]),
        "delivery date (BT-72)",
    )?;
    content.period_start = iso_date(
        text_at(root, &["InvoicePeriod", "StartDate"]),
        "period start (BT-73)",
    )?;
    content.period_end = iso_date(
        text_at(root, &["InvoicePeriod", "EndDate"]),
        "period end (BT-74)",
    )?;
    content.buyer_reference = text_at(root, &["BuyerReference"]).map(str::to_owned);
    content.purchase_order = text_at(root, &["OrderReference", "ID"]).map(str::to_owned);

    for ac in els(root, "AllowanceCharge") {
        let what = format!("document allowance/charge ({})", position(ac));
        let tax = el(ac, "TaxCategory");
        let vat_category = tax
            .and_then(|t| text_at(t, &["ID"]))
            .map(|c| category(c, &what))
            .transpose()?;
        let vat_rate = tax
            .map(|t| dec(t, &["Percent"], &what))
            .transpose()?
            .flatten();
        content.allowances_charges.push(AllowanceCharge {
            charge: indicator(text_at(ac, &["ChargeIndicator"]), &what)?,
            amount: dec(ac, &["Amount"], &what)?,
            percent: dec(ac, &["MultiplierFactorNumeric"], &what)?,
            base: dec(ac, &["BaseAmount"], &what)?,
            vat_category,
            vat_rate,
            reason: text_at(ac, &["AllowanceChargeReason"]).map(str::to_owned),
            reason_code: text_at(ac, &["AllowanceChargeReasonCode"]).map(str::to_owned),
        });
    }

    // BT-110 and BG-23 are in the TaxTotal in the invoice currency; another TaxTotal may carry
    // the VAT total in the accounting currency (BT-111), which the model does not keep.
    let tax_totals: Vec<Node> = els(root, "TaxTotal").collect();
    let in_currency = |t: &Node| {
        el(*t, "TaxAmount")
            .and_then(|a| a.attribute("currencyID"))
            .is_none_or(|c| c == currency.code())
    };
    let main = match tax_totals.iter().filter(|t| in_currency(t)).count() {
        0 => None,
        1 => tax_totals.iter().find(|t| in_currency(t)).copied(),
        _ => return Err("two TaxTotal elements in the invoice currency".into()),
    };
    let mut breakdown = Vec::new();
    for t in main.iter().flat_map(|m| els(*m, "TaxSubtotal")) {
        let what = format!("VAT breakdown ({})", position(t));
        let cat_node = el(t, "TaxCategory").ok_or(format!("{what}: no category"))?;
        let cat = category(
            text_at(cat_node, &["ID"]).ok_or(format!("{what}: no category"))?,
            &what,
        )?;
        add_exemption(
            &mut content.exemptions,
            cat,
            text_at(cat_node, &["TaxExemptionReason"]),
            text_at(cat_node, &["TaxExemptionReasonCode"]),
        )?;
        breakdown.push((
            cat,
            dec(cat_node, &["Percent"], &what)?,
            req_dec(t, &["TaxableAmount"], &what)?,
            req_dec(t, &["TaxAmount"], &what)?,
        ));
    }
    check_breakdown(&breakdown)?;

    let sum = el(root, "LegalMonetaryTotal").ok_or("the document totals (BG-22) are missing")?;
    let zero = |v: Option<Decimal>| v.unwrap_or(Decimal::ZERO);
    content.prepaid = zero(dec(sum, &["PrepaidAmount"], "prepaid (BT-113)")?);
    content.rounding = zero(dec(sum, &["PayableRoundingAmount"], "rounding (BT-114)")?);
    let tax_total = main
        .map(|m| dec(m, &["TaxAmount"], "VAT total (BT-110)"))
        .transpose()?
        .flatten();
    let expected = Expected {
        line_nets,
        line_total: req_dec(sum, &["LineExtensionAmount"], "sum of lines (BT-106)")?,
        allowance_total: zero(dec(sum, &["AllowanceTotalAmount"], "allowances (BT-107)")?),
        charge_total: zero(dec(sum, &["ChargeTotalAmount"], "charges (BT-108)")?),
        tax_exclusive: req_dec(sum, &["TaxExclusiveAmount"], "total without VAT (BT-109)")?,
        tax_total: zero(tax_total),
        tax_inclusive: req_dec(sum, &["TaxInclusiveAmount"], "total with VAT (BT-112)")?,
        prepaid: content.prepaid,
        rounding: content.rounding,
        due: req_dec(sum, &["PayableAmount"], "amount due (BT-115)")?,
        vat_breakdown: breakdown,
    };
    Ok(Example {
        path: path.to_owned(),
        content,
        kind,
        expected,
    })
}

fn ubl_line(item: Node<'_, '_>, quantity_tag: &str) -> R<(Line, Decimal)> {
    let id = text_at(item, &["ID"]).unwrap_or("?");
    let what = format!("line {id}");
    if el(item, "SubInvoiceLine").is_some() || el(item, "SubCreditNoteLine").is_some() {
        return Err(format!("{what}: sub-lines are not modeled"));
    }
    let product = el(item, "Item").ok_or(format!("{what}: no item"))?;
    let name = text_at(product, &["Name"]);
    let description = text_at(product, &["Description"]);
    let price = el(item, "Price").ok_or(format!("{what}: no price (BT-146)"))?;
    let unit_price = req_dec(
        price,
        &["PriceAmount"],
        &format!("{what} net price (BT-146)"),
    )?;
    let base_quantity = dec(
        price,
        &["BaseQuantity"],
        &format!("{what} base quantity (BT-149)"),
    )?;
    let gross_price = el(price, "AllowanceCharge")
        .map(|ac| dec(ac, &["BaseAmount"], &format!("{what} gross price (BT-148)")))
        .transpose()?
        .flatten();
    let qty = el(item, quantity_tag).ok_or(format!("{what}: no quantity (BT-129)"))?;
    let quantity = parse_decimal(
        text(qty).ok_or(format!("{what}: empty quantity (BT-129)"))?,
        &format!("{what} quantity (BT-129)"),
    )?;
    let unit = qty
        .attribute("unitCode")
        .ok_or(format!("{what}: no unit (BT-130)"))?
        .to_owned();
    let tax = el(product, "ClassifiedTaxCategory").ok_or(format!("{what}: no VAT (BT-151)"))?;
    let vat_category = category(
        text_at(tax, &["ID"]).ok_or(format!("{what}: no VAT category (BT-151)"))?,
        &what,
    )?;
    let vat_rate = dec(tax, &["Percent"], &format!("{what} VAT rate (BT-152)"))?;
    let mut allowances_charges = Vec::new();
    for ac in els(item, "AllowanceCharge") {
        let w = format!("{what} allowance/charge ({})", position(ac));
        allowances_charges.push(LineAllowanceCharge {
            charge: indicator(text_at(ac, &["ChargeIndicator"]), &w)?,
            amount: dec(ac, &["Amount"], &w)?,
            percent: dec(ac, &["MultiplierFactorNumeric"], &w)?,
            base: dec(ac, &["BaseAmount"], &w)?,
            reason: text_at(ac, &["AllowanceChargeReason"]).map(str::to_owned),
            reason_code: text_at(ac, &["AllowanceChargeReasonCode"]).map(str::to_owned),
        });
    }
    let line_net = req_dec(
        item,
        &["LineExtensionAmount"],
        &format!("{what} net amount (BT-131)"),
    )?;
    Ok((
        Line {
            name: item_name(name, description),
            description: description.map(str::to_owned),
            quantity,
            unit,
            unit_price,
            gross_price,
            base_quantity,
            allowances_charges,
            vat_category: Some(vat_category),
            vat_rate,
        },
        line_net,
    ))
}
