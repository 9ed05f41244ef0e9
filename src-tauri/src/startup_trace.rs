//! `AUTOINVOICE_STARTUP_TRACE=1` prints when each start-up step ends, in ms since the Unix
//! epoch and since `main` began, on standard error. The desktop benchmark reads these to
//! split the launch time; nothing is printed otherwise.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static START: OnceLock<Option<Instant>> = OnceLock::new();

/// Starts the clock (first thing in `main`).
pub fn begin() {
    START.get_or_init(|| std::env::var_os("AUTOINVOICE_STARTUP_TRACE").map(|_| Instant::now()));
    mark("main");
}

/// Prints `step` with the time now, when tracing is on.
pub fn mark(step: &str) {
    if let Some(Some(start)) = START.get() {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        eprintln!(
            "startup: {step} at {epoch} (+{} ms)",
            start.elapsed().as_millis()
        );
    }
}
