//! Number series: patterns such as `F-{YYYY}-{seq:4}`, resets, and the gapless rule.

use crate::error::{DomainError, DomainResult};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// When the sequence starts again at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Reset {
    #[default]
    Never,
    Yearly,
    Monthly,
}

impl Reset {
    pub fn code(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Yearly => "yearly",
            Self::Monthly => "monthly",
        }
    }
    pub fn parse(s: &str) -> DomainResult<Self> {
        match s {
            "never" => Ok(Self::Never),
            "yearly" => Ok(Self::Yearly),
            "monthly" => Ok(Self::Monthly),
            _ => Err(DomainError::new(
                "invalid_reset",
                "reset",
                format!("'{s}' is not a reset (never, yearly, monthly)"),
            )),
        }
    }
    /// The period a date falls in; the sequence restarts when it changes.
    pub fn period(self, date: NaiveDate) -> String {
        match self {
            Self::Never => String::new(),
            Self::Yearly => format!("{:04}", date.year()),
            Self::Monthly => format!("{:04}-{:02}", date.year(), date.month()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Literal(String),
    Year4,
    Year2,
    Month,
    Seq(usize),
}

/// A validated numbering pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    tokens: Vec<Token>,
}

const MAX_NUMBER_LEN: usize = 40;

impl Pattern {
    /// Parses a pattern. Placeholders: `{YYYY}`, `{YY}`, `{MM}`, `{seq}` or `{seq:N}` (zero-padded
    /// to N digits). Literal text may use letters, digits and `- / _ .`. A yearly reset needs the
    /// year in the pattern, a monthly one the year and month, or numbers would repeat.
    pub fn parse(source: &str, reset: Reset) -> DomainResult<Self> {
        let err = |why: String| {
            Err(DomainError::new(
                "invalid_pattern",
                "pattern",
                format!("numbering pattern '{source}': {why}"),
            ))
        };
        let mut tokens = Vec::new();
        let mut rest = source;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let Some(end) = after.find('}') else {
                    return err("a '{' is not closed".into());
                };
                let name = &after[..end];
                let token = match name {
                    "YYYY" => Token::Year4,
                    "YY" => Token::Year2,
                    "MM" => Token::Month,
                    "seq" => Token::Seq(1),
                    _ => match name
                        .strip_prefix("seq:")
                        .and_then(|n| n.parse::<usize>().ok())
                    {
                        Some(n) if (1..=10).contains(&n) => Token::Seq(n),
                        _ => {
                            return err(format!(
                                "unknown placeholder {{{name}}} (use {{YYYY}}, {{YY}}, {{MM}}, {{seq}} or {{seq:4}})"
                            ));
                        }
                    },
                };
                tokens.push(token);
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let lit = &rest[..end];
                if !lit
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-/_.".contains(c))
                {
                    return err("literal text may only use letters, digits and - / _ .".into());
                }
                tokens.push(Token::Literal(lit.to_owned()));
                rest = &rest[end..];
            }
        }
        let seqs = tokens.iter().filter(|t| matches!(t, Token::Seq(_))).count();
        if seqs != 1 {
            return err("it needs exactly one {seq} placeholder".into());
        }
        let has_year = tokens
            .iter()
            .any(|t| matches!(t, Token::Year4 | Token::Year2));
        let has_month = tokens.contains(&Token::Month);
        match reset {
            Reset::Yearly if !has_year => {
                return err("a yearly reset needs {YYYY} or {YY} in the pattern".into());
            }
            Reset::Monthly if !(has_year && has_month) => {
                return err("a monthly reset needs the year and {MM} in the pattern".into());
            }
            _ => {}
        }
        if source.len() > MAX_NUMBER_LEN - 6 {
            return err(format!("at most {} characters", MAX_NUMBER_LEN - 6));
        }
        Ok(Self {
            source: source.to_owned(),
            tokens,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The number for sequence value `seq` on `date`.
    pub fn format(&self, seq: u64, date: NaiveDate) -> String {
        let mut out = String::new();
        for t in &self.tokens {
            match t {
                Token::Literal(s) => out.push_str(s),
                Token::Year4 => out.push_str(&format!("{:04}", date.year())),
                Token::Year2 => out.push_str(&format!("{:02}", date.year() % 100)),
                Token::Month => out.push_str(&format!("{:02}", date.month())),
                Token::Seq(w) => out.push_str(&format!("{seq:0w$}", w = *w)),
            }
        }
        out
    }
}

/// The state of a series: which sequence value comes next for which period, and the last
/// issue date (issue dates never go backwards within a series).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesState {
    pub period: String,
    pub next_seq: u64,
    pub last_issue_date: Option<NaiveDate>,
}

/// Allocates the next number; returns it with the state to store in the same transaction.
pub fn allocate(
    pattern: &Pattern,
    reset: Reset,
    state: &SeriesState,
    date: NaiveDate,
) -> DomainResult<(String, u64, SeriesState)> {
    if let Some(last) = state.last_issue_date
        && date < last
    {
        return Err(DomainError::new(
            "date_before_last_issue",
            "issue_date",
            format!(
                "the issue date {date} is before the last issued document of this series ({last}); numbers must follow dates"
            ),
        ));
    }
    let period = reset.period(date);
    let seq = if period == state.period {
        state.next_seq.max(1)
    } else {
        1
    };
    let number = pattern.format(seq, date);
    Ok((
        number,
        seq,
        SeriesState {
            period,
            next_seq: seq + 1,
            last_issue_date: Some(date),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn formats_and_resets() {
        let p = Pattern::parse("F-{YYYY}-{seq:4}", Reset::Yearly).unwrap();
        assert_eq!(p.format(7, date("2026-03-01")), "F-2026-0007");
        assert_eq!(p.format(12345, date("2026-03-01")), "F-2026-12345");
        let s0 = SeriesState {
            period: String::new(),
            next_seq: 1,
            last_issue_date: None,
        };
        let (n1, _, s1) = allocate(&p, Reset::Yearly, &s0, date("2026-12-31")).unwrap();
        assert_eq!(n1, "F-2026-0001");
        let (n2, _, s2) = allocate(&p, Reset::Yearly, &s1, date("2026-12-31")).unwrap();
        assert_eq!(n2, "F-2026-0002");
        let (n3, _, s3) = allocate(&p, Reset::Yearly, &s2, date("2027-01-01")).unwrap();
        assert_eq!(n3, "F-2027-0001");
        assert_eq!(
            allocate(&p, Reset::Yearly, &s3, date("2026-12-31"))
                .unwrap_err()
                .code,
            "date_before_last_issue"
        );
    }

    #[test]
    fn rejects_bad_patterns() {
        for (p, r) in [
            ("F-{seq}", Reset::Yearly),
            ("F-{YYYY}", Reset::Never),
            ("{seq}{seq}", Reset::Never),
            ("F {seq}", Reset::Never),
            ("F-{seq:0}", Reset::Never),
            ("F-{x}", Reset::Never),
            ("F-{seq", Reset::Never),
            ("{YYYY}-{seq}", Reset::Monthly),
        ] {
            assert!(Pattern::parse(p, r).is_err(), "{p} accepted");
        }
        assert!(Pattern::parse("{YY}{MM}/{seq:3}", Reset::Monthly).is_ok());
    }
}
