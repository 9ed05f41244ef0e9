//! OFX 1.x (SGML: leaf elements without end tags) and 2.x (XML) bank and card statements.
//!
//! Read as a stream of tags: an aggregate opens with `<NAME>` and closes with `</NAME>`; a
//! leaf is `<NAME>value`, with or without its end tag. That one reading serves both
//! generations and the looser files banks write (a comma as the decimal separator, a
//! missing end tag). Hand-written rather than a crate: the OFX crates found were young and
//! strictly typed, and refuse exactly those files.

use crate::{Format, Statement, StatementLine, amount, decode::decode};
use autoinvoice_domain::DomainError;
use autoinvoice_domain::error::DomainResult;
use chrono::NaiveDate;
use std::collections::HashMap;

pub fn read(bytes: &[u8]) -> DomainResult<Statement> {
    let (encoding, body_start) = header(bytes)?;
    let text = decode(&bytes[body_start..], &encoding)?;
    if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
        return Err(DomainError::new(
            "malformed",
            "file",
            "the file declares a DTD or entities; an OFX statement has none, and it is not read",
        ));
    }
    let mut statement = Statement {
        format: Format::Ofx,
        account: None,
        statement_ref: None,
        from: None,
        to: None,
        lines: Vec::new(),
    };
    let mut currency: Option<String> = None;
    let mut path: Vec<String> = Vec::new();
    let mut txn: Option<HashMap<String, String>> = None;
    let mut txn_no = 0usize;
    let mut seen_ofx = false;
    for token in Tokens::new(&text) {
        match token? {
            Token::Open(name) => {
                if name == "OFX" {
                    seen_ofx = true;
                }
                if name == "STMTTRN" {
                    txn_no += 1;
                    txn = Some(HashMap::new());
                }
                path.push(name);
            }
            Token::Close(name) => {
                // Close up to the named aggregate: SGML leaves have no end tags to pop.
                if let Some(pos) = path.iter().rposition(|p| *p == name) {
                    path.truncate(pos);
                } else {
                    return Err(DomainError::new(
                        "malformed",
                        "file",
                        format!("</{name}> closes nothing that was opened"),
                    ));
                }
                if name == "STMTTRN"
                    && let Some(fields) = txn.take()
                {
                    let line = transaction(&fields, currency.as_deref())
                        .map_err(|e| e.within(&format!("transaction {txn_no}")))?;
                    statement.lines.push(line);
                }
            }
            Token::Leaf(name, value) => {
                if let Some(fields) = txn.as_mut() {
                    // Leaves of a nested aggregate (CURRENCY, PAYEE) are kept under its name.
                    let key = match path.last().map(String::as_str) {
                        Some("STMTTRN") | None => name,
                        Some(parent) => format!("{parent}.{name}"),
                    };
                    fields.insert(key, value);
                    continue;
                }
                match name.as_str() {
                    "CURDEF" => currency = Some(value),
                    "ACCTID" if statement.account.is_none() => statement.account = Some(value),
                    "TRNUID" if statement.statement_ref.is_none() => {
                        statement.statement_ref = Some(value);
                    }
                    "DTSTART" => statement.from = ofx_date(&value),
                    "DTEND" => statement.to = ofx_date(&value),
                    _ => {}
                }
            }
        }
    }
    if !seen_ofx {
        return Err(DomainError::new(
            "malformed",
            "file",
            "no <OFX> element: this is not an OFX file",
        ));
    }
    if txn.is_some() {
        return Err(DomainError::new(
            "malformed",
            "file",
            format!("transaction {txn_no} is not closed (</STMTTRN>): the file is cut short"),
        ));
    }
    Ok(statement)
}

fn transaction(f: &HashMap<String, String>, currency: Option<&str>) -> DomainResult<StatementLine> {
    let get = |k: &str| f.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let raw_amount = get("TRNAMT")
        .ok_or_else(|| DomainError::new("required", "TRNAMT", "the transaction has no amount"))?;
    // The standard says '.', some French banks write ','.
    let decimal = if raw_amount.contains(',') && !raw_amount.contains('.') {
        ','
    } else {
        '.'
    };
    let amount = amount::parse(raw_amount, decimal).ok_or_else(|| {
        DomainError::new(
            "invalid_amount",
            "TRNAMT",
            format!("'{raw_amount}' is not an amount"),
        )
    })?;
    let posted = get("DTPOSTED")
        .ok_or_else(|| DomainError::new("required", "DTPOSTED", "the transaction has no date"))?;
    let booking_date = ofx_date(posted).ok_or_else(|| {
        DomainError::new(
            "invalid_date",
            "DTPOSTED",
            format!("'{posted}' is not a date"),
        )
    })?;
    // A transaction whose amount is in another currency carries it in CURRENCY/CURSYM.
    let currency = get("CURRENCY.CURSYM").or(currency).ok_or_else(|| {
        DomainError::new(
            "required",
            "CURDEF",
            "the statement names no currency (CURDEF)",
        )
    })?;
    let mut remittance = String::new();
    for key in ["MEMO", "CHECKNUM", "REFNUM"] {
        if let Some(v) = get(key) {
            if !remittance.is_empty() {
                remittance.push(' ');
            }
            remittance.push_str(v);
        }
    }
    Ok(StatementLine {
        booking_date,
        value_date: get("DTAVAIL").and_then(ofx_date),
        amount,
        currency: currency.to_owned(),
        counterparty: get("NAME").or(get("PAYEE.NAME")).map(str::to_owned),
        remittance,
        bank_reference: get("FITID").map(str::to_owned),
    })
}

