//! The reports as CSV (one table each; amounts with a decimal point, as spreadsheets and
//! accounting tools read them).

use super::types::*;
use crate::csv_io::{cell, write};
use crate::{Api, ApiResult, ReportRequest};

fn aging(r: &AgingReport) -> ApiResult<String> {
    write(|w| {
        w.write_record([
            "customer", "currency", "invoices", "current", "1-30", "31-60", "61-90", "over_90",
            "total",
        ])?;
        for row in r.rows.iter().chain(&r.totals) {
            let name = if row.customer_id.is_some() {
                cell(&row.customer)
            } else {
                "TOTAL".into()
            };
            w.write_record([
                name,
                row.currency.clone(),
                row.invoices.to_string(),
                row.current.to_string(),
                row.days_1_30.to_string(),
                row.days_31_60.to_string(),
                row.days_61_90.to_string(),
                row.over_90.to_string(),
                row.total.to_string(),
            ])?;
        }
        Ok(())
    })
}

fn revenue(r: &RevenueReport) -> ApiResult<String> {
    write(|w| {
        w.write_record([
            "section",
            "key",
            "currency",
            "invoiced",
            "credited",
            "net",
            "vat",
            "share_percent",
        ])?;
        for m in &r.by_month {
            w.write_record([
                "month",
                &m.month,
                &m.currency,
                &m.invoiced.to_string(),
                &m.credited.to_string(),
                &m.net.to_string(),
                "",
                "",
            ])?;
        }
        for c in &r.by_customer {
            w.write_record([
                "customer",
                &cell(&c.customer),
                &c.currency,
                "",
                "",
                &c.net.to_string(),
                "",
                &c.share.to_string(),
            ])?;
        }
        for v in &r.by_rate {
            let key = format!("{} {}%", v.category, v.rate);
            w.write_record([
                "vat_rate",
                &key,
                &v.currency,
                "",
                "",
                &v.taxable.to_string(),
                &v.vat.to_string(),
                "",
            ])?;
        }
        for t in &r.totals {
            w.write_record([
                "total",
                "",
                &t.currency,
                &t.invoiced.to_string(),
                &t.credited.to_string(),
                &t.net.to_string(),
                "",
                "",
            ])?;
        }
        Ok(())
    })
}

fn vat(r: &VatReport) -> ApiResult<String> {
    write(|w| {
        w.write_record(["section", "key", "basis_or_label", "taxable", "vat"])?;
        for l in &r.lines {
            let key = format!("{} {}%", l.category, l.rate);
            let basis = match l.basis {
                VatBasis::Debits => "debits",
                VatBasis::Receipts => "receipts",
            };
            w.write_record([
                "rate",
                &key,
                basis,
                &l.taxable.to_string(),
                &l.vat.to_string(),
            ])?;
        }
        for c in &r.ca3 {
            w.write_record([
                "ca3".to_owned(),
                c.line.clone(),
                c.label.clone(),
                c.base.to_string(),
                c.vat.map(|v| v.to_string()).unwrap_or_default(),
            ])?;
        }
        w.write_record(["total", "", "", "", &r.total_vat.to_string()])?;
        Ok(())
    })
}

fn franchise(r: &FranchiseReport) -> ApiResult<String> {
    write(|w| {
        w.write_record([
            "activity",
            "turnover",
            "base",
            "higher",
            "used_percent",
            "standing",
            "crossed_higher_on",
            "projected_base_on",
            "last_year_turnover",
            "last_year_over_base",
        ])?;
        for l in &r.limits {
            let standing = match l.standing {
                FranchiseStanding::Under => "under",
                FranchiseStanding::OverBase => "over_base",
                FranchiseStanding::OverHigher => "over_higher",
            };
            w.write_record([
                l.activity.clone(),
                l.turnover.to_string(),
                l.base.to_string(),
                l.higher.to_string(),
                l.used.to_string(),
                standing.to_owned(),
                l.crossed_higher_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                l.projected_base_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                l.last_year_turnover.to_string(),
                l.last_year_over_base.to_string(),
            ])?;
        }
        Ok(())
    })
}

impl Api {
    /// A report as CSV text.
    pub async fn report_csv(&self, kind: ReportKind, req: ReportRequest) -> ApiResult<String> {
        Ok(self.named_report_csv(kind, req).await?.1)
    }

    /// A report as CSV text, with the name of its file (without suffix): the report and its
    /// day or period, e.g. `aging-2026-12-04`, `vat-2026-10-01_2026-12-31`.
    pub(crate) async fn named_report_csv(
        &self,
        kind: ReportKind,
        req: ReportRequest,
    ) -> ApiResult<(String, String)> {
        let span = |p: &crate::Period| format!("{}_{}", p.from, p.to);
        Ok(match kind {
            ReportKind::Aging => {
                let r = self.aging_report(req).await?;
                (format!("aging-{}", r.as_of), aging(&r)?)
            }
            ReportKind::Revenue => {
                let r = self.revenue_report(req).await?;
                (format!("revenue-{}", span(&r.period)), revenue(&r)?)
            }
            ReportKind::Vat => {
                let r = self.vat_report(req).await?;
                (format!("vat-{}", span(&r.period)), vat(&r)?)
            }
            ReportKind::Franchise => {
                let r = self.franchise_report(req).await?;
                (format!("franchise-{}-{}", r.year, r.as_of), franchise(&r)?)
            }
        })
    }
}
