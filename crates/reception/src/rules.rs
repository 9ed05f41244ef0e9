//! The core EN 16931 business rules on what we store, with their official ids. Sums are
//! rounded as the official schematron rounds them (XPath `round(x * 100) div 100`). Where the
//! CII and UBL schematrons tolerate a difference of up to one currency unit (BR-CO-17, BR-S-08
//! and its kin), a difference of at least one unit is an error, a smaller one a warning.

use crate::amount::{xpath_round0, xpath_round2};
use crate::codes;
use crate::model::{Finding, Format, Line, Party, Received, VatBreakdown};
use rust_decimal::Decimal;

pub fn check(r: &Received) -> Vec<Finding> {
    let mut f = Vec::new();
    required(r, &mut f);
    for (i, line) in r.lines.iter().enumerate() {
        line_rules(i, line, &mut f);
    }
    totals(r, &mut f);
    breakdowns(r, &mut f);
    categories(r, &mut f);
    code_lists(r, &mut f);
    decimals(r, &mut f);
    f
}

fn required(r: &Received, f: &mut Vec<Finding>) {
    let missing: [(&str, bool, &str); 7] = [
        (
            "BR-01",
            r.specification_id.is_none(),
            "a specification identifier (BT-24)",
        ),
        ("BR-02", r.number.is_none(), "an invoice number (BT-1)"),
        (
            "BR-04",
            r.type_code.is_none(),
            "an invoice type code (BT-3)",
        ),
        (
            "BR-05",
            r.currency.is_none(),
            "an invoice currency code (BT-5)",
        ),
        (
            "BR-06",
            r.seller.name.is_none(),
            "the seller's name (BT-27)",
        ),
        ("BR-07", r.buyer.name.is_none(), "the buyer's name (BT-44)"),
        (
            "BR-08",
            r.seller.address.is_none(),
            "the seller's postal address (BG-5)",
        ),
    ];
    for (rule, is_missing, what) in missing {
        if is_missing {
            f.push(Finding::error(rule, format!("The invoice has no {what}.")));
        }
    }
    if r.seller.address.is_some() && country(&r.seller).is_none() {
        f.push(Finding::error(
            "BR-09",
            "The seller's postal address has no country code (BT-40).",
        ));
    }
    if r.buyer.address.is_none() {
        f.push(Finding::error(
            "BR-10",
            "The invoice has no buyer postal address (BG-8).",
        ));
    } else if country(&r.buyer).is_none() {
        f.push(Finding::error(
            "BR-11",
            "The buyer's postal address has no country code (BT-55).",
        ));
    }
    let t = &r.totals;
    let totals: [(&str, bool, &str); 3] = [
        (
            "BR-12",
            t.line_total.is_none(),
            "sum of invoice line net amounts (BT-106)",
        ),
        (
            "BR-13",
            t.without_vat.is_none(),
            "invoice total without VAT (BT-109)",
        ),
        (
            "BR-15",
            t.payable.is_none(),
            "amount due for payment (BT-115)",
        ),
    ];
    for (rule, is_missing, what) in totals {
        if is_missing {
            f.push(Finding::error(rule, format!("The invoice has no {what}.")));
        }
    }
    if r.lines.is_empty() {
        f.push(Finding::error("BR-16", "The invoice has no line (BG-25)."));
    }
    if r.vat_breakdown.is_empty() {
        f.push(Finding::error(
            "BR-CO-18",
            "The invoice has no VAT breakdown (BG-23).",
        ));
    }
    // The official UBL schematron tests BR-CO-25 on Invoice documents only, not CreditNote.
    let ubl_credit_note = r.format == Format::Ubl && r.is_credit_note;
    if t.payable.is_some_and(|p| p > Decimal::ZERO)
        && !ubl_credit_note
        && r.due_date.is_none()
        && r.payment.terms.is_none()
    {
        f.push(Finding::error(
            "BR-CO-25",
            "An amount is due for payment but the invoice gives neither a due date (BT-9) \
             nor payment terms (BT-20).",
        ));
    }
    let s = &r.seller;
    if s.identifier.is_none() && s.legal_id.is_none() && s.vat_id.is_none() {
        f.push(Finding::error(
            "BR-CO-26",
            "The seller has no identifier (BT-29), legal registration identifier (BT-30) \
             nor VAT identifier (BT-31).",
        ));
    }
}

