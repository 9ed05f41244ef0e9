//! The blocks of a document, laid out top to bottom: header (seller, title, dates), parties,
//! the line table (its header repeated on each page), totals and VAT, payment with the EPC
//! QR code, legal mentions, notes; then the footer of every page.

#![allow(clippy::float_arithmetic)]

use super::PdfOptions;
use super::fonts::{Weight, shape, wrap};
use super::format;
use super::labels::{Labels, labels, unit_name};
use super::layout::{
    Align, BLACK, GREY, LIGHT, Layout, Op, WHITE, ascent, line_height, paragraph_height,
};
use super::qr;
use autoinvoice_domain::document::{DocumentKind, Line};
use autoinvoice_domain::full_document::FullDocument;
use autoinvoice_domain::party::{Address, CustomerKind, Language};
use autoinvoice_domain::vat::{FRANCHISE_MENTION, VatCategory, VatRegime};
use rust_decimal::Decimal;

struct Ctx<'a> {
    doc: &'a FullDocument,
    opts: &'a PdfOptions,
    l: &'static Labels,
    lang: Language,
    fs: f32,
    accent: [u8; 3],
}

impl Ctx<'_> {
    fn money(&self, v: Decimal) -> String {
        format::money(v, self.doc.content.currency, self.lang)
    }
    /// "label : value" (French typography) or "label: value".
    fn pair(&self, label: &str, value: &str) -> String {
        match self.lang {
            Language::Fr => format!("{label}\u{A0}: {value}"),
            Language::En => format!("{label}: {value}"),
        }
    }
    fn small(&self) -> f32 {
        self.fs * 0.85
    }
}

fn address_lines(a: &Address) -> Vec<String> {
    let mut out = vec![a.line1.clone()];
    out.extend(a.line2.iter().cloned());
    out.extend(a.line3.iter().cloned());
    let city = format!("{} {}", a.postcode, a.city).trim().to_owned();
    out.push(if a.country == "FR" {
        city
    } else {
        format!("{city} ({})", a.country)
    });
    out
}

fn grouped(s: &str, n: usize) -> String {
    s.chars()
        .collect::<Vec<_>>()
        .chunks(n)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lays the whole document out into pages.
pub fn layout(
    doc: &FullDocument,
    opts: &PdfOptions,
    logo_size: Option<(f32, f32)>,
    layout: &mut Layout,
) {
    let ctx = Ctx {
        doc,
        opts,
        l: labels(doc.language),
        lang: doc.language,
        fs: opts.font_size,
        accent: opts.accent,
    };
    header(&ctx, layout, logo_size);
    parties(&ctx, layout);
    table(&ctx, layout);
    totals(&ctx, layout);
    if opts.show_payment && doc.kind == DocumentKind::Invoice {
        payment(&ctx, layout);
    }
    mentions(&ctx, layout);
    if doc.kind == DocumentKind::Quote {
        acceptance(&ctx, layout);
    }
    if opts.show_footer {
        footers(&ctx, layout);
    }
}

/// A new page starts with a reminder of which document it continues.
fn new_page(c: &Ctx, lay: &mut Layout) {
    lay.new_page();
    let title = match &c.doc.number {
        Some(n) => format!("{} {n} {}", c.l.title(c.doc.kind), c.l.continued),
        None => format!("{} {} {}", c.l.title(c.doc.kind), c.l.draft, c.l.continued),
    };
    let y = lay.y;
    lay.text(
        &title,
        Weight::Bold,
        lay.geometry.right(),
        y + ascent(c.small()),
        c.small(),
        GREY,
        Align::Right,
    );
    lay.y += line_height(c.small()) + 4.0;
}

/// Starts a new page unless `height` points still fit.
fn ensure(c: &Ctx, lay: &mut Layout, height: f32) {
    if !lay.fits(height) {
        new_page(c, lay);
    }
}

fn header(c: &Ctx, lay: &mut Layout, logo_size: Option<(f32, f32)>) {
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

fn parties(c: &Ctx, lay: &mut Layout) {
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

fn table(c: &Ctx, lay: &mut Layout) {
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

fn totals(c: &Ctx, lay: &mut Layout) {
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

fn payment(c: &Ctx, lay: &mut Layout) {
    let g = lay.geometry;
    let s = &c.doc.seller;
    let d = c.doc;
    let qr_modules = match (&s.iban, &d.number) {
        (Some(iban), Some(number))
            if c.opts.show_payment_qr
                && d.content.currency.code() == "EUR"
                && d.totals.due > Decimal::ZERO =>
        {
            qr::epc(
                &s.display_name(),
                iban,
                s.bic.as_deref(),
                d.totals.due,
                number,
            )
        }
        _ => None,
    };
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
    if lines.is_empty() {
        return;
    }
    let qr_size = 78.0;
    let text_h = line_height(c.fs) * (lines.len() as f32 + 1.0);
    let height = text_h.max(if qr_modules.is_some() {
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
    if let Some((width, modules)) = qr_modules {
        let x = g.right() - qr_size;
        lay.push(Op::Qr {
            x,
            y: top,
            size: qr_size,
            width,
            modules,
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

fn mentions(c: &Ctx, lay: &mut Layout) {
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
fn acceptance(c: &Ctx, lay: &mut Layout) {
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
fn footers(c: &Ctx, lay: &mut Layout) {
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
