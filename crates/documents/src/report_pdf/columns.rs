//! How wide each column of a table is: figures never wrap, their headers take two lines
//! at most when there is room; text columns share the rest and wrap.

#![allow(clippy::float_arithmetic)]

use super::{ColumnAlign, ReportSection};
use crate::pdf::fonts::{Weight, width};

/// Space on each side of a cell's text.
pub(super) const PAD: f32 = 5.0;
/// A text column is never squeezed below this (unless its content is narrower).
const MIN_TEXT: f32 = 80.0;
/// A word longer than this (a URL) is cut rather than widening its column.
const MAX_WORD: f32 = 160.0;
/// The smallest size a table is shrunk to when its figures do not fit across the page.
const MIN_SIZE: f32 = 6.0;

/// The table as laid out: column widths and font size.
#[derive(Debug)]
pub(super) struct Grid {
    pub widths: Vec<f32>,
    pub aligns: Vec<ColumnAlign>,
    pub size: f32,
}

/// The widths a column can take, padding included: `least` ≤ `need` ≤ `comfy`.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Figures on one line, the header's longest word; text wrapped hard.
    least: f32,
    /// Figures on one line, the header on about two; text on one line.
    need: f32,
    /// The header on one line too.
    comfy: f32,
}

fn longest_word(text: &str, weight: Weight, size: f32) -> f32 {
    text.split_whitespace()
        .map(|w| width(w, weight, size))
        .fold(0.0, f32::max)
}

/// The narrowest width that holds `label` on two lines (cut between words).
fn two_lines(label: &str, size: f32) -> f32 {
    let words: Vec<&str> = label.split_whitespace().collect();
    let full = width(label, Weight::Bold, size);
    (1..words.len())
        .map(|cut| {
            let first = width(&words[..cut].join(" "), Weight::Bold, size);
            let second = width(&words[cut..].join(" "), Weight::Bold, size);
            first.max(second)
        })
        .fold(full, f32::min)
}

fn spans(s: &ReportSection, size: f32) -> Vec<Span> {
    let pad = 2.0 * PAD;
    s.columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let cells = s
                .rows
                .iter()
                .map(|r| (r, Weight::Regular))
                .chain(s.totals.iter().map(|r| (r, Weight::Bold)))
                .filter_map(|(r, w)| r.get(i).map(|t| (t, w)));
            let mut content: f32 = 0.0;
            let mut word: f32 = 0.0;
            for (text, weight) in cells {
                for line in text.split('\n') {
                    content = content.max(width(line, weight, size));
                }
                word = word.max(longest_word(text, weight, size));
            }
            let label_word = longest_word(&col.label, Weight::Bold, size);
            let label = width(&col.label, Weight::Bold, size);
            match col.align {
                ColumnAlign::Right => Span {
                    least: content.max(label_word) + pad,
                    need: content.max(two_lines(&col.label, size)) + pad,
                    comfy: content.max(label) + pad,
                },
                ColumnAlign::Left => {
                    let need = content.max(label) + pad;
                    let least = word
                        .min(MAX_WORD)
                        .max(label_word)
                        .max(content.min(MIN_TEXT))
                        + pad;
                    Span {
                        least: least.min(need),
                        need,
                        comfy: need,
                    }
                }
            }
        })
        .collect()
}

/// Takes up to `over` points off the picked columns, each down to its least, in proportion
/// to what each can give; returns what could not be taken.
fn shrink(spans: &[Span], widths: &mut [f32], pick: impl Fn(usize) -> bool, over: f32) -> f32 {
    let slack: f32 = (0..spans.len())
        .filter(|&i| pick(i))
        .map(|i| (widths[i] - spans[i].least).max(0.0))
        .sum();
    if slack <= 0.0 || over <= 0.0 {
        return over.max(0.0);
    }
    let share = (over / slack).min(1.0);
    for i in (0..spans.len()).filter(|&i| pick(i)) {
        widths[i] -= (widths[i] - spans[i].least).max(0.0) * share;
    }
    (over - slack).max(0.0)
}

/// Gives up to `room` points to the picked columns, each up to its comfort, in proportion to
/// what each lacks; returns what is left.
fn grow(spans: &[Span], widths: &mut [f32], pick: impl Fn(usize) -> bool, room: f32) -> f32 {
    let lack: f32 = (0..spans.len())
        .filter(|&i| pick(i))
        .map(|i| (spans[i].comfy - widths[i]).max(0.0))
        .sum();
    if lack <= 0.0 || room <= 0.0 {
        return room.max(0.0);
    }
    let share = (room / lack).min(1.0);
    for i in (0..spans.len()).filter(|&i| pick(i)) {
        widths[i] += (spans[i].comfy - widths[i]).max(0.0) * share;
    }
    (room - lack).max(0.0)
}

/// Widths filling `total`: when the columns do not all fit, text columns give up space
/// first, then the figures' headers; when they do, the figures' headers get theirs, then
/// the text columns what is left. A smaller size when even the least does not fit.
pub(super) fn grid(s: &ReportSection, total: f32, size: f32) -> Grid {
    let aligns: Vec<ColumnAlign> = s.columns.iter().map(|c| c.align).collect();
    let mut size = size;
    let mut n = spans(s, size);
    while n.iter().map(|x| x.least).sum::<f32>() > total && size > MIN_SIZE {
        size = (size - 0.25).max(MIN_SIZE);
        n = spans(s, size);
    }
    let is_text = |i: usize| aligns[i] == ColumnAlign::Left;
    let mut widths: Vec<f32> = n.iter().map(|x| x.need).collect();
    let over = widths.iter().sum::<f32>() - total;
    if over > 0.0 {
        // Text wraps first; the figures' headers take more lines only after.
        let left = shrink(&n, &mut widths, is_text, over);
        shrink(&n, &mut widths, |i| !is_text(i), left);
    } else {
        // Room to spare: the figures' headers on one line, then the text columns (all
        // columns when there are none).
        let extra = grow(&n, &mut widths, |i| !is_text(i), -over);
        let takers: Vec<usize> = (0..n.len()).filter(|&i| is_text(i)).collect();
        let takers = if takers.is_empty() {
            (0..n.len()).collect()
        } else {
            takers
        };
        let weight: f32 = takers.iter().map(|&i| widths[i]).sum::<f32>().max(1.0);
        let before = widths.clone();
        for &i in &takers {
            widths[i] += extra * before[i] / weight;
        }
    }
    Grid {
        widths,
        aligns,
        size,
    }
}
