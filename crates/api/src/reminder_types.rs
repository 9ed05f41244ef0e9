//! Requests and responses of the payment reminders (serde + specta, like `types.rs`).

use crate::DocumentRef;
use crate::ops_mail::OutboxRunReport;
use autoinvoice_domain::reminders::{Policy, Tone};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use autoinvoice_store::reminder_queue::ReminderRecord;
pub use autoinvoice_store::reminder_settings::ReminderSettings;

/// Run the reminders: queue what is due (or put it up for review), then deliver the outbox.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RunReminders {
    /// One organization; None: every organization of the database.
    #[serde(default)]
    pub org_id: Option<i64>,
    /// The clock: `2026-03-10T09:00:00Z`, `2026-03-10T09:00` (organization's zone) or
    /// `2026-03-10`; None: now.
    #[serde(default)]
    pub now: Option<String>,
    /// Say what would be done, do nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Queue only; leave delivery to the outbox's own run.
    #[serde(default)]
    pub no_delivery: bool,
}

/// What became of one due reminder in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReminderOutcome {
    /// Dry run: would be queued.
    WouldSend,
    /// Dry run: would wait for review.
    WouldReview,
    /// In the outbox, not delivered yet (or delivery not asked for).
    Queued,
    /// Accepted by the SMTP server.
    Sent,
    /// The outbox could not deliver it (see `outbox list`).
    Failed,
    /// Waiting for the user's approval.
    InReview,
    /// Another run (the app, a cron job) took it first, or the invoice changed meanwhile.
    AlreadyHandled,
    /// Cannot be sent as things are (no email address, no email account): nothing recorded,
    /// the next run tries again.
    Blocked,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct DueReminder {
    pub org_id: i64,
    pub invoice_id: i64,
    pub number: String,
    pub customer_id: i64,
    pub buyer_name: String,
    pub stage: String,
    pub tone: Tone,
    /// The day the stage fell on (earlier than today after the app was closed).
    pub due_on: NaiveDate,
    pub due_date: NaiveDate,
    pub days_late: i64,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub balance: Decimal,
    pub currency: String,
    pub to: Vec<String>,
    pub subject: Option<String>,
    pub outcome: ReminderOutcome,
    /// Why it is blocked, or the delivery error.
    pub message: Option<String>,
    pub reminder_id: Option<i64>,
    pub outbox_id: Option<i64>,
}

/// The day and switches an organization's run used.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct OrgReminderRun {
    pub org_id: i64,
    pub enabled: bool,
    pub review: bool,
    pub time_zone: String,
    pub today: NaiveDate,
    /// Reviews dropped because their invoice was paid, credited or paused meanwhile.
    pub dropped_reviews: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ReminderRunReport {
    pub dry_run: bool,
    pub now: String,
    pub organizations: Vec<OrgReminderRun>,
    pub reminders: Vec<DueReminder>,
    pub queued: u64,
    pub sent: u64,
    pub failed: u64,
    pub in_review: u64,
    pub already_handled: u64,
    pub blocked: u64,
    /// The outbox run after queuing (None: dry run, reminders off, or not asked for).
    pub delivery: Option<OutboxRunReport>,
    /// Why the outbox could not be run (the reminders stay queued for the next run).
    pub delivery_error: Option<crate::ApiError>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListReminders {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub now: Option<String>,
    /// How far ahead upcoming reminders are listed (default 14 days).
    #[serde(default)]
    pub days_ahead: Option<u32>,
    /// At most this many rows in each list (the soonest first); the `_total` fields still
    /// count them all. None: every row (a first run over a large book can be thousands).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A stage that will fall due if the invoice stays unpaid.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct UpcomingReminder {
    pub invoice_id: i64,
    pub number: String,
    pub customer_id: i64,
    pub buyer_name: String,
    pub stage: String,
    pub tone: Tone,
    pub due_on: NaiveDate,
    pub due_date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub balance: Decimal,
    pub currency: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ReminderList {
    pub org_id: i64,
    pub enabled: bool,
    pub review: bool,
    pub time_zone: String,
    pub today: NaiveDate,
    /// Due now: what the next run sends (or puts up for review).
    pub due: Vec<UpcomingReminder>,
    /// How many are due now (`due` may hold only the first of them: see `limit`).
    pub due_total: u32,
    /// Coming within `days_ahead`.
    pub upcoming: Vec<UpcomingReminder>,
    pub upcoming_total: u32,
    /// Waiting for approval.
    pub in_review: Vec<ReminderRecord>,
    pub in_review_total: u32,
}

/// An invoice's reminders: its history, its pause switch, what comes next.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct InvoiceReminders {
    pub invoice_id: i64,
    pub number: String,
    pub paused: bool,
    pub customer_paused: bool,
    /// "organization" or "customer": whose policy applies.
    pub policy_source: String,
    pub history: Vec<ReminderRecord>,
    pub next: Option<UpcomingReminder>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PauseInvoiceReminders {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub document: DocumentRef,
    pub paused: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PauseCustomerReminders {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub customer_id: i64,
    pub paused: bool,
}

/// A customer's reminder state.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct CustomerReminders {
    pub customer_id: i64,
    pub paused: bool,
    /// The customer's own policy; None: the organization's applies.
    pub policy: Option<Policy>,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetReminderSettings {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub settings: ReminderSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetCustomerReminderPolicy {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub customer_id: i64,
    /// None: back to the organization's policy.
    #[serde(default)]
    pub policy: Option<Policy>,
}

/// Approve or skip a reminder waiting for review.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ReviewReminder {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub reminder_id: i64,
    /// For approval: the clock of the figures stated (interest to date); None: now.
    #[serde(default)]
    pub now: Option<String>,
}

/// Approve or skip every reminder waiting for review.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ReviewAllReminders {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// true: approve them (their emails are queued); false: skip them (never sent).
    pub approve: bool,
    /// How many the person saw waiting: if the queue holds another count now, nothing is
    /// decided. None: whatever waits.
    #[serde(default)]
    pub expected: Option<u32>,
    /// For approval: the clock of the figures stated (interest to date); None: now.
    #[serde(default)]
    pub now: Option<String>,
}

/// What deciding every reminder waiting for review did.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ReviewAllOutcome {
    /// The reminders approved or skipped, as they are now.
    pub decided: Vec<ReminderRecord>,
    /// The ones that could not be, with why: they still wait for review.
    pub failed: Vec<ReviewFailure>,
}

/// A reminder that could not be approved or skipped with the others.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct ReviewFailure {
    pub reminder_id: i64,
    /// The invoice's number.
    pub number: String,
    pub code: String,
    pub message: String,
}
