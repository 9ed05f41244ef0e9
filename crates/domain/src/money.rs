//! Exact money: currencies with their minor units, EN 16931 rounding, and the integer
//! representation used for storage.

use crate::error::{DomainError, DomainResult};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A monetary amount. Always exact; never a float.
pub type Money = Decimal;

/// EN 16931 allows at most two decimals on amounts (BR-DEC rules), whatever the currency.
pub const AMOUNT_DECIMALS: u32 = 2;
/// Unit prices may carry up to four decimals.
pub const PRICE_DECIMALS: u32 = 4;
/// Quantities may carry up to four decimals.
pub const QUANTITY_DECIMALS: u32 = 4;
/// Largest amount accepted anywhere: a trillion, far beyond any invoice, far below overflow.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0); // 1e12

/// Commercial rounding: half away from zero.
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds an amount as EN 16931 requires (two decimals, half away from zero), then to the
/// currency's own minor unit when it has fewer (JPY: none).
pub fn round_amount(value: Decimal, currency: Currency) -> Decimal {
    round(value, currency.amount_decimals())
}

/// Rounds like [`round_amount`] and writes the result with exactly the currency's amount
/// decimals (`180` → `180.00` in EUR), the form printed and exchanged.
pub fn fix_amount(value: Decimal, currency: Currency) -> Decimal {
    let mut v = round_amount(value, currency);
    v.rescale(currency.amount_decimals());
    v
}

/// An ISO 4217 currency, known to carry its minor unit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(try_from = "String", into = "String")]
#[specta(type = String)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    pub const EUR: Currency = Currency(iso_currency::Currency::EUR);
    pub const USD: Currency = Currency(iso_currency::Currency::USD);

    pub fn parse(code: &str) -> DomainResult<Self> {
        let trimmed = code.trim();
        let valid_shape = trimmed.len() == 3 && trimmed.bytes().all(|b| b.is_ascii_uppercase());
        let found = if valid_shape {
            iso_currency::Currency::from_code(trimmed)
        } else {
            None
        };
        match found {
            // Funds and precious metals (no minor unit) are not invoicing currencies.
            Some(c) if c.exponent().is_some() => Ok(Currency(c)),
            _ => Err(DomainError::new(
                "invalid_currency",
                "currency",
                format!("'{code}' is not an ISO 4217 currency code (e.g. EUR, USD, GBP)"),
            )),
        }
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// The ISO 4217 minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    pub fn minor_units(self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(2))
    }

    /// Decimals carried by amounts on an invoice in this currency: the minor unit, capped at
    /// the two EN 16931 allows.
    pub fn amount_decimals(self) -> u32 {
        self.minor_units().min(AMOUNT_DECIMALS)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = DomainError;
    fn from_str(s: &str) -> DomainResult<Self> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_owned()
    }
}

/// Converts an amount (at most two decimals) to hundredths of the currency unit, the exact
/// integer form the store keeps and sums.
pub fn to_cents(amount: Decimal) -> DomainResult<i64> {
    let scaled = amount * Decimal::ONE_HUNDRED;
    if scaled.fract() != Decimal::ZERO {
        return Err(DomainError::new(
            "invalid_amount",
            "",
            format!("{amount} has more than two decimals"),
        ));
    }
    i64::try_from(scaled.trunc())
        .map_err(|_| DomainError::new("invalid_amount", "", format!("{amount} is out of range")))
}

/// The inverse of [`to_cents`].
pub fn from_cents(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// `amount × part / whole` in hundredths, rounded half away from zero; 0 when `whole` is 0.
/// On 128 bits: exact for any amount the app accepts. (A payment's share of an invoice's VAT.)
pub fn prorate_cents(amount: i64, part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    let n = i128::from(amount) * i128::from(part);
    let d = i128::from(whole);
    let (q, r) = (n / d, n % d);
    let away = if 2 * r.abs() >= d.abs() {
        if (n < 0) == (d < 0) { 1 } else { -1 }
    } else {
        0
    };
    i64::try_from(q + away).unwrap_or(if (n < 0) == (d < 0) {
        i64::MAX
    } else {
        i64::MIN
    })
}

/// Checks an amount typed by someone: finite range, at most `decimals` decimals.
pub fn check_decimal(
    value: Decimal,
    decimals: u32,
    field: &str,
    what: &str,
) -> DomainResult<Decimal> {
    if value.abs() > MAX_AMOUNT {
        return Err(DomainError::new(
            "out_of_range",
            field,
            format!("{what} {value} is larger than {MAX_AMOUNT}"),
        ));
    }
    let normalized = value.normalize();
    if normalized.scale() > decimals {
        return Err(DomainError::new(
            "too_many_decimals",
            field,
            format!("{what} {value} has more than {decimals} decimals"),
        ));
    }
    Ok(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(d("2.345"), 2), d("2.35"));
        assert_eq!(round(d("-2.345"), 2), d("-2.35"));
        assert_eq!(round(d("2.344999"), 2), d("2.34"));
        assert_eq!(round(d("0.125"), 2), d("0.13"));
    }

    #[test]
    fn max_amount_is_a_trillion() {
        assert_eq!(MAX_AMOUNT, d("1000000000000"));
    }

    #[test]
    fn currencies_know_their_minor_units() {
        assert_eq!(Currency::parse("EUR").unwrap().minor_units(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().amount_decimals(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().minor_units(), 3);
        assert_eq!(Currency::parse("KWD").unwrap().amount_decimals(), 2);
        assert_eq!(
            round_amount(d("1234.5"), Currency::parse("JPY").unwrap()),
            d("1235")
        );
        for bad in ["eur", "EU", "EURO", "XXX", "ZZZ", "", "€"] {
            assert!(Currency::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn cents_round_trip() {
        assert_eq!(to_cents(d("12.34")).unwrap(), 1234);
        assert_eq!(to_cents(d("-0.5")).unwrap(), -50);
        assert!(to_cents(d("0.001")).is_err());
        assert_eq!(from_cents(1234), d("12.34"));
    }
}
