//! Recurring invoices: templates with a schedule (every N days, weeks or months from a
//! start date, until an end date and/or for a count), whose occurrences a run creates as
//! drafts, issues, or issues and sends through the outbox — after the app was closed, each
//! missed occurrence once, never twice. See docs/recurring.md.

mod mail;
mod ops;
mod run;
mod schedule;
mod types;
mod validate;
mod view;

pub use ops::MAX_DUE_AT_CREATION;
pub use types::*;
