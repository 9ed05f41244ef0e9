//! After the totals: payment and the EPC QR code, legal mentions, notes, the quote's
//! approval box, and the footer of every page.

#![allow(clippy::float_arithmetic)]

use super::*;

pub(super) fn payment(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let s = &c.doc.seller;
    let d = c.doc;
    // The modules themselves are made on a second core while the pages are drawn.
    let has_qr = qr::payment_payload(d, c.opts).is_some();
    let mut lines: Vec<(String, Weight)> = Vec::new();
    if let Some(due) = d.due_date {
        lines.push((
            c.pair(c.l.due_date, &format::date(due, c.lang)),
            Weight::Bold,
        ));
    }
    if let Some(iban) = &s.iban {
        lines.push((c.l.pay_by_transfer.to_owned(), Weight::Regular));
        lines.push((
            format!("{} {}", c.l.iban, grouped(iban, 4)),
            Weight::Regular,
        ));
        if let Some(bic) = &s.bic {
            lines.push((format!("{} {bic}", c.l.bic), Weight::Regular));
        }
        if let Some(n) = &d.number {
            lines.push((c.pair(c.l.payment_reference, n), Weight::Regular));
        }
    }
    if let Some(url) = c
        .opts
        .pay_online_url
        .as_deref()
        .filter(|_| d.kind == DocumentKind::Invoice)
    {
        lines.push((c.pair(c.l.pay_online, url), Weight::Regular));
    }
    if lines.is_empty() {
        return;
    }
    let qr_size = 78.0;
    let text_h = line_height(c.fs) * (lines.len() as f32 + 1.0);
    let height = text_h.max(if has_qr {
        qr_size + line_height(c.small())
    } else {
        0.0
    }) + 8.0;
    ensure(c, lay, height);
    let top = lay.y;
    lay.text(
        c.l.payment,
        Weight::Bold,
        g.left(),
        top + ascent(c.fs),
        c.fs,
        c.accent,
        Align::Left,
    );
    let mut y = top + line_height(c.fs);
    for (text, weight) in lines {
        lay.text(
            &text,
            weight,
            g.left(),
            y + ascent(c.fs),
            c.fs,
            BLACK,
            Align::Left,
        );
        y += line_height(c.fs);
    }
    if has_qr {
        let x = g.right() - qr_size;
        lay.push(Op::Qr {
            x,
            y: top,
            size: qr_size,
        });
        lay.text(
            c.l.scan_to_pay,
            Weight::Regular,
            x + qr_size / 2.0,
            top + qr_size + ascent(c.small()) + 2.0,
            c.small(),
            GREY,
            Align::Center,
        );
    }
    lay.y = top + height + 6.0;
}

pub(super) fn mentions(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let d = c.doc;
    let mut texts: Vec<String> = Vec::new();
    for b in &d.totals.vat_breakdown {
        if let Some(ex) = &b.exemption
            && let Some(reason) = &ex.reason
            && !(d.seller.vat_regime == VatRegime::Franchise && reason == FRANCHISE_MENTION)
        {
            texts.push(reason.clone());
        }
    }
    if let Some(op) = d.content.operation_type {
        texts.push(c.pair(c.l.operation, c.l.operation(op)));
    }
    if d.seller.vat_on_debits {
        texts.push(c.l.vat_on_debits.to_owned());
    }
    if d.kind == DocumentKind::Invoice {
        texts.push(
            d.content
                .payment_terms_text
                .clone()
                .unwrap_or_else(|| c.l.no_early_discount.to_owned()),
        );
        if d.buyer.kind == CustomerKind::Business {
            texts.push(match d.seller.late_penalty_rate {
                Some(r) => format!("{} {}.", c.l.late_penalty, format::percent(r, c.lang)),
                None => c.l.late_penalty_default.to_owned(),
            });
            texts.push(c.l.recovery_indemnity.to_owned());
        }
    }
    let small = c.small();
    for t in texts {
        let h = paragraph_height(&t, Weight::Regular, g.content_width(), small);
        ensure(c, lay, h);
        let y = lay.y;
        lay.y += lay.paragraph(
            &t,
            Weight::Regular,
            g.left(),
            y,
            g.content_width(),
            small,
            GREY,
            Align::Left,
        );
    }
    if c.opts.show_notes
        && let Some(note) = &d.content.note
    {
        lay.y += 8.0;
        ensure(c, lay, line_height(c.fs) * 2.0);
        let y = lay.y;
        lay.text(
            c.l.notes,
            Weight::Bold,
            g.left(),
            y + ascent(c.fs),
            c.fs,
            c.accent,
            Align::Left,
        );
        lay.y += line_height(c.fs);
        for para in wrap(note, Weight::Regular, c.fs, g.content_width()) {
            ensure(c, lay, line_height(c.fs));
            let y = lay.y;
            lay.run(para, g.left(), y + ascent(c.fs), c.fs, BLACK, Align::Left);
            lay.y += line_height(c.fs);
        }
    }
}

