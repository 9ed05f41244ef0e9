//! Recurring invoices: templates (`recurring_templates`) and the occurrences created from
//! them (`recurring_occurrences`). The schedule's arithmetic lives in the API; this module
//! keeps what was decided and makes each occurrence happen once.
//!
//! Idempotency: `recurring_occurrences` has UNIQUE (template_id, occurrence_index). An
//! occurrence is created in one write transaction (BEGIN IMMEDIATE: writers queue) that
//! re-reads the template (still there, not paused, the revision the caller read), checks
//! that the index is the next one, inserts the document — and, by the template's mode,
//! issues it, number and journal entry included — and the occurrence row, then commits. A
//! crash before COMMIT leaves nothing; a second runner finds the index taken. The email of
//! `issue_and_send` is queued afterwards, claimed by `mail_state` 'pending' → 'queued' in
//! the transaction that inserts it into the outbox, so it too is queued once.

mod mail;
mod occurrences;
mod templates;

pub use mail::PendingMail;
pub use occurrences::{NewOccurrence, OccurrenceOutcome};
pub use templates::{NewTemplate, TemplateChange};

use autoinvoice_domain::document::DocumentContent;
use autoinvoice_domain::lifecycle::Status;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{StoreError, StoreResult};
use crate::outbox::OutboxState;

fn corrupt(what: &str, s: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{s}'"))
}

/// The unit a schedule counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleUnit {
    Days,
    Weeks,
    Months,
}

impl ScheduleUnit {
    pub fn code(self) -> &'static str {
        match self {
            Self::Days => "days",
            Self::Weeks => "weeks",
            Self::Months => "months",
        }
    }

    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "days" => Ok(Self::Days),
            "weeks" => Ok(Self::Weeks),
            "months" => Ok(Self::Months),
            _ => Err(corrupt("schedule unit", s)),
        }
    }
}

/// When a template's invoices fall: occurrence k on `start` + k × `interval` units (for
/// months, the same day of the month as `start`, or the month's last day when it has fewer
/// days — always computed from `start`, so a template started on 31 January gives 28/29
/// February, then 31 March). Monthly is months × 1, quarterly months × 3, yearly months × 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub unit: ScheduleUnit,
    /// Every this many units, at least 1.
    pub interval: u32,
    /// The first occurrence.
    pub start: NaiveDate,
    /// No occurrence after this day (inclusive).
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// At most this many occurrences (skipped ones included).
    #[serde(default)]
    pub count: Option<u32>,
}

/// What a run does with an occurrence's invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RecurringMode {
    /// A draft to review and issue by hand.
    #[default]
    Draft,
    /// Issued (numbered, frozen) at once.
    Issue,
    /// Issued, and its email queued in the outbox.
    IssueAndSend,
}

impl RecurringMode {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Issue => "issue",
            Self::IssueAndSend => "issue_and_send",
        }
    }

    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "draft" => Ok(Self::Draft),
            "issue" => Ok(Self::Issue),
            "issue_and_send" => Ok(Self::IssueAndSend),
            _ => Err(corrupt("recurring mode", s)),
        }
    }

    pub fn issues(self) -> bool {
        self != Self::Draft
    }
}

/// The invoicing period (BT-73/BT-74) an occurrence's invoice states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ServicePeriod {
    /// No period on the invoice.
    #[default]
    None,
    /// Billed in advance: from the occurrence's day to the day before the next one.
    Current,
    /// Billed in arrears: from the previous occurrence's day to the day before this one.
    Previous,
}

impl ServicePeriod {
    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Current => "current",
            Self::Previous => "previous",
        }
    }

    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "none" => Ok(Self::None),
            "current" => Ok(Self::Current),
            "previous" => Ok(Self::Previous),
            _ => Err(corrupt("service period", s)),
        }
    }
}

/// Who receives the email of an `issue_and_send` template.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RecurringMail {
    /// Recipients; empty: the customer's first email address at the time of sending.
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    /// Attach the UBL XML beside the Factur-X PDF.
    #[serde(default)]
    pub ubl: bool,
}

/// Where an occurrence's email stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    /// The template does not send (draft or issue mode), or the occurrence was skipped.
    None,
    /// Issued; the email is still to be queued (the next run does it).
    Pending,
    /// In the outbox (`outbox_id`).
    Queued,
    /// Not sent: no address or no email account (`mail_error`). Send it by hand.
    Blocked,
}

impl MailState {
    pub fn code(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Pending => "pending",
            Self::Queued => "queued",
            Self::Blocked => "blocked",
        }
    }

    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "none" => Ok(Self::None),
            "pending" => Ok(Self::Pending),
            "queued" => Ok(Self::Queued),
            "blocked" => Ok(Self::Blocked),
            _ => Err(corrupt("mail state", s)),
        }
    }
}

/// A template as stored, with how far its schedule went.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct TemplateRecord {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub customer_id: i64,
    /// The customer's name today.
    pub customer_name: String,
    pub name: String,
    pub schedule: Schedule,
    pub mode: RecurringMode,
    pub service_period: ServicePeriod,
    pub paused: bool,
    /// The invoice's content (lines, currency, notes…), without dates.
    pub content: DocumentContent,
    pub mail: RecurringMail,
    /// Bumped by every change.
    pub revision: i64,
    /// Occurrences created (documents made).
    pub created: u32,
    /// Occurrences skipped while paused.
    pub skipped: u32,
    /// The index of the next occurrence (created + skipped).
    pub next_index: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// Whether an occurrence was made or passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceStatus {
    Created,
    /// Its day passed while the template was paused.
    Skipped,
}

/// One occurrence of a template.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct OccurrenceRecord {
    pub id: i64,
    pub template_id: i64,
    /// 0 for the schedule's start, 1 for the next…
    pub index: u32,
    /// The day the schedule put it on.
    pub scheduled_on: NaiveDate,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub status: OccurrenceStatus,
    /// The invoice; None once its draft was deleted (the period stays done).
    pub document_id: Option<i64>,
    pub number: Option<String>,
    pub document_status: Option<Status>,
    /// The date it was issued with: `scheduled_on`, or the day of the run when an invoice
    /// dated later had been issued meanwhile (dates never go backwards in a series), or when
    /// it was made ahead of its day.
    pub issue_date: Option<NaiveDate>,
    /// Made before its day (`recurring run --now`).
    pub ahead: bool,
    pub mail_state: MailState,
    pub outbox_id: Option<i64>,
    /// Where its email is: queued, sending, sent, failed, cancelled.
    pub delivery: Option<OutboxState>,
    pub mail_error: Option<String>,
    pub created_at: String,
}
