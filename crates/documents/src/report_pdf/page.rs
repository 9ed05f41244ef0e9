//! The page around the tables: the heading of the first page, the reminder at the top of the
//! next ones, paragraphs that run over pages, the notes, and the footer of every page.

#![allow(clippy::float_arithmetic)]

use super::ReportDocument;
use crate::pdf::fonts::{Weight, shape, wrap};
use crate::pdf::format;
use crate::pdf::layout::{Align, BLACK, GREY, LIGHT, Layout, Op, Rgb, ascent, line_height};
use autoinvoice_domain::party::Language;

/// The few words the renderer adds itself.
struct Words {
    generated_on: &'static str,
    continued: &'static str,
    notes: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Fr => Words {
            generated_on: "Édité le",
            continued: "(suite)",
            notes: "Remarques",
        },
        Language::En => Words {
            generated_on: "Generated on",
            continued: "(continued)",
            notes: "Notes",
        },
    }
}

pub(super) struct Ctx<'a> {
    pub r: &'a ReportDocument,
    pub accent: Rgb,
    /// The size of the tables and paragraphs.
    pub fs: f32,
}

impl<'a> Ctx<'a> {
    pub fn new(r: &'a ReportDocument, accent: Rgb) -> Self {
        Self { r, accent, fs: 8.5 }
    }

    pub fn small(&self) -> f32 {
        self.fs * 0.9
    }

    /// A new page starts with a reminder of which report it continues.
    pub fn new_page(&self, lay: &mut Layout) {
        lay.new_page();
        let mut text = self.r.title.clone();
        if !self.r.period.is_empty() {
            text = format!("{text} · {}", self.r.period);
        }
        let text = format!("{text} {}", words(self.r.language).continued);
        let g = lay.geometry;
        let size = self.small();
        let top = lay.y;
        let h = lay.paragraph(
            &text,
            Weight::Bold,
            g.left(),
            top,
            g.content_width(),
            size,
            GREY,
            Align::Right,
        );
        lay.y = top + h + 2.0;
        lay.hline(g.left(), g.right(), lay.y, 0.5, LIGHT);
        lay.y += 10.0;
    }

    /// Starts a new page unless `height` points still fit.
    pub fn ensure(&self, lay: &mut Layout, height: f32) {
        if !lay.fits(height) {
            self.new_page(lay);
        }
    }

    /// Wrapped text over the full width, line by line onto the next page when full.
    pub fn flow(&self, lay: &mut Layout, text: &str, size: f32, color: Rgb) {
        let g = lay.geometry;
        let lh = line_height(size);
        for run in wrap(text, Weight::Regular, size, g.content_width()) {
            self.ensure(lay, lh);
            let y = lay.y + ascent(size);
            lay.run(run, g.left(), y, size, color, Align::Left);
            lay.y += lh;
        }
    }
}

/// The top of the first page: the title and period on the left, the organization on the right.
pub(super) fn header(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let right_w = (g.content_width() * 0.42).floor();
    let left_w = g.content_width() - right_w - 16.0;
    let top = lay.y;
    let title_size = 16.0;
    let mut y = top;
    y += lay.paragraph(
        &c.r.title,
        Weight::Bold,
        g.left(),
        y,
        left_w,
        title_size,
        c.accent,
        Align::Left,
    );
    y += 2.0;
    y += lay.paragraph(
        &c.r.period,
        Weight::Regular,
        g.left(),
        y,
        left_w,
        10.0,
        BLACK,
        Align::Left,
    );
    let x = g.right() - right_w;
    let mut ry = top + 2.0;
    ry += lay.paragraph(
        &c.r.organization,
        Weight::Bold,
        x,
        ry,
        right_w,
        10.0,
        BLACK,
        Align::Right,
    );
    for line in &c.r.identifiers {
        ry += lay.paragraph(
            line,
            Weight::Regular,
            x,
            ry,
            right_w,
            c.small(),
            GREY,
            Align::Right,
        );
    }
    lay.y = y.max(ry) + 8.0;
    lay.hline(g.left(), g.right(), lay.y, 1.0, c.accent);
    lay.y += 16.0;
}

/// A section's heading, in the accent colour.
pub(super) fn heading(c: &Ctx, lay: &mut Layout, text: &str) {
    let size = 11.0;
    let g = lay.geometry;
    let top = lay.y;
    let h = lay.paragraph(
        text,
        Weight::Bold,
        g.left(),
        top,
        g.content_width(),
        size,
        c.accent,
        Align::Left,
    );
    lay.y = top + h + 4.0;
}

/// The notes under a "Notes" heading, each a paragraph.
pub(super) fn notes(c: &Ctx, lay: &mut Layout) {
    if c.r.notes.is_empty() {
        return;
    }
    let size = c.small();
    c.ensure(lay, 11.0 * 1.38 + 4.0 + 2.0 * line_height(size));
    heading(c, lay, words(c.r.language).notes);
    for note in &c.r.notes {
        c.flow(lay, note, size, BLACK);
        lay.y += 5.0;
    }
}

/// "Generated on …" and the organization on the left, "1 / 3" on the right of every page.
pub(super) fn footers(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let size = c.fs * 0.85;
    let w = words(c.r.language);
    let left = format!(
        "{} {} · AutoInvoice · {}",
        w.generated_on,
        format::date(c.r.generated_on, c.r.language),
        c.r.organization
    );
    let numbers_w = 60.0;
    let line = wrap(&left, Weight::Regular, size, g.content_width() - numbers_w)
        .into_iter()
        .next();
    let total = lay.pages.len();
    let top = g.height - g.margin - g.footer + 14.0;
    for (i, page) in lay.pages.iter_mut().enumerate() {
        page.push(Op::Line {
            x1: g.left(),
            y1: top - 6.0,
            x2: g.right(),
            y2: top - 6.0,
            width: 0.5,
            color: LIGHT,
        });
        if let Some(run) = &line {
            page.push(Op::Text {
                x: g.left(),
                y: top + ascent(size),
                size,
                color: GREY,
                run: run.clone(),
            });
        }
        let number = shape(&format!("{} / {total}", i + 1), Weight::Regular);
        page.push(Op::Text {
            x: g.right() - number.width(size),
            y: top + ascent(size),
            size,
            color: GREY,
            run: number,
        });
    }
}
