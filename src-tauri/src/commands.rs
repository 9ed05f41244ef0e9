//! The IPC commands: each one line over the API crate. Errors cross as `{code, message}`.
//! Every command takes at most one argument, `req`, the API's own request type.

use crate::first_screen::Prefetched;
use crate::outbox::OutboxWaker;
use crate::reminders::{NotificationLanguage, UiLanguage};
use autoinvoice_api::*;
use tauri::State;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub fn app_info(api: State<'_, Api>) -> AppInfo {
    api.app_info()
}

#[tauri::command]
#[specta::specta]
pub async fn organizations(api: State<'_, Api>) -> Res<Vec<OrganizationRecord>> {
    api.organizations().await
}

#[tauri::command]
#[specta::specta]
pub async fn create_organization(
    api: State<'_, Api>,
    req: autoinvoice_domain::party::Organization,
) -> Res<OrganizationRecord> {
    api.create_organization(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_organization(
    api: State<'_, Api>,
    req: UpdateOrganization,
) -> Res<OrganizationRecord> {
    api.update_organization(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn seed_demo(api: State<'_, Api>, req: SeedDemo) -> Res<DemoReport> {
    api.seed_demo(req).await
}

/// The app, the organizations and the first one's dashboard: what the page shows first.
#[tauri::command]
#[specta::specta]
pub async fn first_screen(
    api: State<'_, Api>,
    prefetched: State<'_, Prefetched>,
) -> Res<FirstScreen> {
    prefetched.take(&api).await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard_screen(api: State<'_, Api>, req: OrgScope) -> Res<DashboardScreen> {
    api.dashboard_screen(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(api: State<'_, Api>, req: OrgScope) -> Res<Dashboard> {
    api.dashboard(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_customers(api: State<'_, Api>, req: ListCustomers) -> Res<Vec<CustomerRecord>> {
    api.list_customers(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_customer(api: State<'_, Api>, req: CreateCustomer) -> Res<CustomerRecord> {
    api.create_customer(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_customer(api: State<'_, Api>, req: UpdateCustomer) -> Res<CustomerRecord> {
    api.update_customer(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn archive_customer(api: State<'_, Api>, req: ArchiveCustomer) -> Res<CustomerRecord> {
    api.archive_customer(req.id, req.archived).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_documents(api: State<'_, Api>, req: ListDocuments) -> Res<DocumentPage> {
    api.list_documents(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_document(api: State<'_, Api>, req: GetDocument) -> Res<DocumentRecord> {
    api.get_document(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_document(api: State<'_, Api>, req: CreateDocument) -> Res<DocumentRecord> {
    api.create_document(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_draft(api: State<'_, Api>, req: UpdateDraft) -> Res<DocumentRecord> {
    api.update_draft(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_draft(api: State<'_, Api>, req: DraftId) -> Res<()> {
    api.delete_draft(req.id).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_document(api: State<'_, Api>, req: IssueDocument) -> Res<DocumentRecord> {
    api.issue_document(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn duplicate_document(api: State<'_, Api>, req: DraftId) -> Res<DocumentRecord> {
    api.duplicate_document(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn compute_totals(
    api: State<'_, Api>,
    req: ComputeTotals,
) -> Res<autoinvoice_domain::totals::Totals> {
    api.compute_totals(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn credit_invoice(api: State<'_, Api>, req: CreditInvoice) -> Res<DocumentRecord> {
    api.credit_invoice(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn convert_quote(api: State<'_, Api>, req: ConvertQuote) -> Res<DocumentRecord> {
    api.convert_quote(req.org_id, req.quote).await
}

#[tauri::command]
#[specta::specta]
pub async fn answer_quote(api: State<'_, Api>, req: AnswerQuote) -> Res<DocumentRecord> {
    api.answer_quote(req.org_id, req.quote, req.accepted).await
}

#[tauri::command]
#[specta::specta]
pub async fn mark_sent(api: State<'_, Api>, req: DocumentInOrg) -> Res<DocumentRecord> {
    api.mark_sent(req.org_id, req.document, "manual").await
}

#[tauri::command]
#[specta::specta]
pub async fn record_payment(api: State<'_, Api>, req: RecordPayment) -> Res<PaymentRecord> {
    api.record_payment(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_payments(api: State<'_, Api>, req: ListPayments) -> Res<Vec<PaymentRecord>> {
    api.list_payments(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn series(api: State<'_, Api>, req: OrgScope) -> Res<Vec<SeriesRecord>> {
    api.series(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_series_pattern(api: State<'_, Api>, req: SetSeriesPattern) -> Res<SeriesRecord> {
    api.set_series_pattern(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn document_settings(api: State<'_, Api>, req: OrgScope) -> Res<DocumentSettings> {
    api.document_settings(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_document_settings(
    api: State<'_, Api>,
    req: SetDocumentSettings,
) -> Res<DocumentSettings> {
    api.set_document_settings(req.org_id, req.settings).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_logo(api: State<'_, Api>, req: SetLogo) -> Res<()> {
    api.set_logo_base64(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_pdf(api: State<'_, Api>, req: DocumentInOrg) -> Res<String> {
    api.preview_pdf(req.org_id, &req.document).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_document(api: State<'_, Api>, req: SaveDocument) -> Res<SavedFile> {
    api.save_document(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn verify_journal(api: State<'_, Api>, req: OrgScope) -> Res<Vec<VerifyReport>> {
    api.verify_journal(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn export_csv(api: State<'_, Api>, req: ExportCsv) -> Res<String> {
    api.export_csv(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_csv(api: State<'_, Api>, req: ExportCsv) -> Res<SavedFile> {
    api.save_csv(req).await
}

#[tauri::command]
#[specta::specta]
pub fn mail_presets(api: State<'_, Api>) -> Vec<ops_mail::MailPreset> {
    api.mail_presets()
}

#[tauri::command]
#[specta::specta]
pub async fn mail_config(api: State<'_, Api>, req: OrgScope) -> Res<MailConfig> {
    api.mail_config(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_mail_config(api: State<'_, Api>, req: SetMailConfig) -> Res<MailConfig> {
    api.set_mail_config(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn mail_test(api: State<'_, Api>, req: MailTest) -> Res<MailTestReport> {
    api.mail_test_req(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn mail_preview(api: State<'_, Api>, req: SendDocumentMail) -> Res<MailPreview> {
    api.mail_preview(req).await
}

/// Queues the email, then wakes the background delivery.
#[tauri::command]
#[specta::specta]
pub async fn send_document_mail(
    api: State<'_, Api>,
    outbox: State<'_, OutboxWaker>,
    req: SendDocumentMail,
) -> Res<ops_mail::OutboxItem> {
    api.send_document_mail(req).await.inspect(|_| outbox.wake())
}

#[tauri::command]
#[specta::specta]
pub async fn outbox_list(api: State<'_, Api>, req: ListOutbox) -> Res<Vec<ops_mail::OutboxItem>> {
    api.outbox_list_req(req).await
}

/// Queues the message again, then wakes the background delivery.
#[tauri::command]
#[specta::specta]
pub async fn outbox_retry(
    api: State<'_, Api>,
    outbox: State<'_, OutboxWaker>,
    req: OutboxId,
) -> Res<ops_mail::OutboxItem> {
    api.outbox_retry_req(req).await.inspect(|_| outbox.wake())
}

#[tauri::command]
#[specta::specta]
pub async fn outbox_cancel(api: State<'_, Api>, req: OutboxId) -> Res<ops_mail::OutboxItem> {
    api.outbox_cancel_req(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn outbox_run(api: State<'_, Api>, req: RunOutbox) -> Res<ops_mail::OutboxRunReport> {
    api.outbox_run_req(req).await
}

// Payment reminders (the background task is `reminders.rs`).

#[tauri::command]
#[specta::specta]
pub async fn run_reminders(api: State<'_, Api>, req: RunReminders) -> Res<ReminderRunReport> {
    api.run_reminders(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_reminders(api: State<'_, Api>, req: ListReminders) -> Res<ReminderList> {
    api.list_reminders(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn invoice_reminders(api: State<'_, Api>, req: DocumentInOrg) -> Res<InvoiceReminders> {
    api.invoice_reminders(req.org_id, &req.document).await
}

#[tauri::command]
#[specta::specta]
pub async fn pause_invoice_reminders(
    api: State<'_, Api>,
    req: PauseInvoiceReminders,
) -> Res<InvoiceReminders> {
    api.pause_invoice_reminders(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn customer_reminders(api: State<'_, Api>, req: CustomerInOrg) -> Res<CustomerReminders> {
    api.customer_reminders_req(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn pause_customer_reminders(
    api: State<'_, Api>,
    req: PauseCustomerReminders,
) -> Res<CustomerReminders> {
    api.pause_customer_reminders(req).await
}

#[tauri::command]
#[specta::specta]
pub async fn reminder_settings(api: State<'_, Api>, req: OrgScope) -> Res<ReminderSettings> {
    api.reminder_settings(req.org_id).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_reminder_settings(
    api: State<'_, Api>,
    req: SetReminderSettings,
) -> Res<ReminderSettings> {
    api.set_reminder_settings(req).await
}

#[tauri::command]
#[specta::specta]
pub fn default_reminder_policy(api: State<'_, Api>) -> autoinvoice_domain::reminders::Policy {
    api.default_reminder_policy()
}

#[tauri::command]
#[specta::specta]
pub async fn set_customer_reminder_policy(
    api: State<'_, Api>,
    req: SetCustomerReminderPolicy,
) -> Res<CustomerReminders> {
    api.set_customer_reminder_policy(req).await
}

/// Queues the approved reminder's email, then wakes the background delivery.
#[tauri::command]
#[specta::specta]
pub async fn approve_reminder(
    api: State<'_, Api>,
    outbox: State<'_, OutboxWaker>,
    req: ReviewReminder,
) -> Res<ReminderRecord> {
    api.approve_reminder(req).await.inspect(|_| outbox.wake())
}

#[tauri::command]
#[specta::specta]
pub async fn skip_reminder(api: State<'_, Api>, req: ReviewReminder) -> Res<ReminderRecord> {
    api.skip_reminder(req).await
}

/// Approves or skips every reminder waiting for review; wakes the delivery when some were
/// approved.
#[tauri::command]
#[specta::specta]
pub async fn review_all_reminders(
    api: State<'_, Api>,
    outbox: State<'_, OutboxWaker>,
    req: ReviewAllReminders,
) -> Res<ReviewAllOutcome> {
    api.review_all_reminders(req).await.inspect(|o| {
        if o.decided.iter().any(|r| r.outbox_id.is_some()) {
            outbox.wake();
        }
    })
}

/// A start-up step the page reached (printed with `AUTOINVOICE_STARTUP_TRACE=1`, else nothing).
#[tauri::command]
#[specta::specta]
pub fn startup_reached(req: crate::startup_trace::StartupStep) {
    crate::startup_trace::page_reached(&req);
}

/// The UI's language, for the reminders' notifications.
#[tauri::command]
#[specta::specta]
pub fn set_ui_language(lang: State<'_, NotificationLanguage>, req: UiLanguage) {
    lang.set(req.language)
}
