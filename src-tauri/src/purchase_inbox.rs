//! The watched folder in the background: every minute (30 s after start-up) the folder of
//! each organization that has one is scanned and its new received e-invoices imported. What
//! was imported or refused raises one OS notification per scan and an event the open
//! purchases screen reloads on. A file is read again only when it changes.

use crate::reminders::NotificationLanguage;
use autoinvoice_api::{Api, InboxScan, InboxSeen};
use autoinvoice_domain::party::Language;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

pub const START_DELAY: Duration = Duration::from_secs(30);
pub const PERIOD: Duration = Duration::from_secs(60);

/// Sets both the first wait and the period, in milliseconds (the end-to-end tests).
pub const PERIOD_ENV: &str = "AUTOINVOICE_INBOX_SCAN_MS";

/// Emitted after a scan that imported or refused something.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct PurchasesImported {
    pub org_id: i64,
    pub imported: u32,
    pub refused: u32,
}

/// The notification of a scan, in the UI's language; None when it did nothing.
pub fn notification_text(scan: &InboxScan, lang: Language) -> Option<(String, String)> {
    let (n, k) = (scan.imported.len(), scan.refused.len());
    if n + k == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if n > 0 {
        parts.push(match (lang, n) {
            (Language::Fr, 1) => "1 facture reçue importée".to_owned(),
            (Language::Fr, n) => format!("{n} factures reçues importées"),
            (Language::En, 1) => "1 received invoice imported".to_owned(),
            (Language::En, n) => format!("{n} received invoices imported"),
        });
    }
    if k > 0 {
        let names: Vec<&str> = scan.refused.iter().map(|r| r.file.as_str()).collect();
        parts.push(match lang {
            Language::Fr => format!("refusé : {}", names.join(", ")),
            Language::En => format!("refused: {}", names.join(", ")),
        });
    }
    let title = match lang {
        Language::Fr => "Factures reçues",
        Language::En => "Received invoices",
    };
    Some((title.to_owned(), parts.join(" — ")))
}

pub fn spawn<R: Runtime>(app: AppHandle<R>, api: Api, language: NotificationLanguage) {
    let fixed = std::env::var(PERIOD_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis);
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(fixed.unwrap_or(START_DELAY)).await;
        let mut seen: HashMap<i64, InboxSeen> = HashMap::new();
        // A folder that cannot be read is logged once until it can be again.
        let mut failing: HashMap<i64, bool> = HashMap::new();
        loop {
            for org in api.organizations().await.unwrap_or_default() {
                let org_seen = seen.entry(org.id).or_default();
                match api.scan_purchase_inbox(Some(org.id), org_seen).await {
                    Ok(scan) => {
                        failing.insert(org.id, false);
                        for r in &scan.refused {
                            eprintln!(
                                "autoinvoice: watched folder: {} refused: {} ({})",
                                r.file, r.error.message, r.error.code
                            );
                        }
                        if let Some((title, body)) = notification_text(&scan, language.get()) {
                            crate::notify::show(&app, title, body);
                        }
                        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                        if !scan.imported.is_empty() || !scan.refused.is_empty() {
                            let event = PurchasesImported {
                                org_id: org.id,
                                imported: count(scan.imported.len()),
                                refused: count(scan.refused.len()),
                            };
                            if let Err(e) = event.emit(&app) {
                                eprintln!("autoinvoice: purchases event: {e}");
                            }
                        }
                    }
                    Err(e) => {
                        if !failing.insert(org.id, true).unwrap_or(false) {
                            eprintln!("autoinvoice: watched folder: {} ({})", e.message, e.code);
                        }
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
    use autoinvoice_api::{ApiError, InboxRefusal};

    #[test]
    fn notifications_in_both_languages() {
        let mut scan = InboxScan::default();
        assert_eq!(notification_text(&scan, Language::Fr), None);
        scan.refused.push(InboxRefusal {
            file: "scan.pdf".into(),
            error: ApiError::new("pdf_without_xml", "plain PDF"),
        });
        let (t, b) = notification_text(&scan, Language::Fr).unwrap();
        assert_eq!(t, "Factures reçues");
        assert_eq!(b, "refusé : scan.pdf");
        let (t, b) = notification_text(&scan, Language::En).unwrap();
        assert_eq!(
            (t.as_str(), b.as_str()),
            ("Received invoices", "refused: scan.pdf")
        );
    }
}
