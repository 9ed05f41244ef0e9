//! The line table, its header repeated on every page.

#![allow(clippy::float_arithmetic)]

use super::*;

/// Table columns: (label, width, align). The description takes what is left.
struct Columns {
    show_discount: bool,
    show_vat: bool,
    widths: Vec<(f32, Align)>,
    desc_width: f32,
}

fn columns(c: &Ctx, total: f32) -> Columns {
    let lines = &c.doc.content.lines;
    let show_discount = lines.iter().any(|l| !l.allowances_charges.is_empty());
    let show_vat = c.doc.seller.vat_regime == VatRegime::Normal;
    let mut widths = vec![
        (44.0, Align::Right),
        (38.0, Align::Left),
        (66.0, Align::Right),
    ];
    if show_discount {
        widths.push((48.0, Align::Right));
    }
    if show_vat {
        widths.push((40.0, Align::Right));
    }
    widths.push((74.0, Align::Right));
    let used: f32 = widths.iter().map(|w| w.0).sum();
    Columns {
        show_discount,
        show_vat,
        widths,
        desc_width: total - used - 8.0,
    }
}

fn table_header(c: &Ctx, lay: &mut Layout, cols: &Columns) {
    let g = lay.geometry;
    let h = line_height(c.fs) + 8.0;
    lay.rect(g.left(), lay.y, g.content_width(), h, c.accent);
    let base = lay.y + 4.0 + ascent(c.fs);
    let mut labels_row = vec![c.l.quantity, c.l.unit, c.l.unit_price];
    if cols.show_discount {
        labels_row.push(c.l.discount);
    }
    if cols.show_vat {
        labels_row.push(c.l.vat);
    }
    labels_row.push(c.l.line_total);
    lay.text(
        c.l.description,
        Weight::Bold,
        g.left() + 4.0,
        base,
        c.fs,
        WHITE,
        Align::Left,
    );
    let mut x = g.left() + 4.0 + cols.desc_width + 4.0;
    for (label, (w, align)) in labels_row.into_iter().zip(&cols.widths) {
        let ax = if *align == Align::Right {
            x + w - 4.0
        } else {
            x + 4.0
        };
        lay.text(label, Weight::Bold, ax, base, c.fs, WHITE, *align);
        x += w;
    }
    lay.y += h;
}

fn discount_text(c: &Ctx, line: &Line) -> String {
    match line.allowances_charges.as_slice() {
        [] => String::new(),
        [one] => {
            let sign = if one.charge { "+" } else { "-" };
            match one.percent {
                Some(p) => format!("{sign}{}", format::percent(p, c.lang)),
                None => format!(
                    "{sign}{}",
                    format::amount_digits(
                        one.amount.unwrap_or_default(),
                        c.doc.content.currency,
                        c.lang
                    )
                ),
            }
        }
        many => {
            let net: Decimal = many
                .iter()
                .map(|a| {
                    if a.charge {
                        a.amount.unwrap_or_default()
                    } else {
                        -a.amount.unwrap_or_default()
                    }
                })
                .sum();
            format::amount_digits(net, c.doc.content.currency, c.lang)
        }
    }
}

pub(super) fn table(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let cols = columns(c, g.content_width());
    table_header(c, lay, &cols);
    let small = c.small();
    for (i, (line, net)) in c
        .doc
        .content
        .lines
        .iter()
        .zip(&c.doc.totals.line_nets)
        .enumerate()
    {
        let name_lines = wrap(&line.name, Weight::Bold, c.fs, cols.desc_width);
        let desc_lines = line
            .description
            .as_deref()
            .map(|d| wrap(d, Weight::Regular, small, cols.desc_width))
            .unwrap_or_default();
        let height = name_lines.len() as f32 * line_height(c.fs)
            + desc_lines.len() as f32 * line_height(small)
            + 6.0;
        if !lay.fits(height) {
            new_page(c, lay);
            table_header(c, lay, &cols);
        }
        let top = lay.y;
        if i % 2 == 1 {
            lay.rect(g.left(), top, g.content_width(), height, [248, 248, 248]);
        }
        let mut y = top + 3.0;
        for run in name_lines {
            lay.run(
                run,
                g.left() + 4.0,
                y + ascent(c.fs),
                c.fs,
                BLACK,
                Align::Left,
            );
            y += line_height(c.fs);
        }
        for run in desc_lines {
            lay.run(
                run,
                g.left() + 4.0,
                y + ascent(small),
                small,
                GREY,
                Align::Left,
            );
            y += line_height(small);
        }
        let mut cells = vec![
            format::number(line.quantity, c.lang),
            unit_name(&line.unit, c.lang),
            match line.base_quantity {
                Some(b) => format!(
                    "{} / {}",
                    format::price(line.unit_price, c.lang),
                    format::number(b, c.lang)
                ),
                None => format::price(line.unit_price, c.lang),
            },
        ];
        if cols.show_discount {
            cells.push(discount_text(c, line));
        }
        if cols.show_vat {
            cells.push(match (line.category(), line.vat_rate) {
                (VatCategory::S, Some(r)) => format::percent(r, c.lang),
                (cat, _) => cat.code().to_owned(),
            });
        }
        cells.push(format::amount_digits(*net, c.doc.content.currency, c.lang));
        let base = top + 3.0 + ascent(c.fs);
        let mut x = g.left() + 4.0 + cols.desc_width + 4.0;
        for (text, (w, align)) in cells.into_iter().zip(&cols.widths) {
            let ax = if *align == Align::Right {
                x + w - 4.0
            } else {
                x + 4.0
            };
            lay.text(&text, Weight::Regular, ax, base, c.fs, BLACK, *align);
            x += w;
        }
        lay.y = top + height;
        lay.hline(g.left(), g.right(), lay.y, 0.4, LIGHT);
    }
    lay.y += 10.0;
}
