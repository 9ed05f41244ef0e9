//! The figures behind the accountant's reports, summed exactly in integer hundredths by
//! SQLite over indexed columns (the VAT rows of `invoice_vat`, the settlement columns of
//! `invoices`, payments and their allocations). Rows, not reports: the API shapes them.

mod aging;
mod fec;
mod receipts;
mod revenue;
mod turnover;

pub use aging::AgingBalance;
pub use fec::{FecCreditNote, FecDocument, FecPayment};
pub use receipts::{ReceiptShare, ReceivedDay, ReceivedVat};
pub use revenue::{CustomerRevenue, RateRevenue};
