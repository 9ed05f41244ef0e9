//! Receivables aging: what each customer still owes on a day, by how late it is.

use super::share::cents;
use super::types::*;
use crate::{Api, ApiResult, ReportRequest};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Zero written with two decimals, as every amount.
const ZERO: Decimal = Decimal::from_parts(0, 0, 0, false, 2);

fn empty(customer_id: Option<i64>, customer: String, currency: String) -> AgingRow {
    AgingRow {
        customer_id,
        customer,
        currency,
        invoices: 0,
        current: ZERO,
        days_1_30: ZERO,
        days_31_60: ZERO,
        days_61_90: ZERO,
        over_90: ZERO,
        total: ZERO,
    }
}

/// Adds `invoices` owing `amount` in all, in a bucket of lateness (0 not yet due, 1 for 1
/// to 30 days, 2 for 31 to 60, 3 for 61 to 90, 4 for more).
fn add(row: &mut AgingRow, bucket: u8, invoices: i64, amount: Decimal) {
    let slot = match bucket {
        0 => &mut row.current,
        1 => &mut row.days_1_30,
        2 => &mut row.days_31_60,
        3 => &mut row.days_61_90,
        _ => &mut row.over_90,
    };
    *slot += amount;
    row.total += amount;
    row.invoices += invoices;
}

impl Api {
    pub async fn aging_report(&self, req: ReportRequest) -> ApiResult<AgingReport> {
        let org_id = self.org(req.org_id).await?;
        let as_of = req.as_of.unwrap_or_else(|| self.today());
        // On today (nothing is dated later), the settlement columns are the balances. The
        // store sums them by customer, currency and bucket.
        let balances = if as_of >= self.today() {
            self.store.open_balances(org_id, as_of).await?
        } else {
            self.store.aging_balances(org_id, as_of).await?
        };
        let mut by_customer: BTreeMap<(i64, String), AgingRow> = BTreeMap::new();
        let mut totals: BTreeMap<String, AgingRow> = BTreeMap::new();
        for b in balances {
            let amount = cents(b.balance_cents);
            add(
                by_customer
                    .entry((b.customer_id, b.currency.clone()))
                    .or_insert_with(|| {
                        empty(Some(b.customer_id), b.customer.clone(), b.currency.clone())
                    }),
                b.bucket,
                b.invoices,
                amount,
            );
            add(
                totals
                    .entry(b.currency.clone())
                    .or_insert_with(|| empty(None, String::new(), b.currency.clone())),
                b.bucket,
                b.invoices,
                amount,
            );
        }
        let mut rows: Vec<AgingRow> = by_customer.into_values().collect();
        rows.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then_with(|| a.customer.cmp(&b.customer))
        });
        Ok(AgingReport {
            as_of,
            rows,
            totals: totals.into_values().collect(),
        })
    }
}
