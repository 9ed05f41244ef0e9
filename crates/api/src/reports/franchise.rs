//! The VAT franchise tracker (art. 293 B du CGI): this year's turnover against the base and
//! higher thresholds, for all operations and for services, with the day the higher one was
//! crossed and, at this year's pace, the day the base one would be.
//!
//! Turnover is measured as the tax administration does for the franchise: net of VAT; sales
//! of goods when invoiced, services when paid (art. 293 D; BOI-TVA-DECLA-40-10-10).

use super::share::{cents, percent, prorate};
use super::types::*;
use crate::{Api, ApiResult, ReportRequest};
use autoinvoice_domain::vat::VatRegime;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

/// Thresholds by year: (year from, goods base, goods higher, services base, services higher).
/// 2024: 91,900 / 101,000 and 36,800 / 39,100. 2025 on: 85,000 / 93,500 and 37,500 / 41,250
/// (loi de finances 2025; its single 25,000 threshold was repealed by loi n° 2025-1044 of
/// 3 November 2025 before it applied; the 2026 finance law changed nothing).
const THRESHOLDS: [(i32, i64, i64, i64, i64); 2] = [
    (2024, 91_900, 101_000, 36_800, 39_100),
    (2025, 85_000, 93_500, 37_500, 41_250),
];

pub fn thresholds_for(year: i32) -> FranchiseThresholds {
    let (from, gb, gh, sb, sh) = THRESHOLDS
        .iter()
        .rev()
        .find(|t| t.0 <= year)
        .copied()
        .unwrap_or(THRESHOLDS[0]);
    FranchiseThresholds {
        year,
        applies_from_year: from,
        goods_base: Decimal::from(gb),
        goods_higher: Decimal::from(gh),
        services_base: Decimal::from(sb),
        services_higher: Decimal::from(sh),
    }
}

/// Turnover per day, in hundredths: (all operations, services only).
type Daily = BTreeMap<NaiveDate, (i64, i64)>;

impl Api {
    async fn turnover_by_day(
        &self,
        org_id: i64,
        currency: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ApiResult<Daily> {
        let mut days: Daily = BTreeMap::new();
        let (goods, received) = tokio::try_join!(
            self.store.goods_invoiced_by_day(org_id, currency, from, to),
            self.store.received_by_day(org_id, currency, from, to)
        )?;
        for (d, c) in goods {
            days.entry(d).or_default().0 += c;
        }
        // Services: all that was received less what was received for goods (goods count
        // when invoiced).
        for r in received {
            let net = if r.goods { -r.excl_cents } else { r.excl_cents };
            let e = days.entry(r.date).or_default();
            e.0 += net;
            e.1 += net;
        }
        Ok(days)
    }

    pub async fn franchise_report(&self, req: ReportRequest) -> ApiResult<FranchiseReport> {
        let org_id = self.org(req.org_id).await?;
        let org = self.store.organization(org_id).await?.organization;
        let as_of = req.as_of.unwrap_or_else(|| self.today());
        let year = as_of.year();
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(as_of);
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(as_of);
        let last_start = NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(as_of);
        let last_end = NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap_or(as_of);
        let currency = org.currency.code().to_owned();
        let (this, last) = tokio::try_join!(
            self.turnover_by_day(org_id, &currency, start, as_of),
            self.turnover_by_day(org_id, &currency, last_start, last_end)
        )?;
        let t = thresholds_for(year);
        let last_t = thresholds_for(year - 1);
        let elapsed = (as_of - start).num_days() + 1;
        let year_days = (end - start).num_days() + 1;
        let mut limits = Vec::new();
        for (activity, pick, base, higher, last_base) in [
            (
                "all",
                0usize,
                t.goods_base,
                t.goods_higher,
                last_t.goods_base,
            ),
            (
                "services",
                1usize,
                t.services_base,
                t.services_higher,
                last_t.services_base,
            ),
        ] {
            let value = |v: &(i64, i64)| if pick == 0 { v.0 } else { v.1 };
            let mut running = 0i64;
            let mut crossed_higher_on = None;
            for (d, v) in &this {
                running += value(v);
                if crossed_higher_on.is_none() && cents(running) > higher {
                    crossed_higher_on = Some(*d);
                }
            }
            let turnover = cents(running);
            let last_year_turnover = cents(last.values().map(value).sum());
            let standing = if turnover > higher {
                FranchiseStanding::OverHigher
            } else if turnover > base {
                FranchiseStanding::OverBase
            } else {
                FranchiseStanding::Under
            };
            // At this year's pace: base × elapsed / turnover days after the first of January.
            let projected_base_on = (standing == FranchiseStanding::Under && running > 0)
                .then(|| {
                    let base_cents = (base * Decimal::ONE_HUNDRED).to_i64().unwrap_or(i64::MAX);
                    let day = prorate(base_cents, elapsed, running);
                    start.checked_add_days(chrono::Days::new(u64::try_from(day).unwrap_or(0)))
                })
                .flatten()
                .filter(|d| *d <= end && (*d - start).num_days() < year_days);
            limits.push(FranchiseLimit {
                activity: activity.to_owned(),
                used: percent(turnover, base),
                turnover,
                base,
                higher,
                standing,
                crossed_higher_on,
                projected_base_on,
                last_year_over_base: last_year_turnover > last_base,
                last_year_turnover,
            });
        }
        let notes = vec![
            ReportNote::new(
                "turnover_basis",
                "Turnover net of VAT: sales of goods when invoiced, services when paid (documents that do not say goods or services count as services). The 'all' limit applies to goods and to the total of a mixed activity; services have their own.",
            ),
            ReportNote::with(
                "thresholds_of",
                t.applies_from_year,
                format!(
                    "Thresholds of {} (art. 293 B du CGI; the single 25,000 € threshold of the 2025 finance law was repealed before it applied). Over the base threshold the franchise ends on 1 January next year; over the higher one VAT is due from the day it is crossed.",
                    t.applies_from_year
                ),
            ),
            ReportNote::new(
                "other_professions",
                "Lawyers, authors and performers have other thresholds (50,000 / 55,000 €): this tracker does not apply them.",
            ),
        ];
        Ok(FranchiseReport {
            year,
            as_of,
            franchise: org.vat_regime == VatRegime::Franchise,
            thresholds: t,
            limits,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_by_year() {
        assert_eq!(thresholds_for(2026).services_base, Decimal::from(37_500));
        assert_eq!(thresholds_for(2026).applies_from_year, 2025);
        assert_eq!(thresholds_for(2024).goods_higher, Decimal::from(101_000));
        assert_eq!(thresholds_for(2020).applies_from_year, 2024);
    }
}
