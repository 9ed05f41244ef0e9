//! A section: its heading and paragraphs, then its table — columns as wide as their figures,
//! text columns sharing what is left and wrapping, the header repeated on every page.

#![allow(clippy::float_arithmetic)]

use super::columns::{Grid, PAD, grid};
use super::page::{Ctx, heading};
use super::{ColumnAlign, ReportSection};
use crate::pdf::fonts::{Shaped, Weight, wrap};
use crate::pdf::layout::{Align, BLACK, LIGHT, Layout, WHITE, ascent, line_height};

const STRIPE: [u8; 3] = [246, 247, 249];
const TOTAL_FILL: [u8; 3] = [232, 238, 245];

/// Each cell wrapped to its column.
pub(super) fn wrapped(cells: &[String], grid: &Grid, weight: Weight) -> Vec<Vec<Shaped>> {
    grid.widths
        .iter()
        .enumerate()
        .map(|(i, w)| match cells.get(i) {
            // A hair of tolerance: the widest figure sets the column, to the last float bit.
            Some(t) if !t.is_empty() => wrap(t, weight, grid.size, (w - 2.0 * PAD).max(1.0) + 0.01),
            _ => Vec::new(),
        })
        .collect()
}

fn height(lines: &[Vec<Shaped>], size: f32) -> f32 {
    let n = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
    n as f32 * line_height(size) + 2.0 * 3.0
}

/// Draws wrapped cells from the top `top`.
fn draw_cells(lay: &mut Layout, grid: &Grid, cells: Vec<Vec<Shaped>>, top: f32, color: [u8; 3]) {
    let mut x = lay.geometry.left();
    let lh = line_height(grid.size);
    for ((lines, w), align) in cells.into_iter().zip(&grid.widths).zip(&grid.aligns) {
        let (ax, a) = match align {
            ColumnAlign::Left => (x + PAD, Align::Left),
            ColumnAlign::Right => (x + w - PAD, Align::Right),
        };
        let mut y = top + 3.0 + ascent(grid.size);
        for run in lines {
            lay.run(run, ax, y, grid.size, color, a);
            y += lh;
        }
        x += w;
    }
}

fn table_header(c: &Ctx, lay: &mut Layout, s: &ReportSection, grid: &Grid) {
    let labels: Vec<String> = s.columns.iter().map(|c| c.label.clone()).collect();
    let cells = wrapped(&labels, grid, Weight::Bold);
    let h = height(&cells, grid.size) + 2.0;
    let g = lay.geometry;
    let top = lay.y;
    lay.rect(g.left(), top, g.content_width(), h, c.accent);
    draw_cells(lay, grid, cells, top + 1.0, WHITE);
    lay.y = top + h;
}

fn header_height(s: &ReportSection, grid: &Grid) -> f32 {
    let labels: Vec<String> = s.columns.iter().map(|c| c.label.clone()).collect();
    height(&wrapped(&labels, grid, Weight::Bold), grid.size) + 2.0
}

/// The rows, a new page (with the header again) whenever the next one does not fit.
fn body(c: &Ctx, lay: &mut Layout, s: &ReportSection, grid: &Grid) {
    let g = lay.geometry;
    for (i, row) in s.rows.iter().enumerate() {
        let cells = wrapped(row, grid, Weight::Regular);
        let h = height(&cells, grid.size);
        if !lay.fits(h) {
            c.new_page(lay);
            table_header(c, lay, s, grid);
        }
        let top = lay.y;
        if i % 2 == 1 {
            lay.rect(g.left(), top, g.content_width(), h, STRIPE);
        }
        draw_cells(lay, grid, cells, top, BLACK);
        lay.y = top + h;
        lay.hline(g.left(), g.right(), lay.y, 0.4, LIGHT);
    }
    for (i, row) in s.totals.iter().enumerate() {
        let cells = wrapped(row, grid, Weight::Bold);
        let h = height(&cells, grid.size);
        if !lay.fits(h) {
            c.new_page(lay);
            table_header(c, lay, s, grid);
        }
        let top = lay.y;
        lay.rect(g.left(), top, g.content_width(), h, TOTAL_FILL);
        if i == 0 {
            lay.hline(g.left(), g.right(), top, 0.8, c.accent);
        }
        draw_cells(lay, grid, cells, top, BLACK);
        lay.y = top + h;
    }
}

/// A section: heading, paragraphs and table, the heading kept with the start of the table.
pub(super) fn section(c: &Ctx, lay: &mut Layout, s: &ReportSection) {
    let g = lay.geometry;
    let grid = grid(s, g.content_width(), c.fs);
    let first_row = s
        .rows
        .first()
        .or(s.totals.first())
        .map(|r| height(&wrapped(r, &grid, Weight::Regular), grid.size))
        .unwrap_or(0.0);
    let table_start = if s.columns.is_empty() {
        0.0
    } else {
        header_height(s, &grid) + first_row
    };
    let intro = line_height(c.fs) * s.paragraphs.len().min(2) as f32;
    c.ensure(lay, 11.0 * 1.38 + 4.0 + intro + table_start);
    if !s.heading.is_empty() {
        heading(c, lay, &s.heading);
    }
    for p in &s.paragraphs {
        c.flow(lay, p, c.fs, BLACK);
        lay.y += 3.0;
    }
    let has_table = !s.columns.is_empty() && (!s.rows.is_empty() || !s.totals.is_empty());
    if has_table {
        lay.y += 2.0;
        table_header(c, lay, s, &grid);
        body(c, lay, s, &grid);
    }
    lay.y += 18.0;
}
