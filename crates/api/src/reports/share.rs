//! Exact shares of amounts in hundredths, and the periods reports default to.

use super::types::Period;
use crate::{ApiError, ApiResult};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

pub use autoinvoice_domain::money::prorate_cents as prorate;

/// `part / whole` in percent, one decimal.
pub fn percent(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    autoinvoice_domain::money::round(part * Decimal::ONE_HUNDRED / whole, 1)
}

pub fn cents(c: i64) -> Decimal {
    autoinvoice_domain::money::from_cents(c)
}

/// The period asked for, or the calendar year of `today`; refused when backwards or longer
/// than `max_months`.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    max_months: u32,
) -> ApiResult<Period> {
    let year = today.year();
    let from = from.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today));
    let to = to.unwrap_or_else(|| NaiveDate::from_ymd_opt(from.year(), 12, 31).unwrap_or(today));
    if to < from {
        return Err(ApiError::invalid(format!(
            "the period ends ({to}) before it starts ({from})"
        )));
    }
    let limit = from
        .checked_add_months(chrono::Months::new(max_months))
        .unwrap_or(NaiveDate::MAX);
    if to >= limit {
        return Err(ApiError::invalid(format!(
            "a period of at most {max_months} months, please ({from} to {to} is longer)"
        )));
    }
    Ok(Period { from, to })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prorate_rounds_half_away_from_zero() {
        assert_eq!(prorate(100, 1, 3), 33);
        assert_eq!(prorate(100, 2, 3), 67);
        assert_eq!(prorate(5, 1, 2), 3);
        assert_eq!(prorate(-5, 1, 2), -3);
        assert_eq!(prorate(12_000, 2_000, 12_000), 2_000);
        assert_eq!(prorate(1, 1, 0), 0);
        // No overflow at the largest amounts (10^14 hundredths).
        let big = 100_000_000_000_000;
        assert_eq!(prorate(big, big, big), big);
    }

    #[test]
    fn periods_default_to_the_calendar_year_and_refuse_nonsense() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let p = period(None, None, today, 24).unwrap();
        assert_eq!(p.from.to_string(), "2026-01-01");
        assert_eq!(p.to.to_string(), "2026-12-31");
        let back = period(Some(today), NaiveDate::from_ymd_opt(2026, 1, 1), today, 24);
        assert_eq!(back.unwrap_err().code, "invalid_input");
        let long = period(
            NaiveDate::from_ymd_opt(2020, 1, 1),
            NaiveDate::from_ymd_opt(2026, 1, 1),
            today,
            24,
        );
        assert!(long.is_err());
    }
}
