//! The daily backup in the background: a minute after start-up (a laptop closed for days
//! catches up then), then every hour the API is asked whether a backup is due (none in the
//! last 24 hours) and takes it, rotating the older automatic ones. A failure (a backup disk
//! unplugged) raises one OS notification until a backup succeeds again.

use crate::reminders::NotificationLanguage;
use autoinvoice_api::Api;
use autoinvoice_domain::party::Language;
use std::time::Duration;
use tauri::{AppHandle, Runtime};

pub const START_DELAY: Duration = Duration::from_secs(60);
pub const PERIOD: Duration = Duration::from_secs(60 * 60);

/// Sets both the first wait and the period, in milliseconds (the end-to-end tests).
pub const PERIOD_ENV: &str = "AUTOINVOICE_BACKUP_CHECK_MS";

pub fn failure_text(message: &str, lang: Language) -> (String, String) {
    match lang {
        Language::Fr => (
            "Sauvegarde automatique impossible".to_owned(),
            format!("{message} — choisissez un autre dossier dans Réglages → Sauvegardes."),
        ),
        Language::En => (
            "Automatic backup failed".to_owned(),
            format!("{message} — choose another folder in Settings → Backups."),
        ),
    }
}

pub fn spawn<R: Runtime>(app: AppHandle<R>, api: Api, language: NotificationLanguage) {
    let fixed = std::env::var(PERIOD_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(fixed.unwrap_or(START_DELAY)).await;
        let mut told = false;
        loop {
            match api.run_due_backup().await {
                Ok(Some(b)) => {
                    told = false;
                    eprintln!(
                        "autoinvoice: backup: {} ({} ms, {} rotated out)",
                        b.file.path,
                        b.millis,
                        b.rotated_out.len()
                    );
                }
                Ok(None) => {}
                Err(e) => {
                    eprintln!("autoinvoice: backup: {} ({})", e.message, e.code);
                    if !told {
                        told = true;
                        let (title, body) = failure_text(&e.message, language.get());
                        crate::notify::show(&app, title, body);
                    }
                }
            }
            tokio::time::sleep(fixed.unwrap_or(PERIOD)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_is_told_in_both_languages() {
        let (t, b) = failure_text("disk full", Language::Fr);
        assert!(t.contains("Sauvegarde") && b.starts_with("disk full") && b.contains("Réglages"));
        let (t, b) = failure_text("disk full", Language::En);
        assert!(t.contains("backup") && b.contains("Settings"));
    }
}
