//! The command line, as clap parses it. These commands are a stable contract.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "autoinvoice",
    version,
    about = "AutoInvoice: invoices, quotes, credit notes and payments, offline."
)]
pub struct Cli {
    /// The database file (default: the OS data directory).
    #[arg(long, global = true, env = "AUTOINVOICE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The organization (seller) to work on, when the database holds several.
    #[arg(long, global = true, value_name = "ID")]
    pub org: Option<i64>,
    /// Act as if today were this date (YYYY-MM-DD): tests and previews.
    #[arg(
        long,
        global = true,
        env = "AUTOINVOICE_TODAY",
        value_name = "DATE",
        hide = true
    )]
    pub today: Option<chrono::NaiveDate>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seed a demo sole trader with customers, invoices in every state, quotes and payments.
    Demo {
        /// How many invoices.
        #[arg(long, default_value_t = 50)]
        invoices: usize,
        /// A seller under the French VAT franchise (no VAT charged).
        #[arg(long)]
        franchise: bool,
    },
    /// Organizations (sellers).
    #[command(subcommand)]
    Org(OrgCommand),
    /// Number series.
    #[command(subcommand)]
    Series(SeriesCommand),
    /// Customers.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Invoices, credit notes and quotes.
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// Quotes: answers and conversion to an invoice.
    #[command(subcommand)]
    Quote(QuoteCommand),
    /// The Stripe account that payment links are made in.
    #[command(subcommand)]
    Stripe(crate::online::StripeCommand),
    /// Bank statements: import, match credits to invoices, confirm into payments.
    #[command(subcommand)]
    Bank(crate::bank::BankCommand),
    /// Received supplier e-invoices: import, list, show, export the original.
    #[command(subcommand)]
    Purchase(crate::purchase::PurchaseCommand),
    /// Payments.
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// Reports: aging, revenue, VAT, the franchise tracker, the FEC.
    #[command(subcommand)]
    Report(crate::reports::ReportCommand),
    /// Backups of the whole book: create, list, verify, restore.
    #[command(subcommand)]
    Backup(crate::backup::BackupCommand),
    /// The append-only journal.
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Outstanding, overdue, paid this month, revenue per month.
    Dashboard,
    /// Export data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Import data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Email: the SMTP account, presets and a test message.
    #[command(subcommand)]
    Mail(crate::mail::MailCommand),
    /// The email outbox: list, retry, cancel, deliver what is due.
    #[command(subcommand)]
    Outbox(crate::mail::OutboxCommand),
    /// Payment reminders: run, list, history, pause, settings, policies, review.
    #[command(subcommand)]
    Reminders(crate::reminders::RemindersCommand),
    /// Recurring invoices: templates with a schedule, created as drafts or issued (and sent)
    /// by `recurring run` or the app; after days closed, each missed occurrence once.
    #[command(subcommand)]
    Recurring(crate::recurring::RecurringCommand),
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organization from a JSON file (see docs/organization.example.json).
    Create {
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    /// Replace an organization's details from a JSON file.
    Update {
        id: i64,
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    List,
    Show,
    /// Show the document template options, or replace them from a JSON file
    /// (paper, accent, font_size, show_payment, show_payment_qr, show_notes, show_footer,
    /// show_delivery_address, profile).
    Documents {
        #[arg(long, value_name = "FILE.json")]
        set: Option<PathBuf>,
    },
    /// Set the logo printed on documents (PNG, JPEG or SVG), or remove it.
    Logo {
        #[arg(required_unless_present = "remove")]
        file: Option<PathBuf>,
        #[arg(long)]
        remove: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SeriesCommand {
    List,
    /// Change a series' pattern, e.g. `F-{YYYY}-{seq:4}`.
    Set {
        id: i64,
        #[arg(long)]
        pattern: String,
        #[arg(long, value_enum, default_value_t = ResetArg::Yearly)]
        reset: ResetArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResetArg {
    Never,
    Yearly,
    Monthly,
}

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Create a customer from a JSON file (see docs/customer.example.json).
    Create {
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    Update {
        id: i64,
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    Show {
        id: i64,
    },
    List {
        #[arg(long)]
        search: Option<String>,
        /// Include archived customers.
        #[arg(long)]
        archived: bool,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long, default_value_t = 0)]
        offset: i64,
    },
    /// Archive a customer (or restore it with --restore).
    Archive {
        id: i64,
        #[arg(long)]
        restore: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Create a draft from a JSON file whose schema is the API's CreateDocument
    /// (see docs/invoice-json.md).
    Create {
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    /// Replace a draft's content from a JSON file (the same schema).
    Update {
        id: i64,
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    /// Delete a draft.
    Delete { id: i64 },
    /// Issue a draft: number it and freeze it.
    Issue {
        /// The draft's id.
        document: String,
    },
    /// Show a document by number or id.
    Show { document: String },
    /// List documents.
    List(ListArgs),
    /// Create a credit note for an invoice (all of it unless --lines-from gives lines).
    Credit {
        invoice: String,
        /// A JSON file holding an array of lines to credit.
        #[arg(long, value_name = "FILE.json")]
        lines_from: Option<PathBuf>,
        #[arg(long)]
        note: Option<String>,
        /// Issue the credit note at once.
        #[arg(long)]
        issue: bool,
    },
    /// Record that a document was sent to the customer.
    MarkSent { document: String },
    /// Email an invoice or credit note (Factur-X PDF attached) through the outbox.
    Send(crate::mail::SendArgs),
    /// Write the PDF (Factur-X for an issued invoice or credit note; drafts watermarked).
    Pdf {
        document: String,
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// Write the e-invoice XML of an issued invoice or credit note.
    Xml {
        document: String,
        #[arg(long, value_enum, default_value_t = XmlFormatArg::Cii)]
        format: XmlFormatArg,
        #[arg(short, long, value_name = "FILE.xml")]
        output: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum XmlFormatArg {
    Cii,
    Ubl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Invoice,
    CreditNote,
    Quote,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    IssueDate,
    Number,
    DueDate,
    Total,
    Customer,
    Status,
    Created,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Repeatable: draft, issued, sent, partially_paid, paid, credited, accepted, declined, invoiced.
    #[arg(long)]
    pub status: Vec<String>,
    #[arg(long, value_name = "ID")]
    pub customer: Option<i64>,
    /// Only overdue invoices.
    #[arg(long)]
    pub overdue: bool,
    /// Issued on or after (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// Issued on or before (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// Text search in number, customer, notes and lines.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t = SortArg::IssueDate)]
    pub sort: SortArg,
    /// Ascending order (default: newest first).
    #[arg(long)]
    pub asc: bool,
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
    #[arg(long, default_value_t = 0)]
    pub offset: i64,
}

#[derive(Debug, Subcommand)]
pub enum QuoteCommand {
    Accept {
        quote: String,
    },
    Decline {
        quote: String,
    },
    /// Turn a quote into a draft invoice.
    Convert {
        quote: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Record a payment: `--invoice F-2026-0001` (the whole amount), or several
    /// `--invoice NUMBER:AMOUNT` for one payment settling several invoices.
    Record {
        #[arg(long, required = true, value_name = "NUMBER[:AMOUNT]")]
        invoice: Vec<String>,
        #[arg(long)]
        amount: String,
        /// Default: today.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[arg(long, default_value = "transfer")]
        method: String,
        #[arg(long)]
        reference: Option<String>,
    },
    List {
        #[arg(long)]
        invoice: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long, default_value_t = 0)]
        offset: i64,
    },
    /// The invoice's online payment link (made now, or queued while Stripe cannot be reached).
    Link {
        number: String,
        #[arg(long, value_enum, default_value = "stripe")]
        provider: crate::online::ProviderArg,
    },
    /// Make queued links, record what was paid online, note refunds.
    Sync,
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Check the hash chain and every issued document and payment against it.
    Verify,
    /// Print the journal.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The PDF of every issued document, rendered on every core.
    Pdf {
        /// Every issued document (the only selection today).
        #[arg(long, required = true)]
        all: bool,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// CSV of documents (with the list's filters), customers or payments.
    Csv {
        #[arg(long, value_enum, default_value_t = CsvWhat::Documents)]
        what: CsvWhat,
        /// Output file (default: standard output).
        #[arg(short, long, value_name = "FILE.csv")]
        output: Option<PathBuf>,
        #[command(flatten)]
        filter: ListArgs,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CsvWhat {
    Documents,
    Customers,
    Payments,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import customers from CSV (columns: name, kind, emails, line1, line2, postcode, city,
    /// country, siren, vat_number, language, currency, payment_terms_days, notes).
    Customers { file: PathBuf },
}
