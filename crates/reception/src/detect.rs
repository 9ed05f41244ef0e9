//! What the bytes are: a PDF, an XML document, or neither; and for XML, which e-invoice
//! syntax its root element is.

use crate::error::ReadError;
use roxmltree::Node;

pub const CII_NS: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
pub const UBL_INVOICE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
pub const UBL_CREDIT_NOTE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

/// The container, from the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Pdf,
    Xml,
}

/// `%PDF-` within the first kilobyte (the specification lets junk precede it), or an XML
/// document: after an optional byte order mark and blanks, a `<`.
pub fn container(bytes: &[u8]) -> Option<Container> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Container::Pdf);
    }
    if head.starts_with(&[0xFE, 0xFF]) || head.starts_with(&[0xFF, 0xFE]) {
        // UTF-16: the first non-blank code unit must be '<'.
        let be = head[0] == 0xFE;
        let first = head[2..].chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        let first = first
            .into_iter()
            .find(|u| !matches!(u, 0x20 | 0x09 | 0x0A | 0x0D));
        return (first == Some(u16::from(b'<'))).then_some(Container::Xml);
    }
    let rest = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    let first = rest.iter().find(|b| !b.is_ascii_whitespace());
    (first == Some(&b'<')).then_some(Container::Xml)
}

/// The e-invoice syntax of an XML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Cii,
    UblInvoice,
    UblCreditNote,
}

/// The syntax of the root element, or why it is none we read.
pub fn syntax(root: Node<'_, '_>) -> Result<Syntax, ReadError> {
    let name = root.tag_name().name();
    let ns = root.tag_name().namespace().unwrap_or("");
    match (name, ns) {
        ("CrossIndustryInvoice", CII_NS) => Ok(Syntax::Cii),
        ("Invoice", UBL_INVOICE_NS) => Ok(Syntax::UblInvoice),
        ("CreditNote", UBL_CREDIT_NOTE_NS) => Ok(Syntax::UblCreditNote),
        ("CrossIndustryDocument", _) => Err(ReadError::UnsupportedFormat(
            "ZUGFeRD 1.0 (CrossIndustryDocument) is not read; ask the supplier for \
             Factur-X / ZUGFeRD 2 or UBL"
                .into(),
        )),
        _ => {
            let ns = if ns.is_empty() {
                "no namespace".to_owned()
            } else {
                format!("namespace {ns}")
            };
            Err(ReadError::NotAnInvoice(format!(
                "the XML's root element is <{name}> ({ns}), not a CII CrossIndustryInvoice \
                 nor a UBL Invoice or CreditNote"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers() {
        assert_eq!(container(b"%PDF-1.7\n"), Some(Container::Pdf));
        assert_eq!(container(b"\xEF\xBB\xBF  <?xml"), Some(Container::Xml));
        assert_eq!(container(b"\n<Invoice/>"), Some(Container::Xml));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(" <a/>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(container(&utf16), Some(Container::Xml));
        assert_eq!(container(b"PK\x03\x04"), None);
        assert_eq!(container(b""), None);
    }
}
