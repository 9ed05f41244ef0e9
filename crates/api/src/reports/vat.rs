//! The VAT report of a period, ready for the French CA3 return: VAT collected per category
//! and rate, due on debits (goods; services when the seller opted for debits) or on receipts
//! (other services: the share of VAT in what was paid in the period).

use super::share::{cents, period};
use super::types::*;
use crate::{Api, ApiResult, ReportRequest};
use autoinvoice_domain::vat::VatRegime;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Whether VAT on an invoice of this type of operation is due at issue.
pub(super) fn on_debits(operation: Option<&str>, option_debits: bool) -> bool {
    option_debits || operation == Some("goods")
}

/// The CA3 line of a taxed rate in metropolitan France.
fn ca3_rate_line(rate: &str) -> Option<(&'static str, &'static str)> {
    match rate {
        "20" => Some(("08", "Taux normal 20 %")),
        "10" => Some(("9B", "Taux réduit 10 %")),
        "5.5" => Some(("09", "Taux réduit 5,5 %")),
        "2.1" => Some(("T6", "Taux particulier 2,1 % (France continentale)")),
        _ => None,
    }
}

/// The CA3 lines of the figures: A1 (taxable operations), E1 (exports), E2 (other operations
/// not taxed), F2 (intra-EU supplies), then the tax lines per rate.
fn ca3_lines(lines: &[VatLine], notes: &mut Vec<ReportNote>) -> Vec<Ca3Line> {
    let mut base: BTreeMap<&'static str, (&'static str, Decimal, Option<Decimal>)> =
        BTreeMap::new();
    let mut put = |line: &'static str, label: &'static str, b: Decimal, v: Option<Decimal>| {
        let e = base
            .entry(line)
            .or_insert((label, Decimal::ZERO, v.map(|_| Decimal::ZERO)));
        e.1 += b;
        if let (Some(t), Some(v)) = (e.2.as_mut(), v) {
            *t += v;
        }
    };
    for l in lines {
        match l.category.as_str() {
            "S" => {
                put("A1", "Ventes, prestations de services", l.taxable, None);
                match ca3_rate_line(&l.rate) {
                    Some((line, label)) => put(line, label, l.taxable, Some(l.vat)),
                    None => notes.push(ReportNote::with(
                        "rate_by_hand",
                        &l.rate,
                        format!(
                            "VAT at {} % has no line of its own on the CA3 (overseas or special rate): enter it by hand",
                            l.rate
                        ),
                    )),
                }
            }
            "G" => put("E1", "Exportations hors UE", l.taxable, None),
            "K" => put(
                "F2",
                "Livraisons intracommunautaires à destination d'une personne assujettie",
                l.taxable,
                None,
            ),
            _ => put("E2", "Autres opérations non imposables", l.taxable, None),
        }
    }
    // The form's own order.
    let order = ["A1", "E1", "E2", "F2", "08", "9B", "09", "T6"];
    order
        .iter()
        .filter_map(|k| {
            base.get(k).map(|(label, b, v)| Ca3Line {
                line: (*k).to_owned(),
                label: (*label).to_owned(),
                base: *b,
                vat: *v,
            })
        })
        .collect()
}

/// The CA3's totals: 16 (gross VAT due), 20 (other deductible VAT), 23 (total deductible),
/// then 28 (net VAT due) or 25 (VAT credit).
fn ca3_balance(ca3: &mut Vec<Ca3Line>, collected: Decimal, deductible: Decimal) {
    if collected.is_zero() && deductible.is_zero() {
        return;
    }
    let mut put = |line: &str, label: &str, vat: Decimal| {
        ca3.push(Ca3Line {
            line: line.to_owned(),
            label: label.to_owned(),
            base: Decimal::ZERO,
            vat: Some(vat),
        });
    };
    put("16", "Total de la TVA brute due", collected);
    if !deductible.is_zero() {
        put("20", "Autre TVA à déduire", deductible);
        put("23", "Total TVA déductible", deductible);
    }
    let net = collected - deductible;
    if net >= Decimal::ZERO {
        put("28", "TVA nette due", net);
    } else {
        put("25", "Crédit de TVA", -net);
    }
}

