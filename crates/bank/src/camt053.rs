//! ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02 to 001.13: elements are
//! found by their local names, so every version's namespace reads the same.
//!
//! One line per booked entry (`Ntry` with `Sts` BOOK); an entry that batches several
//! transactions with their own amounts (`NtryDtls/TxDtls`) gives one line per transaction.
//! Pending and information-only entries are skipped: they are not on the account yet.

use crate::{Format, Statement, StatementLine, decode::decode};
use autoinvoice_domain::DomainError;
use autoinvoice_domain::error::DomainResult;
use chrono::NaiveDate;
use roxmltree::{Document, Node};
use rust_decimal::Decimal;

pub fn read(bytes: &[u8]) -> DomainResult<Statement> {
    let text = decode(bytes, &declared_encoding(bytes))?;
    let doc = Document::parse(&text).map_err(|e| {
        let message = match e {
            roxmltree::Error::DtdDetected => {
                "the file declares a DTD; a bank statement has none, and it is not read (entity expansion)".to_owned()
            }
            e => format!("the file is not well-formed XML: {e}"),
        };
        DomainError::new("malformed", "file", message)
    })?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    if let Some(other) = ["camt.052", "camt.054"].iter().find(|m| ns.contains(*m)) {
        return Err(DomainError::new(
            "unknown_format",
            "file",
            format!(
                "this is a {other} report, not a camt.053 statement: export the end-of-day statement (camt.053)"
            ),
        ));
    }
    let report = child(root, "BkToCstmrStmt").ok_or_else(|| {
        DomainError::new(
            "unknown_format",
            "file",
            "this XML is not a camt.053 bank statement (no BkToCstmrStmt)",
        )
    })?;
    let mut statement = Statement {
        format: Format::Camt053,
        account: None,
        statement_ref: None,
        from: None,
        to: None,
        lines: Vec::new(),
    };
    let mut entry_no = 0usize;
    for stmt in children(report, "Stmt") {
        let acct = child(stmt, "Acct");
        let account = acct
            .and_then(|a| child(a, "Id"))
            .and_then(|id| text_at(id, &["IBAN"]).or_else(|| text_at(id, &["Othr", "Id"])));
        if statement.account.is_none() {
            statement.account = account;
            statement.statement_ref = text_at(stmt, &["Id"]);
        }
        let account_currency = acct.and_then(|a| text_at(a, &["Ccy"]));
        if let Some(period) = child(stmt, "FrToDt") {
            let from = text_at(period, &["FrDtTm"]).and_then(|t| date_prefix(&t));
            let to = text_at(period, &["ToDtTm"]).and_then(|t| date_prefix(&t));
            statement.from = min_opt(statement.from, from);
            statement.to = max_opt(statement.to, to);
        }
        for entry in children(stmt, "Ntry") {
            entry_no += 1;
            let lines = entry_lines(entry, account_currency.as_deref())
                .map_err(|e| e.within(&format!("entry {entry_no}")))?;
            statement.lines.extend(lines);
        }
    }
    if statement.from.is_none() {
        statement.from = statement.lines.iter().map(|l| l.booking_date).min();
        statement.to = statement.lines.iter().map(|l| l.booking_date).max();
    }
    Ok(statement)
}

/// The lines of one `Ntry`: none when it is not booked.
fn entry_lines(entry: Node, account_currency: Option<&str>) -> DomainResult<Vec<StatementLine>> {
    // v02-v07 write <Sts>BOOK</Sts>, v08 and later <Sts><Cd>BOOK</Cd></Sts>.
    let status = child(entry, "Sts").map(|s| text_at(s, &["Cd"]).or_else(|| own_text(s)));
    if let Some(Some(s)) = status
        && s != "BOOK"
    {
        return Ok(Vec::new());
    }
    let (amount, currency) = amount_of(entry, account_currency)?
        .ok_or_else(|| DomainError::new("required", "Amt", "the entry has no amount"))?;
    let sign = sign_of(entry)?;
    let booking_date = date_of(entry, "BookgDt")?
        .ok_or_else(|| DomainError::new("required", "BookgDt", "the entry has no booking date"))?;
    let value_date = date_of(entry, "ValDt")?;
    let entry_ref = text_at(entry, &["AcctSvcrRef"]).or_else(|| text_at(entry, &["NtryRef"]));
    let entry_info = text_at(entry, &["AddtlNtryInf"]);
    let details: Vec<Node> = children(entry, "NtryDtls")
        .flat_map(|d| children(d, "TxDtls"))
        .collect();

    let batch = details.len() > 1 && details.iter().all(|t| tx_amount(*t).is_some());
    if !batch {
        let tx = details.first().copied();
        let mut remittance = tx.map(remittance_of).unwrap_or_default();
        push_text(&mut remittance, entry_info.as_deref());
        return Ok(vec![StatementLine {
            booking_date,
            value_date,
            amount: sign * amount,
            currency,
            counterparty: tx.and_then(|t| counterparty_of(t, sign)),
            remittance,
            bank_reference: entry_ref.or_else(|| tx.and_then(tx_reference)),
        }]);
    }
    let mut lines = Vec::with_capacity(details.len());
    for (i, tx) in details.into_iter().enumerate() {
        let Some((tx_amount, tx_currency)) = tx_amount(tx) else {
            continue;
        };
        let tx_sign = match text_at(tx, &["CdtDbtInd"]) {
            Some(_) => sign_of(tx)?,
            None => sign,
        };
        let mut remittance = remittance_of(tx);
        push_text(&mut remittance, entry_info.as_deref());
        let reference =
            tx_reference(tx).or_else(|| entry_ref.as_ref().map(|r| format!("{r}#{}", i + 1)));
        lines.push(StatementLine {
            booking_date,
            value_date,
            amount: tx_sign * tx_amount,
            currency: tx_currency,
            counterparty: counterparty_of(tx, tx_sign),
            remittance,
            bank_reference: reference,
        });
    }
    Ok(lines)
}

