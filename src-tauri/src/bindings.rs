//! The one list of commands, from which both the invoke handler and the TypeScript bindings
//! (`ui/src/lib/bindings.ts`) are made.

use crate::books_commands::*;
use crate::commands::*;
use crate::money_commands::*;
use crate::purchase_commands::*;
use crate::recurring_commands::*;
use tauri_specta::{Builder, collect_commands, collect_events};

/// Where the generated TypeScript goes, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

pub fn builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            app_info,
            first_screen,
            startup_reached,
            dashboard_screen,
            organizations,
            create_organization,
            update_organization,
            seed_demo,
            dashboard,
            list_customers,
            create_customer,
            update_customer,
            archive_customer,
            list_documents,
            get_document,
            create_document,
            update_draft,
            delete_draft,
            issue_document,
            duplicate_document,
            compute_totals,
            credit_invoice,
            convert_quote,
            answer_quote,
            mark_sent,
            record_payment,
            list_payments,
            series,
            set_series_pattern,
            document_settings,
            set_document_settings,
            set_logo,
            preview_pdf,
            save_document,
            verify_journal,
            export_csv,
            save_csv,
            mail_presets,
            mail_config,
            set_mail_config,
            mail_test,
            mail_preview,
            send_document_mail,
            outbox_list,
            outbox_retry,
            outbox_cancel,
            outbox_run,
            run_reminders,
            list_reminders,
            invoice_reminders,
            pause_invoice_reminders,
            customer_reminders,
            pause_customer_reminders,
            reminder_settings,
            set_reminder_settings,
            default_reminder_policy,
            set_customer_reminder_policy,
            approve_reminder,
            skip_reminder,
            review_all_reminders,
            set_ui_language,
            bank_summary,
            import_statement,
            match_bank,
            list_bank_lines,
            confirm_bank_line,
            ignore_bank_line,
            save_csv_mapping,
            delete_csv_mapping,
            stripe_settings,
            set_stripe_key,
            test_stripe_key,
            create_payment_link,
            invoice_online_payments,
            sync_payments,
            aging_report,
            revenue_report,
            vat_report,
            franchise_report,
            save_report_csv,
            save_report_pdf,
            save_fec,
            backup_settings,
            set_backup_settings,
            list_backups,
            create_backup,
            verify_backup,
            restore_backup,
            import_purchase,
            list_purchases,
            get_purchase,
            save_purchase_file,
            purchase_inbox,
            set_purchase_inbox,
            create_recurring,
            list_recurring,
            get_recurring,
            update_recurring,
            set_recurring_paused,
            delete_recurring,
            run_recurring,
            preview_recurring_schedule,
        ])
        .events(collect_events![
            crate::outbox::OutboxDelivered,
            crate::reminders::RemindersRan,
            crate::payment_sync::PaymentsSynced,
            crate::purchase_inbox::PurchasesImported,
            crate::recurring_task::RecurringRan
        ])
        // Ids are SQLite rowids and counts are small: far below 2^53.
        .dangerously_cast_bigints_to_number()
}

/// The TypeScript the builder makes, as text.
pub fn typescript() -> Result<String, String> {
    let dir = tempfile_dir()?;
    let path = dir.join("bindings.ts");
    builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from Rust by tauri-specta (src-tauri/src/bindings.rs). Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test -p autoinvoice-desktop --lib bindings\n"),
            &path,
        )
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}

fn tempfile_dir() -> Result<std::path::PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("autoinvoice-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CI fails when the committed bindings differ from what Rust generates.
    #[test]
    fn bindings_are_current() {
        let generated = typescript().expect("bindings generate");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p autoinvoice-desktop --lib bindings` and commit it",
            path.display()
        );
    }
}
