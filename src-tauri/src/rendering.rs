//! How the web view draws, on Linux: with GL compositing where the machine has a GPU, without
//! it where it has none (no render node under `/dev/dri`, so GL would be Mesa's software
//! rasterizer). `AUTOINVOICE_GPU=1` or `0` forces either way.
//!
//! Measured under Xvfb with software GL (llvmpipe) on the 100,000-invoice book, from the
//! launch to the window's first paint showing the dashboard (the desktop benchmark, launches
//! without WebDriver): about 870 ms composited; 710 ms with compositing off, 620 ms with the
//! DMA-BUF renderer off too ([`prepare_environment`]). Composited, the page's first frame
//! took a further 200–250 ms through llvmpipe after the page had its content; the web process
//! held about 200 MB instead of 120 MB; and GTK's fading scrollbars cost seconds of CPU
//! (docs/desktop-startup.md). With a GPU, WebKit's own choice (composite) stands. Without
//! compositing, the web view is shown once its page has loaded ([`show_loaded`]).

use std::path::Path;
#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicBool, Ordering};

/// The environment switch: `0` draws without GL compositing, `1` with it; unset: by the GPU.
pub const GPU_ENV: &str = "AUTOINVOICE_GPU";

/// Whether the web view should composite with GL: as `AUTOINVOICE_GPU` says, else only where
/// `dri` (normally `/dev/dri`) holds a render node.
pub fn composite(gpu_env: Option<&str>, dri: &Path) -> bool {
    match gpu_env {
        Some("0") => false,
        Some("1") => true,
        _ => std::fs::read_dir(dri).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        }),
    }
}

/// First thing in `main`, before any other thread exists: where the web view will not
/// composite, WebKit's DMA-BUF renderer is not set up either (`WEBKIT_DISABLE_DMABUF_RENDERER`,
/// unless the environment already says). WebKit reads it only from the environment; it spares
/// the window's process WebKit's GL set-up for that renderer, some 50–80 ms of the launch under
/// software GL.
pub fn prepare_environment() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DMABUF_ENV).is_none()
        && !composite(
            std::env::var(GPU_ENV).ok().as_deref(),
            Path::new("/dev/dri"),
        )
    {
        set_env_before_threads(DMABUF_ENV, "1");
    }
}

#[cfg(target_os = "linux")]
const DMABUF_ENV: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

#[cfg(target_os = "linux")]
#[allow(
    unsafe_code,
    reason = "the environment is the only way to tell WebKit, and it is set before any thread"
)]
fn set_env_before_threads(name: &str, value: &str) {
    // SAFETY: called from `prepare_environment`, first thing in `main`: the async runtime,
    // GTK and WebKit start after it, so no other thread exists to read the environment while
    // it changes.
    unsafe { std::env::set_var(name, value) };
}

/// Turns GL compositing off for `window`'s web view where [`composite`] says so, and then
/// keeps the web view hidden until its page has loaded ([`show_loaded`] says why). Linux
/// only; elsewhere the platform's web view decides.
pub fn configure<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    let gpu = std::env::var(GPU_ENV).ok();
    if composite(gpu.as_deref(), Path::new("/dev/dri")) {
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        window.with_webview(|webview| {
            use gtk::prelude::WidgetExt;
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            let view = webview.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            view.hide();
        })?;
        HIDDEN_UNTIL_LOADED.store(true, Ordering::SeqCst);
        // Should the page never finish loading, the web view shows all the same.
        let window = window.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SHOWN_AT_THE_LATEST).await;
            show_loaded(window.as_ref());
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

/// Set when [`configure`] hid the web view until its page has loaded.
#[cfg(target_os = "linux")]
static HIDDEN_UNTIL_LOADED: AtomicBool = AtomicBool::new(false);

/// The longest the web view stays hidden, should its page never finish loading.
#[cfg(target_os = "linux")]
const SHOWN_AT_THE_LATEST: std::time::Duration = std::time::Duration::from_secs(2);

/// Shows the web view [`configure`] hid, once its page has loaded (the window itself shows
/// from the start, empty until then), or after [`SHOWN_AT_THE_LATEST`].
///
/// Why it is hidden: without GL compositing, WebKitGTK's window process paints the web view
/// from a copy the web process sends; having none yet, it asks for one and waits up to
/// 500 ms. Asked while the web process is setting up or starting its page (which needs the
/// window's process, blocked in that very wait, to answer it), the copy never comes in time:
/// under Xvfb, a quarter to a half of the launches in a fresh session stalled 510 ms before
/// the window's first paint (a `futex` wait timing out after 500 ms on the main thread).
/// A hidden web view is not painted; once the page has loaded, the web process answers at
/// once.
pub fn show_loaded<R: tauri::Runtime>(webview: &tauri::Webview<R>) {
    #[cfg(target_os = "linux")]
    if HIDDEN_UNTIL_LOADED.swap(false, Ordering::SeqCst) {
        let shown = webview.with_webview(|webview| {
            use gtk::prelude::WidgetExt;
            let view = webview.inner();
            view.show();
            // Keys go to the page, as they would have without the wait.
            view.grab_focus();
        });
        if let Err(e) = shown {
            eprintln!("autoinvoice: could not show the web view: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = webview;
}

#[cfg(test)]
mod tests {
    use super::composite;

    #[test]
    fn composites_only_with_a_render_node_unless_told() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("dri");
        assert!(!composite(None, &missing));
        std::fs::create_dir(&missing).unwrap();
        std::fs::write(missing.join("card0"), "").unwrap();
        assert!(!composite(None, &missing), "a card without a render node");
        std::fs::write(missing.join("renderD128"), "").unwrap();
        assert!(composite(None, &missing));
        assert!(!composite(Some("0"), &missing));
        assert!(composite(Some("1"), dir.path()));
        assert!(
            composite(Some("yes"), &missing),
            "anything else: by the GPU"
        );
    }
}
