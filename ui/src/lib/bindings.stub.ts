// TEMPORARY stand-in for the generated `bindings.ts` (tauri-specta), written from the Rust types
// in crates/*/src so the UI compiles before the generated file lands. `contract.ts` re-exports
// whichever is current; once `bindings.ts` exists this file is deleted.
import { invoke } from '@tauri-apps/api/core';

export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };
export type ApiError = { code: string; message: string };

export type Decimal = string;
export type NaiveDate = string;
export type Currency = string;
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O';
export type VatRegime = 'normal' | 'franchise';
export type Language = 'fr' | 'en';
export type CustomerKind = 'business' | 'individual';
export type DocumentKind = 'invoice' | 'credit_note' | 'quote';
export type Status =
  | 'draft'
  | 'issued'
  | 'sent'
  | 'partially_paid'
  | 'paid'
  | 'credited'
  | 'accepted'
  | 'declined'
  | 'invoiced';
export type OperationType = 'goods' | 'services' | 'both';
export type PaymentMethod = 'transfer' | 'card' | 'stripe' | 'cash' | 'cheque' | 'other';
export type Reset = 'never' | 'yearly' | 'monthly';
export type SortKey = 'issue_date' | 'number' | 'due_date' | 'total' | 'customer' | 'status' | 'created';
export type PaperSize = 'a4' | 'letter';
export type FacturXProfile = 'basic' | 'en16931' | 'extended';
export type DocumentRef = number | string;

export type Address = {
  line1: string;
  line2?: string | null;
  line3?: string | null;
  postcode: string;
  city: string;
  country: string;
};
export type Organization = {
  legal_name: string;
  trading_name?: string | null;
  legal_form?: string | null;
  address: Address;
  siren?: string | null;
  siret?: string | null;
  vat_number?: string | null;
  registration?: string | null;
  iban?: string | null;
  bic?: string | null;
  email?: string | null;
  phone?: string | null;
  currency: Currency;
  language?: Language;
  payment_terms_days?: number;
  vat_regime?: VatRegime;
  vat_on_debits?: boolean;
  late_penalty_rate?: Decimal | null;
};
export type OrganizationRecord = { id: number; uid: string } & Organization;
export type Customer = {
  kind?: CustomerKind;
  name: string;
  address: Address;
  delivery_address?: Address | null;
  siren?: string | null;
  vat_number?: string | null;
  emails?: string[];
  language?: Language | null;
  currency?: Currency | null;
  payment_terms_days?: number | null;
  notes?: string | null;
};
export type CustomerRecord = { id: number; uid: string; org_id: number; archived: boolean } & Customer;
export type LineAllowanceCharge = {
  charge?: boolean;
  amount?: Decimal | null;
  percent?: Decimal | null;
  base?: Decimal | null;
  reason?: string | null;
  reason_code?: string | null;
};
export type Line = {
  name: string;
  description?: string | null;
  quantity: Decimal;
  unit?: string;
  unit_price: Decimal;
  gross_price?: Decimal | null;
  base_quantity?: Decimal | null;
  allowances_charges?: LineAllowanceCharge[];
  vat_category?: VatCategory | null;
  vat_rate?: Decimal | null;
};
export type AllowanceCharge = {
  charge?: boolean;
  amount?: Decimal | null;
  percent?: Decimal | null;
  base?: Decimal | null;
  vat_category?: VatCategory | null;
  vat_rate?: Decimal | null;
  reason?: string | null;
  reason_code?: string | null;
};
export type Exemption = { code: string | null; reason: string | null };
export type CategoryExemption = { category: VatCategory } & Exemption;
export type DocumentContent = {
  currency: Currency;
  issue_date?: NaiveDate | null;
  due_date?: NaiveDate | null;
  payment_terms_days?: number | null;
  delivery_date?: NaiveDate | null;
  period_start?: NaiveDate | null;
  period_end?: NaiveDate | null;
  buyer_reference?: string | null;
  purchase_order?: string | null;
  operation_type?: OperationType | null;
  note?: string | null;
  payment_terms_text?: string | null;
  valid_until?: NaiveDate | null;
  prices_include_vat?: boolean;
  lines: Line[];
  allowances_charges?: AllowanceCharge[];
  prepaid?: Decimal;
  rounding?: Decimal;
  exemptions?: CategoryExemption[];
};
export type VatBreakdown = {
  category: VatCategory;
  rate: Decimal | null;
  taxable: Decimal;
  tax: Decimal;
  exemption?: Exemption | null;
};
export type Totals = {
  line_nets: Decimal[];
  line_total: Decimal;
  allowance_total: Decimal;
  charge_total: Decimal;
  tax_exclusive: Decimal;
  tax_total: Decimal;
  tax_inclusive: Decimal;
  prepaid: Decimal;
  rounding: Decimal;
  due: Decimal;
  vat_breakdown: VatBreakdown[];
};
export type DocumentRecord = {
  id: number;
  uid: string;
  org_id: number;
  kind: DocumentKind;
  status: Status;
  number: string | null;
  customer_id: number;
  buyer_name: string;
  currency: Currency;
  issue_date: NaiveDate | null;
  due_date: NaiveDate | null;
  content: DocumentContent;
  totals: Totals;
  seller: Organization | null;
  buyer: Customer | null;
  paid: Decimal;
  credited: Decimal;
  balance: Decimal;
  preceding_id: number | null;
  content_hash: string | null;
  issued_at: string | null;
  sent_at: string | null;
  reminders_paused: boolean;
  created_at: string;
  updated_at: string;
};
export type DocumentSummary = {
  id: number;
  kind: string;
  status: string;
  number: string | null;
  customer_id: number;
  buyer_name: string;
  currency: string;
  issue_date: NaiveDate | null;
  due_date: NaiveDate | null;
  total_excl: Decimal;
  total_incl: Decimal;
  balance: Decimal;
  overdue: boolean;
};
export type DocumentPage = { total: number; total_is_exact: boolean; items: DocumentSummary[] };
export type CurrencyFigures = {
  currency: string;
  outstanding: Decimal;
  open_count: number;
  overdue: Decimal;
  overdue_count: number;
  paid_this_month: Decimal;
};
export type MonthRevenue = { month: string; currency: string; revenue: Decimal };
export type Dashboard = { today: NaiveDate; figures: CurrencyFigures[]; revenue_by_month: MonthRevenue[] };
export type Allocation = { invoice_id: number; number: string; amount: Decimal };
export type PaymentRecord = {
  id: number;
  uid: string;
  date: NaiveDate;
  amount: Decimal;
  currency: string;
  method: string;
  reference: string | null;
  allocations: Allocation[];
  created_at: string;
};
export type SeriesRecord = {
  id: number;
  org_id: number;
  kind: DocumentKind;
  name: string;
  pattern: string;
  reset: Reset;
  period: string;
  next_seq: number;
  last_issue_date: NaiveDate | null;
  is_default: boolean;
};
export type DocumentSettings = {
  paper: PaperSize;
  accent: string;
  font_size: number;
  show_payment: boolean;
  show_payment_qr: boolean;
  show_notes: boolean;
  show_footer: boolean;
  show_delivery_address: boolean;
  profile: FacturXProfile;
};
export type Problem = { entry: number | null; document: string | null; message: string };
export type VerifyReport = { org_id: number; entries: number; documents: number; payments: number; problems: Problem[] };
export type AppInfo = { version: string; db_path: string; data_dir: string; today: NaiveDate; documents_dir: string };
export type SavedFile = { path: string; bytes: number };
export type DemoReport = {
  org_id: number;
  customers: number;
  invoices: number;
  credit_notes: number;
  quotes: number;
  drafts: number;
  payments: number;
};

