//! The AutoInvoice desktop shell: opens the database, registers the commands, starts the
//! window. All behaviour lives in the API crate; nothing here but wiring.

pub mod backups;
pub mod bindings;
pub mod books_commands;
pub mod commands;
pub mod first_screen;
pub mod money_commands;
mod notify;
pub mod outbox;
pub mod payment_sync;
pub mod purchase_commands;
pub mod purchase_inbox;
pub mod recurring_commands;
pub mod recurring_task;
pub mod reminders;
pub mod rendering;
pub mod startup_trace;

use autoinvoice_api::{Api, DB_ENV, default_db_path};
use std::path::PathBuf;
use tauri::Manager;

/// The database the app opens: `AUTOINVOICE_DB`, else the OS data directory.
pub fn database_path() -> Result<PathBuf, autoinvoice_api::ApiError> {
    match std::env::var_os(DB_ENV) {
        Some(p) => Ok(PathBuf::from(p)),
        None => {
            let p = default_db_path()?;
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    autoinvoice_api::ApiError::new(
                        "io",
                        format!("could not create {}: {e}", dir.display()),
                    )
                })?;
            }
            Ok(p)
        }
    }
}

/// Runs the Tauri app over an opened API, with the outbox delivered and the payment reminders
/// run in the background (tests build the commands with a mock runtime through
/// [`bindings::builder`]).
pub fn run(api: Api, prefetched: first_screen::Prefetched) -> tauri::Result<()> {
    let specta = bindings::builder::<tauri::Wry>();
    let waker = outbox::OutboxWaker::default();
    let language = reminders::NotificationLanguage::default();
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .manage(api.clone())
        .manage(prefetched)
        .manage(waker.clone())
        .manage(language.clone())
        .invoke_handler(specta.invoke_handler())
        .on_page_load(|webview, payload| {
            startup_trace::mark(match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page load started",
                tauri::webview::PageLoadEvent::Finished => "page load finished",
            });
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                rendering::show_loaded(webview);
            }
        })
        .setup(move |app| {
            startup_trace::mark("setup");
            if let Some(window) = app.get_webview_window("main") {
                rendering::configure(&window)?;
                startup_trace::watch_paints(&window);
            }
            specta.mount_events(app);
            outbox::spawn(app.handle().clone(), api.clone(), waker.clone());
            payment_sync::spawn(app.handle().clone(), api.clone(), language.clone());
            backups::spawn(app.handle().clone(), api.clone(), language.clone());
            purchase_inbox::spawn(app.handle().clone(), api.clone(), language.clone());
            recurring_task::spawn(
                app.handle().clone(),
                api.clone(),
                waker.clone(),
                language.clone(),
            );
            reminders::spawn(app.handle().clone(), api, waker, language);
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
}