fn country(p: &Party) -> Option<&str> {
    p.address.as_ref()?.country.as_deref()
}

fn line_rules(i: usize, l: &Line, f: &mut Vec<Finding>) {
    let n = i + 1;
    let label = match &l.id {
        Some(id) => format!("Line {n} ({id})"),
        None => format!("Line {n}"),
    };
    let missing: [(&str, bool, &str); 7] = [
        ("BR-21", l.id.is_none(), "no line identifier (BT-126)"),
        (
            "BR-22",
            l.quantity.is_none(),
            "no invoiced quantity (BT-129)",
        ),
        (
            "BR-23",
            l.quantity.is_some() && l.unit_code.is_none(),
            "no unit of measure code (BT-130)",
        ),
        ("BR-24", l.net_amount.is_none(), "no net amount (BT-131)"),
        ("BR-25", l.name.is_none(), "no item name (BT-153)"),
        ("BR-26", l.net_price.is_none(), "no item net price (BT-146)"),
        (
            "BR-CO-04",
            l.vat_category.is_none(),
            "no VAT category code (BT-151)",
        ),
    ];
    for (rule, is_missing, what) in missing {
        if is_missing {
            f.push(Finding::error(rule, format!("{label} has {what}.")));
        }
    }
    if let Some(price) = l.net_price.filter(|p| p.is_sign_negative() && !p.is_zero()) {
        f.push(Finding::error(
            "BR-27",
            format!("{label} has a negative item net price (BT-146): {price}."),
        ));
    }
    let (Some(cat), rate) = (l.vat_category.as_deref(), l.vat_rate) else {
        return;
    };
    let Some(prefix) = rule_prefix(cat) else {
        return;
    };
    let rule = format!("BR-{prefix}-05");
    let problem = match cat {
        "S" => rate
            .is_none_or(|r| r <= Decimal::ZERO)
            .then_some("greater than zero"),
        "Z" | "E" | "AE" | "K" | "G" => (rate != Some(Decimal::ZERO)).then_some("0"),
        "O" => rate.is_some().then_some("absent"),
        "L" | "M" => rate
            .is_none_or(|r| r < Decimal::ZERO)
            .then_some("0 or more"),
        _ => None,
    };
    if let Some(expected) = problem {
        let got = rate.map_or_else(|| "absent".to_owned(), |r| r.to_string());
        f.push(Finding::error(
            &rule,
            format!(
                "{label} has VAT category {cat}; its VAT rate (BT-152) must be {expected}, \
                 it is {got}."
            ),
        ));
    }
}

/// The letters of a VAT category's rules: BR-S-…, BR-IC-… for K, BR-AF-… for L (IGIC),
/// BR-AG-… for M (IPSI).
fn rule_prefix(category: &str) -> Option<&'static str> {
    Some(match category {
        "S" => "S",
        "Z" => "Z",
        "E" => "E",
        "AE" => "AE",
        "K" => "IC",
        "G" => "G",
        "O" => "O",
        "L" => "AF",
        "M" => "AG",
        _ => return None,
    })
}

fn sum(values: impl Iterator<Item = Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, |a, b| a + b)
}

