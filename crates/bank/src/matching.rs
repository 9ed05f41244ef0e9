//! Which open invoices a credit on the account pays. In order of trust:
//! 1. the invoice numbers the transfer's text names (the payment reference the invoice
//!    asks for is its number);
//! 2. the payer's name is a customer's and the amount is exactly what one of its invoices
//!    still owes, or all of them together;
//! 3. the amount alone equals what one invoice still owes: only ever a suggestion.
//!
//! Credits are taken in booking order, and each proposal uses up what it allocates, so two
//! credits are never proposed for the same money.

use crate::names;
use crate::references::NumberIndex;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An invoice with something still to pay.
#[derive(Debug, Clone)]
pub struct OpenInvoice {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    /// The buyer's name as the invoice has it.
    pub customer_name: String,
    pub currency: String,
    /// What is still owed, in hundredths.
    pub balance_cents: i64,
    pub due_date: Option<NaiveDate>,
}

/// A credit on the account waiting for its invoices.
#[derive(Debug, Clone)]
pub struct Credit {
    pub id: i64,
    pub booking_date: NaiveDate,
    /// Above zero, in hundredths.
    pub amount_cents: i64,
    pub currency: String,
    pub counterparty: Option<String>,
    pub remittance: String,
}

/// Why a line was matched to its invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The text names the invoice numbers.
    Reference,
    /// The payer is the customer and the amount is what it owes.
    AmountCustomer,
    /// Only the amount agrees.
    Amount,
    /// The user chose the invoices.
    Manual,
}

impl Rule {
    pub fn code(self) -> &'static str {
        match self {
            Self::Reference => "reference",
            Self::AmountCustomer => "amount_customer",
            Self::Amount => "amount",
            Self::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Reference,
            Self::AmountCustomer,
            Self::Amount,
            Self::Manual,
        ]
        .into_iter()
        .find(|r| r.code() == s)
    }
}

/// The invoices a credit is proposed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub credit_id: i64,
    pub rule: Rule,
    /// Sure enough to be confirmed without a look (`bank match --auto`): a reference that
    /// accounts for the whole amount, or a customer's one invoice of exactly that amount.
    pub sure: bool,
    /// (invoice id, hundredths applied); together at most the credit's amount.
    pub allocations: Vec<(i64, i64)>,
    /// Other invoices that would have fitted as well (same amount).
    pub alternatives: u32,
}

/// Proposes invoices for each credit it can. Credits without a proposal are left out.
///
/// Each rule runs over all credits before the next, less trusted, one: a transfer naming
/// its invoice gets it even when an earlier credit of the same amount would have been
/// guessed to pay it.
pub fn propose(credits: &[Credit], invoices: &[OpenInvoice]) -> Vec<Proposal> {
    let mut book = Book::new(invoices);
    let mut waiting: Vec<&Credit> = credits.iter().filter(|c| c.amount_cents > 0).collect();
    waiting.sort_by_key(|c| (c.booking_date, c.id));
    let mut out = Vec::new();
    for rule in [Rule::Reference, Rule::AmountCustomer, Rule::Amount] {
        waiting.retain(|credit| match book.by_rule(rule, credit) {
            Some(p) => {
                book.use_up(&p);
                out.push(p);
                false
            }
            None => true,
        });
    }
    out.sort_by_key(|p| p.credit_id);
    out
}

struct Book<'a> {
    invoices: &'a [OpenInvoice],
    remaining: Vec<i64>,
    position: HashMap<i64, usize>,
    numbers: NumberIndex,
    /// Each customer's name words, indexed under its first word.
    names_by_word: HashMap<String, Vec<(i64, Vec<String>)>>,
    by_customer: HashMap<i64, Vec<usize>>,
    by_amount: HashMap<(&'a str, i64), Vec<usize>>,
}

impl<'a> Book<'a> {
    fn new(invoices: &'a [OpenInvoice]) -> Self {
        let mut names_by_word: HashMap<String, Vec<(i64, Vec<String>)>> = HashMap::new();
        let mut seen_names: HashSet<(i64, &str)> = HashSet::new();
        let mut by_customer: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut by_amount: HashMap<(&str, i64), Vec<usize>> = HashMap::new();
        for (i, inv) in invoices.iter().enumerate() {
            by_customer.entry(inv.customer_id).or_default().push(i);
            by_amount
                .entry((inv.currency.as_str(), inv.balance_cents))
                .or_default()
                .push(i);
            if seen_names.insert((inv.customer_id, inv.customer_name.as_str())) {
                let words = names::words(&inv.customer_name);
                if let Some(first) = words.first() {
                    names_by_word
                        .entry(first.clone())
                        .or_default()
                        .push((inv.customer_id, words));
                }
            }
        }
        Self {
            invoices,
            remaining: invoices.iter().map(|i| i.balance_cents).collect(),
            position: invoices
                .iter()
                .enumerate()
                .map(|(i, inv)| (inv.id, i))
                .collect(),
            numbers: NumberIndex::new(invoices.iter().map(|i| i.number.as_str())),
            names_by_word,
            by_customer,
            by_amount,
        }
    }

