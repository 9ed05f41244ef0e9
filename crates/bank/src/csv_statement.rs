//! CSV statements, read through a column mapping the user saves once per bank: which
//! column holds the date, the amount (or separate debit and credit columns), the text.

use crate::{Format, Statement, StatementLine, amount, decode::decode};
use autoinvoice_domain::DomainError;
use autoinvoice_domain::error::DomainResult;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The text encoding of a CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    #[default]
    Utf8,
    /// Windows-1252 (a superset of ISO-8859-1): what most French banks' CSV exports use.
    Windows1252,
}

/// A column, by its header (case and accents as written, compared without case) or by its
/// position from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum CsvColumn {
    Position(u32),
    Header(String),
}

/// How to read one bank's CSV export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CsvMapping {
    /// The name it is saved under, e.g. "Crédit Agricole".
    pub name: String,
    /// ';' (most French banks), ',' or a tab.
    #[serde(default = "semicolon")]
    pub delimiter: String,
    #[serde(default)]
    pub encoding: TextEncoding,
    /// Lines before the header row (an account summary some banks put first).
    #[serde(default)]
    pub skip_lines: u32,
    /// Whether the first row read is a header row.
    #[serde(default = "yes")]
    pub has_header: bool,
    pub date: CsvColumn,
    /// chrono's format, e.g. "%d/%m/%Y".
    #[serde(default = "french_date")]
    pub date_format: String,
    #[serde(default)]
    pub value_date: Option<CsvColumn>,
    /// A signed amount column; or `credit` and `debit` columns instead.
    #[serde(default)]
    pub amount: Option<CsvColumn>,
    #[serde(default)]
    pub credit: Option<CsvColumn>,
    #[serde(default)]
    pub debit: Option<CsvColumn>,
    /// ',' or '.'.
    #[serde(default = "comma")]
    pub decimal_separator: String,
    /// Joined, in this order, into the line's text (the transfer's label and reference).
    #[serde(default)]
    pub text: Vec<CsvColumn>,
    #[serde(default)]
    pub counterparty: Option<CsvColumn>,
    #[serde(default)]
    pub reference: Option<CsvColumn>,
    /// The currency of every line (a column may say otherwise).
    #[serde(default = "euro")]
    pub currency: String,
    #[serde(default)]
    pub currency_column: Option<CsvColumn>,
}

fn semicolon() -> String {
    ";".into()
}
fn comma() -> String {
    ",".into()
}
fn yes() -> bool {
    true
}
fn french_date() -> String {
    "%d/%m/%Y".into()
}
fn euro() -> String {
    "EUR".into()
}

impl CsvMapping {
    /// Checks the mapping itself, before any file is read with it.
    pub fn check(&self) -> DomainResult<()> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(DomainError::new(
                "invalid_value",
                "name",
                "a mapping's name is 1 to 100 characters",
            ));
        }
        delimiter(&self.delimiter)?;
        decimal(&self.decimal_separator)?;
        match (&self.amount, &self.credit, &self.debit) {
            (Some(_), None, None) | (None, Some(_), Some(_)) => {}
            _ => {
                return Err(DomainError::new(
                    "invalid_value",
                    "amount",
                    "name either an amount column or both a credit and a debit column",
                ));
            }
        }
        autoinvoice_domain::Currency::parse(&self.currency)?;
        // chrono reports a bad format only when parsing: try it on a date it must read.
        let sample = NaiveDate::from_ymd_opt(2026, 1, 31)
            .map(|d| d.format(&self.date_format).to_string())
            .unwrap_or_default();
        if NaiveDate::parse_from_str(&sample, &self.date_format).is_err() {
            return Err(DomainError::new(
                "invalid_value",
                "date_format",
                format!(
                    "'{}' is not a date format with a day, month and year (e.g. %d/%m/%Y)",
                    self.date_format
                ),
            ));
        }
        let columns = self.columns();
        if self.has_header {
            return Ok(());
        }
        if columns.iter().any(|c| matches!(c, CsvColumn::Header(_))) {
            return Err(DomainError::new(
                "invalid_value",
                "has_header",
                "without a header row, columns are named by position (1, 2, …)",
            ));
        }
        Ok(())
    }

    fn columns(&self) -> Vec<&CsvColumn> {
        let mut c: Vec<&CsvColumn> = vec![&self.date];
        c.extend(self.value_date.iter());
        c.extend(self.amount.iter());
        c.extend(self.credit.iter());
        c.extend(self.debit.iter());
        c.extend(self.text.iter());
        c.extend(self.counterparty.iter());
        c.extend(self.reference.iter());
        c.extend(self.currency_column.iter());
        c
    }
}

fn delimiter(s: &str) -> DomainResult<u8> {
    match s {
        ";" => Ok(b';'),
        "," => Ok(b','),
        "\t" | "tab" => Ok(b'\t'),
        "|" => Ok(b'|'),
        _ => Err(DomainError::new(
            "invalid_value",
            "delimiter",
            format!("'{s}' is not a delimiter (; , tab |)"),
        )),
    }
}

