//! Requests and responses of recurring invoices (serde + specta, like `types.rs`).

use crate::ApiError;
use crate::ops_mail::OutboxRunReport;
use autoinvoice_domain::document::DocumentContent;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use autoinvoice_store::recurring::{
    MailState, OccurrenceRecord, OccurrenceStatus, RecurringMail, RecurringMode, Schedule,
    ScheduleUnit, ServicePeriod, TemplateRecord,
};

/// A new template: the JSON schema of `autoinvoice recurring create --from FILE.json`.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CreateRecurring {
    #[serde(default)]
    pub org_id: Option<i64>,
    /// How the user calls it ("Hosting — ACME").
    pub name: String,
    pub customer_id: i64,
    pub schedule: Schedule,
    /// `draft` (default), `issue` or `issue_and_send`.
    #[serde(default)]
    pub mode: RecurringMode,
    /// The invoicing period each invoice states: `none` (default), `current`, `previous`.
    #[serde(default)]
    pub service_period: ServicePeriod,
    /// Created paused: nothing is made until it is resumed.
    #[serde(default)]
    pub paused: bool,
    /// Recipients of `issue_and_send` (default: the customer's first address).
    #[serde(default)]
    pub mail: RecurringMail,
    /// The invoice: currency, lines, notes, terms… as `invoice create` takes them, without
    /// dates (each occurrence sets its own).
    pub content: DocumentContent,
}

/// A template's new state. The schedule's unit, interval and start may change only while
/// no occurrence exists; its end and count at any time.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct UpdateRecurring {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub id: i64,
    pub name: String,
    pub customer_id: i64,
    pub schedule: Schedule,
    #[serde(default)]
    pub mode: RecurringMode,
    #[serde(default)]
    pub service_period: ServicePeriod,
    #[serde(default)]
    pub mail: RecurringMail,
    pub content: DocumentContent,
}

/// One template of an organization.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RecurringId {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub id: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ListRecurring {
    #[serde(default)]
    pub org_id: Option<i64>,
}

/// Pause a template, or resume it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SetRecurringPaused {
    #[serde(default)]
    pub org_id: Option<i64>,
    pub id: i64,
    pub paused: bool,
    /// On resuming: create the occurrences whose day passed while it was paused (at the
    /// next run). Default: they are skipped — a pause means those periods are not billed.
    #[serde(default)]
    pub catch_up: bool,
}

/// The dates a schedule gives, before creating anything (the template editor's preview).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PreviewSchedule {
    pub schedule: Schedule,
    #[serde(default)]
    pub service_period: ServicePeriod,
    /// From this occurrence index (default 0).
    #[serde(default)]
    pub from_index: u32,
    /// How many (default 12, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// An occurrence the schedule gives, created or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PlannedOccurrence {
    pub index: u32,
    pub date: NaiveDate,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
}

/// A template with where its schedule stands today.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct RecurringTemplate {
    #[serde(flatten)]
    pub template: TemplateRecord,
    /// The organization's calendar day the figures below are for.
    pub today: NaiveDate,
    /// The next occurrence to create; None when the schedule is over.
    pub next: Option<PlannedOccurrence>,
    /// How many occurrences are due (day come, not created): a run creates them. 0 while
    /// paused.
    pub due_now: u32,
    /// The schedule has no occurrence left (end date or count reached).
    pub finished: bool,
}

/// A template, its occurrences and the next days.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct RecurringDetail {
    pub template: RecurringTemplate,
    /// Oldest first.
    pub occurrences: Vec<OccurrenceRecord>,
    /// The next few occurrences to come.
    pub upcoming: Vec<PlannedOccurrence>,
}

/// The result of a pause or a resume.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct RecurringPaused {
    pub template: RecurringTemplate,
    /// Occurrences whose day passed while paused, recorded as skipped on resuming.
    pub skipped: u32,
}

