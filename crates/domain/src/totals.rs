//! EN 16931 document totals, exactly as DOMAIN.md orders them: lines rounded one by one,
//! VAT rounded once per category and rate.

use crate::document::{DocumentContent, Line};
use crate::money::{fix_amount, round_amount};
use crate::vat::{Exemption, VatCategory, VatRegime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One row of the VAT breakdown (BG-23).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct VatBreakdown {
    pub category: VatCategory,
    /// BT-119; absent for category O.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[specta(type = Option<String>)]
    pub rate: Option<Decimal>,
    /// BT-116.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub taxable: Decimal,
    /// BT-117.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub tax: Decimal,
    /// BT-120 / BT-121.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Exemption>,
}

/// The document totals (BG-22) and the breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Totals {
    /// BT-131 per line, in line order.
    #[serde(with = "decimal_vec")]
    #[specta(type = Vec<String>)]
    pub line_nets: Vec<Decimal>,
    /// BT-106.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub line_total: Decimal,
    /// BT-107.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub allowance_total: Decimal,
    /// BT-108.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub charge_total: Decimal,
    /// BT-109.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub tax_exclusive: Decimal,
    /// BT-110.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub tax_total: Decimal,
    /// BT-112.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub tax_inclusive: Decimal,
    /// BT-113.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub prepaid: Decimal,
    /// BT-114.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub rounding: Decimal,
    /// BT-115.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub due: Decimal,
    pub vat_breakdown: Vec<VatBreakdown>,
}

mod decimal_vec {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|d| d.to_string()))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        let raw = Vec::<String>::deserialize(d)?;
        raw.iter()
            .map(|s| s.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}

/// Computes the totals of validated content. `french` picks the language of default
/// exemption reasons.
pub fn compute(content: &DocumentContent, regime: VatRegime, french: bool) -> Totals {
    let currency = content.currency;
    let line_nets: Vec<Decimal> = content
        .lines
        .iter()
        .map(|l| l.net_amount(currency))
        .collect();
    let line_total: Decimal = line_nets.iter().sum();

    // Taxable base per (category, rate). BTreeMap keeps the breakdown in a stable order.
    let mut bases: BTreeMap<(VatCategory, Option<Decimal>), Decimal> = BTreeMap::new();
    for (line, net) in content.lines.iter().zip(&line_nets) {
        *bases.entry(key(line)).or_default() += *net;
    }
    let mut allowance_total = Decimal::ZERO;
    let mut charge_total = Decimal::ZERO;
    for ac in &content.allowances_charges {
        let amount = ac.amount.unwrap_or_default();
        let entry = bases
            .entry((
                ac.vat_category.unwrap_or(VatCategory::S),
                ac.vat_rate.map(|r| r.normalize()),
            ))
            .or_default();
        if ac.charge {
            charge_total += amount;
            *entry += amount;
        } else {
            allowance_total += amount;
            *entry -= amount;
        }
    }

    let vat_breakdown: Vec<VatBreakdown> = bases
        .into_iter()
        .map(|((category, rate), taxable)| {
            let tax = match rate {
                Some(r) if category.charges_vat() => {
                    round_amount(taxable * r / Decimal::ONE_HUNDRED, currency)
                }
                _ => Decimal::ZERO,
            };
            let exemption = if category.needs_exemption_reason() {
                content
                    .exemptions
                    .iter()
                    .find(|e| e.category == category)
                    .map(|e| e.exemption.clone())
                    .or_else(|| match (category, regime) {
                        (VatCategory::E, VatRegime::Franchise) => {
                            Some(VatRegime::franchise_exemption())
                        }
                        _ => category.default_exemption(french),
                    })
            } else {
                None
            };
            VatBreakdown {
                category,
                rate,
                taxable,
                tax,
                exemption,
            }
        })
        .collect();

    let tax_exclusive = line_total - allowance_total + charge_total;
    let tax_total: Decimal = vat_breakdown.iter().map(|b| b.tax).sum();
    let tax_inclusive = tax_exclusive + tax_total;
    let due = tax_inclusive - content.prepaid + content.rounding;
    let fix = |v: Decimal| fix_amount(v, currency);
    let vat_breakdown = vat_breakdown
        .into_iter()
        .map(|b| VatBreakdown {
            taxable: fix(b.taxable),
            tax: fix(b.tax),
            ..b
        })
        .collect();
    Totals {
        line_nets: line_nets.into_iter().map(fix).collect(),
        line_total: fix(line_total),
        allowance_total: fix(allowance_total),
        charge_total: fix(charge_total),
        tax_exclusive: fix(tax_exclusive),
        tax_total: fix(tax_total),
        tax_inclusive: fix(tax_inclusive),
        prepaid: fix(content.prepaid),
        rounding: fix(content.rounding),
        due: fix(due),
        vat_breakdown,
    }
}

fn key(line: &Line) -> (VatCategory, Option<Decimal>) {
    (line.category(), line.vat_rate.map(|r| r.normalize()))
}