export type UpdateOrganization = { id: number; organization: Organization };
export type SeedDemo = { invoices: number; franchise?: boolean };
export type OrgOnly = { org_id: number | null };
export type ListCustomers = {
  org_id?: number | null;
  search?: string | null;
  include_archived?: boolean;
  limit?: number | null;
  offset?: number | null;
};
export type CreateCustomer = { org_id?: number | null; customer: Customer };
export type UpdateCustomer = { id: number; customer: Customer };
export type ArchiveCustomer = { id: number; archived: boolean };
export type ListDocuments = {
  org_id?: number | null;
  kind?: DocumentKind | null;
  statuses?: Status[];
  customer_id?: number | null;
  overdue?: boolean;
  from?: NaiveDate | null;
  to?: NaiveDate | null;
  search?: string | null;
  sort?: SortKey;
  descending?: boolean;
  limit?: number | null;
  offset?: number | null;
};
export type GetDocument = { org_id?: number | null; document: DocumentRef };
export type CreateDocument = {
  org_id?: number | null;
  kind?: DocumentKind;
  customer_id: number;
  preceding?: DocumentRef | null;
} & DocumentContent;
export type UpdateDraft = { id: number; customer_id?: number | null; content: DocumentContent };
export type ById = { id: number };
export type IssueDocument = { org_id?: number | null; document: DocumentRef };
export type ComputeTotals = { org_id?: number | null; customer_id?: number | null; content: DocumentContent };
export type CreditInvoice = {
  org_id?: number | null;
  invoice: DocumentRef;
  lines?: Line[] | null;
  note?: string | null;
  issue?: boolean;
};
export type ConvertQuote = { org_id: number | null; quote: DocumentRef };
export type AnswerQuote = { org_id: number | null; quote: DocumentRef; accepted: boolean };
export type MarkSent = { org_id: number | null; document: DocumentRef };
export type PaymentAllocationInput = { invoice: DocumentRef; amount?: Decimal | null };
export type RecordPayment = {
  org_id?: number | null;
  date?: NaiveDate | null;
  amount: Decimal;
  method?: PaymentMethod;
  reference?: string | null;
  allocations: PaymentAllocationInput[];
};
export type ListPayments = {
  org_id?: number | null;
  invoice?: DocumentRef | null;
  limit?: number | null;
  offset?: number | null;
};
export type SetSeriesPattern = { series_id: number; pattern: string; reset: Reset };
export type SetDocumentSettings = { org_id: number | null; settings: DocumentSettings };
export type SetLogo = { org_id: number | null; bytes_base64: string | null };
export type DocumentFile = { org_id: number | null; document: DocumentRef };
export type SaveFormat = 'pdf' | 'cii' | 'ubl';
export type SaveDocument = { org_id?: number | null; document: DocumentRef; format: SaveFormat };
export type CsvExport = 'documents' | 'customers' | 'payments';
export type ExportCsv = { org_id?: number | null; what: CsvExport; filter?: ListDocuments };

