//! `autoinvoice-desktop`: the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
    let api = match api {
        Ok(api) => api,
        Err(e) => {
            eprintln!("autoinvoice: {}", e.message);
            return ExitCode::FAILURE;
        }
    };
    match autoinvoice_desktop::run(api) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("autoinvoice: {e}");
            ExitCode::FAILURE
        }
    }
}
