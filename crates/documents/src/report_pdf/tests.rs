#![allow(clippy::unwrap_used)]

use super::columns::grid;
use super::table::wrapped;
use super::*;
use crate::pdf::layout::Op;

fn report(rows: usize, lang: Language) -> ReportDocument {
    let long = "Société d'exploitation des établissements Dupont et fils, \
                succursale de Villeurbanne-la-Doua"
        .to_owned();
    ReportDocument {
        language: lang,
        title: "Balance âgée des créances".into(),
        organization: "Camille Martin EI".into(),
        identifiers: vec![
            "1 rue de la Paix, 69002 Lyon".into(),
            "SIREN 534 640 974 · TVA FR95534640974".into(),
        ],
        period: "Au 30/06/2026".into(),
        generated_on: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        sections: vec![ReportSection {
            heading: "Par client".into(),
            paragraphs: vec!["Sommes dues au 30/06/2026.".into()],
            columns: vec![
                ReportColumn::left("Client"),
                ReportColumn::right("Factures"),
                ReportColumn::right("Non échu"),
                ReportColumn::right("1 à 30 jours de retard"),
                ReportColumn::right("31 à 60 jours"),
                ReportColumn::right("61 à 90 jours"),
                ReportColumn::right("Plus de 90 jours"),
                ReportColumn::right("Total"),
            ],
            rows: (0..rows)
                .map(|i| {
                    let name = if i % 7 == 0 {
                        long.clone()
                    } else {
                        format!("Client {i}")
                    };
                    let mut r = vec![name, "3".into()];
                    r.extend((0..6).map(|_| "1\u{202F}234\u{202F}567,89\u{A0}€".to_owned()));
                    r
                })
                .collect(),
            totals: vec![
                ["Total EUR", "999"]
                    .into_iter()
                    .map(String::from)
                    .chain((0..6).map(|_| "123\u{202F}456\u{202F}789,00\u{A0}€".into()))
                    .collect(),
            ],
        }],
        notes: vec!["Une remarque assez longue pour passer à la ligne. ".repeat(8)],
    }
}

fn texts(page: &[Op]) -> Vec<String> {
    page.iter()
        .filter_map(|op| match op {
            Op::Text { run, .. } => Some(run.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_long_report_runs_over_pages_with_its_header_and_numbers() {
    let r = report(300, Language::Fr);
    let lay = layout(&r);
    let n = lay.pages.len();
    assert!(n >= 5, "{n} pages");
    for (i, page) in lay.pages.iter().enumerate() {
        let t = texts(page);
        assert!(t.contains(&format!("{} / {n}", i + 1)), "page {i}: {t:?}");
        if t.iter().any(|s| s.starts_with("1\u{202F}234")) {
            assert!(t.iter().any(|s| s == "Client"), "header on page {i}");
        }
        assert!(t.iter().any(|s| s.starts_with("Édité le 01/07/2026")));
        if i > 0 {
            assert!(t.iter().any(|s| s.ends_with("(suite)")), "{t:?}");
        }
    }
    let end: Vec<String> = lay.pages[n - 2..].iter().flat_map(|p| texts(p)).collect();
    assert!(end.iter().any(|s| s == "Total EUR"));
    assert!(end.iter().any(|s| s == "Remarques"));
}

#[test]
fn nothing_is_drawn_outside_the_margins_or_over_the_footer() {
    for lang in [Language::Fr, Language::En] {
        let lay = layout(&report(60, lang));
        let g = lay.geometry;
        for page in &lay.pages {
            for op in page {
                if let Op::Text {
                    x, y, size, run, ..
                } = op
                {
                    assert!(*x >= g.left() - 0.01, "{} at {x}", run.text);
                    assert!(x + run.width(*size) <= g.right() + 0.01, "{}", run.text);
                    assert!(*y <= g.height - g.margin + 0.01, "{} at {y}", run.text);
                    let footer = g.height - g.margin - g.footer;
                    let in_footer = *y > footer;
                    let is_footer = run.text.contains(" / ") || run.text.contains("AutoInvoice");
                    assert!(!in_footer || is_footer, "{} at {y}", run.text);
                }
            }
        }
    }
}

#[test]
fn cells_of_a_row_stay_in_their_columns() {
    let r = report(10, Language::Fr);
    let s = &r.sections[0];
    let g = grid(s, geometry().content_width(), 8.5);
    let sum: f32 = g.widths.iter().sum();
    assert!(
        (sum - geometry().content_width()).abs() < 0.1,
        "{:?} {} {sum}",
        g.widths,
        g.size
    );
    // Figures fit on one line, the long name wraps.
    for (i, w) in g.widths.iter().enumerate().skip(1) {
        let cells = wrapped(&s.rows[0], &g, crate::pdf::fonts::Weight::Regular);
        assert_eq!(cells[i].len(), 1, "column {i} ({w})");
    }
    let cells = wrapped(&s.rows[0], &g, crate::pdf::fonts::Weight::Regular);
    assert!(cells[0].len() >= 2);
}

#[test]
fn renders_a_pdf_a() {
    let bytes = render(&report(20, Language::En)).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("pdfaid:part"), "PDF/A identification");
    let empty = ReportDocument {
        sections: vec![ReportSection {
            heading: "Nothing".into(),
            paragraphs: vec!["Nothing was owed.".into()],
            ..Default::default()
        }],
        notes: Vec::new(),
        ..report(0, Language::En)
    };
    assert_eq!(page_count(&empty), 1);
    assert!(render(&empty).unwrap().starts_with(b"%PDF-"));
}
