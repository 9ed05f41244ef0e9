//! Reports as PDF: a title, who they are about, the period, sections of tables (their header
//! repeated on every page they run over), notes; "Generated on" and "1 / 3" at the bottom of
//! every page. A4, PDF/A-2b. Generic: the cells arrive as text already formatted (amounts
//! with `pdf::format`), so no figure passes through a float here.
//!
//! Built on the invoices' page model (`pdf::layout`), fonts and drawing (`pdf::render`).

#![allow(clippy::float_arithmetic)]

mod columns;
mod page;
mod table;

use crate::error::{DocumentError, DocumentResult};
use crate::pdf::Paper;
use crate::pdf::layout::{Geometry, Layout};
use crate::pdf::render as draw;
use crate::pdf::side::Side;
use autoinvoice_domain::party::Language;
use chrono::{Datelike, NaiveDate};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};

/// How a column's cells line up: text to the left, figures to the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnAlign {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportColumn {
    pub label: String,
    pub align: ColumnAlign,
}

impl ReportColumn {
    pub fn left(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            align: ColumnAlign::Left,
        }
    }

    pub fn right(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            align: ColumnAlign::Right,
        }
    }
}

/// One part of a report: a heading, paragraphs, then a table (none without columns).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSection {
    pub heading: String,
    /// Printed between the heading and the table.
    pub paragraphs: Vec<String>,
    pub columns: Vec<ReportColumn>,
    /// One string per column; a row with fewer cells leaves the last columns blank.
    pub rows: Vec<Vec<String>>,
    /// Total rows under the table, in bold (none, one, or one per currency).
    pub totals: Vec<Vec<String>>,
}

/// A whole report, every word in `language`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDocument {
    /// The words the renderer adds itself ("Generated on", "continued", "Notes"), and dates.
    pub language: Language,
    pub title: String,
    /// The organization's name.
    pub organization: String,
    /// Its address, SIREN, VAT number…: one line each, under the name.
    pub identifiers: Vec<String>,
    /// "From … to …" or "On …".
    pub period: String,
    pub generated_on: NaiveDate,
    pub sections: Vec<ReportSection>,
    /// Paragraphs at the end, under a "Notes" heading.
    pub notes: Vec<String>,
}

/// The accent of titles and table headers: the invoices' default.
const ACCENT: [u8; 3] = [31, 78, 121];

fn geometry() -> Geometry {
    let (width, height) = Paper::A4.size();
    Geometry {
        width,
        height,
        margin: 42.0,
        footer: 30.0,
    }
}

/// Lays the report out into pages (nothing written).
fn layout(report: &ReportDocument) -> Layout {
    let mut lay = Layout::new(geometry());
    let c = page::Ctx::new(report, ACCENT);
    page::header(&c, &mut lay);
    for section in &report.sections {
        table::section(&c, &mut lay, section);
    }
    page::notes(&c, &mut lay);
    page::footers(&c, &mut lay);
    lay
}

/// How many pages the report takes.
pub fn page_count(report: &ReportDocument) -> usize {
    layout(report).pages.len()
}

fn pdf_date(d: NaiveDate) -> DateTime {
    DateTime::new(u16::try_from(d.year()).unwrap_or(2000))
        .month(u8::try_from(d.month()).unwrap_or(1))
        .day(u8::try_from(d.day()).unwrap_or(1))
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// The report as PDF/A-2b bytes.
pub fn render(report: &ReportDocument) -> DocumentResult<Vec<u8>> {
    let lay = layout(report);
    let g = lay.geometry;
    let settings = SerializeSettings {
        configuration: ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_B)
            .finish()
            .map_err(|e| DocumentError::Pdf(format!("PDF/A-2 configuration: {e:?}")))?,
        ..Default::default()
    };
    let mut pdf = Document::new_with(settings);
    let title = if report.period.is_empty() {
        report.title.clone()
    } else {
        format!("{} – {}", report.title, report.period)
    };
    pdf.set_metadata(
        Metadata::new()
            .title(title)
            .authors(vec![report.organization.clone()])
            .creator("AutoInvoice".into())
            .language(report.language.code().into())
            .creation_date(pdf_date(report.generated_on)),
    );
    let mut side = Side::idle();
    for ops in &lay.pages {
        let settings = PageSettings::from_wh(g.width, g.height)
            .ok_or_else(|| DocumentError::Pdf("page size".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        draw::draw(&mut surface, ops, None, &mut side)?;
        surface.finish();
        page.finish();
    }
    pdf.finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests;
