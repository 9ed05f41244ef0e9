//! Numbers and dates as the XML writes them: `xs:decimal` (no exponent, no thousands
//! separator), CII dates in format 102 (`YYYYMMDD`), UBL dates as `YYYY-MM-DD`.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// An `xs:decimal`: optional sign, digits, optional point and digits. `None` when the text is
/// not one or does not fit a `Decimal` exactly (28 significant digits).
pub fn decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    // from_str_exact refuses what it would have to round; it wants no '+' and digits on
    // both sides of the point.
    let t = t.strip_prefix('+').unwrap_or(t);
    let t = t.strip_suffix('.').unwrap_or(t);
    let normalized;
    let t = if t.starts_with('.') || t.starts_with("-.") {
        normalized = t.replacen('.', "0.", 1);
        normalized.as_str()
    } else {
        t
    };
    Decimal::from_str_exact(t).ok()
}

/// A date as `YYYYMMDD` (CII format 102) or `YYYY-MM-DD` (UBL, and CII files that write it so).
pub fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    match t.len() {
        8 if t.bytes().all(|b| b.is_ascii_digit()) => NaiveDate::parse_from_str(t, "%Y%m%d").ok(),
        10 => NaiveDate::parse_from_str(t, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// XPath's `round(x * 100) div 100`: to two decimals, halves towards positive infinity, as
/// the schematron of the EN 16931 rules computes.
pub fn xpath_round2(x: Decimal) -> Decimal {
    let up = x.round_dp_with_strategy(2, RoundingStrategy::MidpointTowardZero);
    let down = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    // For a positive x the halves go up (away from zero), for a negative one towards zero:
    // towards +infinity in both cases.
    if x.is_sign_negative() { up } else { down }
}

/// XPath's `round(x)`: to an integer, halves towards positive infinity.
pub fn xpath_round0(x: Decimal) -> Decimal {
    if x.is_sign_negative() {
        x.round_dp_with_strategy(0, RoundingStrategy::MidpointTowardZero)
    } else {
        x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn decimals_as_xml_writes_them() {
        assert_eq!(decimal(" 1234.50 "), Some(d("1234.50")));
        assert_eq!(decimal("-0.5"), Some(d("-0.5")));
        assert_eq!(decimal("+7"), Some(d("7")));
        assert_eq!(decimal(".5"), Some(d("0.5")));
        assert_eq!(decimal("5."), Some(d("5")));
        assert_eq!(decimal("1.23456789"), Some(d("1.23456789")));
        for bad in [
            "", "+", "-", ".", "1e3", "1,5", "1 000", "0x10", "NaN", "1_000", "--1",
        ] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
        // Too many significant digits for an exact Decimal.
        assert_eq!(decimal("1.0000000000000000000000000000001"), None);
        assert_eq!(decimal("99999999999999999999999999999999"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(date("20260115"), NaiveDate::from_ymd_opt(2026, 1, 15));
        assert_eq!(date("2026-01-15"), NaiveDate::from_ymd_opt(2026, 1, 15));
        assert_eq!(date("20261315"), None);
        assert_eq!(date("15/01/2026"), None);
    }

    #[test]
    fn rounding_like_xpath() {
        assert_eq!(xpath_round2(d("1.005")), d("1.01"));
        assert_eq!(xpath_round2(d("-1.005")), d("-1.00"));
        assert_eq!(xpath_round2(d("2.344")), d("2.34"));
        assert_eq!(xpath_round0(d("2.5")), d("3"));
        assert_eq!(xpath_round0(d("-2.5")), d("-2"));
    }
}
