//! What a formal reminder states about lateness: the days late, the late-payment interest at
//! the invoice's own rate (exact, on integers) and the 40 EUR recovery indemnity owed by a
//! business customer of a French seller.

use crate::error::{DomainError, DomainResult};
use crate::reminders::Tone;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The fixed recovery indemnity of French commercial law (art. L441-10 and D441-5 of the
/// Code de commerce), in euros.
pub const RECOVERY_INDEMNITY_EUR: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// Days from the due date to `today` (0 when not yet overdue).
pub fn days_late(due_date: NaiveDate, today: NaiveDate) -> i64 {
    (today - due_date).num_days().max(0)
}

/// Late-payment interest: `balance × rate% × days / 365`, rounded once, half away from zero,
/// to `decimals` places. Exact: computed on integers, never on floats.
pub fn late_interest(
    balance: Decimal,
    annual_rate_percent: Decimal,
    days: i64,
    decimals: u32,
) -> DomainResult<Decimal> {
    let overflow = || {
        DomainError::new(
            "out_of_range",
            "interest",
            "the late-payment interest is out of range",
        )
    };
    if balance <= Decimal::ZERO || annual_rate_percent <= Decimal::ZERO || days <= 0 {
        return Ok(Decimal::ZERO);
    }
    // value = (mb / 10^sb) × (mr / 10^sr) × days / 36500; in units of 10^-decimals:
    // q = mb × mr × days × 10^decimals / (10^(sb+sr) × 36500).
    let ten = |e: u32| 10_i128.checked_pow(e).ok_or_else(overflow);
    let num = balance
        .mantissa()
        .checked_mul(annual_rate_percent.mantissa())
        .and_then(|n| n.checked_mul(i128::from(days)))
        .and_then(|n| n.checked_mul(ten(decimals).ok()?))
        .ok_or_else(overflow)?;
    let den = ten(balance.scale() + annual_rate_percent.scale())?
        .checked_mul(36_500)
        .ok_or_else(overflow)?;
    let (q, r) = (num / den, num % den);
    // Both are positive: half away from zero is "round up when the remainder is half or more".
    let q = if r.checked_mul(2).ok_or_else(overflow)? >= den {
        q + 1
    } else {
        q
    };
    Decimal::try_from_i128_with_scale(q, decimals).map_err(|_| overflow())
}

/// What a reminder states about lateness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateCharges {
    pub days_late: i64,
    /// The annual rate (percent) stated on the invoice, if any.
    pub rate: Option<Decimal>,
    /// Interest on the balance to `today`, when the invoice states a rate.
    pub interest: Option<Decimal>,
    /// The 40 EUR recovery indemnity, for business customers of a French seller.
    pub indemnity: Option<Decimal>,
}

/// The charges a stage states: only a formal notice to a business customer of a French
/// seller states interest (at the invoice's own rate) and the recovery indemnity.
pub fn late_charges(
    tone: Tone,
    b2b_france: bool,
    balance: Decimal,
    due_date: NaiveDate,
    today: NaiveDate,
    rate: Option<Decimal>,
    decimals: u32,
) -> DomainResult<Option<LateCharges>> {
    if tone != Tone::FormalNotice || !b2b_france {
        return Ok(None);
    }
    let days = days_late(due_date, today);
    let interest = match rate {
        Some(r) => Some(late_interest(balance, r, days, decimals)?),
        None => None,
    };
    Ok(Some(LateCharges {
        days_late: days,
        rate,
        interest,
        indemnity: Some(RECOVERY_INDEMNITY_EUR),
    }))
}
