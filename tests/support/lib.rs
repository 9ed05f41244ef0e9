pub mod bench_book;
pub mod book;
pub mod conformance;
