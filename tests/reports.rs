//! Reports (issue 15) on a small book whose every figure is worked out by hand: aging on two
//! days, revenue by month, customer and rate, VAT on receipts and on debits with the CA3
//! lines, the franchise thresholds crossed on a known day, and the FEC — balanced, its
//! customer account equal to the aging total, and passed by the independent checker
//! (`tests/fec/check_fec.py`), as is the FEC of the demo book.

#![allow(clippy::unwrap_used)]

#[path = "reports/common.rs"]
mod common;
#[path = "reports/fec.rs"]
mod fec;
#[path = "reports/figures.rs"]
mod figures;
#[path = "reports/summaries.rs"]
mod summaries;
