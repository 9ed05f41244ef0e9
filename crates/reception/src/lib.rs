//! AutoInvoice reception: reads a received supplier e-invoice — a Factur-X / ZUGFeRD PDF, CII
//! XML or UBL 2.1 Invoice / CreditNote XML — into one model ([`Received`]) and checks it
//! against the core EN 16931 business rules ([`Finding`]s, with the official rule ids).
//!
//! Bytes in, invoice out: no database, no I/O, no async. A file that breaks business rules is
//! still read (the user keeps it and sees the findings); only a file that cannot be read as an
//! e-invoice at all is a [`ReadError`]. Hostile input fails fast with bounded memory: the
//! size is checked before anything is parsed, XML with a DTD is refused (no entity
//! expansion, no external entity), the XML tree and every PDF stream are bounded.

mod amount;
mod cii;
mod codes;
mod detect;
mod error;
mod model;
mod pdf;
mod rules;
mod ubl;
mod xml;

pub use error::ReadError;
pub use model::{
    Address, AllowanceCharge, Finding, Format, Line, Party, Payment, Received, Severity, Totals,
    VatBreakdown,
};

use detect::{Container, Syntax};

/// The largest file read: 20 MB (a Factur-X PDF with its fonts and logo is well under 1 MB).
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// Reads a received e-invoice. `file_name` only makes error messages more telling.
pub fn read(bytes: &[u8], file_name: Option<&str>) -> Result<Received, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    match detect::container(bytes) {
        Some(Container::Pdf) => read_pdf(bytes),
        Some(Container::Xml) => read_xml(bytes, "the file"),
        None => Err(ReadError::NotAnInvoice(match extension(file_name) {
            Some(ext) if ext == "pdf" => "the file is named .pdf but is not a PDF".to_owned(),
            Some(ext) if ext == "xml" => "the file is named .xml but is not XML".to_owned(),
            _ => "the file is neither a PDF nor XML".to_owned(),
        })),
    }
}

fn extension(file_name: Option<&str>) -> Option<String> {
    let (_, ext) = file_name?.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

fn read_pdf(bytes: &[u8]) -> Result<Received, ReadError> {
    let attachments = pdf::invoice_attachments(bytes)?;
    let mut last = ReadError::PdfWithoutXml;
    for attachment in attachments {
        let what = format!("{} in the PDF", attachment.name);
        match read_xml(&attachment.bytes, &what) {
            Ok(mut received) => {
                received.format = Format::FacturX;
                received.attachment_name = Some(attachment.name);
                return Ok(received);
            }
            // Another XML file attached (a delivery note, a signature…): not the invoice.
            Err(ReadError::NotAnInvoice(_)) if !attachment.known_name => {}
            Err(e) => {
                if attachment.known_name {
                    return Err(e);
                }
                last = e;
            }
        }
    }
    Err(last)
}

fn read_xml(bytes: &[u8], what: &str) -> Result<Received, ReadError> {
    let text = xml::text(bytes, what)?;
    let doc = xml::parse(&text, what)?;
    let root = doc.root_element();
    let mut received = match detect::syntax(root)? {
        Syntax::Cii => cii::read(root)?,
        Syntax::UblInvoice => ubl::read(root, false)?,
        Syntax::UblCreditNote => ubl::read(root, true)?,
    };
    received.findings.extend(rules::check(&received));
    Ok(received)
}
