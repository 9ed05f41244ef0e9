//! The shipped fonts (Noto Sans, OFL), shaped with rustybuzz: measured and wrapped here,
//! drawn as the very glyphs measured.
//!
//! Layout works in points with `f32`, as PDF does; money never passes through here as a
//! float (amounts arrive already formatted as text).

#![allow(clippy::float_arithmetic)]

use krilla::text::{Font, GlyphId, KrillaGlyph};
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

/// Shapes one line of text (kerning, ligatures, combining accents).
pub fn shape(text: &str, weight: Weight) -> Shaped {
    let f = face(weight);
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
/// than a line. Existing line breaks are kept.
pub fn wrap(text: &str, weight: Weight, size: f32, max: f32) -> Vec<Shaped> {
    let space = width(" ", weight, size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut current = String::new();
        let mut current_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = width(word, weight, size);
            let needed = if current.is_empty() {
                w
            } else {
                current_width + space + w
            };
            if needed <= max {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
                current_width = needed;
                continue;
            }
            if !current.is_empty() {
                lines.push(shape(&current, weight));
                current.clear();
                current_width = 0.0;
            }
            if w <= max {
                current.push_str(word);
                current_width = w;
            } else {
                // A word wider than the line (an IBAN, a URL): cut it by characters.
                for c in word.chars() {
                    let cw = width(&c.to_string(), weight, size);
                    if current_width + cw > max && !current.is_empty() {
                        lines.push(shape(&current, weight));
                        current.clear();
                        current_width = 0.0;
                    }
                    current.push(c);
                    current_width += cw;
                }
            }
        }
        lines.push(shape(&current, weight));
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
        let s = shape("Éçàœ€ ΑΒΓαβγ АБВабв «»–—’ \u{202F}\u{A0}-", Weight::Regular);
        let missing: Vec<_> = s
            .glyphs
            .iter()
            .filter(|g| g.glyph_id.to_u32() == 0)
            .map(|g| s.text[g.text_range.clone()].to_owned())
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}
