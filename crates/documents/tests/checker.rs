//! Every hand-built case, as CII (EN 16931, and BASIC / EXTENDED for some) and UBL, through
//! the independent checker `shared/tools/einvoice-check` in one batch: zero errors.

mod common;

use autoinvoice_documents::cii::{Profile, cii_xml};
use autoinvoice_documents::ubl::ubl_xml;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const CHECKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/tools/einvoice-check"
);

#[test]
fn hand_built_documents_pass_the_checker() {
    let checker = Path::new(CHECKER);
    assert!(
        checker.is_file(),
        "the e-invoice checker is missing at {CHECKER}: clone `shared/` beside the repository \
         (it holds tools/einvoice-check); this test does not skip without it"
    );
    // EINVOICE_XML_DIR=some/dir keeps the files there for inspection.
    let temp = tempfile::tempdir().expect("temp dir");
    let dir =
        std::env::var_os("EINVOICE_XML_DIR").map_or_else(|| temp.path().to_owned(), Into::into);
    std::fs::create_dir_all(&dir).expect("output dir");
    let mut files = Vec::new();
    let mut write = |name: String, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        files.push(path);
    };
    for (name, doc) in common::all() {
        write(
            format!("{name}.cii.xml"),
            cii_xml(&doc, Profile::En16931).expect("cii"),
        );
        write(format!("{name}.ubl.xml"), ubl_xml(&doc).expect("ubl"));
        // The other profiles on the cases that exercise what they leave out or add.
        if matches!(
            name,
            "three_rates" | "line_prices" | "franchise" | "special_text"
        ) {
            write(
                format!("{name}.basic.xml"),
                cii_xml(&doc, Profile::Basic).expect("basic"),
            );
            write(
                format!("{name}.extended.xml"),
                cii_xml(&doc, Profile::Extended).expect("extended"),
            );
        }
    }
    let started = Instant::now();
    let out = Command::new(checker)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {CHECKER}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    println!(
        "einvoice-check on {} files in {:.1?}: {last}",
        files.len(),
        started.elapsed()
    );
    assert!(
        out.status.success(),
        "einvoice-check failed:\n{}\n{}",
        stdout
            .lines()
            .filter(|l| l.starts_with("FAIL") || l.contains("error:"))
            .collect::<Vec<_>>()
            .join("\n"),
        String::from_utf8_lossy(&out.stderr)
    );
}
