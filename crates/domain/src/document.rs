//! Document content shared by invoices, credit notes and quotes: header terms, lines and
//! document-level allowances and charges, with the validation that makes them computable.

use crate::error::{DomainError, DomainResult};
use crate::money::{
    self, Currency, PRICE_DECIMALS, QUANTITY_DECIMALS, check_decimal, round, round_amount,
};
use crate::text::{self, DESCRIPTION, NAME, NOTE, SHORT};
use crate::vat::{Exemption, VatCategory, VatRegime};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most lines a document may carry.
pub const MAX_LINES: usize = 2000;
/// Most document-level allowances and charges.
pub const MAX_ALLOWANCES_CHARGES: usize = 50;

/// What a document is. Invoices and credit notes are legal documents (UNTDID 1001 codes
/// 380 and 381); a quote is an offer that may become an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Invoice,
    CreditNote,
    Quote,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::CreditNote => "credit_note",
            Self::Quote => "quote",
        }
    }
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s {
            "invoice" => Ok(Self::Invoice),
            "credit_note" => Ok(Self::CreditNote),
            "quote" => Ok(Self::Quote),
            _ => Err(DomainError::new(
                "invalid_kind",
                "kind",
                format!("'{s}' is not a document kind"),
            )),
        }
    }
    /// UNTDID 1001 type code (BT-3).
    pub fn type_code(self) -> &'static str {
        match self {
            Self::Invoice => "380",
            Self::CreditNote => "381",
            Self::Quote => "310",
        }
    }
}

/// The type of operation, a French mention since the 2026 reform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OperationType {
    Goods,
    Services,
    Both,
}

/// An allowance (discount) or charge on one line (BG-27 / BG-28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct LineAllowanceCharge {
    /// `true` for a charge, `false` (default) for an allowance.
    #[serde(default)]
    pub charge: bool,
    /// The amount; computed from `percent` × `base` when absent.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub amount: Option<Decimal>,
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub percent: Option<Decimal>,
    /// The base of the percentage; the line's gross amount (quantity × price) when absent.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub base: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// UNTDID 5189 (allowances) or 7161 (charges) code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// One invoice line (BG-25).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Item name (BT-153).
    pub name: String,
    /// Item description (BT-154), may span several lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub quantity: Decimal,
    /// UN/ECE Recommendation 20 unit code (BT-130): C62 one, HUR hour, DAY day, KGM kilogram…
    #[serde(default = "default_unit")]
    pub unit: String,
    /// Net unit price excluding VAT (BT-146), or including VAT when the document says
    /// `prices_include_vat` (then converted to net at validation).
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub unit_price: Decimal,
    /// Gross price before a price discount (BT-148), shown for information.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub gross_price: Option<Decimal>,
    /// Price base quantity (BT-149): the price is for this many units. Default 1.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub base_quantity: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances_charges: Vec<LineAllowanceCharge>,
    /// Defaults to S for a seller charging VAT, E under the franchise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_category: Option<VatCategory>,
    /// Percent. Required for S, 0 for the exempt categories, absent for O.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub vat_rate: Option<Decimal>,
}

fn default_unit() -> String {
    "C62".to_owned()
}

