//! The large book the benchmarks share: `benches/core.rs` builds it once into
//! `~/.cache/autoinvoice`, the reminders and desktop benchmarks read it.

use std::path::PathBuf;

/// The folder the book is kept in.
pub fn cache_dir() -> PathBuf {
    PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/tmp".into()))
        .join(".cache/autoinvoice")
}

/// The book of `n` invoices (present once the core benchmark has built it). The version in
/// the name changes whenever the way it is built does.
pub fn path(n: usize) -> PathBuf {
    cache_dir().join(format!("bench-book-v3-{n}.db"))
}

/// Where the core benchmark builds it before moving it into place.
pub fn building_path(n: usize) -> PathBuf {
    cache_dir().join(format!("bench-book-v3-{n}.building.db"))
}

/// The book of `n` invoices; exits with what to run when it has not been built yet.
pub fn existing(n: usize) -> PathBuf {
    let book = path(n);
    if !book.exists() {
        eprintln!(
            "{} is missing: run `cargo bench -p autoinvoice-tests --bench core` first (it builds the book once)",
            book.display()
        );
        std::process::exit(1);
    }
    book
}
