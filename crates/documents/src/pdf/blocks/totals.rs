//! Totals, allowances and charges, VAT per rate or the franchise mention.

#![allow(clippy::float_arithmetic)]

use super::*;

pub(super) fn totals(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let t = &c.doc.totals;
    let content = &c.doc.content;
    let franchise = c.doc.seller.vat_regime == VatRegime::Franchise;
    let mut rows: Vec<(String, String, bool)> = Vec::new();
    if !content.allowances_charges.is_empty() {
        rows.push((c.l.lines_total.to_owned(), c.money(t.line_total), false));
        for ac in &content.allowances_charges {
            let what = if ac.charge { c.l.charge } else { c.l.allowance };
            let label = match &ac.reason {
                Some(r) => format!("{what} ({r})"),
                None => what.to_owned(),
            };
            let amount = ac.amount.unwrap_or_default();
            rows.push((
                label,
                c.money(if ac.charge { amount } else { -amount }),
                false,
            ));
        }
    }
    rows.push((c.l.total_excl.to_owned(), c.money(t.tax_exclusive), true));
    if !franchise {
        for b in &t.vat_breakdown {
            if let (VatCategory::S, Some(rate)) = (b.category, b.rate) {
                rows.push((
                    format!(
                        "{} {} {} {}",
                        c.l.vat,
                        format::percent(rate, c.lang),
                        c.l.vat_on,
                        c.money(b.taxable)
                    ),
                    c.money(b.tax),
                    false,
                ));
            }
        }
        rows.push((c.l.total_vat.to_owned(), c.money(t.tax_total), false));
        if c.doc.kind != DocumentKind::Quote {
            rows.push((c.l.total_incl.to_owned(), c.money(t.tax_inclusive), true));
        }
    }
    if !t.prepaid.is_zero() {
        rows.push((c.l.prepaid.to_owned(), c.money(-t.prepaid), false));
    }
    if !t.rounding.is_zero() {
        rows.push((c.l.rounding.to_owned(), c.money(t.rounding), false));
    }
    let final_label = match c.doc.kind {
        DocumentKind::CreditNote => c.l.amount_credited,
        DocumentKind::Quote => c.l.total_incl,
        DocumentKind::Invoice => c.l.amount_due,
    };
    let width = 250.0_f32.min(g.content_width() * 0.55);
    let x = g.right() - width;
    let lh = line_height(c.fs) + 2.0;
    let height = rows.len() as f32 * lh
        + lh
        + 10.0
        + if franchise {
            line_height(c.fs) + 4.0
        } else {
            0.0
        };
    ensure(c, lay, height);
    for (label, value, bold) in rows {
        let w = if bold { Weight::Bold } else { Weight::Regular };
        lay.text(&label, w, x, lay.y + ascent(c.fs), c.fs, BLACK, Align::Left);
        lay.text(
            &value,
            w,
            g.right(),
            lay.y + ascent(c.fs),
            c.fs,
            BLACK,
            Align::Right,
        );
        lay.y += lh;
    }
    lay.y += 2.0;
    let box_h = line_height(c.fs * 1.2) + 8.0;
    lay.rect(x - 6.0, lay.y, width + 6.0, box_h, c.accent);
    let base = lay.y + 4.0 + ascent(c.fs * 1.2);
    lay.text(
        final_label,
        Weight::Bold,
        x,
        base,
        c.fs * 1.2,
        WHITE,
        Align::Left,
    );
    lay.text(
        &c.money(t.due),
        Weight::Bold,
        g.right() - 4.0,
        base,
        c.fs * 1.2,
        WHITE,
        Align::Right,
    );
    lay.y += box_h + 6.0;
    if franchise {
        lay.text(
            FRANCHISE_MENTION,
            Weight::Bold,
            g.right(),
            lay.y + ascent(c.fs),
            c.fs,
            BLACK,
            Align::Right,
        );
        lay.y += line_height(c.fs) + 4.0;
    }
    lay.y += 10.0;
}
