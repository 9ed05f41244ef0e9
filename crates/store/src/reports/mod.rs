//! The figures behind the accountant's reports, summed exactly in integer hundredths by
//! SQLite over indexed columns (the VAT rows of `invoice_vat`, the settlement columns of
//! `invoices`, payments and their allocations, and the daily VAT summaries of migration 9).
//! Rows, not reports: the API shapes them.

mod aging;
mod fec;
mod receipts;
mod revenue;
mod summaries;
mod turnover;

pub use aging::{AgingBalance, AgingBucket};
pub use fec::{FecCreditNote, FecDocument, FecPayment};
pub use receipts::{ReceiptShare, ReceivedDay, ReceivedVat};
pub use revenue::{CustomerRevenue, RateRevenue};
pub(crate) use summaries::stale_summaries;