    fn by_rule(&self, rule: Rule, credit: &Credit) -> Option<Proposal> {
        match rule {
            Rule::Reference => self.by_reference(credit),
            Rule::AmountCustomer => self.by_customer(credit),
            Rule::Amount | Rule::Manual => self.by_amount(credit),
        }
    }

    fn use_up(&mut self, p: &Proposal) {
        for (id, cents) in &p.allocations {
            if let Some(i) = self.position.get(id) {
                self.remaining[*i] -= cents;
            }
        }
    }

    fn open(&self, i: usize, credit: &Credit) -> bool {
        self.remaining[i] > 0 && self.invoices[i].currency == credit.currency
    }

    fn by_reference(&self, credit: &Credit) -> Option<Proposal> {
        let named: Vec<usize> = self
            .numbers
            .find(&credit.remittance)
            .into_iter()
            .filter(|i| self.open(*i, credit))
            .collect();
        if named.is_empty() {
            return None;
        }
        let mut left = credit.amount_cents;
        let mut allocations = Vec::new();
        for i in named {
            let take = self.remaining[i].min(left);
            if take > 0 {
                allocations.push((self.invoices[i].id, take));
                left -= take;
            }
        }
        Some(Proposal {
            credit_id: credit.id,
            rule: Rule::Reference,
            // More than the invoices named still owe: the user decides what the rest is.
            sure: left == 0,
            allocations,
            alternatives: 0,
        })
    }

    fn by_customer(&self, credit: &Credit) -> Option<Proposal> {
        let mut text = credit.remittance.clone();
        if let Some(c) = &credit.counterparty {
            text.push(' ');
            text.push_str(c);
        }
        let words = names::word_set(&text);
        let mut customers: Vec<i64> = Vec::new();
        for w in &words {
            for (customer, name_words) in self.names_by_word.get(w).into_iter().flatten() {
                if !customers.contains(customer) && names::named_in(name_words, &words) {
                    customers.push(*customer);
                }
            }
        }
        customers.sort_unstable();
        let mut proposals = customers
            .iter()
            .filter_map(|c| self.customer_owes(*c, credit));
        let first = proposals.next()?;
        let others = proposals.count();
        Some(Proposal {
            sure: first.sure && others == 0,
            ..first
        })
    }

    /// The customer's invoice(s) whose balance the credit settles exactly.
    fn customer_owes(&self, customer: i64, credit: &Credit) -> Option<Proposal> {
        let open: Vec<usize> = self
            .by_customer
            .get(&customer)?
            .iter()
            .copied()
            .filter(|i| self.open(*i, credit))
            .collect();
        let mut exact: Vec<usize> = open
            .iter()
            .copied()
            .filter(|i| self.remaining[*i] == credit.amount_cents)
            .collect();
        if !exact.is_empty() {
            exact.sort_by_key(|i| (self.invoices[*i].due_date, self.invoices[*i].id));
            let alternatives = u32::try_from(exact.len() - 1).unwrap_or(u32::MAX);
            return Some(Proposal {
                credit_id: credit.id,
                rule: Rule::AmountCustomer,
                sure: alternatives == 0,
                allocations: vec![(self.invoices[exact[0]].id, credit.amount_cents)],
                alternatives,
            });
        }
        let total: i64 = open.iter().map(|i| self.remaining[*i]).sum();
        if open.len() > 1 && total == credit.amount_cents {
            let mut all = open;
            all.sort_by_key(|i| (self.invoices[*i].due_date, self.invoices[*i].id));
            return Some(Proposal {
                credit_id: credit.id,
                rule: Rule::AmountCustomer,
                sure: true,
                allocations: all
                    .iter()
                    .map(|i| (self.invoices[*i].id, self.remaining[*i]))
                    .collect(),
                alternatives: 0,
            });
        }
        None
    }