/// Create what is due: every occurrence whose day has come (the organization's calendar
/// day, in its reminder time zone), not yet created, oldest first, each once.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RunRecurring {
    /// One organization; None: every organization of the database.
    #[serde(default)]
    pub org_id: Option<i64>,
    /// Only this template (refused when it is paused); None: every template not paused.
    #[serde(default)]
    pub template_id: Option<i64>,
    /// With `template_id`: after what is due, also create the template's next occurrence
    /// now, ahead of its day. It counts as that occurrence (nothing more comes on its day),
    /// is dated today when issued (never in the future), and states its own period.
    #[serde(default)]
    pub now: bool,
    /// Say what would be created; create nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Queue emails only; leave delivery to the outbox's own run.
    #[serde(default)]
    pub no_delivery: bool,
}

/// What became of one occurrence in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RecurringOutcome {
    /// Dry run: would be created.
    WouldCreate,
    /// Created as a draft.
    Draft,
    /// Issued (numbered and frozen).
    Issued,
    /// Issued, its email in the outbox.
    Queued,
    /// Issued, its email accepted by the SMTP server.
    Sent,
    /// Issued, but its email cannot be sent (no address, no email account): `message`
    /// says why; send it by hand.
    MailBlocked,
    /// Another run (the app, a cron job) created it first: nothing done.
    AlreadyCreated,
    /// Not created (`code`, `message` say why: a customer archived, a rule of issue…):
    /// nothing recorded, the template's later occurrences wait, the next run tries again.
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct RecurringRunItem {
    pub org_id: i64,
    pub template_id: i64,
    pub template_name: String,
    pub index: u32,
    /// The day the schedule put it on.
    pub scheduled_on: NaiveDate,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub outcome: RecurringOutcome,
    pub document_id: Option<i64>,
    pub number: Option<String>,
    /// The date it was issued with (see `OccurrenceRecord::issue_date`).
    pub issue_date: Option<NaiveDate>,
    /// Made before its day (`now`).
    pub ahead: bool,
    pub outbox_id: Option<i64>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// The day an organization's run used.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct OrgRecurringRun {
    pub org_id: i64,
    pub time_zone: String,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
pub struct RecurringRunReport {
    pub dry_run: bool,
    pub organizations: Vec<OrgRecurringRun>,
    /// Oldest first per template.
    pub items: Vec<RecurringRunItem>,
    /// Documents made (drafts and issued).
    pub created: u32,
    /// Of which issued.
    pub issued: u32,
    /// Emails queued (by this run, for its own or an earlier run's occurrences).
    pub queued: u32,
    /// Of which accepted by the SMTP server during this run's delivery.
    pub sent: u32,
    pub mail_blocked: u32,
    pub already_created: u32,
    pub failed: u32,
    /// The outbox run after queuing (None: nothing queued, dry run, or not asked for).
    pub delivery: Option<OutboxRunReport>,
    /// Why the outbox could not be run (the emails stay queued for its next run).
    pub delivery_error: Option<ApiError>,
}

impl RecurringRunReport {
    pub(crate) fn new(dry_run: bool) -> Self {
        Self {
            dry_run,
            organizations: vec![],
            items: vec![],
            created: 0,
            issued: 0,
            queued: 0,
            sent: 0,
            mail_blocked: 0,
            already_created: 0,
            failed: 0,
            delivery: None,
            delivery_error: None,
        }
    }

    /// Adds an item and counts it.
    pub(crate) fn push(&mut self, item: RecurringRunItem) {
        match item.outcome {
            RecurringOutcome::Draft => self.created += 1,
            RecurringOutcome::Issued | RecurringOutcome::Queued | RecurringOutcome::Sent => {
                self.created += 1;
                self.issued += 1;
            }
            RecurringOutcome::MailBlocked => {
                self.created += 1;
                self.issued += 1;
                self.mail_blocked += 1;
            }
            RecurringOutcome::AlreadyCreated => self.already_created += 1,
            RecurringOutcome::Failed => self.failed += 1,
            RecurringOutcome::WouldCreate => {}
        }
        if item.outcome == RecurringOutcome::Queued {
            self.queued += 1;
        }
        self.items.push(item);
    }

    /// Adds the email of an occurrence an earlier run issued (queued or blocked now).
    pub(crate) fn push_mail(&mut self, item: RecurringRunItem) {
        match item.outcome {
            RecurringOutcome::Queued => self.queued += 1,
            RecurringOutcome::MailBlocked => self.mail_blocked += 1,
            _ => {}
        }
        self.items.push(item);
    }
}
