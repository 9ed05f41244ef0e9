//! The pages of the sales reports: receivables aging and revenue.

use super::pdf_out::{Body, Ctx};
use super::pdf_words::fill;
use super::types::*;
use autoinvoice_documents::report_pdf::{ReportColumn, ReportSection};

pub(super) fn aging(c: &Ctx, r: &AgingReport) -> Body {
    let w = c.w;
    let date = c.date(r.as_of);
    let mut section = ReportSection {
        heading: fill(w.aging_caption, &[("date", &date)]),
        ..Default::default()
    };
    if r.rows.is_empty() {
        section
            .paragraphs
            .push(fill(w.aging_none, &[("date", &date)]));
    } else {
        section.columns = vec![
            ReportColumn::left(w.customer),
            ReportColumn::right(w.invoices),
            ReportColumn::right(w.current),
            ReportColumn::right(w.d1_30),
            ReportColumn::right(w.d31_60),
            ReportColumn::right(w.d61_90),
            ReportColumn::right(w.over_90),
            ReportColumn::right(w.total),
        ];
        let cells = |name: String, row: &AgingRow| {
            let m = |v| c.money(v, &row.currency);
            vec![
                name,
                row.invoices.to_string(),
                m(row.current),
                m(row.days_1_30),
                m(row.days_31_60),
                m(row.days_61_90),
                m(row.over_90),
                m(row.total),
            ]
        };
        section.rows = r
            .rows
            .iter()
            .map(|row| cells(row.customer.clone(), row))
            .collect();
        section.totals = r
            .totals
            .iter()
            .map(|row| cells(format!("{} {}", w.total, row.currency), row))
            .collect();
    }
    Body {
        title: w.aging_title.to_owned(),
        period: fill(w.on, &[("date", &date)]),
        sections: vec![section],
        notes: Vec::new(),
    }
}

fn by_month(c: &Ctx, r: &RevenueReport) -> ReportSection {
    let w = c.w;
    ReportSection {
        heading: w.by_month.to_owned(),
        columns: vec![
            ReportColumn::left(w.month),
            ReportColumn::right(w.invoiced),
            ReportColumn::right(w.credited),
            ReportColumn::right(w.net),
        ],
        rows: r
            .by_month
            .iter()
            .map(|m| {
                vec![
                    w.month_name(&m.month),
                    c.money(m.invoiced, &m.currency),
                    c.money(m.credited, &m.currency),
                    c.money(m.net, &m.currency),
                ]
            })
            .collect(),
        totals: r
            .totals
            .iter()
            .map(|t| {
                vec![
                    format!("{} {}", w.total, t.currency),
                    c.money(t.invoiced, &t.currency),
                    c.money(t.credited, &t.currency),
                    c.money(t.net, &t.currency),
                ]
            })
            .collect(),
        ..Default::default()
    }
}

fn by_customer(c: &Ctx, r: &RevenueReport) -> ReportSection {
    let w = c.w;
    ReportSection {
        heading: w.by_customer.to_owned(),
        columns: vec![
            ReportColumn::left(w.customer),
            ReportColumn::right(w.invoices),
            ReportColumn::right(w.net),
            ReportColumn::right(w.share),
        ],
        rows: r
            .by_customer
            .iter()
            .map(|x| {
                vec![
                    x.customer.clone(),
                    x.invoices.to_string(),
                    c.money(x.net, &x.currency),
                    c.percent(x.share),
                ]
            })
            .collect(),
        ..Default::default()
    }
}

fn by_rate(c: &Ctx, r: &RevenueReport) -> ReportSection {
    let w = c.w;
    ReportSection {
        heading: w.by_rate.to_owned(),
        columns: vec![
            ReportColumn::left(w.category),
            ReportColumn::right(w.rate),
            ReportColumn::right(w.taxable),
            ReportColumn::right(w.vat),
        ],
        rows: r
            .by_rate
            .iter()
            .map(|x| {
                vec![
                    w.category(&x.category),
                    c.rate(&x.rate),
                    c.money(x.taxable, &x.currency),
                    c.money(x.vat, &x.currency),
                ]
            })
            .collect(),
        ..Default::default()
    }
}

pub(super) fn revenue(c: &Ctx, r: &RevenueReport) -> Body {
    let w = c.w;
    let mut body = Body {
        title: w.revenue_title.to_owned(),
        period: c.period(&r.period),
        sections: Vec::new(),
        notes: Vec::new(),
    };
    if r.totals.is_empty() {
        body.sections.push(ReportSection {
            paragraphs: vec![w.revenue_none.to_owned()],
            ..Default::default()
        });
        return body;
    }
    body.sections.push(by_month(c, r));
    if !r.by_customer.is_empty() {
        body.sections.push(by_customer(c, r));
    }
    if !r.by_rate.is_empty() {
        body.sections.push(by_rate(c, r));
    }
    let month = |d: chrono::NaiveDate| w.month_name(&d.format("%Y-%m").to_string());
    body.notes.push(fill(
        w.revenue_months,
        &[("from", &month(r.period.from)), ("to", &month(r.period.to))],
    ));
    body
}
