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
//! (docs/desktop-startup.md). With a GPU, WebKit's own choice (composite) stands.

use std::path::Path;

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

/// Turns GL compositing off for `window`'s web view where [`composite`] says so (Linux only;
/// elsewhere the platform's web view decides).
pub fn configure<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    let gpu = std::env::var(GPU_ENV).ok();
    if composite(gpu.as_deref(), Path::new("/dev/dri")) {
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
