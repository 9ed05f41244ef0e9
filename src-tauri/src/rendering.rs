//! How the web view draws, on Linux: `AUTOINVOICE_GPU=0` turns WebKitGTK's GL compositing off.
//!
//! Measured with the desktop benchmark on the 100,000-invoice book, under Xvfb (software GL):
//! the web process takes about 120 MB without GL compositing against 200 MB with it, and the
//! first invoice-list page comes in 35–40 ms instead of 50–85 ms. It is not the default:
//! WebKitGTK's own default is to composite, its non-composited path is the less travelled one
//! (upstream has fixed crashes there as late as 2026, and WebKitWebDriver's screenshots hang
//! on our dashboard in that mode), and on a real GPU the gain is smaller. It is the switch to
//! try on a machine short of memory, or where a GL driver leaves the window blank.

/// The environment switch: `0` draws without GL compositing; unset or anything else leaves
/// WebKit's choice.
pub const GPU_ENV: &str = "AUTOINVOICE_GPU";

/// Turns GL compositing off for `window`'s web view when `AUTOINVOICE_GPU=0` (Linux only;
/// elsewhere the platform's web view decides).
pub fn configure<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    if !std::env::var(GPU_ENV).is_ok_and(|v| v == "0") {
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}
