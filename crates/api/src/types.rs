//! Request and response types of the API. Their JSON form is a contract: the CLI's
//! `--from FILE.json` and `--json` output, and the desktop app's IPC, use exactly these.

use autoinvoice_domain::document::{DocumentContent, DocumentKind, Line};
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::numbering::Reset;
use autoinvoice_domain::party::{Customer, Organization};
use autoinvoice_domain::payment::PaymentMethod;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use autoinvoice_store::customers::CustomerRecord;
pub use autoinvoice_store::dashboard::{CurrencyFigures, Dashboard, MonthRevenue};
pub use autoinvoice_store::documents::DocumentRecord;
pub use autoinvoice_store::journal::{JournalEntry, Problem, VerifyReport};
pub use autoinvoice_store::list::{DocumentPage, DocumentSummary, SortKey};
pub use autoinvoice_store::organizations::OrganizationRecord;
pub use autoinvoice_store::payments::{Allocation, PaymentRecord};
pub use autoinvoice_store::series::SeriesRecord;

/// A document named by its number or its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum DocumentRef {
    Id(i64),
    Number(String),
}

impl DocumentRef {
    /// Parses what a person typed: a number such as `F-2026-0001`, else an id.
    pub fn parse(s: &str) -> Self {
        Self::Number(s.trim().to_owned())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganization {
    pub id: i64,
    pub organization: Organization,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomer {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub customer: Customer,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomer {
    pub id: i64,
    pub customer: Customer,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListCustomers {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub include_archived: bool,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ImportReport {
    pub imported: usize,
}

/// A new draft document: the JSON schema of `autoinvoice invoice create --from FILE.json`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CreateDocument {
    /// The seller; may be omitted when the database holds one organization.
    #[serde(default)]
    pub org_id: Option<i64>,
    /// `invoice` (default), `credit_note` or `quote`.
    #[serde(default = "default_kind")]
    pub kind: DocumentKind,
    pub customer_id: i64,
    /// For a credit note: the invoice it corrects.
    #[serde(default)]
    pub preceding: Option<DocumentRef>,
    #[serde(flatten)]
    pub content: DocumentContent,
}

fn default_kind() -> DocumentKind {
    DocumentKind::Invoice
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct UpdateDraft {
    pub id: i64,
    #[serde(default)]
    pub customer_id: Option<i64>,
    pub content: DocumentContent,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct IssueDocument {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub document: DocumentRef,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct GetDocument {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub document: DocumentRef,
}

/// Filters, sort and page of the document list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListDocuments {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub kind: Option<DocumentKind>,
    #[serde(default)]
    pub statuses: Vec<Status>,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub overdue: bool,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub sort: SortKey,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

/// A credit note for an invoice: the whole invoice by default, or the lines given.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CreditInvoice {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub invoice: DocumentRef,
    /// The lines to credit; absent: every line of the invoice (a full credit).
    #[serde(default)]
    pub lines: Option<Vec<Line>>,
    #[serde(default)]
    pub note: Option<String>,
    /// Issue the credit note at once (otherwise it stays a draft to review).
    #[serde(default)]
    pub issue: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PaymentAllocationInput {
    pub invoice: DocumentRef,
    /// The amount applied to this invoice; absent: the whole payment (one invoice only) or
    /// the invoice's balance.
    #[serde(default, with = "rust_decimal::serde::str_option")]
    #[specta(type = Option<String>)]
    pub amount: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RecordPayment {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub amount: Decimal,
    #[serde(default)]
    pub method: PaymentMethod,
    #[serde(default)]
    pub reference: Option<String>,
    pub allocations: Vec<PaymentAllocationInput>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListPayments {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub invoice: Option<DocumentRef>,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetSeriesPattern {
    pub series_id: i64,
    pub pattern: String,
    pub reset: Reset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CsvExport {
    Documents,
    Customers,
    Payments,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ExportCsv {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub what: CsvExport,
    /// For documents: the same filters as the list (paging ignored: every match).
    #[serde(default)]
    pub filter: ListDocuments,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SeedDemo {
    pub invoices: usize,
    /// A seller under the French VAT franchise instead of one charging VAT.
    #[serde(default)]
    pub franchise: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct DemoReport {
    pub org_id: i64,
    pub customers: usize,
    pub invoices: usize,
    pub credit_notes: usize,
    pub quotes: usize,
    pub drafts: usize,
    pub payments: usize,
}

/// Requests that name only the organization (the only one when absent).
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct OrgScope {
    #[serde(default)]
    pub org_id: Option<i64>,
}

/// A document of an organization.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DocumentInOrg {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub document: DocumentRef,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ArchiveCustomer {
    pub id: i64,
    pub archived: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct AnswerQuote {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub quote: DocumentRef,
    pub accepted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct DraftId {
    pub id: i64,
}

/// Totals of content being edited, before it is saved: the editor's live totals.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ComputeTotals {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// The buyer, when chosen (their language decides the wording of mentions).
    #[serde(default)]
    pub customer_id: Option<i64>,
    pub content: DocumentContent,
}

/// A logo as base64 (PNG, JPEG or SVG), or none to remove it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetLogo {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub bytes_base64: Option<String>,
}

/// What to save of a document into the documents folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SaveFormat {
    /// The PDF (Factur-X for an issued invoice or credit note).
    Pdf,
    /// The CII XML (the e-invoice alone).
    Cii,
    /// UBL 2.1 / Peppol BIS Billing 3.0.
    Ubl,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SaveDocument {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub document: DocumentRef,
    pub format: SaveFormat,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}

/// Where the application keeps its data, and what it is.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub data_dir: String,
    /// Where "save PDF / XML" writes.
    pub documents_dir: String,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ConvertQuote {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub quote: DocumentRef,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetDocumentSettings {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub settings: crate::DocumentSettings,
}
