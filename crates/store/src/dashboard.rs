//! Dashboard aggregates, summed exactly in integer hundredths by SQLite.

use crate::Store;
use crate::error::StoreResult;
use autoinvoice_domain::money::from_cents;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CurrencyFigures {
    pub currency: String,
    /// Still to be paid on issued invoices.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub outstanding: Decimal,
    pub open_count: i64,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub overdue: Decimal,
    pub overdue_count: i64,
    /// Payments received since the first of the month.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub paid_this_month: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MonthRevenue {
    /// YYYY-MM
    pub month: String,
    pub currency: String,
    /// Invoiced net of VAT, less credit notes.
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub revenue: Decimal,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub figures: Vec<CurrencyFigures>,
    pub revenue_by_month: Vec<MonthRevenue>,
}

impl Store {
    /// Figures on `today`; revenue for the twelve months up to it.
    pub async fn dashboard(&self, org_id: i64, today: NaiveDate) -> StoreResult<Dashboard> {
        let today_s = today.to_string();
        let month_start = today.with_day(1).unwrap_or(today).to_string();
        let year_ago = NaiveDate::from_ymd_opt(today.year() - 1, today.month(), 1)
            .unwrap_or(today)
            .to_string();
        let open = sqlx::query(
            "SELECT currency, SUM(due_cents - paid_cents - credited_cents) AS outstanding, COUNT(*) AS n,
                    SUM(CASE WHEN due_date < ?2 THEN due_cents - paid_cents - credited_cents ELSE 0 END) AS overdue,
                    SUM(CASE WHEN due_date < ?2 THEN 1 ELSE 0 END) AS overdue_n
             FROM invoices INDEXED BY invoices_open
             WHERE org_id = ?1 AND kind = 'invoice' AND status IN ('issued', 'sent', 'partially_paid')
             GROUP BY currency ORDER BY currency",
        )
        .bind(org_id)
        .bind(&today_s)
        .fetch_all(self.pool())
        .await?;
        let paid = sqlx::query(
            "SELECT currency, SUM(amount_cents) AS paid FROM payments WHERE org_id = ? AND date >= ? AND date <= ? GROUP BY currency",
        )
        .bind(org_id)
        .bind(&month_start)
        .bind(&today_s)
        .fetch_all(self.pool())
        .await?;
        let mut figures: Vec<CurrencyFigures> = open
            .iter()
            .map(|r| CurrencyFigures {
                currency: r.get("currency"),
                outstanding: from_cents(r.get("outstanding")),
                open_count: r.get("n"),
                overdue: from_cents(r.get("overdue")),
                overdue_count: r.get("overdue_n"),
                paid_this_month: Decimal::ZERO,
            })
            .collect();
        for r in &paid {
            let currency: String = r.get("currency");
            let amount = from_cents(r.get("paid"));
            match figures.iter_mut().find(|f| f.currency == currency) {
                Some(f) => f.paid_this_month = amount,
                None => figures.push(CurrencyFigures {
                    currency,
                    outstanding: Decimal::ZERO,
                    open_count: 0,
                    overdue: Decimal::ZERO,
                    overdue_count: 0,
                    paid_this_month: amount,
                }),
            }
        }
        let revenue = sqlx::query(
            "SELECT month, currency, invoiced_cents - credited_cents AS revenue FROM revenue_by_month
             WHERE org_id = ? AND month >= ? AND month <= ? ORDER BY month, currency",
        )
        .bind(org_id)
        .bind(&year_ago[..7])
        .bind(&today_s[..7])
        .fetch_all(self.pool())
        .await?;
        let revenue_by_month = revenue
            .iter()
            .map(|r| MonthRevenue {
                month: r.get("month"),
                currency: r.get("currency"),
                revenue: from_cents(r.get("revenue")),
            })
            .collect();
        Ok(Dashboard {
            today,
            figures,
            revenue_by_month,
        })
    }
}
