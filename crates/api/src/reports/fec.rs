//! The FEC (fichier des écritures comptables, art. A47 A-1 du LPF) of a fiscal year: the
//! sales journal (invoices and credit notes), the purchases journal (received invoices and
//! credit notes) and the bank journal (payments), as balanced
//! entries numbered in one continuous sequence in the order they were validated, in the 18 official columns,
//! tab-separated, amounts with a decimal comma, dates as AAAAMMJJ.
//!
//! Accounts (plan comptable général): 411000 customers (one auxiliary account per customer),
//! 706000 services / 707000 goods, 44571x VAT collected per rate, 445740 VAT to collect on
//! receipts (services without the option for debits: moved to 44571x when paid), 512000 bank,
//! 531000 cash, 419100 customer advances (a payment beyond the invoices it settles);
//! purchases: 401000 suppliers (one auxiliary account per supplier), 607000 purchases (to
//! be reclassified by the accountant: a received invoice does not say which 60x/61x/62x
//! account it belongs to), 445660 deductible VAT.

use super::share::{cents, prorate};
use super::types::*;
use super::vat::on_debits;
use crate::{Api, ApiError, ApiResult, FecRequest};
use autoinvoice_store::purchases::FecPurchase;
use autoinvoice_store::reports::{FecDocument, FecPayment};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The official columns, in order.
pub const FEC_COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

const CUSTOMERS: (&str, &str) = ("411000", "Clients");
const SERVICES: (&str, &str) = ("706000", "Prestations de services");
const GOODS: (&str, &str) = ("707000", "Ventes de marchandises");
const VAT_PENDING: (&str, &str) = ("445740", "TVA collectée sur encaissements à régulariser");
const BANK: (&str, &str) = ("512000", "Banque");
const CASH: (&str, &str) = ("531000", "Caisse");
const ADVANCES: (&str, &str) = ("419100", "Clients - avances et acomptes reçus");
const SUPPLIERS: (&str, &str) = ("401000", "Fournisseurs");
const PURCHASES: (&str, &str) = ("607000", "Achats");
const VAT_DEDUCTIBLE: (&str, &str) = ("445660", "TVA déductible sur autres biens et services");

fn vat_account(rate: &str) -> (String, String) {
    let n = match rate {
        "20" => "445711",
        "10" => "445712",
        "5.5" => "445713",
        "2.1" => "445714",
        _ => "445719",
    };
    (
        n.to_owned(),
        format!("TVA collectée {} %", rate.replace('.', ",")),
    )
}

struct Line {
    account: (String, String),
    aux: Option<(String, String)>,
    debit: i64,
    credit: i64,
}

struct Entry {
    journal: (&'static str, &'static str),
    date: NaiveDate,
    piece: String,
    label: String,
    /// ValidDate: the day it was recorded (issued, or the payment entered), never before
    /// its own date.
    valid: NaiveDate,
    /// The instant it was recorded: entries are numbered in this order.
    recorded_at: String,
    lines: Vec<Line>,
}

impl Entry {
    fn push(
        &mut self,
        account: (&str, &str),
        aux: Option<&(String, String)>,
        amount: i64,
        debit: bool,
    ) {
        self.push_owned(
            (account.0.to_owned(), account.1.to_owned()),
            aux,
            amount,
            debit,
        );
    }

    fn push_owned(
        &mut self,
        account: (String, String),
        aux: Option<&(String, String)>,
        amount: i64,
        debit: bool,
    ) {
        if amount == 0 {
            return;
        }
        // A negative amount goes to the other side: the two columns never hold one.
        let debit = debit == (amount > 0);
        let a = amount.abs();
        self.lines.push(Line {
            account,
            aux: aux.cloned(),
            debit: if debit { a } else { 0 },
            credit: if debit { 0 } else { a },
        });
    }
}

fn customer_aux(id: i64, name: &str) -> (String, String) {
    (format!("C{id:06}"), name.to_owned())
}

/// One text field: no tab, carriage return or line feed inside.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\r' | '\n') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn amount(c: i64) -> String {
    cents(c).to_string().replace('.', ",")
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn valid_date(at: &str, not_before: NaiveDate) -> NaiveDate {
    at.get(..10)
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map_or(not_before, |d| d.max(not_before))
}

