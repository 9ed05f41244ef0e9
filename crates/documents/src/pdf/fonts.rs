//! The shipped fonts (Noto Sans, OFL), shaped with rustybuzz: measured and wrapped here,
//! drawn as the very glyphs measured.
//!
//! Layout works in points with `f32`, as PDF does; money never passes through here as a
//! float (amounts arrive already formatted as text).

#![allow(clippy::float_arithmetic)]

use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

static REGULAR_BYTES: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("../../fonts/NotoSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

struct Face {
    krilla: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
}

fn load(bytes: &'static [u8]) -> Face {
    // The fonts are compiled in and known good: failing to parse them is a build defect.
    let shaper = rustybuzz::Face::from_slice(bytes, 0).expect("shipped font parses");
    let units_per_em = f32::from(shaper.units_per_em() as u16);
    Face {
        krilla: Font::new(bytes.into(), 0).expect("shipped font loads"),
        shaper,
        units_per_em,
    }
}

static REGULAR: LazyLock<Face> = LazyLock::new(|| load(REGULAR_BYTES));
static BOLD: LazyLock<Face> = LazyLock::new(|| load(BOLD_BYTES));

fn face(weight: Weight) -> &'static Face {
    match weight {
        Weight::Regular => &REGULAR,
        Weight::Bold => &BOLD,
    }
}

pub fn krilla_font(weight: Weight) -> Font {
    face(weight).krilla.clone()
}

/// A run of shaped text: glyphs with advances normalized to the em, and its width per point
/// of font size.
#[derive(Debug, Clone)]
pub struct Shaped {
    pub text: String,
    pub glyphs: Vec<KrillaGlyph>,
    /// Width at font size 1.
    pub em_width: f32,
    pub weight: Weight,
}

impl Shaped {
    pub fn width(&self, size: f32) -> f32 {
        self.em_width * size
    }
}

thread_local! {
    /// Shaped runs by text: invoices repeat the same words, labels and figures endlessly.
    static CACHE: RefCell<HashMap<(Weight, String), Shaped>> = RefCell::new(HashMap::new());
}

/// Entries kept per thread before the cache starts afresh.
const CACHE_LIMIT: usize = 20_000;

/// Shapes one line of text (kerning, ligatures, combining accents), from the cache when
/// this thread has shaped it before.
pub fn shape(text: &str, weight: Weight) -> Shaped {
    let key = (weight, text.to_owned());
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let shaped = shape_uncached(text, weight);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key, shaped.clone());
    });
    shaped
}

/// Joins runs into one line with single spaces between them (no kerning across a space).
fn join(words: &[Shaped], weight: Weight) -> Shaped {
    let space = shape(" ", weight);
    let mut text = String::new();
    let mut glyphs = Vec::new();
    let mut em_width = 0.0;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let offset = text.len();
            text.push(' ');
            glyphs.extend(space.glyphs.iter().cloned().map(|mut g| {
                g.text_range = g.text_range.start + offset..g.text_range.end + offset;
                g
            }));
            em_width += space.em_width;
        }
        let offset = text.len();
        text.push_str(&w.text);
        glyphs.extend(w.glyphs.iter().cloned().map(|mut g| {
            g.text_range = g.text_range.start + offset..g.text_range.end + offset;
            g
        }));
        em_width += w.em_width;
    }
    Shaped {
        text,
        glyphs,
        em_width,
        weight,
    }
}

/// The text as the font can draw it: a tab becomes a space, and a character the font has no
/// glyph for (emoji, CJK…) becomes "?" — PDF/A forbids the empty .notdef box, and the
/// e-invoice XML keeps the exact text anyway.
fn drawable(text: &str, f: &Face) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => ' ',
            c if f.shaper.glyph_index(c).is_none() && !is_mark(c) => '?',
            c => c,
        })
        .collect()
}

/// Combining marks and joiners have no glyph of their own in the cmap yet shape fine.
fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F)
}

fn shape_uncached(text: &str, weight: Weight) -> Shaped {
    let f = face(weight);
    let text = &drawable(text, f);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(&f.shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let upem = f.units_per_em;
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut em_width = 0.0;
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let end = infos[i + 1..]
            .iter()
            .find(|n| n.cluster != info.cluster)
            .map_or(text.len(), |n| n.cluster as usize);
        let advance = pos.x_advance as f32 / upem;
        em_width += advance;
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            advance,
            pos.x_offset as f32 / upem,
            pos.y_offset as f32 / upem,
            pos.y_advance as f32 / upem,
            start..end.max(start),
            None,
        ));
    }
    Shaped {
        text: text.to_owned(),
        glyphs,
        em_width,
        weight,
    }
}

/// Width of `text` at `size` points.
pub fn width(text: &str, weight: Weight, size: f32) -> f32 {
    shape(text, weight).width(size)
}

/// Breaks text into lines no wider than `max` points: at spaces, and inside words longer
/// than a line. Existing line breaks are kept. Words are shaped once (and cached), lines
/// are assembled from them.
pub fn wrap(text: &str, weight: Weight, size: f32, max: f32) -> Vec<Shaped> {
    let space = shape(" ", weight).width(size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current: Vec<Shaped> = Vec::new();
        let mut current_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let shaped = shape(word, weight);
            let w = shaped.width(size);
            let needed = if current.is_empty() {
                w
            } else {
                current_width + space + w
            };
            if needed <= max {
                current.push(shaped);
                current_width = needed;
                continue;
            }
            if !current.is_empty() {
                lines.push(join(&current, weight));
                current.clear();
            }
            if w <= max {
                current.push(shaped);
                current_width = w;
            } else {
                // A word wider than the line (an IBAN, a URL): cut it by characters.
                let mut piece = String::new();
                let mut piece_width = 0.0;
                for c in word.chars() {
                    let cw = width(c.encode_utf8(&mut [0; 4]), weight, size);
                    if piece_width + cw > max && !piece.is_empty() {
                        lines.push(shape(&piece, weight));
                        piece.clear();
                        piece_width = 0.0;
                    }
                    piece.push(c);
                    piece_width += cw;
                }
                current.push(shape(&piece, weight));
                current_width = piece_width;
            }
        }
        lines.push(join(&current, weight));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps() {
        let a = width("Facture", Weight::Regular, 10.0);
        let b = width("Facture", Weight::Bold, 10.0);
        assert!(a > 20.0 && a < 60.0 && b > a, "{a} {b}");
        assert_eq!(width("", Weight::Regular, 10.0), 0.0);
        let lines = wrap(
            "Développement d'un site vitrine avec Γραμμή et Строка",
            Weight::Regular,
            10.0,
            80.0,
        );
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| l.width(10.0) <= 80.0 + 0.01));
        let long = wrap(&"X".repeat(200), Weight::Regular, 10.0, 50.0);
        assert!(long.len() > 5 && long.iter().all(|l| l.width(10.0) <= 50.01));
        assert_eq!(wrap("a\n\nb", Weight::Regular, 10.0, 100.0).len(), 3);
        // Every character of the shipped scripts has a glyph (no .notdef).
        let s = shape(
            "Éçàœ€ ΑΒΓαβγ АБВабв «»–—’ \u{202F}\u{A0}-\t東京🚚",
            Weight::Regular,
        );
        assert!(s.text.ends_with("- ???"), "{}", s.text);
        let missing: Vec<_> = s
            .glyphs
            .iter()
            .filter(|g| g.glyph_id.to_u32() == 0)
            .map(|g| s.text[g.text_range.clone()].to_owned())
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}
