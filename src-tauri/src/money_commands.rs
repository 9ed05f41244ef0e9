//! The commands of getting paid (bank statements, online payments): each one line over the
//! API crate, like `commands.rs`.

use autoinvoice_api::*;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn bank_summary(api: State<'_, Api>, req: OrgScope) -> Res<BankSummary> {
    api.bank_summary(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_statement(api: State<'_, Api>, req: ImportStatement) -> Res<StatementImport> {
    api.import_statement(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn match_bank(api: State<'_, Api>, req: MatchBank) -> Res<MatchReport> {
    api.match_bank(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_bank_lines(api: State<'_, Api>, req: ListBankLines) -> Res<BankLinePage> {
    api.list_bank_lines(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_bank_line(api: State<'_, Api>, req: ConfirmBankLine) -> Res<PaymentRecord> {
    api.confirm_bank_line(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn ignore_bank_line(api: State<'_, Api>, req: IgnoreBankLine) -> Res<BankLineRecord> {
    api.ignore_bank_line(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_csv_mapping(api: State<'_, Api>, req: SaveCsvMapping) -> Res<CsvMapping> {
    api.save_csv_mapping(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_csv_mapping(api: State<'_, Api>, req: DeleteCsvMapping) -> Res<()> {
    api.delete_csv_mapping(req).await
}

// Online payments (Stripe): the key, links, the received payments, a sync on demand.

#[tauri::command]
#[specta::specta]
pub async fn stripe_settings(api: State<'_, Api>, req: OrgScope) -> Res<StripeSettings> {
    api.stripe_settings(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_stripe_key(api: State<'_, Api>, req: SetStripeKey) -> Res<StripeSettings> {
    api.set_stripe_key(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_stripe_key(api: State<'_, Api>, req: OrgScope) -> Res<StripeKeyTest> {
    api.test_stripe_key(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_payment_link(
    api: State<'_, Api>,
    req: CreatePaymentLink,
) -> Res<PaymentLinkRecord> {
    api.create_payment_link(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_online_payments(
    api: State<'_, Api>,
    req: DocumentInOrg,
) -> Res<OnlinePayments> {
    api.invoice_online_payments(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_payments(api: State<'_, Api>, req: OrgScope) -> Res<PaymentSyncReport> {
    api.sync_payments(req.org_id).await
}