fn totals(r: &Received, f: &mut Vec<Finding>) {
    let t = &r.totals;
    let mut eq = |rule: &str, what: &str, stated: Option<Decimal>, computed: Decimal| {
        if let Some(stated) = stated
            && stated != computed
        {
            f.push(Finding::error(
                rule,
                format!("{what}: the invoice states {stated}, its figures give {computed}."),
            ));
        }
    };
    let lines = xpath_round2(sum(r.lines.iter().filter_map(|l| l.net_amount)));
    eq(
        "BR-CO-10",
        "Sum of line net amounts (BT-106) = Σ line net amounts (BT-131)",
        t.line_total,
        lines,
    );
    let of_kind = |charge: bool| {
        r.allowances_charges
            .iter()
            .filter(move |a| a.charge == charge)
            .filter_map(|a| a.amount)
    };
    let any = |charge: bool| r.allowances_charges.iter().any(|a| a.charge == charge);
    let allowances = xpath_round2(sum(of_kind(false)));
    let charges = xpath_round2(sum(of_kind(true)));
    eq(
        "BR-CO-11",
        "Sum of allowances (BT-107) = Σ document-level allowances (BT-92)",
        t.allowances,
        allowances,
    );
    if t.allowances.is_none() && any(false) {
        eq(
            "BR-CO-11",
            "Sum of allowances (BT-107), absent, = Σ document-level allowances (BT-92)",
            Some(Decimal::ZERO),
            allowances,
        );
    }
    eq(
        "BR-CO-12",
        "Sum of charges (BT-108) = Σ document-level charges (BT-99)",
        t.charges,
        charges,
    );
    if t.charges.is_none() && any(true) {
        eq(
            "BR-CO-12",
            "Sum of charges (BT-108), absent, = Σ document-level charges (BT-99)",
            Some(Decimal::ZERO),
            charges,
        );
    }
    if let Some(line_total) = t.line_total {
        let zero = Decimal::ZERO;
        let computed = if t.allowances.is_none() && t.charges.is_none() {
            line_total
        } else {
            xpath_round2(line_total - t.allowances.unwrap_or(zero) + t.charges.unwrap_or(zero))
        };
        eq(
            "BR-CO-13",
            "Total without VAT (BT-109) = BT-106 - BT-107 + BT-108",
            t.without_vat,
            computed,
        );
    }
    if !r.vat_breakdown.is_empty() {
        eq(
            "BR-CO-14",
            "Total VAT (BT-110) = Σ VAT category tax amounts (BT-117)",
            t.vat,
            xpath_round2(sum(r.vat_breakdown.iter().filter_map(|b| b.tax))),
        );
    }
    if let Some(without_vat) = t.without_vat {
        eq(
            "BR-CO-15",
            "Total with VAT (BT-112) = BT-109 + BT-110",
            Some(t.with_vat),
            xpath_round2(without_vat + t.vat.unwrap_or(Decimal::ZERO)),
        );
    }
    let due = xpath_round2(
        t.with_vat - t.prepaid.unwrap_or(Decimal::ZERO) + t.rounding.unwrap_or(Decimal::ZERO),
    );
    eq(
        "BR-CO-16",
        "Amount due (BT-115) = BT-112 - BT-113 + BT-114",
        t.payable,
        due,
    );
}

fn breakdowns(r: &Received, f: &mut Vec<Finding>) {
    for (i, b) in r.vat_breakdown.iter().enumerate() {
        let label = match (&b.category, b.rate) {
            (Some(c), Some(rate)) => format!("The VAT breakdown {c} {rate} %"),
            (Some(c), None) => format!("The VAT breakdown {c}"),
            _ => format!("VAT breakdown {}", i + 1),
        };
        let missing: [(&str, bool, &str); 4] = [
            ("BR-45", b.taxable.is_none(), "no taxable amount (BT-116)"),
            ("BR-46", b.tax.is_none(), "no tax amount (BT-117)"),
            (
                "BR-47",
                b.category.is_none(),
                "no VAT category code (BT-118)",
            ),
            (
                "BR-48",
                b.rate.is_none() && b.category.as_deref() != Some("O"),
                "no VAT rate (BT-119)",
            ),
        ];
        for (rule, is_missing, what) in missing {
            if is_missing {
                f.push(Finding::error(rule, format!("{label} has {what}.")));
            }
        }
        tax_amount(&label, b, f);
        if let Some(cat) = b.category.as_deref() {
            category_breakdown(r, &label, cat, b, f);
        }
    }
}