/// A quote ends with room for the customer's approval.
pub(super) fn acceptance(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let (w, h) = (230.0, 70.0);
    ensure(c, lay, h + 16.0);
    lay.y += 10.0;
    let x = g.right() - w;
    let top = lay.y;
    lay.push(Op::Line {
        x1: x,
        y1: top,
        x2: x + w,
        y2: top,
        width: 0.6,
        color: GREY,
    });
    lay.push(Op::Line {
        x1: x,
        y1: top + h,
        x2: x + w,
        y2: top + h,
        width: 0.6,
        color: GREY,
    });
    lay.push(Op::Line {
        x1: x,
        y1: top,
        x2: x,
        y2: top + h,
        width: 0.6,
        color: GREY,
    });
    lay.push(Op::Line {
        x1: x + w,
        y1: top,
        x2: x + w,
        y2: top + h,
        width: 0.6,
        color: GREY,
    });
    lay.paragraph(
        c.l.quote_acceptance,
        Weight::Bold,
        x + 6.0,
        top + 5.0,
        w - 12.0,
        c.small(),
        BLACK,
        Align::Left,
    );
    lay.y = top + h + 8.0;
}

/// The seller's legal line and "page x of y" at the bottom of every page.
pub(super) fn footers(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let s = &c.doc.seller;
    let mut parts = vec![s.display_name()];
    if let Some(t) = &s.trading_name {
        parts.push(t.clone());
    }
    parts.push(address_lines(&s.address).join(", "));
    if let Some(siren) = &s.siren {
        parts.push(format!("{} {}", c.l.siren, grouped(siren, 3)));
    }
    if let Some(v) = &s.vat_number {
        parts.push(format!("{} {v}", c.l.vat_number));
    }
    if let Some(r) = &s.registration {
        parts.push(r.clone());
    }
    let legal = parts.join(" · ");
    let small = c.fs * 0.75;
    let total = lay.pages.len();
    let page_w = 70.0;
    let lines = wrap(&legal, Weight::Regular, small, g.content_width() - page_w);
    for (i, page) in lay.pages.iter_mut().enumerate() {
        let top = g.height - g.margin - g.footer + 12.0;
        page.push(Op::Line {
            x1: g.left(),
            y1: top - 6.0,
            x2: g.right(),
            y2: top - 6.0,
            width: 0.5,
            color: LIGHT,
        });
        let mut y = top + ascent(small);
        for run in lines.iter().take(3) {
            page.push(Op::Text {
                x: g.left(),
                y,
                size: small,
                color: GREY,
                run: run.clone(),
            });
            y += line_height(small);
        }
        let label = shape(
            &format!("{} {} {} {}", c.l.page, i + 1, c.l.of, total),
            Weight::Regular,
        );
        let x = g.right() - label.width(small);
        page.push(Op::Text {
            x,
            y: top + ascent(small),
            size: small,
            color: GREY,
            run: label,
        });
    }
}
