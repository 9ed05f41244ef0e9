//! Every official EN 16931 example (CEN validation artefacts, `shared/conformance`) is read:
//! its BT-112 and its number of lines equal what a plain text search finds in the file, and it
//! yields no rule error except the ones pinned below, each explained.

use autoinvoice_reception::{Format, Severity, read};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/conformance/cen-en16931"
);

/// Rule errors that official examples genuinely carry: (file, rule).
const PINNED: &[(&str, &str)] = &[];

fn files(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(DIR).join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "the conformance examples are missing at {}: {e}; clone `shared/` beside the \
                 repository (this test does not skip without them)",
                dir.display()
            )
        })
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no XML file in {}", dir.display());
    files
}

/// The text of the first element whose tag ends with `:{tag}` (or is `{tag}`), by plain
/// string search: independent of the crate's parser.
fn first_element_text(xml: &str, tag: &str) -> String {
    let mut rest = xml;
    loop {
        let at = rest
            .find(&format!(":{tag}"))
            .or_else(|| rest.find(&format!("<{tag}")))
            .unwrap_or_else(|| panic!("no <{tag}> in the file"));
        let after = &rest[at + tag.len() + 1..];
        let preceded_by_open = rest[..at]
            .rfind('<')
            .is_some_and(|lt| !rest[lt..at].contains('>') && !rest[lt..at].starts_with("</"))
            || rest[at..].starts_with('<');
        if preceded_by_open && after.starts_with([' ', '>']) {
            let open_end = after.find('>').expect("tag end");
            let text = &after[open_end + 1..];
            let end = text.find('<').expect("closing tag");
            return text[..end].trim().to_owned();
        }
        rest = after;
    }
}

/// Opening tags `<prefix:{tag}>` or `<prefix:{tag} …>`.
fn count_open(xml: &str, tag: &str) -> usize {
    xml.match_indices(&format!(":{tag}"))
        .filter(|(i, _)| {
            let before = &xml[..*i];
            let lt = before.rfind('<').expect("a tag");
            let prefix = &before[lt + 1..];
            !prefix.starts_with('/') && !prefix.contains(['>', ' '])
        })
        .filter(|(i, m)| xml[i + m.len()..].starts_with(['>', ' ']))
        .count()
}

fn check(sub: &str, format: Format, total_tag: &str, line_tags: &[&str]) -> Vec<String> {
    let mut report = Vec::new();
    for path in files(sub) {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8(bytes.clone()).expect("UTF-8 example");
        let r = read(&bytes, Some(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.format, format, "{name}");
        let expected: Decimal = first_element_text(&text, total_tag)
            .parse()
            .unwrap_or_else(|e| panic!("{name}: BT-112 in the file: {e}"));
        assert_eq!(r.totals.with_vat, expected, "{name}: BT-112");
        let lines: usize = line_tags.iter().map(|t| count_open(&text, t)).sum();
        assert!(lines > 0, "{name}: no line found by the text search");
        assert_eq!(r.lines.len(), lines, "{name}: lines");
        for f in &r.findings {
            let line = format!("{sub}/{name}: {:?} {} {}", f.severity, f.rule, f.message);
            println!("{line}");
            if f.severity == Severity::Error {
                report.push(format!("{name} {}", f.rule));
            }
        }
    }
    report
}

fn unexpected(errors: Vec<String>) -> Vec<String> {
    errors
        .into_iter()
        .filter(|e| !PINNED.iter().any(|(f, r)| *e == format!("{f} {r}")))
        .collect()
}

#[test]
fn official_cii_examples() {
    let errors = check(
        "cii",
        Format::Cii,
        "GrandTotalAmount",
        &["IncludedSupplyChainTradeLineItem"],
    );
    assert_eq!(unexpected(errors), Vec::<String>::new());
}

#[test]
fn official_ubl_examples() {
    let errors = check(
        "ubl",
        Format::Ubl,
        "TaxInclusiveAmount",
        &["InvoiceLine", "CreditNoteLine"],
    );
    assert_eq!(unexpected(errors), Vec::<String>::new());
}

#[test]
fn pinned_findings_still_occur() {
    // A pinned finding that no longer occurs is stale: the pin must go.
    for (file, rule) in PINNED {
        let sub = if file.starts_with("CII") || file.starts_with("huf") {
            "cii"
        } else {
            "ubl"
        };
        let bytes = std::fs::read(Path::new(DIR).join(sub).join(file)).expect("pinned file");
        let r = read(&bytes, None).expect("read");
        assert!(
            r.findings.iter().any(|f| f.rule == *rule),
            "{file} no longer yields {rule}"
        );
    }
}
