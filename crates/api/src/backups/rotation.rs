//! Which automatic backups to keep: the latest of each of the last N days, weeks (ISO) and
//! months that have one — the grandfather-father-son scheme. Pure, so that it is tested alone.

use chrono::{DateTime, Datelike, Utc};
use std::collections::HashSet;

/// The indexes of `taken` (any order) to delete under the policy. The newest is always kept.
pub fn to_delete(
    taken: &[DateTime<Utc>],
    keep_daily: u32,
    keep_weekly: u32,
    keep_monthly: u32,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|a, b| taken[*b].cmp(&taken[*a]));
    let mut keep: HashSet<usize> = HashSet::new();
    if let Some(newest) = order.first() {
        keep.insert(*newest);
    }
    let mut pick = |limit: u32, period: &dyn Fn(&DateTime<Utc>) -> (i32, u32)| {
        let mut seen = Vec::new();
        for &i in &order {
            let p = period(&taken[i]);
            if seen.contains(&p) {
                continue;
            }
            if seen.len() >= limit as usize {
                break;
            }
            seen.push(p);
            keep.insert(i);
        }
    };
    pick(keep_daily, &|t| (t.year(), t.ordinal()));
    pick(keep_weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    pick(keep_monthly, &|t| (t.year(), t.month()));
    let mut out: Vec<usize> = (0..taken.len()).filter(|i| !keep.contains(i)).collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 3, 0, 0).unwrap() + Duration::days(n)
    }

    #[test]
    fn a_year_of_daily_backups_keeps_seven_days_four_weeks_twelve_months() {
        let taken: Vec<_> = (0..365).map(day).collect();
        let deleted = to_delete(&taken, 7, 4, 12);
        let kept: Vec<usize> = (0..365).filter(|i| !deleted.contains(i)).collect();
        // 2026-12-25..31, the Sundays of ISO weeks 51 and 50 (weeks 53 and 52 are in the
        // days already), and the last day of January..November.
        assert_eq!(
            kept,
            vec![
                30, 58, 89, 119, 150, 180, 211, 242, 272, 303, 333, 346, 353, 358, 359, 360, 361,
                362, 363, 364
            ]
        );
    }

    #[test]
    fn several_a_day_keeps_the_latest_of_the_day() {
        let base = day(0);
        let taken = vec![
            base,
            base + Duration::hours(5),
            base + Duration::hours(9),
            base + Duration::days(1),
        ];
        assert_eq!(to_delete(&taken, 7, 0, 0), vec![0, 1]);
    }

    #[test]
    fn zero_everywhere_still_keeps_the_newest() {
        let taken: Vec<_> = (0..5).map(day).collect();
        assert_eq!(to_delete(&taken, 0, 0, 0), vec![0, 1, 2, 3]);
    }

    #[test]
    fn order_given_does_not_matter() {
        let taken = vec![day(3), day(1), day(2), day(0)];
        assert_eq!(to_delete(&taken, 2, 0, 0), vec![1, 3]);
    }
}
