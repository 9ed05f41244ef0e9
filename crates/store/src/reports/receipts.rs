//! Money received in a period, shared out over the VAT rows of the invoices it paid: what
//! VAT on receipts and the turnover of a service provider are measured on.
//!
//! Each allocation's share of a row is rounded half away from zero on its own, then summed.
//! SQLite does it in integer arithmetic for amounts up to 10^9 hundredths (the products stay
//! far below 2^63: SQLite would silently turn an overflow into a float); the rare larger
//! rows are read one by one and shared out here on 128 bits.

use crate::Store;
use crate::error::StoreResult;
use autoinvoice_domain::money::prorate_cents;
use chrono::NaiveDate;
use sqlx::Row;

/// One payment allocation in the period against one VAT row of the invoice it paid, with
/// the invoice's totals to share the amount out by.
#[derive(Debug, Clone)]
pub struct ReceiptShare {
    pub payment_id: i64,
    pub invoice_id: i64,
    pub date: NaiveDate,
    pub currency: String,
    pub allocated_cents: i64,
    pub invoice_incl_cents: i64,
    pub category: String,
    pub rate: String,
    pub operation: Option<String>,
    pub taxable_cents: i64,
    pub tax_cents: i64,
}

/// VAT received in a period for one category, rate, type of operation and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedVat {
    pub category: String,
    pub rate: String,
    pub operation: Option<String>,
    pub currency: String,
    pub taxable_cents: i64,
    pub tax_cents: i64,
}

/// Net of VAT received on one day: everything (`goods` false), or goods only (true).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedDay {
    pub date: NaiveDate,
    pub goods: bool,
    pub excl_cents: i64,
}

const SMALL: &str = "1000000000";

/// `a × p / w` rounded half away from zero, in SQLite integers (w > 0; |a|, |p| ≤ 10^9).
pub(super) fn share_sql(a: &str, p: &str, w: &str) -> String {
    format!(
        "CASE WHEN {a} * {p} >= 0 THEN (2 * {a} * {p} + {w}) / (2 * {w}) \
         ELSE -((-2 * {a} * {p} + {w}) / (2 * {w})) END"
    )
}

const FROM_RECEIPTS: &str = "FROM payments p INDEXED BY payments_by_date
     JOIN payment_allocations a ON a.payment_id = p.id
     JOIN invoices i ON i.id = a.invoice_id
     JOIN invoice_vat v ON v.invoice_id = i.id
     WHERE p.org_id = ?1 AND p.date >= ?2 AND p.date <= ?3 AND i.kind = 'invoice'";

