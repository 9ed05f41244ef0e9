//! The reports as PDF, in French or English (default: the organization's language): the
//! organization and the period at the top, the report's tables, its notes. Saved into the
//! documents folder under the same dated name as the CSV.

use super::pdf_words::{Words, fill, words};
use super::types::*;
use super::{pdf_sales, pdf_tax};
use crate::{Api, ApiError, ApiResult, ReportRequest, SavedFile};
use autoinvoice_documents::pdf::format;
use autoinvoice_documents::report_pdf::{self, ReportDocument, ReportSection};
use autoinvoice_domain::Currency;
use autoinvoice_domain::party::{Language, Organization};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The language of a report and how it writes figures.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    pub lang: Language,
    pub w: &'static Words,
}

impl Ctx {
    fn new(lang: Language) -> Self {
        Self {
            lang,
            w: words(lang),
        }
    }

    /// An amount with its currency, with exactly the currency's decimals.
    pub fn money(&self, v: Decimal, currency: &str) -> String {
        match Currency::parse(currency) {
            Ok(c) => format::money(v, c, self.lang),
            Err(_) => format!("{} {currency}", format::number(v, self.lang)),
        }
    }

    pub fn percent(&self, v: Decimal) -> String {
        format::percent(v, self.lang)
    }

    /// A VAT rate as the reports carry it ("5.5") in percent.
    pub fn rate(&self, rate: &str) -> String {
        rate.parse::<Decimal>()
            .map(|r| self.percent(r))
            .unwrap_or_else(|_| rate.to_owned())
    }

    pub fn date(&self, d: NaiveDate) -> String {
        format::date(d, self.lang)
    }

    pub fn period(&self, p: &Period) -> String {
        fill(
            self.w.from_to,
            &[("from", &self.date(p.from)), ("to", &self.date(p.to))],
        )
    }
}

/// What a report puts on its pages, under the organization.
#[derive(Debug)]
pub(super) struct Body {
    pub title: String,
    pub period: String,
    pub sections: Vec<ReportSection>,
    pub notes: Vec<String>,
}

fn grouped(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines under the organization's name: address, then SIREN and VAT number.
fn identifiers(org: &Organization, w: &Words) -> Vec<String> {
    let a = &org.address;
    let mut address: Vec<String> = [Some(&a.line1), a.line2.as_ref(), a.line3.as_ref()]
        .into_iter()
        .flatten()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect();
    let city = format!("{} {}", a.postcode, a.city).trim().to_owned();
    address.push(if a.country == "FR" {
        city
    } else {
        format!("{city} ({})", a.country)
    });
    let mut ids = Vec::new();
    if let Some(s) = &org.siren {
        ids.push(format!("{} {}", w.siren, grouped(s)));
    }
    if let Some(v) = &org.vat_number {
        ids.push(format!("{} {v}", w.vat_number));
    }
    let mut lines = Vec::new();
    if let Some(t) = &org.trading_name {
        lines.push(t.clone());
    }
    lines.push(address.join(", "));
    if !ids.is_empty() {
        lines.push(ids.join(" · "));
    }
    lines
}

impl Api {
    /// A report as PDF bytes, in `language` (default: the organization's).
    pub async fn report_pdf(
        &self,
        kind: ReportKind,
        req: ReportRequest,
        language: Option<Language>,
    ) -> ApiResult<Vec<u8>> {
        Ok(self.named_report_pdf(kind, req, language).await?.1)
    }

    /// A report's PDF saved as `<report>-<day or period>.pdf` in the documents folder (the
    /// CSV's name, another suffix).
    pub async fn save_report_pdf(
        &self,
        kind: ReportKind,
        req: ReportRequest,
        language: Option<Language>,
    ) -> ApiResult<SavedFile> {
        let (stem, bytes) = self.named_report_pdf(kind, req, language).await?;
        self.save_new_file(&stem, "pdf", &bytes)
    }

    /// The PDF with the name of its file (without suffix), as `named_report_csv` names it.
    async fn named_report_pdf(
        &self,
        kind: ReportKind,
        req: ReportRequest,
        language: Option<Language>,
    ) -> ApiResult<(String, Vec<u8>)> {
        let org_id = self.org(req.org_id).await?;
        let org = self.store.organization(org_id).await?.organization;
        let c = Ctx::new(language.unwrap_or(org.language));
        let req = ReportRequest {
            org_id: Some(org_id),
            ..req
        };
        let span = |p: &Period| format!("{}_{}", p.from, p.to);
        let (stem, body) = match kind {
            ReportKind::Aging => {
                let r = self.aging_report(req).await?;
                (format!("aging-{}", r.as_of), pdf_sales::aging(&c, &r))
            }
            ReportKind::Revenue => {
                let r = self.revenue_report(req).await?;
                (
                    format!("revenue-{}", span(&r.period)),
                    pdf_sales::revenue(&c, &r),
                )
            }
            ReportKind::Vat => {
                let r = self.vat_report(req).await?;
                (format!("vat-{}", span(&r.period)), pdf_tax::vat(&c, &r))
            }
            ReportKind::Franchise => {
                let r = self.franchise_report(req).await?;
                (
                    format!("franchise-{}-{}", r.year, r.as_of),
                    pdf_tax::franchise(&c, &r),
                )
            }
        };
        let doc = ReportDocument {
            language: c.lang,
            title: body.title,
            organization: org.display_name(),
            identifiers: identifiers(&org, c.w),
            period: body.period,
            generated_on: self.today(),
            sections: body.sections,
            notes: body.notes,
        };
        let bytes = tokio::task::spawn_blocking(move || report_pdf::render(&doc))
            .await
            .map_err(|e| ApiError::new("internal", e.to_string()))?
            .map_err(|e| ApiError::new("internal", e.to_string()))?;
        Ok((stem, bytes))
    }
}
