//! Requests and responses of the reports.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A period, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// Default: the calendar year of today (aging: ignored).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Aging: the day the balances are taken on (default today).
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

/// One customer's unpaid balances by how late they are.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AgingRow {
    /// None on the total rows.
    pub customer_id: Option<i64>,
    pub customer: String,
    pub currency: String,
    pub invoices: i64,
    /// Not yet due on the day.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub current: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub days_1_30: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub days_31_60: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub days_61_90: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub over_90: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AgingReport {
    pub as_of: NaiveDate,
    /// Largest total first.
    pub rows: Vec<AgingRow>,
    /// One per currency.
    pub totals: Vec<AgingRow>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RevenueMonth {
    /// YYYY-MM
    pub month: String,
    pub currency: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub invoiced: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub credited: Decimal,
    /// Invoiced less credited, net of VAT.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub net: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RevenueCustomer {
    pub customer_id: i64,
    pub customer: String,
    pub currency: String,
    pub invoices: i64,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub net: Decimal,
    /// Of the currency's net revenue, in percent to one decimal.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub share: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RevenueRate {
    /// UNTDID 5305 code: S, Z, E, AE, K, G, O.
    pub category: String,
    pub rate: String,
    pub currency: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub taxable: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub vat: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RevenueReport {
    pub period: Period,
    /// Every month of the period, zero where nothing was issued.
    pub by_month: Vec<RevenueMonth>,
    /// Largest first.
    pub by_customer: Vec<RevenueCustomer>,
    pub by_rate: Vec<RevenueRate>,
    /// One per currency.
    pub totals: Vec<RevenueMonth>,
}

/// When VAT became due on what the report counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VatBasis {
    /// At issue (goods; services when the seller opted for debits).
    Debits,
    /// When paid (services without the option).
    Receipts,
}

/// Collected VAT of one category and rate.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VatLine {
    pub category: String,
    pub rate: String,
    pub basis: VatBasis,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub taxable: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub vat: Decimal,
}

/// A line of the French CA3 return (form 3310-CA3).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Ca3Line {
    /// The form's line: A1, E1, E2, F2, 08, 9B, 09, T6…
    pub line: String,
    pub label: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub base: Decimal,
    /// None on the lines that carry no tax (A1, E1, E2, F2).
    #[serde(with = "rust_decimal::serde::str_option")]
    #[specta(type = Option<String>)]
    pub vat: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VatReport {
    pub period: Period,
    /// The accounting currency: the only one counted.
    pub currency: String,
    /// The seller opted for VAT on debits (services taxed at issue).
    pub option_debits: bool,
    /// Under the franchise: no VAT collected, the report is informative.
    pub franchise: bool,
    pub lines: Vec<VatLine>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_vat: Decimal,
    /// Deductible VAT: the received invoices (purchases register) dated in the period, per
    /// category and rate, supplier credit notes deducted.
    pub deductible: Vec<DeductibleLine>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_deductible: Decimal,
    /// Collected less deductible: above zero, VAT to pay; below, a VAT credit.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub net_vat: Decimal,
    pub ca3: Vec<Ca3Line>,
    /// What the figures leave out or assume.
    pub notes: Vec<ReportNote>,
}

/// Deductible VAT of one category and rate, from received invoices.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeductibleLine {
    pub category: String,
    pub rate: String,
    /// Received documents with this category and rate.
    pub documents: u32,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub taxable: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub vat: Decimal,
}

/// The art. 293 B thresholds of a year.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FranchiseThresholds {
    pub year: i32,
    /// The year whose thresholds these are (the latest known when `year` is later).
    pub applies_from_year: i32,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub goods_base: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub goods_higher: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub services_base: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub services_higher: Decimal,
}

/// Where the seller stands against one limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FranchiseStanding {
    /// Under the base threshold.
    Under,
    /// Over the base threshold, under the higher one: the franchise holds this year and
    /// ends on 1 January next year.
    OverBase,
    /// Over the higher threshold: VAT is due from the day it was crossed.
    OverHigher,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FranchiseLimit {
    /// "all" (goods, and the total of a mixed activity) or "services".
    pub activity: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub turnover: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub base: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub higher: Decimal,
    /// Of the base threshold, in percent to one decimal.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub used: Decimal,
    pub standing: FranchiseStanding,
    /// The day the higher threshold was crossed.
    pub crossed_higher_on: Option<NaiveDate>,
    /// At this year's pace, the day the base threshold would be crossed (None: not this year).
    pub projected_base_on: Option<NaiveDate>,
    /// Last year's turnover over the base threshold: the franchise ended on 1 January.
    pub last_year_over_base: bool,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub last_year_turnover: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FranchiseReport {
    pub year: i32,
    pub as_of: NaiveDate,
    /// The seller is under the franchise today.
    pub franchise: bool,
    pub thresholds: FranchiseThresholds,
    pub limits: Vec<FranchiseLimit>,
    /// How turnover is measured here, and the sources.
    pub notes: Vec<ReportNote>,
}

/// Export the FEC of a fiscal year.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct FecRequest {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// The fiscal year's first and last day; default: the calendar year before today's.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct FecExport {
    /// `<SIREN>FEC<closing date>.txt`
    pub file_name: String,
    /// The file: UTF-8, tab-separated, CRLF line ends.
    pub text: String,
    pub period: Period,
    pub entries: usize,
    pub lines: usize,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_debit: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_credit: Decimal,
    /// Documents and payments left out (another currency than the accounting one).
    pub left_out: Vec<String>,
}

/// Which report a CSV or PDF is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Aging,
    Revenue,
    Vat,
    Franchise,
}

/// A remark on a report's figures: a stable code the app words in the user's language, the
/// value it names (a currency, a rate, a year), and the English text for the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ReportNote {
    pub code: String,
    pub value: Option<String>,
    pub text: String,
}

impl ReportNote {
    pub(crate) fn new(code: &str, text: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            value: None,
            text: text.into(),
        }
    }

    pub(crate) fn with(code: &str, value: impl ToString, text: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            value: Some(value.to_string()),
            text: text.into(),
        }
    }
}

impl std::fmt::Display for ReportNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
