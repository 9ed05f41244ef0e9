//! A schedule's arithmetic, pure: the day of occurrence k, its period, which occurrences are
//! due, and the checks a schedule must pass.
//!
//! Every day is computed from the start date (start + k × interval), never from the
//! previous occurrence, so month ends do not drift: a monthly schedule started on 31
//! January gives 28 February (29 in a leap year), then 31 March, 30 April, 31 May…

use super::types::PlannedOccurrence;
use crate::{ApiError, ApiResult};
use autoinvoice_store::recurring::{Schedule, ScheduleUnit, ServicePeriod};
use chrono::{Days, Months, NaiveDate};

/// The longest interval per unit: ten years.
const MAX_DAYS: u32 = 3660;
const MAX_WEEKS: u32 = 522;
const MAX_MONTHS: u32 = 120;

/// The most occurrences a schedule may have.
pub const MAX_COUNT: u32 = 100_000;

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let days = Days::new(n.unsigned_abs());
    if n >= 0 {
        d.checked_add_days(days)
    } else {
        d.checked_sub_days(days)
    }
}

/// The day of occurrence `k` (negative: before the start, for a period billed in arrears),
/// ignoring the end and the count. None beyond the calendar's range.
pub fn nth_day(s: &Schedule, k: i64) -> Option<NaiveDate> {
    let steps = k.checked_mul(i64::from(s.interval))?;
    match s.unit {
        ScheduleUnit::Days => add_days(s.start, steps),
        ScheduleUnit::Weeks => add_days(s.start, steps.checked_mul(7)?),
        ScheduleUnit::Months => {
            let months = Months::new(u32::try_from(steps.unsigned_abs()).ok()?);
            if steps >= 0 {
                s.start.checked_add_months(months)
            } else {
                s.start.checked_sub_months(months)
            }
        }
    }
}

/// Occurrence `k` with its period, if the schedule has it (within its count and end date).
pub fn occurrence(s: &Schedule, period: ServicePeriod, k: u32) -> Option<PlannedOccurrence> {
    if s.count.is_some_and(|n| k >= n) {
        return None;
    }
    let k64 = i64::from(k);
    let date = nth_day(s, k64)?;
    if s.end.is_some_and(|end| date > end) {
        return None;
    }
    let (period_start, period_end) = match period {
        ServicePeriod::None => (None, None),
        ServicePeriod::Current => (Some(date), nth_day(s, k64 + 1)?.pred_opt()),
        ServicePeriod::Previous => (nth_day(s, k64 - 1), date.pred_opt()),
    };
    Some(PlannedOccurrence {
        index: k,
        date,
        period_start,
        period_end,
    })
}

/// Up to `limit` occurrences from index `from` on, whatever their day.
pub fn upcoming(
    s: &Schedule,
    period: ServicePeriod,
    from: u32,
    limit: u32,
) -> Vec<PlannedOccurrence> {
    (0..limit)
        .map_while(|i| from.checked_add(i).and_then(|k| occurrence(s, period, k)))
        .collect()
}

/// The occurrences from index `from` on whose day is `until` or earlier, oldest first.
pub fn due(
    s: &Schedule,
    period: ServicePeriod,
    from: u32,
    until: NaiveDate,
) -> Vec<PlannedOccurrence> {
    let mut out = Vec::new();
    let mut k = from;
    while let Some(o) = occurrence(s, period, k).filter(|o| o.date <= until) {
        out.push(o);
        match k.checked_add(1) {
            Some(next) => k = next,
            None => break,
        }
    }
    out
}

/// How many occurrences from `from` on are due by `until`, counting no further than `cap`.
pub fn due_count(s: &Schedule, from: u32, until: NaiveDate, cap: u32) -> u32 {
    let mut n = 0;
    while n < cap {
        match from
            .checked_add(n)
            .and_then(|k| occurrence(s, ServicePeriod::None, k))
        {
            Some(o) if o.date <= until => n += 1,
            _ => break,
        }
    }
    n
}

/// A schedule's rules: an interval of 1 to ten years, an end not before the start, a count
/// of at least one.
pub fn check(s: &Schedule) -> ApiResult<()> {
    let max = match s.unit {
        ScheduleUnit::Days => MAX_DAYS,
        ScheduleUnit::Weeks => MAX_WEEKS,
        ScheduleUnit::Months => MAX_MONTHS,
    };
    if s.interval == 0 {
        return Err(ApiError::new(
            "invalid_interval",
            "schedule.interval: every 0 units never comes; the interval is at least 1",
        ));
    }
    if s.interval > max {
        return Err(ApiError::new(
            "invalid_interval",
            format!(
                "schedule.interval: at most {max} {} (ten years)",
                s.unit.code()
            ),
        ));
    }
    if let Some(end) = s.end
        && end < s.start
    {
        return Err(ApiError::new(
            "invalid_date",
            format!("schedule.end: {end} is before the start ({})", s.start),
        ));
    }
    match s.count {
        Some(0) => Err(ApiError::new(
            "invalid_count",
            "schedule.count: at least 1 occurrence (or no count for no limit)",
        )),
        Some(n) if n > MAX_COUNT => Err(ApiError::new(
            "invalid_count",
            format!("schedule.count: at most {MAX_COUNT}"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn every(unit: ScheduleUnit, interval: u32, start: &str) -> Schedule {
        Schedule {
            unit,
            interval,
            start: day(start),
            end: None,
            count: None,
        }
    }

    fn days(s: &Schedule, n: u32) -> Vec<String> {
        upcoming(s, ServicePeriod::None, 0, n)
            .iter()
            .map(|o| o.date.to_string())
            .collect()
    }

    #[test]
    fn month_ends_are_anchored_on_the_start() {
        let s = every(ScheduleUnit::Months, 1, "2027-12-31");
        assert_eq!(
            days(&s, 5),
            [
                "2027-12-31",
                "2028-01-31",
                "2028-02-29",
                "2028-03-31",
                "2028-04-30"
            ]
        );
        let q = every(ScheduleUnit::Months, 3, "2026-11-30");
        assert_eq!(
            days(&q, 4),
            ["2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30"]
        );
    }

    #[test]
    fn periods_cover_the_interval() {
        let s = every(ScheduleUnit::Months, 1, "2026-01-31");
        let o = occurrence(&s, ServicePeriod::Current, 1).unwrap();
        assert_eq!(o.date, day("2026-02-28"));
        assert_eq!(o.period_start, Some(day("2026-02-28")));
        assert_eq!(o.period_end, Some(day("2026-03-30")));
        let p = every(ScheduleUnit::Months, 1, "2026-02-01");
        let o = occurrence(&p, ServicePeriod::Previous, 0).unwrap();
        assert_eq!(o.period_start, Some(day("2026-01-01")));
        assert_eq!(o.period_end, Some(day("2026-01-31")));
    }

    #[test]
    fn bad_schedules_are_named() {
        let mut s = every(ScheduleUnit::Weeks, 0, "2026-01-01");
        assert_eq!(check(&s).unwrap_err().code, "invalid_interval");
        s.interval = 523;
        assert_eq!(check(&s).unwrap_err().code, "invalid_interval");
        s.interval = 2;
        s.end = Some(day("2025-12-31"));
        assert_eq!(check(&s).unwrap_err().code, "invalid_date");
        s.end = None;
        s.count = Some(0);
        assert_eq!(check(&s).unwrap_err().code, "invalid_count");
        s.count = Some(3);
        assert!(check(&s).is_ok());
        assert_eq!(due_count(&s, 0, day("2027-01-01"), 100), 3);
    }
}