impl Api {
    /// Deductible VAT of the received invoices dated in the period, in the accounting
    /// currency; supplier credit notes deducted.
    async fn deductible(
        &self,
        org_id: i64,
        p: &Period,
        currency: &str,
        notes: &mut Vec<ReportNote>,
    ) -> ApiResult<Vec<DeductibleLine>> {
        let mut sums: BTreeMap<(String, String), (i64, i64, u32)> = BTreeMap::new();
        let mut other_currency = false;
        let mut reverse_charge = false;
        for r in self.store.purchase_vat(org_id, p.from, p.to).await? {
            if r.currency != currency {
                other_currency = true;
                continue;
            }
            if matches!(r.category.as_str(), "AE" | "K") {
                reverse_charge = true;
            }
            let sign = if r.credit_note { -1 } else { 1 };
            let e = sums.entry((r.category, r.rate)).or_default();
            e.0 += sign * r.taxable_cents;
            e.1 += sign * r.tax_cents;
            e.2 += u32::try_from(r.documents).unwrap_or(u32::MAX);
        }
        if sums.is_empty() && !other_currency {
            return Ok(Vec::new());
        }
        notes.push(ReportNote::new(
            "deductible_on_invoice_date",
            "Deductible VAT is counted on the date of each received invoice. For services from a supplier taxed on receipts, it becomes deductible only when you pay: move those by hand.",
        ));
        if other_currency {
            notes.push(ReportNote::with(
                "purchases_other_currency",
                currency,
                format!("Received invoices in other currencies than {currency} are left out of deductible VAT."),
            ));
        }
        if reverse_charge {
            notes.push(ReportNote::new(
                "reverse_charge",
                "Some received invoices are reverse-charged (categories AE or K): the VAT you owe and deduct on them is not on the invoice; enter it on the CA3 by hand.",
            ));
        }
        let mut lines: Vec<DeductibleLine> = sums
            .into_iter()
            .map(|((category, rate), (t, v, n))| DeductibleLine {
                category,
                rate,
                documents: n,
                taxable: cents(t),
                vat: cents(v),
            })
            .collect();
        // Rates in numeric order (as text, "5.5" would come after "20").
        let rate = |l: &DeductibleLine| l.rate.parse::<Decimal>().unwrap_or(Decimal::MAX);
        lines.sort_by(|a, b| (&a.category, rate(a)).cmp(&(&b.category, rate(b))));
        Ok(lines)
    }

