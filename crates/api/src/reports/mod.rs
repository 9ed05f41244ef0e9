//! The accountant's reports: receivables aging, revenue (by month, customer and VAT rate),
//! the VAT report for a return (on debits or on receipts), the VAT franchise tracker
//! (art. 293 B du CGI) and the FEC (art. A47 A-1 du LPF). Each as typed figures, as CSV, and
//! (but the FEC) as a PDF.

mod aging;
mod csv_out;
mod fec;
mod franchise;
mod pdf_notes;
mod pdf_out;
mod pdf_sales;
mod pdf_tax;
mod pdf_words;
mod revenue;
mod saving;
mod share;
mod types;
mod vat;

pub use fec::FEC_COLUMNS;
pub use franchise::thresholds_for;
pub use saving::SavedFec;
pub use types::*;
