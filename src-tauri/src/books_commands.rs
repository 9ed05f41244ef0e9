//! The commands of the accountant's side (reports, the FEC, backups): each one line over the
//! API crate, like `commands.rs`.

use autoinvoice_api::*;
use autoinvoice_domain::party::Language;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn aging_report(api: State<'_, Api>, req: ReportRequest) -> Res<AgingReport> {
    api.aging_report(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn revenue_report(api: State<'_, Api>, req: ReportRequest) -> Res<RevenueReport> {
    api.revenue_report(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn vat_report(api: State<'_, Api>, req: ReportRequest) -> Res<VatReport> {
    api.vat_report(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn franchise_report(api: State<'_, Api>, req: ReportRequest) -> Res<FranchiseReport> {
    api.franchise_report(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_report_csv(
    api: State<'_, Api>,
    kind: ReportKind,
    req: ReportRequest,
) -> Res<SavedFile> {
    api.save_report_csv(kind, req).await
}

/// The report as PDF into the documents folder, under the CSV's dated name; in `language`
/// (the UI's), or the organization's when null.
#[tauri::command]
#[specta::specta]
pub async fn save_report_pdf(
    api: State<'_, Api>,
    kind: ReportKind,
    req: ReportRequest,
    language: Option<Language>,
) -> Res<SavedFile> {
    api.save_report_pdf(kind, req, language).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_fec(api: State<'_, Api>, req: FecRequest) -> Res<SavedFec> {
    api.save_fec(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn backup_settings(api: State<'_, Api>) -> Res<BackupSetup> {
    api.backup_settings().await
}

#[tauri::command]
#[specta::specta]
pub async fn set_backup_settings(api: State<'_, Api>, req: BackupSettings) -> Res<BackupSetup> {
    api.set_backup_settings(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_backups(api: State<'_, Api>) -> Res<Vec<BackupFile>> {
    api.list_backups().await
}

#[tauri::command]
#[specta::specta]
pub async fn create_backup(api: State<'_, Api>, req: CreateBackup) -> Res<BackupCreated> {
    api.create_backup(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_backup(api: State<'_, Api>, req: RestoreBackup) -> Res<BackupCheck> {
    api.verify_backup(&req.path).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_backup(api: State<'_, Api>, req: RestoreBackup) -> Res<BackupRestored> {
    api.restore_backup(req).await
}
