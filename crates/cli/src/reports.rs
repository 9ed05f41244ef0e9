//! `report aging|revenue|vat|franchise|fec`: the accountant's reports.

use crate::output::show;
use autoinvoice_api::*;
use autoinvoice_domain::party::Language;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// First day (default: 1 January of this year).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day (default: 31 December of the first day's year).
    #[arg(long)]
    to: Option<NaiveDate>,
    #[command(flatten)]
    save: SaveArgs,
}

/// Where a report is written instead of printed.
#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Write CSV to this file instead of printing the report.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Write a PDF to this file instead of printing the report.
    #[arg(long)]
    pdf: Option<PathBuf>,
    /// The PDF's language, fr or en (default: the organization's).
    #[arg(long, requires = "pdf", value_parser = parse_language)]
    lang: Option<Language>,
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s).map_err(|e| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Unpaid balances per customer: not yet due, 1–30, 31–60, 61–90, over 90 days late.
    Aging {
        /// The day balances are taken on (default today).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        save: SaveArgs,
    },
    /// Revenue net of VAT by month, customer and VAT rate.
    Revenue(PeriodArgs),
    /// VAT collected per rate for a return (CA3 lines), on debits or on receipts.
    Vat(PeriodArgs),
    /// This year's turnover against the VAT franchise thresholds (art. 293 B du CGI).
    Franchise {
        #[arg(long)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        save: SaveArgs,
    },
    /// The FEC (fichier des écritures comptables) of a fiscal year.
    Fec {
        /// The fiscal year's first day (default: 1 January of last year).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Its last day (default: a year after the first, less a day).
        #[arg(long)]
        to: Option<NaiveDate>,
        /// A folder (the official file name is used) or a file. Default: the current folder.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

fn write_text(path: &std::path::Path, text: impl AsRef<[u8]>) -> ApiResult<()> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| ApiError::new("io", format!("{}: {e}", path.display())))
}

async fn csv_or<T: serde::Serialize>(
    api: &Api,
    json: bool,
    kind: ReportKind,
    req: ReportRequest,
    save: SaveArgs,
    value: T,
    text: impl FnOnce(&T) -> String,
) -> ApiResult<()> {
    if let Some(path) = save.pdf {
        let bytes = api.report_pdf(kind, req.clone(), save.lang).await?;
        write_text(&path, &bytes)?;
        let n = bytes.len();
        show(json, &serde_json::json!({"file": path, "bytes": n}), |_| {
            format!("PDF written to {} ({n} bytes)", path.display())
        });
        if save.csv.is_none() {
            return Ok(());
        }
    }
    match save.csv {
        Some(path) => {
            let body = api.report_csv(kind, req).await?;
            write_text(&path, &body)?;
            let rows = body.lines().count().saturating_sub(1);
            show(
                json,
                &serde_json::json!({"file": path, "rows": rows}),
                |_| format!("{rows} rows written to {}", path.display()),
            );
        }
        None => show(json, &value, text),
    }
    Ok(())
}

pub async fn report(api: &Api, json: bool, org: Option<i64>, c: ReportCommand) -> ApiResult<()> {
    match c {
        ReportCommand::Aging { as_of, save } => {
            let req = ReportRequest {
                org_id: org,
                as_of,
                ..Default::default()
            };
            let r = api.aging_report(req.clone()).await?;
            csv_or(api, json, ReportKind::Aging, req, save, r, text::aging).await
        }
        ReportCommand::Revenue(p) => {
            let req = ReportRequest {
                org_id: org,
                from: p.from,
                to: p.to,
                as_of: None,
            };
            let r = api.revenue_report(req.clone()).await?;
            csv_or(
                api,
                json,
                ReportKind::Revenue,
                req,
                p.save,
                r,
                text::revenue,
            )
            .await
        }
        ReportCommand::Vat(p) => {
            let req = ReportRequest {
                org_id: org,
                from: p.from,
                to: p.to,
                as_of: None,
            };
            let r = api.vat_report(req.clone()).await?;
            csv_or(api, json, ReportKind::Vat, req, p.save, r, text::vat).await
        }
        ReportCommand::Franchise { as_of, save } => {
            let req = ReportRequest {
                org_id: org,
                as_of,
                ..Default::default()
            };
            let r = api.franchise_report(req.clone()).await?;
            csv_or(
                api,
                json,
                ReportKind::Franchise,
                req,
                save,
                r,
                text::franchise,
            )
            .await
        }
        ReportCommand::Fec { from, to, output } => {
            let r = api
                .fec_export(FecRequest {
                    org_id: org,
                    from,
                    to,
                })
                .await?;
            let path = match output {
                Some(p) if p.is_dir() => p.join(&r.file_name),
                Some(p) => p,
                None => PathBuf::from(&r.file_name),
            };
            write_text(&path, &r.text)?;
            let summary = serde_json::json!({
                "file": path, "period": r.period, "entries": r.entries, "lines": r.lines,
                "total_debit": r.total_debit.to_string(), "total_credit": r.total_credit.to_string(),
                "left_out": r.left_out,
            });
            show(json, &summary, |_| {
                let mut s = format!(
                    "FEC {} to {} written to {}: {} entries, {} lines, debit {} = credit {}",
                    r.period.from,
                    r.period.to,
                    path.display(),
                    r.entries,
                    r.lines,
                    r.total_debit,
                    r.total_credit
                );
                if !r.left_out.is_empty() {
                    let _ = write!(
                        s,
                        "\nLeft out (not in the accounting currency): {}",
                        r.left_out.join(", ")
                    );
                }
                s
            });
            Ok(())
        }
    }
}

