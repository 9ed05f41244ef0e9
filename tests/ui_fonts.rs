//! The UI's font (ui/src/app.css): Noto Sans from crates/documents/fonts, with a Western
//! European subset of it (ui/src/fonts) that index.html preloads. The faces' `unicode-range`s
//! decide which file draws a character, so they must agree with the files: every character of
//! a subset's range that Noto Sans has is in the subset (else the page would fetch the full
//! font for it), the subset holds nothing outside its range, and every character Noto Sans has
//! is in the full face's range (else a system font would draw it).

#![allow(clippy::unwrap_used)]

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One `@font-face` of app.css: its file (as written in `url(...)`), weight and ranges.
struct Face {
    url: String,
    weight: String,
    ranges: Vec<RangeInclusive<u32>>,
}

fn css_faces() -> Vec<Face> {
    let css = std::fs::read_to_string(repo().join("ui/src/app.css")).unwrap();
    let mut faces = Vec::new();
    for block in css.split("@font-face").skip(1) {
        let body = &block[..block.find('}').unwrap()];
        let value = |name: &str| {
            let at = body
                .find(&format!("{name}:"))
                .unwrap_or_else(|| panic!("{name} in {body}"));
            let rest = &body[at + name.len() + 1..];
            rest[..rest.find(';').unwrap()].trim().to_string()
        };
        let src = value("src");
        let url = src["url('".len()..src.find("')").unwrap()].to_string();
        let ranges = value("unicode-range")
            .split(',')
            .map(|r| {
                let r = r.trim().strip_prefix("U+").unwrap();
                let (a, b) = r.split_once('-').unwrap_or((r, r));
                u32::from_str_radix(a, 16).unwrap()..=u32::from_str_radix(b, 16).unwrap()
            })
            .collect();
        faces.push(Face {
            url,
            weight: value("font-weight"),
            ranges,
        });
    }
    faces
}

fn covered(ranges: &[RangeInclusive<u32>], c: u32) -> bool {
    ranges.iter().any(|r| r.contains(&c))
}

/// The characters a font file maps to a glyph.
fn characters(path: &Path) -> Vec<u32> {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let face = ttf_parser::Face::parse(&data, 0).unwrap();
    let mut out = Vec::new();
    for table in face.tables().cmap.unwrap().subtables {
        if table.is_unicode() {
            table.codepoints(|c| {
                if table.glyph_index(c).is_some_and(|g| g.0 != 0) {
                    out.push(c);
                }
            });
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Code points as `U+XXXX`, for a failure's message.
fn listed<'a>(chars: impl Iterator<Item = &'a u32>) -> Vec<String> {
    chars.map(|c| format!("U+{c:04X}")).collect()
}

#[test]
fn subsets_and_ranges_agree_with_the_documents_fonts() {
    let faces = css_faces();
    let ui_src = repo().join("ui/src");
    for (weight, file) in [("400", "NotoSans-Regular"), ("700", "NotoSans-Bold")] {
        let full_path = format!("../../crates/documents/fonts/{file}.ttf");
        let subset_path = format!("./fonts/{file}-latin.ttf");
        let face = |url: &str| {
            faces
                .iter()
                .find(|f| f.url == url && f.weight == weight)
                .unwrap_or_else(|| panic!("app.css has no {weight} face for {url}"))
        };
        let (full_face, subset_face) = (face(&full_path), face(&subset_path));
        let full = characters(&ui_src.join(&full_path));
        let subset = characters(&ui_src.join(&subset_path));

        let outside = listed(full.iter().filter(|&&c| !covered(&full_face.ranges, c)));
        assert!(
            outside.is_empty(),
            "{file}: drawn by a system font although Noto has them: {outside:?}"
        );
        let missing =
            listed(full.iter().filter(|&&c| {
                covered(&subset_face.ranges, c) && subset.binary_search(&c).is_err()
            }));
        assert!(
            missing.is_empty(),
            "{file}: in the subset's range, not in the subset: {missing:?}"
        );
        let extra = listed(subset.iter().filter(|&&c| !covered(&subset_face.ranges, c)));
        assert!(
            extra.is_empty(),
            "{file}: in the subset, outside its range: {extra:?}"
        );

        // French and English text, euro amounts with French spacing, all from the subset.
        for c in "Émettre la facture n° F-2026-0001 : 1\u{202f}234,56\u{a0}€ – « œuvre » ’".chars()
        {
            assert!(
                subset.binary_search(&u32::from(c)).is_ok(),
                "{file} subset lacks {c:?}"
            );
        }
    }
    // index.html preloads the subsets, and only them.
    let html = std::fs::read_to_string(repo().join("ui/index.html")).unwrap();
    let preloads: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("rel=\"preload\""))
        .map(|l| {
            let at = l.find("href=\"").unwrap() + 6;
            &l[at..at + l[at..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        preloads,
        [
            "./src/fonts/NotoSans-Regular-latin.ttf",
            "./src/fonts/NotoSans-Bold-latin.ttf"
        ]
    );
}