    fn by_amount(&self, credit: &Credit) -> Option<Proposal> {
        let candidates: Vec<usize> = self
            .by_amount
            .get(&(credit.currency.as_str(), credit.amount_cents))?
            .iter()
            .copied()
            .filter(|i| self.remaining[*i] == credit.amount_cents)
            .collect();
        // The invoice whose due date is nearest the day the money came.
        let best = *candidates.iter().min_by_key(|i| {
            let inv = &self.invoices[**i];
            let days = inv
                .due_date
                .map_or(i64::MAX, |d| (credit.booking_date - d).num_days().abs());
            (days, inv.id)
        })?;
        Some(Proposal {
            credit_id: credit.id,
            rule: Rule::Amount,
            sure: false,
            allocations: vec![(self.invoices[best].id, credit.amount_cents)],
            alternatives: u32::try_from(candidates.len() - 1).unwrap_or(u32::MAX),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn inv(id: i64, number: &str, customer: (i64, &str), cents: i64, due: u32) -> OpenInvoice {
        OpenInvoice {
            id,
            number: number.into(),
            customer_id: customer.0,
            customer_name: customer.1.into(),
            currency: "EUR".into(),
            balance_cents: cents,
            due_date: Some(day(due)),
        }
    }

    fn credit(id: i64, cents: i64, who: &str, text: &str) -> Credit {
        Credit {
            id,
            booking_date: day(20),
            amount_cents: cents,
            currency: "EUR".into(),
            counterparty: Some(who.into()),
            remittance: text.into(),
        }
    }

    const DUPONT: (i64, &str) = (1, "Dupont SARL");
    const MULLER: (i64, &str) = (2, "Müller GmbH");

    fn book() -> Vec<OpenInvoice> {
        vec![
            inv(10, "F-2026-0001", DUPONT, 10000, 10),
            inv(11, "F-2026-0002", DUPONT, 25000, 15),
            inv(12, "F-2026-0003", MULLER, 10000, 18),
            inv(13, "F-2026-0004", MULLER, 4000, 25),
        ]
    }

    #[test]
    fn a_reference_wins_and_may_pay_several_or_part() {
        let p = propose(
            &[credit(1, 30000, "X", "FACT F-2026-0002 F20260001")],
            &book(),
        );
        assert_eq!(p[0].rule, Rule::Reference);
        assert_eq!(p[0].allocations, vec![(11, 25000), (10, 5000)]);
        assert!(p[0].sure);
        let p = propose(&[credit(1, 40000, "X", "F-2026-0002")], &book());
        assert_eq!(p[0].allocations, vec![(11, 25000)]);
        assert!(!p[0].sure, "150.00 more than the invoice owes");
    }

    #[test]
    fn the_customer_and_the_exact_amount() {
        let p = propose(
            &[credit(1, 4000, "MULLER GMBH", "Rechnung November")],
            &book(),
        );
        assert_eq!((p[0].rule, p[0].sure), (Rule::AmountCustomer, true));
        assert_eq!(p[0].allocations, vec![(13, 4000)]);
        // All of the customer's invoices at once.
        let p = propose(&[credit(1, 14000, "MULLER GMBH", "")], &book());
        assert_eq!(p[0].allocations, vec![(12, 10000), (13, 4000)]);
    }

    #[test]
    fn the_amount_alone_is_only_a_suggestion() {
        let p = propose(&[credit(1, 10000, "SOMEONE ELSE", "VIR")], &book());
        assert_eq!(
            (p[0].rule, p[0].sure, p[0].alternatives),
            (Rule::Amount, false, 1)
        );
        assert_eq!(
            p[0].allocations,
            vec![(12, 10000)],
            "due nearest the credit"
        );
        assert!(propose(&[credit(1, 12345, "SOMEONE", "VIR")], &book()).is_empty());
    }

    #[test]
    fn a_reference_beats_an_earlier_guess() {
        let mut early = credit(1, 4000, "SOMEONE", "VIR");
        early.booking_date = day(1);
        let p = propose(&[early, credit(2, 4000, "", "F-2026-0004")], &book());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].credit_id, p[0].rule), (2, Rule::Reference));
    }

    #[test]
    fn money_is_never_proposed_twice() {
        let credits = [
            credit(1, 10000, "", "F-2026-0001"),
            credit(2, 10000, "", "F-2026-0001"),
        ];
        let p = propose(&credits, &book());
        assert_eq!(p[0].allocations, vec![(10, 10000)]);
        // The second credit no longer finds F-2026-0001 open: only the amount fits, elsewhere.
        assert_eq!(
            (p[1].rule, p[1].allocations.clone()),
            (Rule::Amount, vec![(12, 10000)])
        );
    }

    #[test]
    fn other_currencies_and_debits_are_left_alone() {
        let mut usd = credit(1, 10000, "", "F-2026-0001");
        usd.currency = "USD".into();
        let debit = credit(2, -10000, "", "F-2026-0001");
        assert!(propose(&[usd, debit], &book()).is_empty());
    }
}
