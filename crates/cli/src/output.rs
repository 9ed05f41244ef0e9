//! Text output for people; `--json` prints the API's own types instead.

use autoinvoice_api::*;
use serde::Serialize;
use std::fmt::Write as _;

pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: cannot print JSON: {e}"),
    }
}

/// The value as JSON (`--json`) or as the text `text` makes of it.
pub fn show<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) {
    if json {
        self::json(value);
    } else {
        println!("{}", text(value));
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

pub fn document(d: &DocumentRecord) -> String {
    let mut s = String::new();
    let number = d
        .number
        .clone()
        .unwrap_or_else(|| format!("draft #{}", d.id));
    let _ = writeln!(
        s,
        "{number}  {}  {}  (id {})",
        d.kind.code(),
        d.status.code(),
        d.id
    );
    let _ = writeln!(
        s,
        "Customer: {}  |  issued {}  |  due {}",
        d.buyer_name,
        date(d.issue_date),
        date(d.due_date)
    );
    for (i, (l, net)) in d.content.lines.iter().zip(&d.totals.line_nets).enumerate() {
        let rate = l
            .vat_rate
            .map(|r| format!("{r} %"))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "  {:>3}. {:<40} {} {} x {}  {} {}  {}",
            i + 1,
            l.name,
            l.quantity,
            l.unit,
            l.unit_price,
            l.category().code(),
            rate,
            net
        );
    }
    let t = &d.totals;
    let c = d.currency;
    for b in &t.vat_breakdown {
        let rate = b
            .rate
            .map(|r| format!("{r} %"))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            s,
            "  VAT {} {rate}: base {} {c}, VAT {} {c}",
            b.category.code(),
            b.taxable,
            b.tax
        );
    }
    let _ = writeln!(
        s,
        "Total excl. VAT {} {c}  |  VAT {} {c}  |  Total {} {c}  |  Due {} {c}",
        t.tax_exclusive, t.tax_total, t.tax_inclusive, t.due
    );
    let _ = write!(
        s,
        "Paid {} {c}  |  Credited {} {c}  |  Balance {} {c}",
        d.paid, d.credited, d.balance
    );
    s
}

pub fn page(p: &DocumentPage) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<16} {:<12} {:<15} {:<10} {:<10} {:<30} {:>14} {:>14}",
        "NUMBER", "KIND", "STATUS", "ISSUED", "DUE", "CUSTOMER", "TOTAL", "BALANCE"
    );
    for r in &p.items {
        let number = r.number.clone().unwrap_or_else(|| format!("#{}", r.id));
        let status = if r.overdue {
            format!("{} (late)", r.status)
        } else {
            r.status.clone()
        };
        let customer: String = r.buyer_name.chars().take(30).collect();
        let _ = writeln!(
            s,
            "{:<16} {:<12} {:<15} {:<10} {:<10} {:<30} {:>10} {} {:>10} {}",
            number,
            r.kind,
            status,
            date(r.issue_date),
            date(r.due_date),
            customer,
            r.total_incl,
            r.currency,
            r.balance,
            r.currency
        );
    }
    let more = if p.total_is_exact { "" } else { " or more" };
    let _ = write!(s, "{} shown of {}{more}", p.items.len(), p.total);
    s
}

pub fn customers(list: &[CustomerRecord]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:>6}  {:<40} {:<8} {:<30} VAT NUMBER",
        "ID", "NAME", "COUNTRY", "EMAIL"
    );
    for c in list {
        let name = if c.archived {
            format!("{} (archived)", c.customer.name)
        } else {
            c.customer.name.clone()
        };
        let _ = writeln!(
            s,
            "{:>6}  {:<40} {:<8} {:<30} {}",
            c.id,
            name,
            c.customer.address.country,
            c.customer.emails.first().cloned().unwrap_or_default(),
            c.customer.vat_number.clone().unwrap_or_default()
        );
    }
    let _ = write!(s, "{} customers", list.len());
    s
}

pub fn payments(list: &[PaymentRecord]) -> String {
    let mut s = String::new();
    for p in list {
        let applied: Vec<String> = p
            .allocations
            .iter()
            .map(|a| format!("{} {}", a.number, a.amount))
            .collect();
        let _ = writeln!(
            s,
            "{:>6}  {}  {:>12} {}  {:<8}  {}  [{}]",
            p.id,
            p.date,
            p.amount,
            p.currency,
            p.method,
            p.reference.clone().unwrap_or_default(),
            applied.join(", ")
        );
    }
    let _ = write!(s, "{} payments", list.len());
    s
}

pub fn dashboard(d: &Dashboard) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "On {}", d.today);
    for f in &d.figures {
        let c = &f.currency;
        let _ = writeln!(
            s,
            "{c}: outstanding {} ({} invoices), overdue {} ({} invoices), paid this month {}",
            f.outstanding, f.open_count, f.overdue, f.overdue_count, f.paid_this_month
        );
    }
    let _ = writeln!(s, "Revenue per month (excl. VAT, less credit notes):");
    for m in &d.revenue_by_month {
        let _ = writeln!(s, "  {}  {:>12} {}", m.month, m.revenue, m.currency);
    }
    s.trim_end().to_owned()
}

pub fn verify(reports: &[VerifyReport]) -> String {
    let mut s = String::new();
    for r in reports {
        if r.ok() {
            let _ = writeln!(
                s,
                "organization {}: journal intact ({} entries, {} issued documents, {} payments checked)",
                r.org_id, r.entries, r.documents, r.payments
            );
        } else {
            for p in &r.problems {
                let entry = p
                    .entry
                    .map(|e| format!("entry {e}"))
                    .unwrap_or_else(|| "no entry".into());
                let doc = p
                    .document
                    .clone()
                    .map(|d| format!(", document {d}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    "organization {}: BROKEN at {entry}{doc}: {}",
                    r.org_id, p.message
                );
            }
        }
    }
    s.trim_end().to_owned()
}