fn document_entry(d: &FecDocument, option_debits: bool) -> Entry {
    let aux = customer_aux(d.customer_id, &d.buyer_name);
    let label = match (&d.credits, d.credit_note) {
        (Some(c), true) => format!(
            "Avoir {} sur {} {}",
            d.number, c.invoice_number, d.buyer_name
        ),
        _ => format!("Facture {} {}", d.number, d.buyer_name),
    };
    let mut e = Entry {
        journal: ("VE", "Ventes"),
        date: d.issue_date,
        piece: d.number.clone(),
        label,
        valid: valid_date(&d.issued_at, d.issue_date),
        recorded_at: d.issued_at.clone(),
        lines: Vec::new(),
    };
    // An invoice debits the customer and credits sales and VAT; a credit note the reverse.
    let invoice = !d.credit_note;
    e.push(CUSTOMERS, Some(&aux), d.total_incl_cents, invoice);
    for (_, rate, operation, taxable, tax) in &d.vat {
        let sales = if operation.as_deref() == Some("goods") {
            GOODS
        } else {
            SERVICES
        };
        e.push(sales, None, *taxable, !invoice);
        let vat = if on_debits(operation.as_deref(), option_debits) {
            vat_account(rate)
        } else {
            (VAT_PENDING.0.to_owned(), VAT_PENDING.1.to_owned())
        };
        e.push_owned(vat, None, *tax, !invoice);
    }
    // The document's own rounding (BT-114) or prepaid amount (BT-113) leaves a difference
    // between the lines and the total; it stays on the customer's side, never lost.
    let diff: i64 = e.lines.iter().map(|l| l.debit - l.credit).sum();
    if diff != 0 {
        e.push(SERVICES, None, diff, false);
    }
    e
}

fn supplier_aux(key: &str, name: &str) -> (String, String) {
    // The key is the supplier's VAT id, legal id or name: letters and digits, at most 17.
    let code: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(17)
        .collect();
    (format!("F{code}"), name.to_owned())
}

fn purchase_entry(p: &FecPurchase) -> Entry {
    let aux = supplier_aux(&p.supplier_key, &p.supplier_name);
    let kind = if p.credit_note {
        "Avoir reçu"
    } else {
        "Facture reçue"
    };
    let mut e = Entry {
        journal: ("AC", "Achats"),
        date: p.issue_date,
        piece: p.number.clone(),
        label: format!("{kind} {} {}", p.number, p.supplier_name),
        valid: valid_date(&p.imported_at, p.issue_date),
        recorded_at: p.imported_at.clone(),
        lines: Vec::new(),
    };
    // An invoice debits purchases and VAT and credits the supplier; a credit note the reverse.
    let invoice = !p.credit_note;
    e.push(SUPPLIERS, Some(&aux), p.total_incl_cents, !invoice);
    e.push(PURCHASES, None, p.total_excl_cents, invoice);
    for (_, _, _, tax) in &p.vat {
        e.push(VAT_DEDUCTIBLE, None, *tax, invoice);
    }
    // Rounding (BT-114) or a total VAT the breakdown does not carry: kept on purchases.
    let diff: i64 = e.lines.iter().map(|l| l.debit - l.credit).sum();
    if diff != 0 {
        e.push(PURCHASES, None, diff, false);
    }
    e
}

/// The VAT rows of an invoice paid on receipts: (rate, tax, total with VAT).
type PendingVat = HashMap<i64, (Vec<(String, i64)>, i64)>;

fn payment_entry(p: &FecPayment, pending: &PendingVat) -> Entry {
    let numbers: Vec<&str> = p.allocations.iter().map(|a| a.1.as_str()).collect();
    let payer = p
        .allocations
        .first()
        .map(|a| a.3.clone())
        .unwrap_or_default();
    let mut e = Entry {
        journal: ("BQ", "Banque"),
        date: p.date,
        piece: p
            .reference
            .as_deref()
            .map(field)
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| format!("REG{:06}", p.id)),
        label: format!("Règlement {} {}", numbers.join(" "), payer)
            .trim()
            .to_owned(),
        valid: valid_date(&p.created_at, p.date),
        recorded_at: p.created_at.clone(),
        lines: Vec::new(),
    };
    let money = if p.method == "cash" { CASH } else { BANK };
    e.push(money, None, p.amount_cents, true);
    let mut applied = 0;
    for (invoice_id, _, customer_id, name, cents) in &p.allocations {
        let aux = customer_aux(*customer_id, name);
        e.push(CUSTOMERS, Some(&aux), *cents, false);
        applied += cents;
        // VAT on receipts becomes due now: from the pending account to the rate's account.
        if let Some((rows, incl)) = pending.get(invoice_id) {
            for (rate, tax) in rows {
                let due = prorate(*cents, *tax, *incl);
                e.push(VAT_PENDING, None, due, true);
                e.push_owned(vat_account(rate), None, due, false);
            }
        }
    }
    if p.amount_cents > applied {
        let aux = p.allocations.first().map(|a| customer_aux(a.2, &a.3));
        e.push(ADVANCES, aux.as_ref(), p.amount_cents - applied, false);
    }
    e
}

