//! `AUTOINVOICE_STARTUP_TRACE=1` prints when each start-up step ends, in ms since the Unix
//! epoch and since `main` began, on standard error. The desktop benchmark reads these to
//! split the launch time, and to time launches without WebDriver (the page reports when its
//! first screen was painted: [`StartupStep`]); nothing is printed otherwise.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// When `main` began: as an instant, and in ms since the Unix epoch.
static START: OnceLock<Option<(Instant, u128)>> = OnceLock::new();

fn epoch_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// Starts the clock (first thing in `main`).
pub fn begin() {
    START.get_or_init(|| {
        std::env::var_os("AUTOINVOICE_STARTUP_TRACE").map(|_| (Instant::now(), epoch_ms()))
    });
    mark("main");
}

/// Prints `step` with the time now, when tracing is on.
pub fn mark(step: &str) {
    if let Some(Some((start, _))) = START.get() {
        eprintln!(
            "startup: {step} at {} (+{} ms)",
            epoch_ms(),
            start.elapsed().as_millis()
        );
    }
}

/// A step the page reached, with when (its own clock: `performance.timeOrigin + now()`, ms
/// since the Unix epoch), so that the IPC's own delay is not counted.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct StartupStep {
    pub step: String,
    pub at_epoch_ms: f64,
}

/// Prints a step the page reached, when tracing is on.
pub fn page_reached(step: &StartupStep) {
    if let Some(Some((_, started))) = START.get() {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a wall-clock time in ms: positive and far below u64::MAX"
        )]
        let at = step.at_epoch_ms.max(0.0).round() as u128;
        let step_name: String = step
            .step
            .chars()
            .filter(|c| !c.is_control())
            .take(60)
            .collect();
        eprintln!(
            "startup: {step_name} at {at} (+{} ms)",
            at.saturating_sub(*started)
        );
    }
}

/// With tracing on, prints "window painted" each time GTK draws the window, for its first 40
/// frames (the frame clock's after-paint): when a frame of the page reached the window.
pub fn watch_paints<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    if !matches!(START.get(), Some(Some(_))) {
        return;
    }
    #[cfg(target_os = "linux")]
    if let Ok(gtk_window) = window.gtk_window() {
        use gtk::prelude::*;
        let count = std::cell::Cell::new(0u32);
        let watch = move |w: &gtk::ApplicationWindow| {
            if let Some(clock) = w.frame_clock() {
                let count = count.clone();
                clock.connect_after_paint(move |_| {
                    if count.get() < 40 {
                        count.set(count.get() + 1);
                        mark("window painted");
                    }
                });
            }
        };
        if gtk_window.is_realized() {
            watch(&gtk_window);
        } else {
            gtk_window.connect_realize(move |w| watch(w));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