/// A document-level allowance or charge (BG-20 / BG-21), with its own VAT category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct AllowanceCharge {
    #[serde(default)]
    pub charge: bool,
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub amount: Option<Decimal>,
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub percent: Option<Decimal>,
    /// The base of the percentage; the sum of line nets of the same VAT category and rate
    /// when absent.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub base: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_category: Option<VatCategory>,
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[specta(type = Option<String>)]
    pub vat_rate: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// The editable content of a document. Party data (seller, buyer) lives beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DocumentContent {
    pub currency: Currency,
    /// The issue date; when absent the document is dated the day it is issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<NaiveDate>,
    /// The due date; when absent, computed from the payment terms at issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms_days: Option<u32>,
    /// Date of the sale or service (BT-72).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_date: Option<NaiveDate>,
    /// Invoicing period (BT-73, BT-74).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<NaiveDate>,
    /// Buyer reference (BT-10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_reference: Option<String>,
    /// Purchase order reference (BT-13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_type: Option<OperationType>,
    /// Free note printed on the document (BT-22).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Payment terms text (BT-20), e.g. the early-payment discount terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms_text: Option<String>,
    /// Quotes: the date until which the offer stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    /// Unit prices were typed including VAT (B2C habit). Validation converts them (and gross
    /// prices) to net prices and clears this flag, so validated content always holds net prices
    /// and validating it again changes nothing.
    #[serde(default)]
    pub prices_include_vat: bool,
    pub lines: Vec<Line>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances_charges: Vec<AllowanceCharge>,
    /// Paid amount (BT-113), e.g. a deposit.
    #[serde(default, with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub prepaid: Decimal,
    /// Rounding amount (BT-114).
    #[serde(default, with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub rounding: Decimal,
    /// Exemption reasons per VAT category, overriding the defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<CategoryExemption>,
}

/// The exemption reason of one VAT category on a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CategoryExemption {
    pub category: VatCategory,
    #[serde(flatten)]
    pub exemption: Exemption,
}

/// What validation needs to know about the seller.
#[derive(Debug, Clone, Copy)]
pub struct SellerContext {
    pub regime: VatRegime,
}

fn check_code(value: Option<&str>, field: &str) -> DomainResult<Option<String>> {
    let v = text::optional(value, field, SHORT)?;
    if let Some(code) = &v
        && !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(DomainError::new(
            "invalid_code",
            field,
            format!("'{code}' is not a valid code"),
        ));
    }
    Ok(v)
}

fn check_percent(p: Option<Decimal>, field: &str) -> DomainResult<Option<Decimal>> {
    p.map(|p| {
        let p = check_decimal(p, 4, field, "percentage")?;
        if p.is_sign_negative() || p > Decimal::ONE_HUNDRED {
            return Err(DomainError::new(
                "out_of_range",
                field,
                format!("percentage {p} is not between 0 and 100"),
            ));
        }
        Ok(p)
    })
    .transpose()
}

/// A price typed including VAT at `rate` percent, net of it (to the price's 4 decimals).
fn net_of_vat(price: Decimal, rate: Decimal) -> Decimal {
    round(
        price * Decimal::ONE_HUNDRED / (Decimal::ONE_HUNDRED + rate),
        PRICE_DECIMALS,
    )
    .normalize()
}

/// Resolves the amount of an allowance or charge: given, or percent × base.
fn resolve_amount(
    amount: Option<Decimal>,
    percent: Option<Decimal>,
    base: Option<Decimal>,
    currency: Currency,
) -> DomainResult<Decimal> {
    let amount = match (amount, percent, base) {
        (Some(a), _, _) => check_decimal(a, currency.amount_decimals(), "amount", "amount")?,
        (None, Some(p), Some(b)) => round_amount(b * p / Decimal::ONE_HUNDRED, currency),
        _ => {
            return Err(DomainError::new(
                "required",
                "amount",
                "give an amount, or a percentage (and its base)",
            ));
        }
    };
    if amount.is_sign_negative() {
        return Err(DomainError::new(
            "out_of_range",
            "amount",
            "an allowance or charge amount is positive; use `charge` for the direction",
        ));
    }
    Ok(amount)
}

impl Line {
    /// The line's amount before its own allowances and charges: quantity × price ÷ base quantity.
    pub fn gross_amount(&self) -> Decimal {
        let base = self.base_quantity.unwrap_or(Decimal::ONE);
        self.quantity * self.unit_price / base
    }

    /// Line net amount (BT-131), rounded per line. Valid once the line was validated.
    pub fn net_amount(&self, currency: Currency) -> Decimal {
        let adjustments: Decimal = self
            .allowances_charges
            .iter()
            .map(|ac| {
                let a = ac.amount.unwrap_or_default();
                if ac.charge { a } else { -a }
            })
            .sum();
        round_amount(self.gross_amount() + adjustments, currency)
    }

