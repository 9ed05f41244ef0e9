//! Why a file could not be read at all. Business-rule breaches are not errors: they are
//! findings on an invoice that was read.

use thiserror::Error;

/// A file that cannot be read as an e-invoice. [`ReadError::code`] is stable (the UI and the
/// API key on it); the message is English and says what to do where there is something to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error("the file is {size} bytes, over the {limit}-byte limit for an e-invoice")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("not an e-invoice: {0}")]
    NotAnInvoice(String),
    #[error("unsupported e-invoice format: {0}")]
    UnsupportedFormat(String),
    #[error(
        "this PDF carries no e-invoice (no factur-x.xml, zugferd-invoice.xml or xrechnung.xml \
         attached): it is a plain PDF; ask the supplier for the Factur-X or the XML"
    )]
    PdfWithoutXml,
    #[error("the PDF is damaged and cannot be read: {0}")]
    PdfDamaged(String),
    #[error("the PDF is encrypted; an e-invoice PDF must not be")]
    PdfEncrypted,
    #[error("{0} is not well-formed XML: {1}")]
    XmlMalformed(String, String),
    #[error(
        "the XML declares a DTD (<!DOCTYPE …>); e-invoices have none and it is not read \
         (entity expansion, external entities)"
    )]
    DtdRefused,
    #[error("the XML is too large or too deeply nested to be an invoice ({0})")]
    TooComplex(String),
    #[error("the invoice cannot be stored as it is: {0}")]
    Inconsistent(String),
}

impl ReadError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too_large",
            Self::Empty => "empty",
            Self::NotAnInvoice(_) => "not_an_invoice",
            Self::UnsupportedFormat(_) => "unsupported_format",
            Self::PdfWithoutXml => "pdf_without_xml",
            Self::PdfDamaged(_) => "pdf_damaged",
            Self::PdfEncrypted => "pdf_encrypted",
            Self::XmlMalformed(..) => "xml_malformed",
            Self::DtdRefused => "dtd_refused",
            Self::TooComplex(_) => "too_complex",
            Self::Inconsistent(_) => "inconsistent",
        }
    }
}