/// `Amt Ccy="EUR"` directly under `node`.
fn amount_of(
    node: Node,
    default_currency: Option<&str>,
) -> DomainResult<Option<(Decimal, String)>> {
    let Some(amt) = child(node, "Amt") else {
        return Ok(None);
    };
    let text = own_text(amt).unwrap_or_default();
    let value: Decimal = text.parse().map_err(|_| {
        DomainError::new(
            "invalid_amount",
            "Amt",
            format!("'{text}' is not an amount"),
        )
    })?;
    if value < Decimal::ZERO {
        return Err(DomainError::new(
            "invalid_amount",
            "Amt",
            format!("'{text}': amounts are unsigned, CdtDbtInd gives the direction"),
        ));
    }
    let currency = amt
        .attribute("Ccy")
        .map(str::to_owned)
        .or_else(|| default_currency.map(str::to_owned))
        .ok_or_else(|| DomainError::new("required", "Amt", "the amount has no currency (Ccy)"))?;
    Ok(Some((value, currency)))
}

/// A transaction's own amount: `AmtDtls/TxAmt/Amt` (v02-v07) or `Amt` (v08 and later).
fn tx_amount(tx: Node) -> Option<(Decimal, String)> {
    let node = child(tx, "AmtDtls")
        .and_then(|a| child(a, "TxAmt"))
        .or(Some(tx))?;
    amount_of(node, None).ok().flatten()
}

fn sign_of(node: Node) -> DomainResult<Decimal> {
    match text_at(node, &["CdtDbtInd"]).as_deref() {
        Some("CRDT") => Ok(Decimal::ONE),
        Some("DBIT") => Ok(Decimal::NEGATIVE_ONE),
        Some(other) => Err(DomainError::new(
            "invalid_value",
            "CdtDbtInd",
            format!("'{other}' is neither CRDT nor DBIT"),
        )),
        None => Err(DomainError::new(
            "required",
            "CdtDbtInd",
            "the entry does not say whether it is a credit or a debit",
        )),
    }
}

/// `BookgDt/Dt` or `BookgDt/DtTm`.
fn date_of(node: Node, name: &str) -> DomainResult<Option<NaiveDate>> {
    let Some(d) = child(node, name) else {
        return Ok(None);
    };
    let text = text_at(d, &["Dt"])
        .or_else(|| text_at(d, &["DtTm"]))
        .unwrap_or_default();
    date_prefix(&text)
        .map(Some)
        .ok_or_else(|| DomainError::new("invalid_date", name, format!("'{text}' is not a date")))
}

/// The other party: the debtor of a credit, the creditor of a debit (v08+ nest it in `Pty`).
fn counterparty_of(tx: Node, sign: Decimal) -> Option<String> {
    let parties = child(tx, "RltdPties")?;
    let role = if sign > Decimal::ZERO {
        ["Dbtr", "UltmtDbtr"]
    } else {
        ["Cdtr", "UltmtCdtr"]
    };
    role.iter().find_map(|r| {
        let party = child(parties, r)?;
        text_at(party, &["Nm"]).or_else(|| text_at(party, &["Pty", "Nm"]))
    })
}

/// Unstructured lines, the structured creditor reference, and additional information.
fn remittance_of(tx: Node) -> String {
    let mut out = String::new();
    if let Some(rmt) = child(tx, "RmtInf") {
        for u in children(rmt, "Ustrd") {
            push_text(&mut out, own_text(u).as_deref());
        }
        for s in children(rmt, "Strd") {
            let r = text_at(s, &["CdtrRefInf", "Ref"]);
            push_text(&mut out, r.as_deref());
            for info in children(s, "AddtlRmtInf") {
                push_text(&mut out, own_text(info).as_deref());
            }
        }
    }
    if let Some(refs) = child(tx, "Refs") {
        let e2e = text_at(refs, &["EndToEndId"]).filter(|e| e != "NOTPROVIDED");
        push_text(&mut out, e2e.as_deref());
    }
    push_text(&mut out, text_at(tx, &["AddtlTxInf"]).as_deref());
    out
}

fn tx_reference(tx: Node) -> Option<String> {
    let refs = child(tx, "Refs")?;
    text_at(refs, &["AcctSvcrRef"]).or_else(|| text_at(refs, &["TxId"]))
}

fn push_text(out: &mut String, text: Option<&str>) {
    if let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn text_at(node: Node, path: &[&str]) -> Option<String> {
    let mut n = node;
    for p in path {
        n = child(n, p)?;
    }
    own_text(n)
}

fn own_text(node: Node) -> Option<String> {
    let t: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// `2026-11-05` or `2026-11-05T10:00:00+01:00`.
fn date_prefix(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// The encoding the XML declaration names, UTF-8 when it names none.
fn declared_encoding(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
    head.strip_prefix('\u{feff}')
        .unwrap_or(&head)
        .strip_prefix("<?xml")
        .and_then(|decl| decl.split("?>").next())
        .and_then(|decl| decl.split("encoding=").nth(1))
        .and_then(|rest| {
            let quote = rest.chars().next()?;
            rest[quote.len_utf8()..]
                .split(quote)
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "utf-8".to_owned())
}

fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
