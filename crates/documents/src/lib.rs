//! AutoInvoice documents: a [`FullDocument`](autoinvoice_domain::full_document::FullDocument)
//! in, bytes out. E-invoice XML (UN/CEFACT CII for Factur-X, UBL 2.1 for Peppol BIS Billing 3.0)
//! and, with krilla, the PDF/A-3 that carries the CII as `factur-x.xml`; the accountant's
//! reports as PDF/A-2b tables (`report_pdf`). No database access.

pub mod cii;
pub mod error;
pub mod facturx;
pub mod pdf;
pub mod report_pdf;
pub mod ubl;
mod xml;

pub use error::{DocumentError, DocumentResult};
