//! Bank statements: read a CAMT.053, OFX or CSV file into [`Statement`] lines, and propose
//! which open invoices each credit pays ([`matching`]). Pure: bytes in, values out.
//!
//! Every reader refuses a whole file on the first line it cannot read, naming that line: an
//! import is all or nothing.

mod amount;
mod camt053;
mod csv_statement;
mod decode;
mod fingerprint;
pub mod matching;
mod names;
mod ofx;
mod references;

pub use csv_statement::{CsvColumn, CsvMapping, TextEncoding};
pub use fingerprint::fingerprints;

use autoinvoice_domain::DomainError;
use autoinvoice_domain::error::DomainResult;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The largest statement file read: a year of a busy account in CAMT.053 is a few MB.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// The most lines one statement may hold.
pub const MAX_LINES: usize = 200_000;

/// A statement file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// ISO 20022 BankToCustomerStatement (camt.053.001.02 to .13).
    Camt053,
    /// Open Financial Exchange, 1.x (SGML) or 2.x (XML).
    Ofx,
    /// Comma- or semicolon-separated values, read through a saved column mapping.
    Csv,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Self::Camt053 => "camt053",
            Self::Ofx => "ofx",
            Self::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> DomainResult<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['.', '-', '_'], "")
            .as_str()
        {
            "camt053" | "camt" => Ok(Self::Camt053),
            "ofx" | "qfx" => Ok(Self::Ofx),
            "csv" => Ok(Self::Csv),
            _ => Err(DomainError::new(
                "invalid_format",
                "format",
                format!("'{s}' is not a statement format (camt053, ofx, csv)"),
            )),
        }
    }

    /// The format a file's first bytes show, if any: XML with a camt.053 namespace, or OFX.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        let head = &bytes[..bytes.len().min(4096)];
        let head = String::from_utf8_lossy(head);
        if head.contains("OFXHEADER") || head.contains("<OFX>") {
            Some(Self::Ofx)
        } else if head.contains("camt.053") || head.contains("BkToCstmrStmt") {
            Some(Self::Camt053)
        } else {
            None
        }
    }
}

/// One booked movement on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub booking_date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    /// Signed: a credit (money in) is positive, a debit negative.
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// Who paid (a credit) or was paid (a debit), as the bank names them.
    pub counterparty: Option<String>,
    /// The remittance text and any additional information, joined by spaces.
    pub remittance: String,
    /// The bank's own identifier of the movement (AcctSvcrRef, FITID, a CSV column), when the
    /// file carries one: the surest way to recognise the line in another file.
    pub bank_reference: Option<String>,
}

/// What one file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub format: Format,
    /// The account: an IBAN, or the bank's account id.
    pub account: Option<String>,
    /// The statement's own identifier (CAMT Stmt/Id, OFX TRNUID), for display.
    pub statement_ref: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub lines: Vec<StatementLine>,
}

/// Reads a statement file. `format` defaults to what the bytes show; CSV needs its mapping.
pub fn read(
    bytes: &[u8],
    format: Option<Format>,
    mapping: Option<&CsvMapping>,
) -> DomainResult<Statement> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DomainError::new(
            "too_large",
            "file",
            format!(
                "the file is {} MB; a statement file is at most {} MB (import it month by month)",
                megabytes(bytes.len()),
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DomainError::new("empty", "file", "the file is empty"));
    }
    // A mapping is only ever given for a CSV file.
    let format = match (format, mapping) {
        (Some(f), _) => f,
        (None, Some(_)) => Format::Csv,
        (None, None) => Format::detect(bytes).ok_or_else(|| {
            DomainError::new(
                "unknown_format",
                "format",
                "this file is neither CAMT.053 XML nor OFX; for a CSV file name its column mapping",
            )
        })?,
    };
    let statement = match format {
        Format::Camt053 => camt053::read(bytes)?,
        Format::Ofx => ofx::read(bytes)?,
        Format::Csv => {
            let mapping = mapping.ok_or_else(|| {
                DomainError::new(
                    "mapping_required",
                    "mapping",
                    "a CSV statement is read through a column mapping: name one (bank mapping set)",
                )
            })?;
            csv_statement::read(bytes, mapping)?
        }
    };
    if statement.lines.len() > MAX_LINES {
        return Err(DomainError::new(
            "too_large",
            "file",
            format!(
                "the statement has {} lines; at most {MAX_LINES} are read at once",
                statement.lines.len()
            ),
        ));
    }
    for (i, line) in statement.lines.iter().enumerate() {
        check_line(line).map_err(|e| e.within(&format!("line {}", i + 1)))?;
    }
    Ok(statement)
}

/// What every reader's lines must satisfy before they are stored.
fn check_line(line: &StatementLine) -> DomainResult<()> {
    let currency = autoinvoice_domain::Currency::parse(&line.currency)?;
    autoinvoice_domain::money::check_decimal(
        line.amount,
        currency.amount_decimals(),
        "amount",
        "the amount",
    )?;
    if line.amount.is_zero() {
        return Err(DomainError::new(
            "out_of_range",
            "amount",
            "an amount of zero",
        ));
    }
    Ok(())
}

/// A size in MB with one decimal, for messages.
fn megabytes(bytes: usize) -> String {
    let tenths = bytes * 10 / 1_048_576;
    format!("{}.{}", tenths / 10, tenths % 10)
}