pub(super) fn small(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| format!("abs({c}) <= {SMALL}"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

impl Store {
    /// Every allocation × VAT row (the FEC moves VAT on receipts per payment).
    pub async fn receipt_shares(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ReceiptShare>> {
        self.receipt_rows(org_id, from, to, "1").await
    }

    async fn receipt_rows(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        filter: &str,
    ) -> StoreResult<Vec<ReceiptShare>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, a.invoice_id, p.date, i.currency, a.amount_cents, i.total_incl_cents,
                    v.category, v.rate, v.operation, v.taxable_cents, v.tax_cents
             {FROM_RECEIPTS} AND ({filter})
             ORDER BY p.date, p.id, a.invoice_id, v.category, v.rate"
        )))
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReceiptShare {
                payment_id: r.get(0),
                invoice_id: r.get(1),
                date: r.get::<String, _>(2).parse().unwrap_or_default(),
                currency: r.get(3),
                allocated_cents: r.get(4),
                invoice_incl_cents: r.get(5),
                category: r.get(6),
                rate: r.get(7),
                operation: r.get(8),
                taxable_cents: r.get(9),
                tax_cents: r.get(10),
            })
            .collect())
    }

    /// The VAT rows' shares of what was paid in the period, summed: read from the daily
    /// summary (migration 9) rather than from every payment, which SQLite would have to
    /// sort by category and rate to group. Shares too large for SQLite's integers are only
    /// counted there; when the period has any, their rows are read and shared out here.
    pub async fn received_vat(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ReceivedVat>> {
        let rows = sqlx::query(
            "SELECT category, rate, NULLIF(operation, ''), currency, SUM(taxable_cents), SUM(tax_cents),
                    SUM(shares), SUM(large)
             FROM vat_received_by_day
             WHERE org_id = ? AND day >= ? AND day <= ?
             GROUP BY category, rate, operation, currency
             ORDER BY category, rate, operation, currency",
        )
        .bind(org_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(self.pool())
        .await?;
        let large = rows.iter().any(|r| r.get::<i64, _>(7) > 0);
        // A group of large shares only is made below, as they are read.
        let mut out: Vec<ReceivedVat> = rows
            .iter()
            .filter(|r| r.get::<i64, _>(6) > 0)
            .map(|r| ReceivedVat {
                category: r.get(0),
                rate: r.get(1),
                operation: r.get(2),
                currency: r.get(3),
                taxable_cents: r.get(4),
                tax_cents: r.get(5),
            })
            .collect();
        if !large {
            return Ok(out);
        }
        let ok = small(&[
            "a.amount_cents",
            "v.taxable_cents",
            "v.tax_cents",
            "i.total_incl_cents",
        ]);
        for s in self
            .receipt_rows(
                org_id,
                from,
                to,
                &format!("i.total_incl_cents > 0 AND NOT ({ok})"),
            )
            .await?
        {
            let taxable = prorate_cents(s.allocated_cents, s.taxable_cents, s.invoice_incl_cents);
            let tax = prorate_cents(s.allocated_cents, s.tax_cents, s.invoice_incl_cents);
            match out.iter_mut().find(|o| {
                o.category == s.category
                    && o.rate == s.rate
                    && o.operation == s.operation
                    && o.currency == s.currency
            }) {
                Some(o) => {
                    o.taxable_cents += taxable;
                    o.tax_cents += tax;
                }
                None => out.push(ReceivedVat {
                    category: s.category,
                    rate: s.rate,
                    operation: s.operation,
                    currency: s.currency,
                    taxable_cents: taxable,
                    tax_cents: tax,
                }),
            }
        }
        Ok(out)
    }

    /// Net of VAT received per day in the currency given, and of it for goods (each
    /// allocation's share of the invoice's total without VAT), from the daily summary.
    pub async fn received_by_day(
        &self,
        org_id: i64,
        currency: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ReceivedDay>> {
        let goods_ids = "SELECT invoice_id FROM invoice_vat INDEXED BY invoice_vat_goods WHERE operation = 'goods'";
        let from_allocations = "FROM payments p INDEXED BY payments_by_date
             JOIN payment_allocations a ON a.payment_id = p.id
             JOIN invoices i ON i.id = a.invoice_id
             WHERE p.org_id = ?1 AND p.date >= ?2 AND p.date <= ?3 AND p.currency = ?4
               AND i.kind = 'invoice' AND i.total_incl_cents > 0";
        let ok = small(&["a.amount_cents", "i.total_excl_cents", "i.total_incl_cents"]);
        let run = |sql: String| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(org_id)
                .bind(from.to_string())
                .bind(to.to_string())
                .bind(currency)
                .fetch_all(self.pool())
        };
        // From the daily summary (migration 9): everything, goods, and how many shares
        // SQLite cannot work out exactly (read one by one below only when there are any).
        let days = run("SELECT day, SUM(excl_cents), SUM(shares),
                    SUM(CASE goods WHEN 1 THEN excl_cents ELSE 0 END), SUM(CASE goods WHEN 1 THEN shares ELSE 0 END),
                    SUM(large)
             FROM received_by_day
             WHERE org_id = ?1 AND day >= ?2 AND day <= ?3 AND currency = ?4
             GROUP BY day ORDER BY day"
            .to_owned())
        .await?;
        let goods = format!("i.id IN ({goods_ids})");
        let big = if days.iter().any(|r| r.get::<i64, _>(5) > 0) {
            run(format!(
                "SELECT p.date, {goods}, a.amount_cents, i.total_excl_cents, i.total_incl_cents
                 {from_allocations} AND NOT ({ok})"
            ))
            .await?
        } else {
            Vec::new()
        };
        let day = |s: String| s.parse().unwrap_or_default();
        let mut out: Vec<ReceivedDay> = Vec::new();
        for r in &days {
            let date = day(r.get(0));
            if r.get::<i64, _>(2) > 0 {
                out.push(ReceivedDay {
                    date,
                    goods: false,
                    excl_cents: r.get(1),
                });
            }
            if r.get::<i64, _>(4) > 0 {
                out.push(ReceivedDay {
                    date,
                    goods: true,
                    excl_cents: r.get(3),
                });
            }
        }
        for r in &big {
            let cents = prorate_cents(r.get(2), r.get(3), r.get(4));
            let date = day(r.get(0));
            out.push(ReceivedDay {
                date,
                goods: false,
                excl_cents: cents,
            });
            if r.get::<i64, _>(1) != 0 {
                out.push(ReceivedDay {
                    date,
                    goods: true,
                    excl_cents: cents,
                });
            }
        }
        out.sort_by_key(|d| d.date);
        Ok(out)
    }
}
