pub mod book;
pub mod conformance;