    pub fn category(&self) -> VatCategory {
        self.vat_category.unwrap_or(VatCategory::S)
    }

    fn validated(
        self,
        currency: Currency,
        seller: SellerContext,
        prices_include_vat: bool,
    ) -> DomainResult<Self> {
        let name = text::required(&self.name, "name", NAME)?;
        let description = text::optional(self.description.as_deref(), "description", DESCRIPTION)?;
        let quantity = check_decimal(self.quantity, QUANTITY_DECIMALS, "quantity", "quantity")?;
        if quantity.is_zero() {
            return Err(DomainError::new(
                "out_of_range",
                "quantity",
                "quantity must not be zero",
            ));
        }
        if quantity.abs() > Decimal::from(1_000_000_000) {
            return Err(DomainError::new(
                "out_of_range",
                "quantity",
                "quantity is larger than one billion",
            ));
        }
        let unit = self.unit.trim().to_owned();
        if unit.is_empty()
            || unit.len() > 3
            || !unit
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(DomainError::new(
                "invalid_unit",
                "unit",
                format!(
                    "'{}' is not a UN/ECE Rec. 20 unit code (e.g. C62, HUR, DAY)",
                    self.unit
                ),
            ));
        }
        let mut unit_price =
            check_decimal(self.unit_price, PRICE_DECIMALS, "unit_price", "unit price")?;
        if unit_price.is_sign_negative() {
            return Err(DomainError::new(
                "out_of_range",
                "unit_price",
                "a unit price cannot be negative; use a negative quantity or a credit note",
            ));
        }
        let mut gross_price = self
            .gross_price
            .map(|g| check_decimal(g, PRICE_DECIMALS, "gross_price", "gross price"))
            .transpose()?;
        if gross_price.is_some_and(|g| g < unit_price) {
            return Err(DomainError::new(
                "out_of_range",
                "gross_price",
                "the gross price is below the net price",
            ));
        }
        let base_quantity = self
            .base_quantity
            .map(|b| check_decimal(b, QUANTITY_DECIMALS, "base_quantity", "base quantity"))
            .transpose()?;
        if base_quantity.is_some_and(|b| b <= Decimal::ZERO) {
            return Err(DomainError::new(
                "out_of_range",
                "base_quantity",
                "the base quantity must be above zero",
            ));
        }
        let base_quantity = base_quantity.filter(|b| *b != Decimal::ONE);
        let category = match (self.vat_category, seller.regime) {
            (Some(c), VatRegime::Franchise) if c != VatCategory::E => {
                return Err(DomainError::new(
                    "invalid_vat_category",
                    "vat_category",
                    "a seller under the VAT franchise charges no VAT: lines are category E",
                ));
            }
            (Some(c), _) => c,
            (None, VatRegime::Franchise) => VatCategory::E,
            (None, VatRegime::Normal) => VatCategory::S,
        };
        let rate = match (category, self.vat_rate) {
            (c, None) if !c.charges_vat() && c != VatCategory::O => Some(Decimal::ZERO),
            (c, r) => c.check_rate(r)?,
        };
        if prices_include_vat && let Some(r) = rate {
            // BT-146 and BT-148 are both net of VAT. Rounding is monotonic: gross stays ≥ net.
            unit_price = net_of_vat(unit_price, r);
            gross_price = gross_price.map(|g| net_of_vat(g, r));
        }
        if self.allowances_charges.len() > 20 {
            return Err(DomainError::new(
                "out_of_range",
                "allowances_charges",
                "at most 20 allowances and charges per line",
            ));
        }
        let mut line = Line {
            name,
            description,
            quantity,
            unit,
            unit_price,
            gross_price,
            base_quantity,
            allowances_charges: Vec::new(),
            vat_category: Some(category),
            vat_rate: rate,
        };
        let gross = line.gross_amount();
        for (i, ac) in self.allowances_charges.into_iter().enumerate() {
            let field = format!("allowances_charges[{i}]");
            let percent = check_percent(ac.percent, "percent").map_err(|e| e.within(&field))?;
            let base = ac
                .base
                .map(|b| check_decimal(b, 2, "base", "base"))
                .transpose()
                .map_err(|e| e.within(&field))?;
            let base = base.or(percent.map(|_| round_amount(gross, currency)));
            let amount =
                resolve_amount(ac.amount, percent, base, currency).map_err(|e| e.within(&field))?;
            line.allowances_charges.push(LineAllowanceCharge {
                charge: ac.charge,
                amount: Some(amount),
                percent,
                base: if percent.is_some() { base } else { None },
                reason: text::optional(ac.reason.as_deref(), "reason", NAME)
                    .map_err(|e| e.within(&field))?,
                reason_code: check_code(ac.reason_code.as_deref(), "reason_code")
                    .map_err(|e| e.within(&field))?,
            });
        }
        if line.net_amount(currency).abs() > money::MAX_AMOUNT {
            return Err(DomainError::new(
                "out_of_range",
                "quantity",
                "the line amount is larger than a trillion",
            ));
        }
        Ok(line)
    }
}

