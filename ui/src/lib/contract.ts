// The one place the UI imports the Rust contract from: the generated bindings (tauri-specta),
// with short names. specta splits each type into what Rust sends (`_Serialize`: optional
// fields absent) and what it accepts (`_Deserialize`: optional fields may be null); the UI
// reads the first and builds the second.
export { commands, events } from './bindings';
export type {
  ApiError,
  AppInfo,
  CsvColumn,
  LineState,
  ArchiveCustomer,
  CsvExport,
  CustomerKind,
  DemoReport,
  DocumentKind,
  DocumentRef,
  DraftId,
  FacturXProfile,
  Language,
  OperationType,
  PaperSize,
  PaymentMethod,
  Reset,
  SaveFormat,
  SavedFile,
  Security,
  OutboxState,
  Preset,
  MailTestReport,
  SetSeriesPattern,
  SortKey,
  Status,
  VatCategory,
  VatRegime,
} from './bindings';
import type * as B from './bindings';

/** The shape of every command's answer (tauri-specta's `typedError`). */
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

// What Rust sends.
export type OrganizationRecord = B.OrganizationRecord_Serialize;
export type CustomerRecord = B.CustomerRecord_Serialize;
export type DocumentRecord = B.DocumentRecord_Serialize;
export type DocumentSummary = B.DocumentSummary_Serialize;
export type DocumentPage = B.DocumentPage_Serialize;
export type Totals = B.Totals_Serialize;
export type VatBreakdown = B.VatBreakdown_Serialize;
export type Dashboard = B.Dashboard_Serialize;
export type DashboardScreenData = B.DashboardScreen_Serialize;
export type ReminderList = B.ReminderList_Serialize;
export type CurrencyFigures = B.CurrencyFigures_Serialize;
export type MonthRevenue = B.MonthRevenue_Serialize;
export type PaymentRecord = B.PaymentRecord_Serialize;
export type SeriesRecord = B.SeriesRecord_Serialize;
export type DocumentSettings = B.DocumentSettings_Serialize;
export type VerifyReport = B.VerifyReport_Serialize;
export type MailConfig = B.MailConfig_Serialize;
export type MailPreview = B.MailPreview_Serialize;
export type OutboxItem = B.OutboxItem_Serialize;
export type OutboxRunReport = B.RunReport;
export type BankSummary = B.BankSummary_Serialize;
export type BankLineRecord = B.BankLineRecord_Serialize;
export type PurchaseRecord = B.PurchaseRecord_Serialize;
export type PurchaseImport = B.PurchaseImport_Serialize;
export type PurchaseView = B.PurchaseView_Serialize;
export type PurchaseInbox = B.PurchaseInbox_Serialize;
export type DeductibleLine = B.DeductibleLine_Serialize;
export type { ReceivedFinding } from './bindings';
export type StatementRecord = B.StatementRecord_Serialize;
export type StatementImport = B.StatementImport_Serialize;
export type CsvMapping = B.CsvMapping_Serialize;
export type OnlinePayments = B.OnlinePayments_Serialize;
export type StripeSettings = B.StripeSettings_Serialize;
export type StripeKeyTest = B.StripeKeyTest_Serialize;
export type AgingReport = B.AgingReport_Serialize;
export type AgingRow = B.AgingRow_Serialize;
export type RevenueReport = B.RevenueReport_Serialize;
export type VatReport = B.VatReport_Serialize;
export type FranchiseReport = B.FranchiseReport_Serialize;
export type ReportNote = B.ReportNote_Serialize;
export type FranchiseLimit = B.FranchiseLimit_Serialize;
export type SavedFec = B.SavedFec;
export type BackupSetup = B.BackupSetup_Serialize;
export type BackupFile = B.BackupFile;
export type BackupCheck = B.BackupCheck;
export type ReportKind = B.ReportKind;
export type Period = B.Period;

// What Rust accepts (a sent value of the same type is assignable to these).
export type Organization = B.Organization_Deserialize;
export type Customer = B.Customer_Deserialize;
export type Address = B.Address_Deserialize;
export type DocumentContent = B.DocumentContent_Deserialize;
export type Line = B.Line_Deserialize;
export type ListDocuments = B.ListDocuments_Deserialize;
export type SetMailConfig = B.SetMailConfig_Deserialize;
export type SendDocumentMail = B.SendDocumentMail_Deserialize;

// Recurring invoices: what Rust sends, then what it accepts.
export type { RecurringMode, ScheduleUnit, ServicePeriod, RecurringRan } from './bindings';
export type RecurringTemplate = B.RecurringTemplate_Serialize;
export type PlannedOccurrence = B.PlannedOccurrence_Serialize;
export type RecurringRunReport = B.RecurringRunReport_Serialize;
export type Schedule = B.Schedule_Deserialize;
export type CreateRecurring = B.CreateRecurring_Deserialize;