    pub async fn vat_report(&self, req: ReportRequest) -> ApiResult<VatReport> {
        let org_id = self.org(req.org_id).await?;
        let org = self.store.organization(org_id).await?.organization;
        let p = period(req.from, req.to, self.today(), 12)?;
        let currency = org.currency.code().to_owned();
        let option_debits = org.vat_on_debits;
        let mut sums: BTreeMap<(String, String, bool), (i64, i64)> = BTreeMap::new();
        let mut other_currency = false;
        // Both read the period on their own: side by side on the pool's connections.
        let (issued, received) = tokio::try_join!(
            self.store.revenue_by_rate(org_id, p.from, p.to),
            self.store.received_vat(org_id, p.from, p.to)
        )?;
        for r in issued {
            if r.currency != currency {
                other_currency = true;
                continue;
            }
            if on_debits(r.operation.as_deref(), option_debits) {
                let e = sums.entry((r.category, r.rate, true)).or_default();
                e.0 += r.taxable_cents;
                e.1 += r.tax_cents;
            }
        }
        for s in received {
            if s.currency != currency {
                other_currency = true;
                continue;
            }
            if !on_debits(s.operation.as_deref(), option_debits) {
                let e = sums.entry((s.category, s.rate, false)).or_default();
                e.0 += s.taxable_cents;
                e.1 += s.tax_cents;
            }
        }
        let mut lines: Vec<VatLine> = sums
            .into_iter()
            .map(|((category, rate, debits), (t, v))| VatLine {
                category,
                rate,
                basis: if debits {
                    VatBasis::Debits
                } else {
                    VatBasis::Receipts
                },
                taxable: cents(t),
                vat: cents(v),
            })
            .collect();
        let rate = |l: &VatLine| l.rate.parse::<Decimal>().unwrap_or(Decimal::MAX);
        lines.sort_by(|a, b| (&a.category, rate(a)).cmp(&(&b.category, rate(b))));
        let mut notes = Vec::new();
        if !option_debits {
            notes.push(ReportNote::new(
                "services_on_receipts",
                "Services: VAT is due when paid (no option for debits), so it is counted on the payments received in the period, shared out over each invoice's rates. Goods: VAT is due at issue. Documents that do not say goods or services count as services.",
            ));
            notes.push(ReportNote::new(
                "credit_notes_on_receipts",
                "On receipts, a credit note changes the VAT only when money is given back: enter a refund in the period it is paid.",
            ));
        } else {
            notes.push(ReportNote::new(
                "option_debits",
                "Option for debits: VAT on everything is due at issue; credit notes issued in the period are deducted.",
            ));
        }
        if other_currency {
            notes.push(ReportNote::with(
                "other_currency",
                &currency,
                format!("Documents in other currencies than {currency} are left out: convert them at the rate of the day they became taxable."),
            ));
        }
        let franchise = org.vat_regime == VatRegime::Franchise;
        if franchise {
            notes.push(ReportNote::new(
                "franchise",
                "Under the VAT franchise (art. 293 B du CGI) no VAT is collected and no return is filed; see the franchise tracker.",
            ));
        }
        let mut ca3 = ca3_lines(&lines, &mut notes);
        let deductible = self.deductible(org_id, &p, &currency, &mut notes).await?;
        let total_vat: Decimal = lines.iter().map(|l| l.vat).sum();
        let total_deductible: Decimal = deductible.iter().map(|l| l.vat).sum();
        ca3_balance(&mut ca3, total_vat, total_deductible);
        Ok(VatReport {
            period: p,
            currency,
            option_debits,
            franchise,
            total_vat,
            lines,
            net_vat: total_vat - total_deductible,
            total_deductible,
            deductible,
            ca3,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(category: &str, rate: &str, t: i64, v: i64) -> VatLine {
        VatLine {
            category: category.into(),
            rate: rate.into(),
            basis: VatBasis::Debits,
            taxable: cents(t),
            vat: cents(v),
        }
    }

    #[test]
    fn ca3_lines_follow_the_form() {
        let mut notes = Vec::new();
        let lines = [
            line("S", "20", 100_000, 20_000),
            line("S", "5.5", 10_000, 550),
            line("S", "8.5", 1_000, 85),
            line("K", "0", 5_000, 0),
            line("G", "0", 7_000, 0),
            line("E", "0", 300, 0),
            line("AE", "0", 200, 0),
        ];
        let ca3 = ca3_lines(&lines, &mut notes);
        let got: Vec<(&str, String, Option<String>)> = ca3
            .iter()
            .map(|l| {
                (
                    l.line.as_str(),
                    l.base.to_string(),
                    l.vat.map(|v| v.to_string()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("A1", "1110.00".into(), None),
                ("E1", "70.00".into(), None),
                ("E2", "5.00".into(), None),
                ("F2", "50.00".into(), None),
                ("08", "1000.00".into(), Some("200.00".into())),
                ("09", "100.00".into(), Some("5.50".into())),
            ]
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn goods_are_taxed_on_debits_services_on_receipts_unless_opted() {
        assert!(on_debits(Some("goods"), false));
        assert!(!on_debits(Some("services"), false));
        assert!(!on_debits(Some("both"), false));
        assert!(!on_debits(None, false));
        assert!(on_debits(None, true));
    }
}