/// The OFX 1 header (`KEY:VALUE` lines before the first tag) or the XML prolog: the text
/// encoding, and where the body starts.
fn header(bytes: &[u8]) -> DomainResult<(String, usize)> {
    let start = bytes.iter().position(|b| *b == b'<').ok_or_else(|| {
        DomainError::new(
            "malformed",
            "file",
            "no <OFX> element: this is not an OFX file",
        )
    })?;
    let head = String::from_utf8_lossy(&bytes[..start]);
    let mut encoding = "utf-8".to_owned();
    let mut charset = None;
    for line in head.lines() {
        if let Some((k, v)) = line.split_once(':') {
            match k.trim() {
                "ENCODING" => encoding = v.trim().to_owned(),
                "CHARSET" => charset = Some(v.trim().to_owned()),
                _ => {}
            }
        }
    }
    // OFX 1: ENCODING:USASCII with CHARSET:1252 means Windows-1252.
    if encoding.eq_ignore_ascii_case("usascii")
        && let Some(c) = charset.filter(|c| !c.eq_ignore_ascii_case("none"))
    {
        encoding = c;
    }
    // OFX 2: <?xml version="1.0" encoding="..."?>
    let xml_head = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 200)]);
    if let Some(decl) = xml_head
        .strip_prefix("<?xml")
        .and_then(|d| d.split("?>").next())
        && let Some(rest) = decl.split("encoding=").nth(1)
        && let Some(q) = rest.chars().next()
        && let Some(name) = rest[q.len_utf8()..].split(q).next()
    {
        encoding = name.to_owned();
    }
    Ok((encoding, start))
}

/// `YYYYMMDD[HHMMSS[.XXX][[-5:EST]]]`: the day is what counts.
fn ofx_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim().get(..8)?, "%Y%m%d").ok()
}

#[derive(Debug)]
enum Token {
    Open(String),
    Close(String),
    Leaf(String, String),
}

/// Tags and their text. `<NAME>text` is a leaf when text follows before the next tag;
/// processing instructions and comments are skipped.
struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Self { rest: text }
    }
}

impl Iterator for Tokens<'_> {
    type Item = DomainResult<Token>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let start = self.rest.find('<')?;
            let after = &self.rest[start..];
            if after.starts_with("<?") || after.starts_with("<!--") {
                let end_marker = if after.starts_with("<?") { "?>" } else { "-->" };
                let end = after.find(end_marker)?;
                self.rest = &after[end + end_marker.len()..];
                continue;
            }
            let Some(end) = after.find('>') else {
                return Some(Err(DomainError::new(
                    "malformed",
                    "file",
                    "a tag is not closed with '>'",
                )));
            };
            let tag = after[1..end].trim();
            self.rest = &after[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                return Some(Ok(Token::Close(name.trim().to_ascii_uppercase())));
            }
            let name = tag
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
            {
                return Some(Err(DomainError::new(
                    "malformed",
                    "file",
                    format!("<{tag}> is not an OFX tag"),
                )));
            }
            let text_end = self.rest.find('<').unwrap_or(self.rest.len());
            let value = self.rest[..text_end].trim();
            if value.is_empty() {
                return Some(Ok(Token::Open(name)));
            }
            self.rest = &self.rest[text_end..];
            // An XML leaf's own end tag: consume it.
            let close = format!("</{name}>");
            if self.rest.len() >= close.len()
                && self.rest[..close.len()].eq_ignore_ascii_case(&close)
            {
                self.rest = &self.rest[close.len()..];
            }
            return Some(Ok(Token::Leaf(name, unescape(value))));
        }
    }
}

/// The five XML entities and numeric references; anything else is kept as written.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            unescape("A &amp; B &lt;x&gt; &#233;t&#xE9;"),
            "A & B <x> été"
        );
        assert_eq!(unescape("R&D; &unknown; 5 & 6"), "R&D; &unknown; 5 & 6");
    }
}
