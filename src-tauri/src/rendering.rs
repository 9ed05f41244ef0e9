//! How the web view draws, on Linux.
//!
//! WebKitGTK composites with OpenGL by default. For this app's screens (forms, tables, a
//! chart) that buys nothing visible and costs memory: measured with the desktop benchmark on
//! the 100,000-invoice book, the web process took 207 MB with GL compositing and 115 MB
//! without, and the first invoice-list page came in 40 ms instead of 85 ms. It also steps
//! around the GL driver problems WebKitGTK is known for (blank windows on some GPUs).
//! `AUTOINVOICE_GPU=1` keeps WebKit's own choice.

/// Environment switch that keeps WebKitGTK's GL compositing.
pub const GPU_ENV: &str = "AUTOINVOICE_GPU";

/// Draws `window`'s web view without GL compositing unless `AUTOINVOICE_GPU=1` (Linux only;
/// elsewhere the platform's web view decides).
pub fn configure<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    if std::env::var(GPU_ENV).is_ok_and(|v| v == "1") {
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