async function run<T>(cmd: string, req?: unknown): Promise<Result<T, ApiError>> {
  try {
    return { status: 'ok', data: await invoke<T>(cmd, req === undefined ? {} : { req }) };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { status: 'error', error: e as ApiError };
  }
}

export const commands = {
  appInfo: () => invoke<AppInfo>('app_info'),
  organizations: () => run<OrganizationRecord[]>('organizations'),
  createOrganization: (req: Organization) => run<OrganizationRecord>('create_organization', req),
  updateOrganization: (req: UpdateOrganization) => run<OrganizationRecord>('update_organization', req),
  seedDemo: (req: SeedDemo) => run<DemoReport>('seed_demo', req),
  dashboard: (req: OrgOnly) => run<Dashboard>('dashboard', req),
  listCustomers: (req: ListCustomers) => run<CustomerRecord[]>('list_customers', req),
  createCustomer: (req: CreateCustomer) => run<CustomerRecord>('create_customer', req),
  updateCustomer: (req: UpdateCustomer) => run<CustomerRecord>('update_customer', req),
  archiveCustomer: (req: ArchiveCustomer) => run<CustomerRecord>('archive_customer', req),
  listDocuments: (req: ListDocuments) => run<DocumentPage>('list_documents', req),
  getDocument: (req: GetDocument) => run<DocumentRecord>('get_document', req),
  createDocument: (req: CreateDocument) => run<DocumentRecord>('create_document', req),
  updateDraft: (req: UpdateDraft) => run<DocumentRecord>('update_draft', req),
  deleteDraft: (req: ById) => run<null>('delete_draft', req),
  issueDocument: (req: IssueDocument) => run<DocumentRecord>('issue_document', req),
  duplicateDocument: (req: ById) => run<DocumentRecord>('duplicate_document', req),
  computeTotals: (req: ComputeTotals) => run<Totals>('compute_totals', req),
  creditInvoice: (req: CreditInvoice) => run<DocumentRecord>('credit_invoice', req),
  convertQuote: (req: ConvertQuote) => run<DocumentRecord>('convert_quote', req),
  answerQuote: (req: AnswerQuote) => run<DocumentRecord>('answer_quote', req),
  markSent: (req: MarkSent) => run<DocumentRecord>('mark_sent', req),
  recordPayment: (req: RecordPayment) => run<PaymentRecord>('record_payment', req),
  listPayments: (req: ListPayments) => run<PaymentRecord[]>('list_payments', req),
  series: (req: OrgOnly) => run<SeriesRecord[]>('series', req),
  setSeriesPattern: (req: SetSeriesPattern) => run<SeriesRecord>('set_series_pattern', req),
  documentSettings: (req: OrgOnly) => run<DocumentSettings>('document_settings', req),
  setDocumentSettings: (req: SetDocumentSettings) => run<null>('set_document_settings', req),
  setLogo: (req: SetLogo) => run<null>('set_logo', req),
  previewPdf: (req: DocumentFile) => run<string>('preview_pdf', req),
  saveDocument: (req: SaveDocument) => run<SavedFile>('save_document', req),
  verifyJournal: (req: OrgOnly) => run<VerifyReport[]>('verify_journal', req),
  exportCsv: (req: ExportCsv) => run<string>('export_csv', req),
};
