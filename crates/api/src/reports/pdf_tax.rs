//! The pages of the tax reports: the VAT return (collected, deductible, CA3 lines) and the
//! VAT franchise tracker.

use super::pdf_notes::note;
use super::pdf_out::{Body, Ctx};
use super::pdf_words::fill;
use super::types::*;
use autoinvoice_documents::report_pdf::{ReportColumn, ReportSection};
use rust_decimal::Decimal;

/// The CA3's total lines: a tax amount, no base.
const CA3_TAX_ONLY: [&str; 5] = ["16", "20", "23", "25", "28"];

fn collected(c: &Ctx, r: &VatReport) -> ReportSection {
    let w = c.w;
    let m = |v| c.money(v, &r.currency);
    let mut s = ReportSection {
        heading: w.collected.to_owned(),
        ..Default::default()
    };
    if r.lines.is_empty() {
        s.paragraphs.push(w.vat_nothing.to_owned());
        return s;
    }
    s.columns = vec![
        ReportColumn::left(w.category),
        ReportColumn::right(w.rate),
        ReportColumn::left(w.basis),
        ReportColumn::right(w.taxable),
        ReportColumn::right(w.vat),
    ];
    s.rows = r
        .lines
        .iter()
        .map(|l| {
            let basis = match l.basis {
                VatBasis::Debits => w.basis_debits,
                VatBasis::Receipts => w.basis_receipts,
            };
            vec![
                w.category(&l.category),
                c.rate(&l.rate),
                basis.to_owned(),
                m(l.taxable),
                m(l.vat),
            ]
        })
        .collect();
    s.totals = vec![vec![
        w.vat_total.to_owned(),
        String::new(),
        String::new(),
        String::new(),
        m(r.total_vat),
    ]];
    s
}

fn deductible(c: &Ctx, r: &VatReport) -> ReportSection {
    let w = c.w;
    let m = |v| c.money(v, &r.currency);
    let total = |label: &str, v: Decimal| {
        vec![
            label.to_owned(),
            String::new(),
            String::new(),
            String::new(),
            m(v),
        ]
    };
    let net = if r.net_vat < Decimal::ZERO {
        total(w.vat_credit, -r.net_vat)
    } else {
        total(w.vat_net, r.net_vat)
    };
    ReportSection {
        heading: w.deductible.to_owned(),
        columns: vec![
            ReportColumn::left(w.category),
            ReportColumn::right(w.rate),
            ReportColumn::right(w.invoices),
            ReportColumn::right(w.taxable),
            ReportColumn::right(w.vat),
        ],
        rows: r
            .deductible
            .iter()
            .map(|l| {
                vec![
                    w.category(&l.category),
                    c.rate(&l.rate),
                    l.documents.to_string(),
                    m(l.taxable),
                    m(l.vat),
                ]
            })
            .collect(),
        totals: vec![total(w.total_deductible, r.total_deductible), net],
        ..Default::default()
    }
}

fn ca3(c: &Ctx, r: &VatReport) -> ReportSection {
    let w = c.w;
    let m = |v| c.money(v, &r.currency);
    ReportSection {
        heading: w.ca3.to_owned(),
        columns: vec![
            ReportColumn::left(w.ca3_line),
            ReportColumn::left(w.ca3_label),
            ReportColumn::right(w.base),
            ReportColumn::right(w.vat),
        ],
        rows: r
            .ca3
            .iter()
            .map(|l| {
                let base = if CA3_TAX_ONLY.contains(&l.line.as_str()) {
                    String::new()
                } else {
                    m(l.base)
                };
                vec![
                    l.line.clone(),
                    l.label.clone(),
                    base,
                    l.vat.map_or_else(|| "—".to_owned(), m),
                ]
            })
            .collect(),
        ..Default::default()
    }
}

pub(super) fn vat(c: &Ctx, r: &VatReport) -> Body {
    let w = c.w;
    let basis = if r.franchise {
        w.vat_franchise
    } else if r.option_debits {
        w.on_debits
    } else {
        w.on_receipts
    };
    let mut first = collected(c, r);
    first.paragraphs.insert(0, basis.to_owned());
    let mut sections = vec![first];
    if !r.deductible.is_empty() {
        sections.push(deductible(c, r));
    }
    if !r.ca3.is_empty() {
        sections.push(ca3(c, r));
    }
    Body {
        title: w.vat_title.to_owned(),
        period: c.period(&r.period),
        sections,
        notes: r.notes.iter().map(|n| note(n, c.lang)).collect(),
    }
}

/// Where the seller stands against one limit, and what follows from it.
fn standing(c: &Ctx, r: &FranchiseReport, l: &FranchiseLimit) -> String {
    let w = c.w;
    let mut out = vec![match l.standing {
        FranchiseStanding::Under => w.under.to_owned(),
        FranchiseStanding::OverBase => fill(w.over_base, &[("year", &(r.year + 1).to_string())]),
        FranchiseStanding::OverHigher => {
            let date = l.crossed_higher_on.map(|d| c.date(d)).unwrap_or_default();
            fill(w.over_higher, &[("date", &date)])
        }
    }];
    if let (FranchiseStanding::Under, Some(d)) = (l.standing, l.projected_base_on) {
        out.push(fill(w.projected, &[("date", &c.date(d))]));
    }
    if l.last_year_over_base {
        let turnover = c.money(l.last_year_turnover, "EUR");
        out.push(fill(w.last_year_over, &[("turnover", &turnover)]));
    }
    out.join("\n")
}

pub(super) fn franchise(c: &Ctx, r: &FranchiseReport) -> Body {
    let w = c.w;
    // The thresholds are in euros, and so is the turnover measured against them.
    let m = |v| c.money(v, "EUR");
    let state = if r.franchise {
        fill(w.in_franchise, &[("year", &r.year.to_string())])
    } else {
        w.not_in_franchise.to_owned()
    };
    let section = ReportSection {
        heading: String::new(),
        paragraphs: vec![state],
        columns: vec![
            ReportColumn::left(w.activity),
            ReportColumn::right(w.turnover),
            ReportColumn::right(w.base_threshold),
            ReportColumn::right(w.used),
            ReportColumn::right(w.higher_threshold),
            ReportColumn::left(w.standing),
        ],
        rows: r
            .limits
            .iter()
            .map(|l| {
                let activity = if l.activity == "services" {
                    w.services
                } else {
                    w.all
                };
                vec![
                    activity.to_owned(),
                    m(l.turnover),
                    m(l.base),
                    c.percent(l.used),
                    m(l.higher),
                    standing(c, r, l),
                ]
            })
            .collect(),
        totals: Vec::new(),
    };
    let on = c.date(r.as_of);
    Body {
        title: w.franchise_title.to_owned(),
        period: fill(w.year_on, &[("year", &r.year.to_string()), ("date", &on)]),
        sections: vec![section],
        notes: r.notes.iter().map(|n| note(n, c.lang)).collect(),
    }
}