impl Api {
    /// The FEC of a fiscal year (at most 23 months: a first or extended year).
    pub async fn fec_export(&self, req: FecRequest) -> ApiResult<FecExport> {
        let org_id = self.org(req.org_id).await?;
        let org = self.store.organization(org_id).await?.organization;
        let today = self.today();
        let from = req
            .from
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today));
        let to = req.to.unwrap_or_else(|| {
            from.checked_add_months(chrono::Months::new(12))
                .and_then(|d| d.pred_opt())
                .unwrap_or(today)
        });
        let p = super::share::period(Some(from), Some(to), today, 24)?;
        let siren = org.siren.clone().ok_or_else(|| {
            ApiError::invalid(
                "the FEC is named after the SIREN: enter the organization's SIREN first",
            )
        })?;
        let currency = org.currency.code().to_owned();
        let option_debits = org.vat_on_debits;
        let documents = self.store.fec_documents(org_id, p.from, p.to).await?;
        let payments = self.store.fec_payments(org_id, p.from, p.to).await?;
        let mut left_out = Vec::new();
        let mut entries: Vec<Entry> = Vec::with_capacity(documents.len() + payments.len());
        for d in &documents {
            if d.currency != currency {
                left_out.push(format!("{} ({})", d.number, d.currency));
                continue;
            }
            entries.push(document_entry(d, option_debits));
        }
        for pur in self.store.fec_purchases(org_id, p.from, p.to).await? {
            if pur.currency != currency {
                left_out.push(format!(
                    "received {} {} ({})",
                    pur.supplier_name, pur.number, pur.currency
                ));
                continue;
            }
            entries.push(purchase_entry(&pur));
        }
        // The VAT still to move on receipts, for the invoices the year's payments settle
        // (issued this year or before).
        let pending = self.pending_vat(org_id, &payments, option_debits).await?;
        for pay in &payments {
            if pay.currency != currency {
                left_out.push(format!("payment of {} ({})", pay.date, pay.currency));
                continue;
            }
            entries.push(payment_entry(pay, &pending));
        }
        // One continuous sequence in the order entries were validated (art. A47 A-1: "ordre
        // chronologique de validation"): a payment entered late, dated earlier, comes where it
        // was entered.
        entries.sort_by(|a, b| {
            (a.valid, &a.recorded_at, a.date).cmp(&(b.valid, &b.recorded_at, b.date))
        });
        let mut text = FEC_COLUMNS.join("\t");
        text.push_str("\r\n");
        let (mut debit, mut credit, mut lines) = (0i64, 0i64, 0usize);
        for (n, e) in entries.iter().enumerate() {
            let num = format!("{:06}", n + 1);
            for l in &e.lines {
                let (aux_num, aux_lib) = l
                    .aux
                    .as_ref()
                    .map(|(a, b)| (a.clone(), field(b)))
                    .unwrap_or_default();
                let _ = write!(
                    text,
                    "{}\t{}\t{num}\t{}\t{}\t{}\t{aux_num}\t{aux_lib}\t{}\t{}\t{}\t{}\t{}\t\t\t{}\t\t\r\n",
                    e.journal.0,
                    e.journal.1,
                    day(e.date),
                    l.account.0,
                    field(&l.account.1),
                    field(&e.piece),
                    day(e.date),
                    field(&e.label),
                    amount(l.debit),
                    amount(l.credit),
                    day(e.valid),
                );
                debit += l.debit;
                credit += l.credit;
                lines += 1;
            }
        }
        Ok(FecExport {
            file_name: format!("{siren}FEC{}.txt", day(p.to)),
            text,
            period: p,
            entries: entries.len(),
            lines,
            total_debit: cents(debit),
            total_credit: cents(credit),
            left_out,
        })
    }

    async fn pending_vat(
        &self,
        org_id: i64,
        payments: &[FecPayment],
        option_debits: bool,
    ) -> ApiResult<PendingVat> {
        let mut out = PendingVat::new();
        if option_debits || payments.is_empty() {
            return Ok(out);
        }
        let (Some(first), Some(last)) = (payments.first(), payments.last()) else {
            return Ok(out);
        };
        for s in self
            .store
            .receipt_shares(org_id, first.date, last.date)
            .await?
        {
            if on_debits(s.operation.as_deref(), option_debits) || s.tax_cents == 0 {
                continue;
            }
            let e = out
                .entry(s.invoice_id)
                .or_insert_with(|| (Vec::new(), s.invoice_incl_cents));
            if !e.0.iter().any(|(r, _)| *r == s.rate) {
                e.0.push((s.rate.clone(), s.tax_cents));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_amounts_are_written_as_the_format_wants() {
        assert_eq!(field("a\tb\r\nc "), "a b  c");
        assert_eq!(amount(123_456), "1234,56");
        assert_eq!(amount(5), "0,05");
        assert_eq!(amount(0), "0,00");
        assert_eq!(day("2026-03-09".parse().unwrap()), "20260309");
    }

    #[test]
    fn a_negative_amount_goes_to_the_other_column() {
        let mut e = Entry {
            journal: ("VE", "Ventes"),
            date: NaiveDate::MIN,
            piece: String::new(),
            label: String::new(),
            valid: NaiveDate::MIN,
            recorded_at: String::new(),
            lines: Vec::new(),
        };
        e.push(SERVICES, None, -500, false);
        e.push(SERVICES, None, 0, true);
        assert_eq!(e.lines.len(), 1);
        assert_eq!((e.lines[0].debit, e.lines[0].credit), (500, 0));
    }
}
