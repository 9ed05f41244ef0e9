//! Revenue over a period by month, customer and VAT rate, net of VAT, credit notes deducted.

use super::share::{cents, percent, period};
use super::types::*;
use crate::{Api, ApiResult, ReportRequest};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Every month from `from` to `to`, as YYYY-MM.
fn months(p: Period) -> Vec<String> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(p.from.year(), p.from.month(), 1).unwrap_or(p.from);
    while d <= p.to {
        out.push(d.format("%Y-%m").to_string());
        d = d
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    out
}

impl Api {
    pub async fn revenue_report(&self, req: ReportRequest) -> ApiResult<RevenueReport> {
        let org_id = self.org(req.org_id).await?;
        let p = period(req.from, req.to, self.today(), 60)?;
        // Months come from the monthly summary, so a period cut mid-month is read from the
        // documents instead.
        let whole_months = p.from.day() == 1
            && p.to
                .checked_add_days(chrono::Days::new(1))
                .is_some_and(|d| d.day() == 1);
        // The two reads of the whole period, side by side on the pool's connections.
        let (customers, rate_rows) = tokio::try_join!(
            self.store.revenue_by_customer(org_id, p.from, p.to),
            self.store.revenue_by_rate(org_id, p.from, p.to)
        )?;
        let mut month_rows: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        if whole_months {
            for (m, c, inv, cred) in self.store.revenue_months(org_id, p.from, p.to).await? {
                month_rows.insert((m, c), (inv, cred));
            }
        } else {
            for m in months(p) {
                let start: NaiveDate = format!("{m}-01").parse().unwrap_or(p.from);
                let end = start
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(p.to);
                for c in self
                    .store
                    .revenue_by_customer(org_id, start.max(p.from), end.min(p.to))
                    .await?
                {
                    let e = month_rows.entry((m.clone(), c.currency)).or_default();
                    e.0 += c.invoiced_cents;
                    e.1 += c.credited_cents;
                }
            }
        }
        let currencies: Vec<String> = {
            let mut c: Vec<String> = month_rows.keys().map(|(_, c)| c.clone()).collect();
            c.dedup();
            c.sort();
            c.dedup();
            c
        };
        let mut by_month = Vec::new();
        let mut totals: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for m in months(p) {
            for c in &currencies {
                let (inv, cred) = month_rows
                    .get(&(m.clone(), c.clone()))
                    .copied()
                    .unwrap_or_default();
                let t = totals.entry(c.clone()).or_default();
                t.0 += inv;
                t.1 += cred;
                by_month.push(RevenueMonth {
                    month: m.clone(),
                    currency: c.clone(),
                    invoiced: cents(inv),
                    credited: cents(cred),
                    net: cents(inv - cred),
                });
            }
        }
        let net_by_currency: BTreeMap<String, Decimal> = totals
            .iter()
            .map(|(c, (i, cr))| (c.clone(), cents(i - cr)))
            .collect();
        let mut by_customer: Vec<RevenueCustomer> = customers
            .into_iter()
            .map(|c| {
                let net = cents(c.invoiced_cents - c.credited_cents);
                RevenueCustomer {
                    share: percent(
                        net,
                        net_by_currency
                            .get(&c.currency)
                            .copied()
                            .unwrap_or_default(),
                    ),
                    customer_id: c.customer_id,
                    customer: c.customer,
                    currency: c.currency,
                    invoices: c.invoices,
                    net,
                }
            })
            .collect();
        by_customer.sort_by(|a, b| {
            a.currency
                .cmp(&b.currency)
                .then(b.net.cmp(&a.net))
                .then_with(|| a.customer.cmp(&b.customer))
        });
        let mut rates: BTreeMap<(String, String, String), (i64, i64)> = BTreeMap::new();
        for r in rate_rows {
            let e = rates.entry((r.currency, r.category, r.rate)).or_default();
            e.0 += r.taxable_cents;
            e.1 += r.tax_cents;
        }
        let mut by_rate: Vec<RevenueRate> = rates
            .into_iter()
            .map(|((currency, category, rate), (t, v))| RevenueRate {
                category,
                rate,
                currency,
                taxable: cents(t),
                vat: cents(v),
            })
            .collect();
        // Rates in numeric order (as text, "5.5" would come after "20").
        let key = |r: &RevenueRate| {
            let rate = r.rate.parse::<Decimal>().unwrap_or(Decimal::MAX);
            (r.currency.clone(), r.category.clone(), rate)
        };
        by_rate.sort_by_key(key);
        Ok(RevenueReport {
            period: p,
            by_month,
            by_customer,
            by_rate,
            totals: totals
                .into_iter()
                .map(|(c, (i, cr))| RevenueMonth {
                    month: String::new(),
                    currency: c,
                    invoiced: cents(i),
                    credited: cents(cr),
                    net: cents(i - cr),
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_cover_the_period() {
        let p = Period {
            from: "2025-11-15".parse().unwrap(),
            to: "2026-02-03".parse().unwrap(),
        };
        assert_eq!(months(p), ["2025-11", "2025-12", "2026-01", "2026-02"]);
    }
}