mod text {
    use super::*;

    fn m(d: Decimal) -> String {
        format!("{d:>12}")
    }

    pub fn aging(r: &AgingReport) -> String {
        let mut s = format!(
            "Receivables on {}\n{:<30} {:>4} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n",
            r.as_of, "Customer", "Inv.", "Not due", "1-30", "31-60", "61-90", "> 90", "Total"
        );
        for row in r.rows.iter().chain(&r.totals) {
            let name = if row.customer_id.is_some() {
                row.customer.chars().take(30).collect::<String>()
            } else {
                format!("TOTAL {}", row.currency)
            };
            let _ = writeln!(
                s,
                "{name:<30} {:>4} {} {} {} {} {} {}",
                row.invoices,
                m(row.current),
                m(row.days_1_30),
                m(row.days_31_60),
                m(row.days_61_90),
                m(row.over_90),
                m(row.total)
            );
        }
        if r.rows.is_empty() {
            s.push_str("Nothing owed.\n");
        }
        s
    }

    pub fn revenue(r: &RevenueReport) -> String {
        let mut s = format!("Revenue net of VAT, {} to {}\n", r.period.from, r.period.to);
        for x in &r.by_month {
            let _ = writeln!(s, "  {}  {} {}", x.month, m(x.net), x.currency);
        }
        s.push_str("By customer:\n");
        for c in r.by_customer.iter().take(20) {
            let _ = writeln!(
                s,
                "  {:<30} {} {} ({} %)",
                c.customer.chars().take(30).collect::<String>(),
                m(c.net),
                c.currency,
                c.share
            );
        }
        s.push_str("By VAT rate:\n");
        for v in &r.by_rate {
            let _ = writeln!(
                s,
                "  {:<2} {:>5} %  base {}  VAT {} {}",
                v.category,
                v.rate,
                m(v.taxable),
                m(v.vat),
                v.currency
            );
        }
        for t in &r.totals {
            let _ = writeln!(
                s,
                "Total: invoiced {} - credited {} = {} {}",
                t.invoiced, t.credited, t.net, t.currency
            );
        }
        s
    }

    pub fn vat(r: &VatReport) -> String {
        let mut s = format!(
            "VAT {} to {} ({})\n",
            r.period.from, r.period.to, r.currency
        );
        for l in &r.lines {
            let basis = match l.basis {
                VatBasis::Debits => "debits",
                VatBasis::Receipts => "receipts",
            };
            let _ = writeln!(
                s,
                "  {:<2} {:>5} % on {:<8} base {}  VAT {}",
                l.category,
                l.rate,
                basis,
                m(l.taxable),
                m(l.vat)
            );
        }
        let _ = writeln!(s, "Total VAT collected: {}", r.total_vat);
        s.push_str("CA3:\n");
        for c in &r.ca3 {
            let vat = c.vat.map(|v| format!("  tax {v}")).unwrap_or_default();
            let _ = writeln!(s, "  {:<3} {:<60} base {}{vat}", c.line, c.label, c.base);
        }
        for n in &r.notes {
            let _ = writeln!(s, "Note: {n}");
        }
        s
    }

    pub fn franchise(r: &FranchiseReport) -> String {
        let mut s = format!(
            "VAT franchise {} (on {}; thresholds of {}){}\n",
            r.year,
            r.as_of,
            r.thresholds.applies_from_year,
            if r.franchise {
                ""
            } else {
                " — this seller charges VAT"
            }
        );
        for l in &r.limits {
            let standing = match l.standing {
                FranchiseStanding::Under => "under the base threshold".to_owned(),
                FranchiseStanding::OverBase => {
                    "OVER the base threshold: the franchise ends on 1 January".to_owned()
                }
                FranchiseStanding::OverHigher => format!(
                    "OVER the higher threshold since {}: VAT is due from that day",
                    l.crossed_higher_on
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
            };
            let _ = writeln!(
                s,
                "  {:<8} {} of {} ({} %), higher {}: {standing}",
                l.activity, l.turnover, l.base, l.used, l.higher
            );
            if let Some(d) = l.projected_base_on {
                let _ = writeln!(
                    s,
                    "           at this pace the base threshold is reached on {d}"
                );
            }
            if l.last_year_over_base {
                let _ = writeln!(
                    s,
                    "           last year ({}) was over the base threshold: no franchise this year",
                    l.last_year_turnover
                );
            }
        }
        for n in &r.notes {
            let _ = writeln!(s, "Note: {n}");
        }
        s
    }
}
