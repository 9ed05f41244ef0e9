//! Properties of validation and of the EN 16931 totals over random valid documents: the
//! BR-CO sums, VAT rounded once per category and rate, amounts in the currency's minor unit,
//! independence from line order, idempotent validation, JSON round trips; and garbage in the
//! decimal fields of JSON never panics.

#![allow(clippy::unwrap_used)]

use autoinvoice_domain::document::{
    AllowanceCharge, CategoryExemption, DocumentContent, Line, LineAllowanceCharge, SellerContext,
};
use autoinvoice_domain::money::Currency;
use autoinvoice_domain::totals::{self, Totals};
use autoinvoice_domain::vat::{Exemption, VatCategory, VatRegime};
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

const SELLER: SellerContext = SellerContext {
    regime: VatRegime::Normal,
};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Commercial rounding written out here, independently of the crate's own.
fn round_half_away(v: Decimal, decimals: u32) -> Decimal {
    v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

// ---------------------------------------------------------------------------------------------
// Generators

fn currency() -> impl Strategy<Value = Currency> {
    prop::sample::select(vec!["EUR", "USD", "JPY", "KWD"]).prop_map(|c| Currency::parse(c).unwrap())
}

/// A decimal of magnitude at most `max`, with at most `max_scale` decimals; negative too
/// when `negative`.
fn decimal(max: i64, negative: bool, max_scale: u32) -> impl Strategy<Value = Decimal> {
    let bound = max * 10_000;
    let min = if negative { -bound } else { 0 };
    (min..=bound, 0..=max_scale).prop_map(|(m, s)| round_half_away(Decimal::new(m, 4), s))
}

/// A VAT category with a rate it accepts, in the forms people type (0, 0.00, absent).
fn category_rate() -> impl Strategy<Value = (VatCategory, Option<Decimal>)> {
    let zero = || prop::sample::select(vec![None, Some("0"), Some("0.00")]);
    prop_oneof![
        6 => prop::sample::select(vec!["20", "10", "5.5", "2.1", "19", "7", "20.00"])
            .prop_map(|r| (VatCategory::S, Some(d(r)))),
        1 => (
            prop::sample::select(vec![
                VatCategory::Z,
                VatCategory::E,
                VatCategory::AE,
                VatCategory::K,
                VatCategory::G,
            ]),
            zero()
        )
            .prop_map(|(c, r)| (c, r.map(d))),
        1 => prop::sample::select(vec![None, Some("0")])
            .prop_map(|r| (VatCategory::O, r.map(d))),
    ]
}

/// An allowance or charge: an amount, or a percentage with or without its base.
#[derive(Debug, Clone)]
struct AcSpec {
    /// A percentage without its base; the generators give a base where the computed one could
    /// be negative (validation refuses a negative allowance).
    charge: bool,
    amount: Option<Decimal>,
    percent: Option<Decimal>,
    base: Option<Decimal>,
    reason: Option<String>,
}

fn ac_spec(max_amount: i64) -> impl Strategy<Value = AcSpec> {
    (
        any::<bool>(),
        prop_oneof![
            decimal(max_amount, false, 2).prop_map(|a| (Some(a), None, None)),
            (
                decimal(100, false, 2),
                prop::option::of(decimal(max_amount, false, 2))
            )
                .prop_map(|(p, b)| (None, Some(p), b)),
        ],
        prop::option::of(prop::sample::select(vec!["Remise", "Port", " Frais  "])),
    )
        .prop_map(|(charge, (amount, percent, base), reason)| AcSpec {
            charge,
            amount,
            percent,
            base,
            reason: reason.map(str::to_owned),
        })
}

fn line() -> impl Strategy<Value = Line> {
    (
        // Quantities up to 10 000 with up to 4 decimals, negatives included, never zero.
        decimal(10_000, true, 4).prop_filter("zero quantity", |q| !q.is_zero()),
        // Prices up to 100 000 with up to 4 decimals.
        decimal(100_000, false, 4),
        prop::option::of(decimal(100, false, 4)),
        prop::option::of(prop::sample::select(vec![
            "1", "1.000", "10", "100", "0.5", "12",
        ])),
        prop::collection::vec(ac_spec(10_000), 0..=3),
        category_rate(),
        prop::sample::select(vec!["C62", "HUR", "DAY", "KGM"]),
    )
        .prop_map(
            |(quantity, unit_price, extra, base, acs, (category, rate), unit)| Line {
                name: "Item".to_owned(),
                description: None,
                quantity,
                unit: unit.to_owned(),
                unit_price,
                gross_price: extra.map(|e| unit_price + e),
                base_quantity: base.map(d),
                allowances_charges: acs
                    .into_iter()
                    .map(|a| LineAllowanceCharge {
                        charge: a.charge,
                        amount: a.amount,
                        percent: a.percent,
                        // The default base, the gross amount, is negative with the quantity.
                        base: a.base.or(a
                            .percent
                            .filter(|_| quantity.is_sign_negative())
                            .map(|_| Decimal::ONE_HUNDRED)),
                        reason: a.reason,
                        reason_code: None,
                    })
                    .collect(),
                vat_category: Some(category),
                vat_rate: rate,
            },
        )
}

/// A document-level allowance or charge: on the category and rate of some line, or another.
fn document_ac() -> impl Strategy<Value = (AcSpec, Result<Index, (VatCategory, Option<Decimal>)>)> {
    (
        ac_spec(100_000),
        prop_oneof![
            3 => any::<Index>().prop_map(Ok),
            1 => category_rate().prop_map(Err),
        ],
    )
}

/// Amounts are typed with the currency's decimals: round what the generators made.
fn in_currency(v: Decimal, currency: Currency) -> Decimal {
    round_half_away(v, currency.amount_decimals())
}

fn content() -> impl Strategy<Value = DocumentContent> {
    (
        currency(),
        prop::collection::vec(line(), 1..=60),
        prop::collection::vec(document_ac(), 0..=4),
        decimal(100_000, false, 2),
        decimal(1, true, 2).prop_filter("a rounding is below one", |r| r.abs() < Decimal::ONE),
        prop::option::of((0i64..4000, 0u32..90)),
        any::<bool>(),
    )
        .prop_map(
            |(currency, mut lines, acs, prepaid, rounding, dates, b2c)| {
                for l in &mut lines {
                    for ac in &mut l.allowances_charges {
                        ac.amount = ac.amount.map(|a| in_currency(a, currency));
                    }
                }
                let allowances_charges = acs
                    .into_iter()
                    .map(|(a, on)| {
                        let (category, rate) = match on {
                            Ok(i) => {
                                let l = &lines[i.index(lines.len())];
                                (l.vat_category.unwrap(), l.vat_rate)
                            }
                            Err(cr) => cr,
                        };
                        AllowanceCharge {
                            charge: a.charge,
                            amount: a.amount.map(|a| in_currency(a, currency)),
                            percent: a.percent,
                            // The default base, the category's line nets, may be negative: see
                            // `document_percentages_default_to_the_category_base`.
                            base: a.base.or(a.percent.map(|_| Decimal::from(1000))),
                            vat_category: Some(category),
                            vat_rate: rate,
                            reason: a.reason,
                            reason_code: Some(if a.charge { "FC" } else { "95" }.to_owned()),
                        }
                    })
                    .collect();
                let issue = dates.map(|(days, _)| {
                    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(days as u64)
                });
                let due = dates
                    .zip(issue)
                    .map(|((_, terms), issue)| issue + chrono::Days::new(u64::from(terms)));
                let rounding = if currency.amount_decimals() == 0 {
                    Decimal::ZERO
                } else {
                    rounding
                };
                DocumentContent {
                    currency,
                    issue_date: issue,
                    due_date: due,
                    payment_terms_days: None,
                    delivery_date: None,
                    period_start: None,
                    period_end: None,
                    buyer_reference: None,
                    purchase_order: Some("PO-1".to_owned()),
                    operation_type: None,
                    note: None,
                    payment_terms_text: None,
                    valid_until: None,
                    prices_include_vat: b2c,
                    lines,
                    allowances_charges,
                    prepaid: in_currency(prepaid, currency),
                    rounding,
                    // Category E has no default exemption reason.
                    exemptions: vec![CategoryExemption {
                        category: VatCategory::E,
                        exemption: Exemption {
                            code: Some("VATEX-EU-132-1I".to_owned()),
                            reason: Some("Exonération, art. 261 C du CGI".to_owned()),
                        },
                    }],
                }
            },
        )
}

fn compute(c: &DocumentContent) -> Totals {
    totals::compute(c, VatRegime::Normal, true)
}

// ---------------------------------------------------------------------------------------------
// Properties of valid documents

fn check_totals(v: &DocumentContent, t: &Totals) -> Result<(), TestCaseError> {
    let dp = v.currency.amount_decimals();
    let sum = |it: &mut dyn Iterator<Item = Decimal>| it.fold(Decimal::ZERO, |a, b| a + b);

    // BT-131, independently: quantity × price ÷ base quantity ± line allowances and charges,
    // rounded once per line.
    prop_assert_eq!(t.line_nets.len(), v.lines.len());
    for (l, net) in v.lines.iter().zip(&t.line_nets) {
        let adjust = sum(&mut l.allowances_charges.iter().map(|ac| {
            let a = ac.amount.expect("validated allowance has an amount");
            if ac.charge { a } else { -a }
        }));
        let gross = l.quantity * l.unit_price / l.base_quantity.unwrap_or(Decimal::ONE);
        prop_assert_eq!(*net, round_half_away(gross + adjust, dp), "line {:?}", l);
    }
    let doc_allowances = sum(&mut v
        .allowances_charges
        .iter()
        .filter(|a| !a.charge)
        .map(|a| a.amount.unwrap()));
    let doc_charges = sum(&mut v
        .allowances_charges
        .iter()
        .filter(|a| a.charge)
        .map(|a| a.amount.unwrap()));

    prop_assert_eq!(
        t.line_total,
        sum(&mut t.line_nets.iter().copied()),
        "BT-106"
    );
    prop_assert_eq!(t.allowance_total, doc_allowances, "BT-107");
    prop_assert_eq!(t.charge_total, doc_charges, "BT-108");
    prop_assert_eq!(
        t.tax_exclusive,
        t.line_total - t.allowance_total + t.charge_total,
        "BT-109"
    );
    prop_assert_eq!(
        t.tax_total,
        sum(&mut t.vat_breakdown.iter().map(|b| b.tax)),
        "BT-110"
    );
    prop_assert_eq!(t.tax_inclusive, t.tax_exclusive + t.tax_total, "BT-112");
    prop_assert_eq!(t.prepaid, v.prepaid, "BT-113");
    prop_assert_eq!(t.rounding, v.rounding, "BT-114");
    prop_assert_eq!(t.due, t.tax_inclusive - t.prepaid + t.rounding, "BT-115");
    prop_assert_eq!(
        sum(&mut t.vat_breakdown.iter().map(|b| b.taxable)),
        t.tax_exclusive,
        "sum of BT-116"
    );

    // BG-23, independently: one row per category and rate, VAT rounded once per row.
    let mut bases: BTreeMap<(VatCategory, Option<Decimal>), Decimal> = BTreeMap::new();
    for (l, net) in v.lines.iter().zip(&t.line_nets) {
        *bases.entry((l.category(), l.vat_rate)).or_default() += *net;
    }
    for ac in &v.allowances_charges {
        let a = ac.amount.unwrap();
        *bases
            .entry((ac.vat_category.unwrap(), ac.vat_rate))
            .or_default() += if ac.charge { a } else { -a };
    }
    prop_assert_eq!(t.vat_breakdown.len(), bases.len());
    for b in &t.vat_breakdown {
        prop_assert_eq!(
            Some(&b.taxable),
            bases.get(&(b.category, b.rate)),
            "{:?}",
            b
        );
        let expected_tax = match (b.category, b.rate) {
            (VatCategory::S, Some(r)) => round_half_away(b.taxable * r / Decimal::ONE_HUNDRED, dp),
            _ => Decimal::ZERO,
        };
        prop_assert_eq!(b.tax, expected_tax, "{:?}", b);
        prop_assert_eq!(b.category == VatCategory::O, b.rate.is_none(), "{:?}", b);
        if b.category.needs_exemption_reason() {
            prop_assert!(b.exemption.is_some(), "{:?}", b);
        }
    }

    // Every amount in the currency's minor unit (at most two decimals).
    let amounts = t
        .line_nets
        .iter()
        .chain([
            &t.line_total,
            &t.allowance_total,
            &t.charge_total,
            &t.tax_exclusive,
            &t.tax_total,
            &t.tax_inclusive,
            &t.prepaid,
            &t.rounding,
            &t.due,
        ])
        .chain(t.vat_breakdown.iter().flat_map(|b| [&b.taxable, &b.tax]))
        .chain(
            v.allowances_charges
                .iter()
                .filter_map(|a| a.amount.as_ref()),
        )
        .chain(
            v.lines
                .iter()
                .flat_map(|l| &l.allowances_charges)
                .filter_map(|a| a.amount.as_ref()),
        );
    for a in amounts {
        prop_assert!(
            a.normalize().scale() <= dp,
            "{} has more than {} decimals",
            a,
            dp
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn generated_documents_are_valid_and_add_up(c in content()) {
        let v = c.validated(SELLER).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let t = compute(&v);
        check_totals(&v, &t)?;
    }

    #[test]
    fn validation_is_idempotent(c in content()) {
        let v = c.validated(SELLER).unwrap();
        let again = v.clone().validated(SELLER).unwrap();
        prop_assert_eq!(&again, &v);
        prop_assert_eq!(compute(&again), compute(&v));
    }

    #[test]
    fn totals_do_not_depend_on_line_order(
        (c, order) in content().prop_flat_map(|c| {
            let n = c.lines.len();
            (Just(c), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let t = compute(&c.clone().validated(SELLER).unwrap());
        let mut shuffled = c.clone();
        shuffled.lines = order.iter().map(|&i| c.lines[i].clone()).collect();
        let ts = compute(&shuffled.validated(SELLER).unwrap());
        let nets: Vec<Decimal> = order.iter().map(|&i| t.line_nets[i]).collect();
        prop_assert_eq!(&ts.line_nets, &nets);
        prop_assert_eq!(Totals { line_nets: Vec::new(), ..ts }, Totals { line_nets: Vec::new(), ..t });
    }

    #[test]
    fn json_round_trip_keeps_content_and_totals(c in content()) {
        let json = serde_json::to_string(&c).unwrap();
        let back: DocumentContent = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
        prop_assert_eq!(&back, &c);

        let v = c.validated(SELLER).unwrap();
        let json = serde_json::to_string(&v).unwrap();
        let back: DocumentContent = serde_json::from_str(&json)
            .map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
        prop_assert_eq!(&back, &v);
        let t = compute(&v);
        prop_assert_eq!(compute(&back), t.clone());
        let tj: Totals = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        prop_assert_eq!(tj, t);
    }
}

proptest! {
    /// A document percentage without a base applies to the line nets of its category and rate.
    /// Lines here are positive (no line allowances, positive quantities): validation refuses a
    /// negative allowance, so a negative base has no meaning to test.
    #[test]
    fn document_percentages_default_to_the_category_base(c in content()) {
        let mut c = c;
        for l in &mut c.lines {
            l.quantity = l.quantity.abs();
            l.allowances_charges.retain(|a| a.charge);
        }
        for ac in &mut c.allowances_charges {
            if ac.percent.is_some() {
                ac.base = None;
            }
        }
        let v = c.clone().validated(SELLER).unwrap();
        let t = compute(&v);
        let dp = v.currency.amount_decimals();
        for (raw, ac) in c.allowances_charges.iter().zip(&v.allowances_charges) {
            let Some(p) = raw.percent else { continue };
            let base: Decimal = v
                .lines
                .iter()
                .zip(&t.line_nets)
                .filter(|(l, _)| l.category() == ac.vat_category.unwrap() && l.vat_rate == ac.vat_rate)
                .map(|(_, n)| *n)
                .sum();
            prop_assert_eq!(ac.base, Some(base));
            prop_assert_eq!(ac.amount, Some(round_half_away(base * p / Decimal::ONE_HUNDRED, dp)));
        }
        check_totals(&v, &t)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Garbage in the decimal fields of JSON: an error, never a panic

/// The decimal fields of a small document, by JSON pointer.
const DECIMAL_FIELDS: [&str; 10] = [
    "/lines/0/quantity",
    "/lines/0/unit_price",
    "/lines/0/gross_price",
    "/lines/0/base_quantity",
    "/lines/0/vat_rate",
    "/lines/0/allowances_charges/0/amount",
    "/lines/0/allowances_charges/1/percent",
    "/allowances_charges/0/base",
    "/prepaid",
    "/rounding",
];

fn template() -> serde_json::Value {
    serde_json::json!({
        "currency": "EUR",
        "lines": [{
            "name": "Conseil",
            "quantity": "2",
            "unit_price": "100",
            "gross_price": "120",
            "base_quantity": "1",
            "vat_category": "S",
            "vat_rate": "20",
            "allowances_charges": [{ "amount": "5" }, { "percent": "10", "charge": true }],
        }],
        "allowances_charges": [{ "percent": "2", "base": "100", "vat_category": "S", "vat_rate": "20" }],
        "prepaid": "10",
        "rounding": "0.01",
    })
}

/// Parses and validates `value` put at `field`; `Ok` when both accept it.
fn parse_with(field: &str, value: serde_json::Value) -> Result<(), String> {
    let mut doc = template();
    *doc.pointer_mut(field).unwrap() = value;
    let json = doc.to_string();
    let content: DocumentContent = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let v = content.validated(SELLER).map_err(|e| e.to_string())?;
    let _ = compute(&v);
    Ok(())
}

/// Text that is no decimal in any notation: something else than digits, sign, point and
/// exponent is in it.
fn garbage() -> impl Strategy<Value = String> {
    (
        "[-+0-9.]{0,12}",
        prop::sample::select(vec![
            "a", "x", "NaN", "inf", "€", ",", "#", "½", "٣", "\u{0}", " 1", "--", "1.2.3", "0x1F",
            "1/2", "∞", "e", "E+", "..", "+-1",
        ]),
        "[-+0-9.eE]{0,12}",
    )
        .prop_map(|(a, b, c)| format!("{a}{b}{c}"))
        .prop_filter("is a decimal", |s| {
            s.parse::<Decimal>().is_err() && Decimal::from_scientific(s).is_err()
        })
}

proptest! {
    #[test]
    fn template_is_valid(_x in Just(())) {
        prop_assert_eq!(parse_with("/prepaid", "10".into()), Ok(()));
    }

    #[test]
    fn garbage_decimals_are_errors(field in prop::sample::select(DECIMAL_FIELDS.to_vec()), s in garbage()) {
        prop_assert!(parse_with(field, s.clone().into()).is_err(), "{} = {:?} accepted", field, s);
    }

    #[test]
    fn any_text_or_number_never_panics(
        field in prop::sample::select(DECIMAL_FIELDS.to_vec()),
        value in prop_oneof![
            any::<String>().prop_map(serde_json::Value::from),
            "[-+]?[0-9]{0,40}(\\.[0-9]{0,40})?([eE][-+]?[0-9]{1,5})?".prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
            Just(serde_json::json!([1, 2])),
        ],
    ) {
        let _ = parse_with(field, value);
    }
}

/// A few values that once tripped decimal parsers. (More than 28 decimals, rust_decimal rounds
/// silently: "0.00000000000000000000000000001" is read as 0, an accepted price.)
#[test]
fn extreme_decimals_are_errors_not_panics() {
    for s in [
        "79228162514264337593543950336",
        "-79228162514264337593543950336",
        "1e400",
        "1e-400",
        "1E28",
        "99999999999999999999999999999.9",
        "1e18446744073709551616",
        "",
        " ",
        "-",
        ".",
        "+",
        "e5",
    ] {
        for field in DECIMAL_FIELDS {
            let r = parse_with(field, s.into());
            // Optional fields take "" as absent; everything else here is out of range or no number.
            if !s.is_empty()
                || [
                    "/lines/0/quantity",
                    "/lines/0/unit_price",
                    "/prepaid",
                    "/rounding",
                ]
                .contains(&field)
            {
                assert!(r.is_err(), "{field} = {s:?} accepted");
            }
        }
    }
}
