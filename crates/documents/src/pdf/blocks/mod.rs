//! The blocks of a document, laid out top to bottom: header (seller, title, dates), parties,
//! the line table (its header repeated on each page), totals and VAT, payment with the EPC
//! QR code, legal mentions, notes; then the footer of every page.

#![allow(clippy::float_arithmetic)]

mod closing;
mod header;
mod table;
mod totals;

use super::PdfOptions;
use super::fonts::{Weight, shape, wrap};
use super::format;
use super::labels::{Labels, labels, unit_name};
use super::layout::{
    Align, BLACK, GREY, LIGHT, Layout, Op, WHITE, ascent, line_height, paragraph_height,
};
use super::qr;
use autoinvoice_domain::document::{DocumentKind, Line};
use autoinvoice_domain::full_document::FullDocument;
use autoinvoice_domain::party::{Address, CustomerKind, Language};
use autoinvoice_domain::vat::{FRANCHISE_MENTION, VatCategory, VatRegime};
use rust_decimal::Decimal;

struct Ctx<'a> {
    doc: &'a FullDocument,
    opts: &'a PdfOptions,
    l: &'static Labels,
    lang: Language,
    fs: f32,
    accent: [u8; 3],
}

impl Ctx<'_> {
    fn money(&self, v: Decimal) -> String {
        format::money(v, self.doc.content.currency, self.lang)
    }
    /// "label : value" (French typography) or "label: value".
    fn pair(&self, label: &str, value: &str) -> String {
        match self.lang {
            Language::Fr => format!("{label}\u{A0}: {value}"),
            Language::En => format!("{label}: {value}"),
        }
    }
    fn small(&self) -> f32 {
        self.fs * 0.85
    }
}

fn address_lines(a: &Address) -> Vec<String> {
    let mut out = vec![a.line1.clone()];
    out.extend(a.line2.iter().cloned());
    out.extend(a.line3.iter().cloned());
    let city = format!("{} {}", a.postcode, a.city).trim().to_owned();
    out.push(if a.country == "FR" {
        city
    } else {
        format!("{city} ({})", a.country)
    });
    out
}

fn grouped(s: &str, n: usize) -> String {
    s.chars()
        .collect::<Vec<_>>()
        .chunks(n)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lays the whole document out into pages.
pub fn layout(
    doc: &FullDocument,
    opts: &PdfOptions,
    logo_size: Option<(f32, f32)>,
    layout: &mut Layout,
) {
    let ctx = Ctx {
        doc,
        opts,
        l: labels(doc.language),
        lang: doc.language,
        fs: opts.font_size,
        accent: opts.accent,
    };
    header::header(&ctx, layout, logo_size);
    header::parties(&ctx, layout);
    table::table(&ctx, layout);
    totals::totals(&ctx, layout);
    if opts.show_payment && doc.kind == DocumentKind::Invoice {
        closing::payment(&ctx, layout);
    }
    closing::mentions(&ctx, layout);
    if doc.kind == DocumentKind::Quote {
        closing::acceptance(&ctx, layout);
    }
    if opts.show_footer {
        closing::footers(&ctx, layout);
    }
}

/// A new page starts with a reminder of which document it continues.
fn new_page(c: &Ctx, lay: &mut Layout) {
    lay.new_page();
    let title = match &c.doc.number {
        Some(n) => format!("{} {n} {}", c.l.title(c.doc.kind), c.l.continued),
        None => format!("{} {} {}", c.l.title(c.doc.kind), c.l.draft, c.l.continued),
    };
    let y = lay.y;
    lay.text(
        &title,
        Weight::Bold,
        lay.geometry.right(),
        y + ascent(c.small()),
        c.small(),
        GREY,
        Align::Right,
    );
    lay.y += line_height(c.small()) + 4.0;
}

/// Starts a new page unless `height` points still fit.
fn ensure(c: &Ctx, lay: &mut Layout, height: f32) {
    if !lay.fits(height) {
        new_page(c, lay);
    }
}