fn decimal(s: &str) -> DomainResult<char> {
    match s {
        "," => Ok(','),
        "." => Ok('.'),
        _ => Err(DomainError::new(
            "invalid_value",
            "decimal_separator",
            format!("'{s}' is not a decimal separator (, or .)"),
        )),
    }
}

pub fn read(bytes: &[u8], m: &CsvMapping) -> DomainResult<Statement> {
    m.check().map_err(|e| e.within("mapping"))?;
    let text = decode(
        bytes,
        match m.encoding {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Windows1252 => "windows-1252",
        },
    )?;
    let decimal = decimal(&m.decimal_separator)?;
    // Skip the lines before the header row.
    let mut body = text.as_str();
    for _ in 0..m.skip_lines {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&m.delimiter)?)
        .has_headers(m.has_header)
        .flexible(true)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = if m.has_header {
        reader
            .headers()
            .map_err(|e| {
                DomainError::new(
                    "malformed",
                    "file",
                    format!("the header row cannot be read: {e}"),
                )
            })?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect()
    } else {
        Vec::new()
    };
    let index = |c: &CsvColumn, field: &str| -> DomainResult<usize> {
        match c {
            CsvColumn::Position(p) if *p >= 1 => Ok(*p as usize - 1),
            CsvColumn::Position(_) => Err(DomainError::new(
                "invalid_value",
                field,
                "columns are counted from 1",
            )),
            CsvColumn::Header(h) => headers
                .iter()
                .position(|x| *x == h.trim().to_lowercase())
                .ok_or_else(|| {
                    DomainError::new(
                        "missing_column",
                        field,
                        format!(
                            "the file has no column '{h}' (its columns: {})",
                            headers.join(", ")
                        ),
                    )
                }),
        }
    };
    let opt = |c: &Option<CsvColumn>, field: &str| c.as_ref().map(|c| index(c, field)).transpose();
    let date_i = index(&m.date, "date")?;
    let value_date_i = opt(&m.value_date, "value_date")?;
    let amount_i = opt(&m.amount, "amount")?;
    let credit_i = opt(&m.credit, "credit")?;
    let debit_i = opt(&m.debit, "debit")?;
    let text_i = m
        .text
        .iter()
        .map(|c| index(c, "text"))
        .collect::<DomainResult<Vec<_>>>()?;
    let counterparty_i = opt(&m.counterparty, "counterparty")?;
    let reference_i = opt(&m.reference, "reference")?;
    let currency_i = opt(&m.currency_column, "currency_column")?;

    let mut lines = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 1 + usize::from(m.has_header) + m.skip_lines as usize;
        let record = record
            .map_err(|e| DomainError::new("malformed", format!("row {row}"), e.to_string()))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = (|| {
            let cell = |i: usize| record.get(i).map(str::trim).unwrap_or("");
            let date_text = cell(date_i);
            let booking_date =
                NaiveDate::parse_from_str(date_text, &m.date_format).map_err(|_| {
                    DomainError::new(
                        "invalid_date",
                        "date",
                        format!("'{date_text}' is not a date in the form {}", m.date_format),
                    )
                })?;
            let money = |i: usize, field: &str| -> DomainResult<Option<Decimal>> {
                let t = cell(i);
                if t.is_empty() {
                    return Ok(None);
                }
                amount::parse(t, decimal).map(Some).ok_or_else(|| {
                    DomainError::new("invalid_amount", field, format!("'{t}' is not an amount"))
                })
            };
            let amount = match (amount_i, credit_i, debit_i) {
                (Some(a), _, _) => money(a, "amount")?,
                (None, Some(c), Some(d)) => match (money(c, "credit")?, money(d, "debit")?) {
                    (Some(c), None) => Some(c.abs()),
                    (None, Some(d)) => Some(-d.abs()),
                    (Some(c), Some(d)) if d.is_zero() => Some(c.abs()),
                    (Some(c), Some(d)) if c.is_zero() => Some(-d.abs()),
                    (Some(_), Some(_)) => {
                        return Err(DomainError::new(
                            "invalid_amount",
                            "credit",
                            "both a credit and a debit on one row",
                        ));
                    }
                    (None, None) => None,
                },
                _ => None,
            }
            .ok_or_else(|| DomainError::new("required", "amount", "the row has no amount"))?;
            let joined = text_i
                .iter()
                .map(|i| cell(*i))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let non_empty =
                |i: Option<usize>| i.map(cell).filter(|t| !t.is_empty()).map(str::to_owned);
            Ok(StatementLine {
                booking_date,
                value_date: value_date_i
                    .and_then(|i| NaiveDate::parse_from_str(cell(i), &m.date_format).ok()),
                amount,
                currency: non_empty(currency_i).unwrap_or_else(|| m.currency.clone()),
                counterparty: non_empty(counterparty_i),
                remittance: joined,
                bank_reference: non_empty(reference_i),
            })
        })()
        .map_err(|e: DomainError| e.within(&format!("row {row}")))?;
        lines.push(line);
    }
    Ok(Statement {
        format: Format::Csv,
        account: None,
        statement_ref: None,
        from: lines.iter().map(|l| l.booking_date).min(),
        to: lines.iter().map(|l| l.booking_date).max(),
        lines,
    })
}
