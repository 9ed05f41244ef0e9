//! The XML document: bytes to text (UTF-8, or UTF-16 / Latin-1 where the file says so), the
//! parse with roxmltree's defaults kept (no DTD) and a node limit, and small navigation
//! helpers by local name shared by the CII and UBL readers.

use crate::amount;
use crate::error::ReadError;
use chrono::NaiveDate;
use roxmltree::{Document, Node, ParsingOptions};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Nodes (elements, text, comments) in one document, at most: an invoice of 10,000 lines is
/// about 500,000; the bound keeps a crafted file's tree to some tens of megabytes.
pub const MAX_NODES: u32 = 1_500_000;

/// The file's text. `what` names it in errors ("the file", "factur-x.xml in the PDF").
pub fn text<'a>(bytes: &'a [u8], what: &str) -> Result<Cow<'a, str>, ReadError> {
    let malformed = |detail: &str| ReadError::XmlMalformed(what.to_owned(), detail.to_owned());
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|_| malformed("it is not valid UTF-8"));
    }
    let utf16 = |rest: &[u8], be: bool| {
        let units = rest.chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| malformed("it is not valid UTF-16"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if declares_latin1(bytes) => {
            Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()))
        }
        Err(_) => Err(malformed(
            "it is not valid UTF-8 and declares no encoding we read (UTF-8, UTF-16, ISO-8859-1)",
        )),
    }
}

/// `<?xml … encoding="ISO-8859-1"?>` (or latin1 / ISO-8859-15, which differ only in signs
/// that do not matter to the amounts and codes we read).
fn declares_latin1(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    let head: String = head.iter().map(|&b| char::from(b)).collect();
    let Some(decl) = head
        .strip_prefix("<?xml")
        .and_then(|d| d.split_once("?>"))
        .map(|(d, _)| d.to_ascii_lowercase())
    else {
        return false;
    };
    [
        "iso-8859-1",
        "iso8859-1",
        "latin1",
        "latin-1",
        "iso-8859-15",
    ]
    .iter()
    .any(|e| decl.contains(&format!("\"{e}\"")) || decl.contains(&format!("'{e}'")))
}

/// Parses the text, DTDs refused (roxmltree's default), nodes bounded.
pub fn parse<'a>(text: &'a str, what: &str) -> Result<Document<'a>, ReadError> {
    let options = ParsingOptions {
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => ReadError::DtdRefused,
        roxmltree::Error::NodesLimitReached => {
            ReadError::TooComplex(format!("more than {MAX_NODES} nodes"))
        }
        roxmltree::Error::AttributesLimitReached => {
            ReadError::TooComplex("too many attributes".into())
        }
        roxmltree::Error::NamespacesLimitReached => {
            ReadError::TooComplex("too many namespaces".into())
        }
        e => ReadError::XmlMalformed(what.to_owned(), e.to_string()),
    })
}

/// The first child element with this local name.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Every child element with this local name.
pub fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The element at this path of local names below `node`, each step the first match.
pub fn at<'a, 'i>(node: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    path.iter().try_fold(node, |n, name| child(n, name))
}

/// An element's text, trimmed; `None` when absent or blank.
pub fn text_of(node: Option<Node<'_, '_>>) -> Option<String> {
    let t: String = node?
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The text at `path` below `node`.
pub fn text_at(node: Node<'_, '_>, path: &[&str]) -> Option<String> {
    text_of(at(node, path))
}

/// A decimal; an element present but not a number is an error naming the business term.
pub fn decimal_of(node: Option<Node<'_, '_>>, term: &str) -> Result<Option<Decimal>, ReadError> {
    match text_of(node) {
        None => Ok(None),
        Some(t) => amount::decimal(&t).map(Some).ok_or_else(|| {
            ReadError::Inconsistent(format!("{term} is \"{}\", not a number", clip(&t)))
        }),
    }
}

/// A date; present but not a date is an error naming the business term.
pub fn date_of(node: Option<Node<'_, '_>>, term: &str) -> Result<Option<NaiveDate>, ReadError> {
    match text_of(node) {
        None => Ok(None),
        Some(t) => amount::date(&t).map(Some).ok_or_else(|| {
            ReadError::Inconsistent(format!("{term} is \"{}\", not a date", clip(&t)))
        }),
    }
}

/// At most 40 characters of a value quoted in a message.
fn clip(t: &str) -> String {
    let mut s: String = t.chars().take(40).collect();
    if s.len() < t.len() {
        s.push('…');
    }
    s
}