/// BR-CO-17: BT-117 = BT-116 × BT-119 / 100, rounded to two decimals.
fn tax_amount(label: &str, b: &VatBreakdown, f: &mut Vec<Finding>) {
    let (Some(taxable), Some(tax)) = (b.taxable, b.tax) else {
        return;
    };
    let rate = b.rate.unwrap_or(Decimal::ZERO);
    if xpath_round0(rate).is_zero() {
        if !xpath_round0(tax).is_zero() {
            f.push(Finding::error(
                "BR-CO-17",
                format!("{label}: a zero rate with a tax amount (BT-117) of {tax}."),
            ));
        }
        return;
    }
    let expected = xpath_round2(taxable.abs() * rate / Decimal::ONE_HUNDRED);
    let off = (tax.abs() - expected).abs();
    let message = format!(
        "{label}: tax amount (BT-117) {tax} is not taxable amount (BT-116) {taxable} × {rate} % \
         = {expected}."
    );
    if off >= Decimal::ONE {
        f.push(Finding::error("BR-CO-17", message));
    } else if off > Decimal::new(1, 2) {
        f.push(Finding::warning("BR-CO-17", message));
    }
}

/// BR-x-08 (taxable amount of a category = its lines + charges - allowances), BR-x-09 (no tax
/// where the category bears none) and BR-x-10 (exemption reason present, or absent for S, Z).
fn category_breakdown(
    r: &Received,
    label: &str,
    cat: &str,
    b: &VatBreakdown,
    f: &mut Vec<Finding>,
) {
    let Some(prefix) = rule_prefix(cat) else {
        return;
    };
    // S, L and M are broken down per rate; the others per category.
    let per_rate = matches!(cat, "S" | "L" | "M");
    let matches =
        |c: Option<&str>, rate: Option<Decimal>| c == Some(cat) && (!per_rate || rate == b.rate);
    if let Some(taxable) = b.taxable {
        let lines = xpath_round2(sum(r
            .lines
            .iter()
            .filter(|l| matches(l.vat_category.as_deref(), l.vat_rate))
            .filter_map(|l| l.net_amount)));
        let ac = |charge: bool| {
            xpath_round2(sum(r
                .allowances_charges
                .iter()
                .filter(|a| a.charge == charge && matches(a.vat_category.as_deref(), a.vat_rate))
                .filter_map(|a| a.amount)))
        };
        let expected = lines + ac(true) - ac(false);
        // Several breakdowns of one category (E with two exemption reasons) share its lines.
        let stated = if per_rate {
            taxable
        } else {
            sum(r
                .vat_breakdown
                .iter()
                .filter(|o| o.category.as_deref() == Some(cat))
                .filter_map(|o| o.taxable))
        };
        let off = (stated - expected).abs();
        let message = format!(
            "{label}: taxable amount (BT-116) {stated} is not the lines' net amounts plus \
             charges minus allowances of that category{} = {expected}.",
            if per_rate { " and rate" } else { "" }
        );
        if off >= Decimal::ONE {
            f.push(Finding::error(&format!("BR-{prefix}-08"), message));
        } else if !off.is_zero() {
            f.push(Finding::warning(&format!("BR-{prefix}-08"), message));
        }
    }
    let no_tax = matches!(cat, "Z" | "E" | "AE" | "K" | "G" | "O");
    if no_tax && b.tax.is_some_and(|t| !t.is_zero()) {
        f.push(Finding::error(
            &format!("BR-{prefix}-09"),
            format!(
                "{label}: category {cat} bears no VAT, yet its tax amount (BT-117) is {}.",
                b.tax.unwrap_or_default()
            ),
        ));
    }
    let has_reason = b.exemption_reason.is_some() || b.exemption_reason_code.is_some();
    let needs_reason = matches!(cat, "E" | "AE" | "K" | "G" | "O");
    if needs_reason && !has_reason {
        f.push(Finding::error(
            &format!("BR-{prefix}-10"),
            format!("{label} has no VAT exemption reason (BT-120) nor reason code (BT-121)."),
        ));
    } else if matches!(cat, "S" | "Z") && has_reason {
        f.push(Finding::error(
            &format!("BR-{prefix}-10"),
            format!("{label} must not have a VAT exemption reason (BT-120, BT-121)."),
        ));
    }
}

