//! The top of the first page: seller, title, number, dates, references, the parties.

#![allow(clippy::float_arithmetic)]

use super::*;

pub(super) fn header(c: &Ctx, lay: &mut Layout, logo_size: Option<(f32, f32)>) {
    let g = lay.geometry;
    let top = lay.y;
    let mut left_y = top;
    if let Some((w, h)) = logo_size {
        lay.push(Op::Logo {
            x: g.left(),
            y: top,
            w,
            h,
        });
        left_y += h + 8.0;
    }
    let s = &c.doc.seller;
    let half = g.content_width() * 0.5;
    left_y += lay.paragraph(
        &s.display_name(),
        Weight::Bold,
        g.left(),
        left_y,
        half,
        c.fs * 1.25,
        BLACK,
        Align::Left,
    );
    let mut lines: Vec<String> = Vec::new();
    if let Some(t) = &s.trading_name {
        lines.push(t.clone());
    }
    lines.extend(address_lines(&s.address));
    if let Some(siret) = &s.siret {
        lines.push(format!("{} {}", c.l.siret, grouped(siret, 3)));
    } else if let Some(siren) = &s.siren {
        lines.push(format!("{} {}", c.l.siren, grouped(siren, 3)));
    }
    if let Some(v) = &s.vat_number {
        lines.push(format!("{} {v}", c.l.vat_number));
    }
    if let Some(r) = &s.registration {
        lines.push(r.clone());
    }
    for contact in [&s.email, &s.phone].into_iter().flatten() {
        lines.push(contact.clone());
    }
    for line in lines {
        left_y += lay.paragraph(
            &line,
            Weight::Regular,
            g.left(),
            left_y,
            half,
            c.fs,
            GREY,
            Align::Left,
        );
    }

    // Right: title, number, dates, references.
    let right = g.right();
    let mut y = top;
    let title_size = c.fs * 2.2;
    lay.text(
        c.l.title(c.doc.kind),
        Weight::Bold,
        right,
        y + ascent(title_size),
        title_size,
        c.accent,
        Align::Right,
    );
    y += line_height(title_size);
    let number = match &c.doc.number {
        Some(n) => format!("{} {n}", c.l.number),
        None => c.l.draft.to_owned(),
    };
    lay.text(
        &number,
        Weight::Bold,
        right,
        y + ascent(c.fs * 1.2),
        c.fs * 1.2,
        BLACK,
        Align::Right,
    );
    y += line_height(c.fs * 1.2) + 4.0;
    let d = c.doc;
    let mut rows: Vec<(String, String)> =
        vec![(c.l.issue_date.into(), format::date(d.issue_date, c.lang))];
    let content = &d.content;
    if let (Some(s), Some(e)) = (content.period_start, content.period_end) {
        rows.push((
            c.l.period.into(),
            format!("{} – {}", format::date(s, c.lang), format::date(e, c.lang)),
        ));
    } else if let Some(dd) = content.delivery_date {
        rows.push((c.l.sale_date.into(), format::date(dd, c.lang)));
    }
    match d.kind {
        DocumentKind::Quote => {
            if let Some(v) = content.valid_until {
                rows.push((c.l.valid_until.into(), format::date(v, c.lang)));
            }
        }
        _ => {
            if let Some(due) = d.due_date {
                rows.push((c.l.due_date.into(), format::date(due, c.lang)));
            }
        }
    }
    if let Some(p) = &d.preceding {
        let when = p
            .issue_date
            .map(|dt| format!(" ({})", format::date(dt, c.lang)))
            .unwrap_or_default();
        rows.push((c.l.corrects_invoice.into(), format!("{}{when}", p.number)));
    }
    if let Some(r) = &content.buyer_reference {
        rows.push((c.l.buyer_reference.into(), r.clone()));
    }
    if let Some(r) = &content.purchase_order {
        rows.push((c.l.purchase_order.into(), r.clone()));
    }
    let label_x = right - half * 0.55;
    for (label, value) in rows {
        lay.text(
            &label,
            Weight::Regular,
            label_x,
            y + ascent(c.fs),
            c.fs,
            GREY,
            Align::Right,
        );
        lay.text(
            &value,
            Weight::Bold,
            right,
            y + ascent(c.fs),
            c.fs,
            BLACK,
            Align::Right,
        );
        y += line_height(c.fs);
    }
    lay.y = left_y.max(y) + 14.0;
}

#[allow(clippy::too_many_arguments)]
fn party_block(
    c: &Ctx,
    lay: &mut Layout,
    x: f32,
    top: f32,
    width: f32,
    title: &str,
    name: &str,
    address: &Address,
    ids: &[String],
) -> f32 {
    let pad = 8.0;
    let mut texts: Vec<(String, Weight, f32, [u8; 3])> =
        vec![(name.to_owned(), Weight::Bold, c.fs * 1.1, BLACK)];
    for l in address_lines(address) {
        texts.push((l, Weight::Regular, c.fs, BLACK));
    }
    for id in ids {
        texts.push((id.clone(), Weight::Regular, c.small(), GREY));
    }
    let inner = width - 2.0 * pad;
    let height = line_height(c.small())
        + 2.0
        + texts
            .iter()
            .map(|(t, w, s, _)| paragraph_height(t, *w, inner, *s))
            .sum::<f32>()
        + 2.0 * pad;
    lay.rect(x, top, width, height, LIGHT);
    lay.rect(x, top, 3.0, height, c.accent);
    let mut y = top + pad;
    lay.text(
        title,
        Weight::Bold,
        x + pad,
        y + ascent(c.small()),
        c.small(),
        c.accent,
        Align::Left,
    );
    y += line_height(c.small()) + 2.0;
    for (t, w, s, color) in texts {
        y += lay.paragraph(&t, w, x + pad, y, inner, s, color, Align::Left);
    }
    height
}

pub(super) fn parties(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let b = &c.doc.buyer;
    let mut ids = Vec::new();
    if let Some(s) = &b.siren {
        ids.push(format!("{} {}", c.l.siren, grouped(s, 3)));
    }
    if let Some(v) = &b.vat_number {
        ids.push(format!("{} {v}", c.l.vat_number));
    }
    let width = g.content_width() * 0.46;
    let top = lay.y;
    let delivery = b
        .delivery_address
        .as_ref()
        .filter(|_| c.opts.show_delivery_address);
    let mut h = party_block(
        c,
        lay,
        g.right() - width,
        top,
        width,
        c.l.bill_to,
        &b.name,
        &b.address,
        &ids,
    );
    if let Some(d) = delivery {
        h = h.max(party_block(
            c,
            lay,
            g.left(),
            top,
            width,
            c.l.deliver_to,
            &b.name,
            d,
            &[],
        ));
    }
    lay.y = top + h + 18.0;
}
