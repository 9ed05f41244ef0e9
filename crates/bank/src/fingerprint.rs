//! What recognises a line when it comes again, in the same file imported twice or in the
//! next statement that overlaps this one.

use crate::StatementLine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// One fingerprint per line, in order. A line with the bank's own reference is known by the
/// account and that reference. One without is known by its content, and two lines of equal
/// content in one file (two identical transfers the same day) by their rank among them, so
/// that both are kept and a second import of the file adds neither.
pub fn fingerprints(account: Option<&str>, lines: &[StatementLine]) -> Vec<String> {
    let account = account.unwrap_or("").replace(' ', "").to_uppercase();
    let mut seen: HashMap<String, usize> = HashMap::new();
    lines
        .iter()
        .map(|l| {
            let content = match &l.bank_reference {
                Some(r) => format!("ref\u{1f}{account}\u{1f}{r}"),
                None => format!(
                    "content\u{1f}{account}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
                    l.booking_date,
                    l.amount.normalize(),
                    l.currency,
                    l.counterparty.as_deref().unwrap_or(""),
                    l.remittance
                ),
            };
            let rank = seen.entry(content.clone()).or_insert(0);
            *rank += 1;
            hex::encode(Sha256::digest(format!("{content}\u{1f}{rank}").as_bytes()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn line(amount: &str, text: &str, reference: Option<&str>) -> StatementLine {
        StatementLine {
            booking_date: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            value_date: None,
            amount: amount.parse().unwrap(),
            currency: "EUR".into(),
            counterparty: None,
            remittance: text.into(),
            bank_reference: reference.map(Into::into),
        }
    }

    #[test]
    fn equal_lines_are_told_apart_by_rank_and_found_again() {
        let lines = vec![
            line("10", "a", None),
            line("10.00", "a", None),
            line("10", "b", None),
        ];
        let f = fingerprints(Some("FR76 1"), &lines);
        assert_ne!(f[0], f[1]);
        assert_ne!(f[0], f[2]);
        assert_eq!(f, fingerprints(Some("fr761"), &lines));
        // The same line in an overlapping statement is the same line.
        assert_eq!(fingerprints(Some("FR761"), &lines[2..])[0], f[2]);
    }

    #[test]
    fn a_bank_reference_wins_over_content() {
        let a = fingerprints(None, &[line("10", "a", Some("R1"))]);
        let b = fingerprints(None, &[line("10", "other text", Some("R1"))]);
        assert_eq!(a, b);
    }
}