/// BR-x-01: a category used by a line or an allowance/charge has a breakdown;
/// BR-x-02: the VAT identifiers that category requires (or, for O, forbids).
fn categories(r: &Received, f: &mut Vec<Finding>) {
    let used: Vec<&str> = r
        .lines
        .iter()
        .filter_map(|l| l.vat_category.as_deref())
        .chain(
            r.allowances_charges
                .iter()
                .filter_map(|a| a.vat_category.as_deref()),
        )
        .collect();
    let on_lines = |cat: &str| {
        r.lines
            .iter()
            .any(|l| l.vat_category.as_deref() == Some(cat))
    };
    let seller_vat = r.seller.vat_id.is_some() || r.tax_representative_vat_id.is_some();
    let seller_any = seller_vat || r.seller.tax_registration_id.is_some();
    let buyer_vat = r.buyer.vat_id.is_some();
    for cat in ["S", "Z", "E", "AE", "K", "G", "O", "L", "M"] {
        let Some(prefix) = rule_prefix(cat) else {
            continue;
        };
        if used.contains(&cat)
            && !r
                .vat_breakdown
                .iter()
                .any(|b| b.category.as_deref() == Some(cat))
        {
            f.push(Finding::error(
                &format!("BR-{prefix}-01"),
                format!("VAT category {cat} is used but has no VAT breakdown (BG-23)."),
            ));
        }
        if !on_lines(cat) {
            continue;
        }
        let problem = match cat {
            "S" | "Z" | "E" if !seller_any => Some(
                "needs the seller's VAT identifier (BT-31), tax registration (BT-32) or tax \
                 representative's VAT identifier (BT-63)",
            ),
            "AE" if !seller_any || !(buyer_vat || r.buyer.legal_id.is_some()) => Some(
                "needs the seller's VAT identifier (BT-31, BT-32 or BT-63) and the buyer's VAT \
                 identifier (BT-48) or legal registration identifier (BT-47)",
            ),
            "K" if !seller_vat || !buyer_vat => Some(
                "needs the seller's VAT identifier (BT-31 or BT-63) and the buyer's VAT \
                 identifier (BT-48)",
            ),
            "G" if !seller_vat => {
                Some("needs the seller's VAT identifier (BT-31) or tax representative's (BT-63)")
            }
            "O" if seller_vat || buyer_vat => Some(
                "must not come with the seller's (BT-31, BT-63) or the buyer's (BT-48) VAT \
                 identifier",
            ),
            _ => None,
        };
        if let Some(problem) = problem {
            f.push(Finding::error(
                &format!("BR-{prefix}-02"),
                format!("A line in VAT category {cat} {problem}."),
            ));
        }
    }
}