impl DocumentContent {
    /// Checks every field, fills defaults (VAT category, zero rates, computed allowance
    /// amounts, net prices from VAT-inclusive ones) and returns the content in the exact form
    /// the totals are computed from.
    pub fn validated(self, seller: SellerContext) -> DomainResult<Self> {
        let currency = self.currency;
        if self.lines.is_empty() {
            return Err(DomainError::new(
                "required",
                "lines",
                "a document needs at least one line",
            ));
        }
        if self.lines.len() > MAX_LINES {
            return Err(DomainError::new(
                "out_of_range",
                "lines",
                format!("at most {MAX_LINES} lines"),
            ));
        }
        if self.allowances_charges.len() > MAX_ALLOWANCES_CHARGES {
            return Err(DomainError::new(
                "out_of_range",
                "allowances_charges",
                format!("at most {MAX_ALLOWANCES_CHARGES} allowances and charges"),
            ));
        }
        if let Some(t) = self.payment_terms_days
            && t > crate::party::MAX_TERMS_DAYS
        {
            return Err(DomainError::new(
                "out_of_range",
                "payment_terms_days",
                format!(
                    "payment terms are at most {} days",
                    crate::party::MAX_TERMS_DAYS
                ),
            ));
        }
        if let (Some(issue), Some(due)) = (self.issue_date, self.due_date)
            && due < issue
        {
            return Err(DomainError::new(
                "invalid_date",
                "due_date",
                "the due date is before the issue date",
            ));
        }
        if let (Some(s), Some(e)) = (self.period_start, self.period_end)
            && e < s
        {
            return Err(DomainError::new(
                "invalid_date",
                "period_end",
                "the period ends before it starts",
            ));
        }
        let lines = self
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                l.validated(currency, seller, self.prices_include_vat)
                    .map_err(|e| e.within(&format!("lines[{i}]")))
            })
            .collect::<DomainResult<Vec<_>>>()?;
        let prepaid = check_decimal(
            self.prepaid,
            currency.amount_decimals(),
            "prepaid",
            "prepaid amount",
        )?;
        let rounding = check_decimal(
            self.rounding,
            currency.amount_decimals(),
            "rounding",
            "rounding amount",
        )?;
        if rounding.abs() >= Decimal::ONE {
            return Err(DomainError::new(
                "out_of_range",
                "rounding",
                "a rounding amount is below one unit",
            ));
        }
        let mut content = DocumentContent {
            lines,
            allowances_charges: Vec::new(),
            prepaid,
            rounding,
            buyer_reference: text::optional(
                self.buyer_reference.as_deref(),
                "buyer_reference",
                SHORT,
            )?,
            purchase_order: text::optional(
                self.purchase_order.as_deref(),
                "purchase_order",
                SHORT,
            )?,
            note: text::optional(self.note.as_deref(), "note", NOTE)?,
            payment_terms_text: text::optional(
                self.payment_terms_text.as_deref(),
                "payment_terms_text",
                DESCRIPTION,
            )?,
            exemptions: Vec::new(),
            // The prices are net now: a second validation must not convert them again.
            prices_include_vat: false,
            ..self
        };
        for (i, ac) in self.allowances_charges.into_iter().enumerate() {
            let field = format!("allowances_charges[{i}]");
            let resolved = content
                .resolve_document_ac(ac, seller)
                .map_err(|e| e.within(&field))?;
            content.allowances_charges.push(resolved);
        }
        for (i, ex) in self.exemptions.into_iter().enumerate() {
            let field = format!("exemptions[{i}]");
            let reason = text::optional(ex.exemption.reason.as_deref(), "reason", DESCRIPTION)
                .map_err(|e| e.within(&field))?;
            let code =
                check_code(ex.exemption.code.as_deref(), "code").map_err(|e| e.within(&field))?;
            content.exemptions.retain(|e| e.category != ex.category);
            content.exemptions.push(CategoryExemption {
                category: ex.category,
                exemption: Exemption { code, reason },
            });
        }
        let totals = crate::totals::compute(&content, seller.regime, true);
        if totals.tax_inclusive.abs() > money::MAX_AMOUNT {
            return Err(DomainError::new(
                "out_of_range",
                "lines",
                "the document total is larger than a trillion",
            ));
        }
        for b in &totals.vat_breakdown {
            if b.category.needs_exemption_reason() && b.exemption.is_none() {
                return Err(DomainError::new(
                    "required",
                    "exemptions",
                    format!(
                        "VAT category {} needs an exemption reason (text or VATEX code)",
                        b.category.code()
                    ),
                ));
            }
        }
        Ok(content)
    }

    fn resolve_document_ac(
        &self,
        ac: AllowanceCharge,
        seller: SellerContext,
    ) -> DomainResult<AllowanceCharge> {
        let currency = self.currency;
        let category = match (ac.vat_category, seller.regime) {
            (Some(c), VatRegime::Franchise) if c != VatCategory::E => {
                return Err(DomainError::new(
                    "invalid_vat_category",
                    "vat_category",
                    "a seller under the VAT franchise charges no VAT",
                ));
            }
            (Some(c), _) => c,
            (None, VatRegime::Franchise) => VatCategory::E,
            (None, VatRegime::Normal) => {
                // One VAT category and rate on every line: the allowance follows them.
                let first = &self.lines[0];
                if self
                    .lines
                    .iter()
                    .all(|l| l.vat_category == first.vat_category && l.vat_rate == first.vat_rate)
                {
                    first.category()
                } else {
                    return Err(DomainError::new(
                        "required",
                        "vat_category",
                        "with several VAT rates on the lines, say which VAT category and rate this applies to",
                    ));
                }
            }
        };
        let rate = match (ac.vat_category, ac.vat_rate) {
            (None, None) if seller.regime == VatRegime::Normal => self.lines[0].vat_rate,
            (_, None) if !category.charges_vat() && category != VatCategory::O => {
                Some(Decimal::ZERO)
            }
            (_, r) => category.check_rate(r)?,
        };
        let percent = check_percent(ac.percent, "percent")?;
        let base = ac
            .base
            .map(|b| check_decimal(b, 2, "base", "base"))
            .transpose()?;
        let base = base.or_else(|| {
            percent.map(|_| {
                self.lines
                    .iter()
                    .filter(|l| l.category() == category && l.vat_rate == rate)
                    .map(|l| l.net_amount(currency))
                    .sum()
            })
        });
        let amount = resolve_amount(ac.amount, percent, base, currency)?;
        Ok(AllowanceCharge {
            charge: ac.charge,
            amount: Some(amount),
            percent,
            base: if percent.is_some() { base } else { None },
            vat_category: Some(category),
            vat_rate: rate,
            reason: text::optional(ac.reason.as_deref(), "reason", NAME)?,
            reason_code: check_code(ac.reason_code.as_deref(), "reason_code")?,
        })
    }
}
