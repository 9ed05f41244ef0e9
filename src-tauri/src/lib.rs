//! The AutoInvoice desktop shell: opens the database, registers the commands, starts the
//! window. All behaviour lives in the API crate; nothing here but wiring.

pub mod bindings;
pub mod commands;

use autoinvoice_api::{Api, DB_ENV, default_db_path};
use std::path::PathBuf;

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

/// The Tauri app over an opened API, without running it (tests build it with a mock runtime
/// through [`bindings::builder`]).
pub fn run(api: Api) -> tauri::Result<()> {
    let specta = bindings::builder::<tauri::Wry>();
    tauri::Builder::default()
        .manage(api)
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!("tauri.conf.json"))
}