fn code_lists(r: &Received, f: &mut Vec<Finding>) {
    if let Some(code) = r.type_code.as_deref()
        && !codes::INVOICE_TYPES.contains(&code)
        && !codes::CREDIT_NOTE_TYPES.contains(&code)
    {
        f.push(Finding::error(
            "BR-CL-01",
            format!("The invoice type code (BT-3) {code} is not a UNTDID 1001 code of EN 16931."),
        ));
    }
    if let Some(c) = r.currency.as_deref()
        && !codes::CURRENCIES.contains(&c)
    {
        f.push(Finding::error(
            "BR-CL-04",
            format!("The invoice currency (BT-5) {c} is not an ISO 4217 code."),
        ));
    }
    for (who, p) in [("seller", &r.seller), ("buyer", &r.buyer)] {
        if let Some(c) = country(p)
            && !codes::is_country(c)
        {
            f.push(Finding::error(
                "BR-CL-14",
                format!("The {who}'s country code {c} is not an ISO 3166-1 alpha-2 code."),
            ));
        }
    }
    let vat_ids = [
        (
            "seller's VAT identifier (BT-31)",
            r.seller.vat_id.as_deref(),
        ),
        (
            "tax representative's VAT identifier (BT-63)",
            r.tax_representative_vat_id.as_deref(),
        ),
        ("buyer's VAT identifier (BT-48)", r.buyer.vat_id.as_deref()),
    ];
    for (what, id) in vat_ids {
        if let Some(id) = id
            && !id.get(..2).is_some_and(codes::is_vat_prefix)
        {
            f.push(Finding::error(
                "BR-CO-09",
                format!("The {what} {id} does not start with a country code (ISO 3166-1, EL for Greece)."),
            ));
        }
    }
    let cats = r
        .lines
        .iter()
        .filter_map(|l| l.vat_category.as_deref())
        .chain(r.vat_breakdown.iter().filter_map(|b| b.category.as_deref()))
        .chain(
            r.allowances_charges
                .iter()
                .filter_map(|a| a.vat_category.as_deref()),
        );
    let mut reported: Vec<&str> = Vec::new();
    for c in cats {
        if !codes::VAT_CATEGORIES.contains(&c) && !reported.contains(&c) {
            reported.push(c);
            f.push(Finding::error(
                "BR-CL-18",
                format!("The VAT category code {c} is not a UNCL 5305 code of EN 16931."),
            ));
        }
    }
}

/// BR-DEC-…: amounts have at most two decimals.
fn decimals(r: &Received, f: &mut Vec<Finding>) {
    let t = &r.totals;
    let mut check = |rule: &str, what: &str, value: Option<Decimal>| {
        if let Some(v) = value
            && v.scale() > 2
        {
            f.push(Finding::error(
                rule,
                format!("The {what} {v} has more than two decimals."),
            ));
        }
    };
    check(
        "BR-DEC-09",
        "sum of line net amounts (BT-106)",
        t.line_total,
    );
    check("BR-DEC-10", "sum of allowances (BT-107)", t.allowances);
    check("BR-DEC-11", "sum of charges (BT-108)", t.charges);
    check("BR-DEC-12", "total without VAT (BT-109)", t.without_vat);
    check("BR-DEC-13", "total VAT (BT-110)", t.vat);
    check("BR-DEC-14", "total with VAT (BT-112)", Some(t.with_vat));
    check("BR-DEC-16", "paid amount (BT-113)", t.prepaid);
    check("BR-DEC-17", "rounding amount (BT-114)", t.rounding);
    check("BR-DEC-18", "amount due (BT-115)", t.payable);
    for a in &r.allowances_charges {
        let (rule, what) = if a.charge {
            ("BR-DEC-05", "document-level charge (BT-99)")
        } else {
            ("BR-DEC-01", "document-level allowance (BT-92)")
        };
        check(rule, what, a.amount);
    }
    for b in &r.vat_breakdown {
        check(
            "BR-DEC-19",
            "VAT category taxable amount (BT-116)",
            b.taxable,
        );
        check("BR-DEC-20", "VAT category tax amount (BT-117)", b.tax);
    }
    for l in &r.lines {
        check("BR-DEC-23", "line net amount (BT-131)", l.net_amount);
    }
}
