//! `autoinvoice-desktop`: the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Before any thread: it may set an environment variable for WebKit.
    autoinvoice_desktop::rendering::prepare_environment();
    autoinvoice_desktop::startup_trace::begin();
    // GTK would panic without a display; say what is missing instead.
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "autoinvoice: no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set): the \
             desktop app needs one; the `autoinvoice` command works without"
        );
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("autoinvoice: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    tauri::async_runtime::set(runtime.handle().clone());
    let api = runtime.block_on(async {
        let path = autoinvoice_desktop::database_path()?;
        autoinvoice_api::Api::open(&path).await
    });
    autoinvoice_desktop::startup_trace::mark("database open");
    let api = match api {
        Ok(api) => api,
        Err(e) => {
            eprintln!("autoinvoice: {}", e.message);
            return ExitCode::FAILURE;
        }
    };
    // Started before the window: see first_screen.rs.
    let prefetched = autoinvoice_desktop::first_screen::Prefetched::start(&api);
    match autoinvoice_desktop::run(api, prefetched) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("autoinvoice: {e}");
            ExitCode::FAILURE
        }
    }
}
