//! The purchases register: received supplier e-invoices (Factur-X / ZUGFeRD PDF, CII or UBL
//! XML) read and checked by `autoinvoice-reception`, kept with their original file; their
//! VAT is deductible in the VAT report and they make the FEC's purchases journal.

mod import;
mod inbox;
mod register;
mod types;

pub use inbox::{InboxRefusal, InboxScan, InboxSeen, PurchaseInbox};
pub use types::*;
