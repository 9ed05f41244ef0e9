//! `reminders run|list|history|pause|resume|settings|policy|approve|skip`.

use crate::reminder_review::{self, ReviewArgs};
use crate::{input, output};
use autoinvoice_api::*;
use autoinvoice_domain::reminders::Policy;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum RemindersCommand {
    /// Queue every due reminder (the latest stage due per invoice), then deliver the outbox.
    /// For a cron job or a systemd timer: running it again sends nothing twice.
    Run {
        /// Say what would be sent; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// The clock: 2026-03-10T09:00:00Z, 2026-03-10T09:00 (organization's zone) or 2026-03-10.
        #[arg(long, value_name = "DATETIME")]
        now: Option<String>,
        /// Queue only; `outbox run` delivers.
        #[arg(long)]
        no_delivery: bool,
    },
    /// Reminders due now, coming soon, and waiting for review.
    List {
        #[arg(long, value_name = "DATETIME")]
        now: Option<String>,
        /// How many days ahead to look.
        #[arg(long, default_value_t = 14)]
        days: u32,
    },
    /// An invoice's reminders: history, pause, next stage.
    History { invoice: String },
    /// Pause the reminders of an invoice, or of every invoice of a customer.
    Pause(PauseArgs),
    /// Resume them.
    Resume(PauseArgs),
    /// Show or change the organization's settings (on/off, review, time zone, catch-up).
    Settings(SettingsArgs),
    /// Show, set (--set FILE.json) or reset the organization's policy, or a customer's own.
    Policy(PolicyArgs),
    /// Approve a reminder waiting for review, or --all of them: queue and deliver.
    Approve {
        #[command(flatten)]
        which: ReviewArgs,
        /// The clock of the figures stated (interest to date).
        #[arg(long, value_name = "DATETIME")]
        now: Option<String>,
    },
    /// Skip a reminder waiting for review, or --all of them: never sent.
    Skip {
        #[command(flatten)]
        which: ReviewArgs,
    },
}

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// The invoice, by number.
    #[arg(required_unless_present = "customer", conflicts_with = "customer")]
    pub invoice: Option<String>,
    /// A customer (id) instead: all of their invoices.
    #[arg(long, value_name = "ID")]
    pub customer: Option<i64>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Turn reminders on.
    #[arg(long, conflicts_with = "disable")]
    pub enable: bool,
    /// Turn reminders off.
    #[arg(long)]
    pub disable: bool,
    /// Review before sending: due reminders wait for `reminders approve`.
    #[arg(long, value_enum)]
    pub review: Option<OnOff>,
    /// IANA time zone (Europe/Paris), or "local" for the machine's.
    #[arg(long, value_name = "TZ")]
    pub time_zone: Option<String>,
    /// Do not send a stage more than N days behind ("none": no limit).
    #[arg(long, value_name = "N|none")]
    pub catch_up_days: Option<String>,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// A customer's own policy instead of the organization's.
    #[arg(long, value_name = "ID")]
    pub customer: Option<i64>,
    /// Set it from a JSON file: {"stages": [{"key", "offset_days", "tone", "texts"?}…]}.
    #[arg(long, value_name = "FILE.json", conflicts_with = "reset")]
    pub set: Option<PathBuf>,
    /// Back to the default (a customer: back to the organization's).
    #[arg(long)]
    pub reset: bool,
}

pub(crate) fn show<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) {
    if json {
        output::json(value);
    } else {
        println!("{}", text(value));
    }
}

fn outcome(o: ReminderOutcome) -> &'static str {
    match o {
        ReminderOutcome::WouldSend => "would send",
        ReminderOutcome::WouldReview => "would wait for review",
        ReminderOutcome::Queued => "queued",
        ReminderOutcome::Sent => "sent",
        ReminderOutcome::Failed => "failed",
        ReminderOutcome::InReview => "waiting for review",
        ReminderOutcome::AlreadyHandled => "already handled",
        ReminderOutcome::Blocked => "blocked",
    }
}

fn run_text(r: &ReminderRunReport) -> String {
    let mut lines = vec![];
    for o in &r.organizations {
        if !o.enabled {
            lines.push(format!(
                "Reminders are off for organization {}: `autoinvoice reminders settings --enable`",
                o.org_id
            ));
        } else {
            lines.push(format!(
                "Organization {}: {} ({}){}",
                o.org_id,
                o.today,
                o.time_zone,
                if o.review {
                    ", review before sending"
                } else {
                    ""
                }
            ));
        }
    }
    for m in &r.reminders {
        lines.push(format!(
            "  {:<14} {:<24} {} ({}, day of {})  {}  {}{}",
            m.number,
            m.buyer_name,
            m.stage,
            m.tone.code(),
            m.due_on,
            if m.to.is_empty() {
                "-".to_owned()
            } else {
                m.to.join(", ")
            },
            outcome(m.outcome),
            m.message
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default()
        ));
    }
    let prefix = if r.dry_run { "dry run: " } else { "" };
    lines.push(format!(
        "{prefix}{} due; {} queued, {} sent, {} failed, {} waiting for review, {} already handled, {} blocked",
        r.reminders.len(),
        r.queued,
        r.sent,
        r.failed,
        r.in_review,
        r.already_handled,
        r.blocked
    ));
    if r.delivery.as_ref().is_some_and(|d| d.busy) {
        lines.push("Another AutoInvoice is delivering the outbox: it sends what was queued".into());
    }
    if let Some(e) = &r.delivery_error {
        lines.push(format!(
            "The outbox could not be delivered ({}): the reminders stay queued",
            e.message
        ));
    }
    lines.join("\n")
}

fn upcoming_line(u: &UpcomingReminder) -> String {
    format!(
        "  {}  {:<14} {:<24} {} ({})  {} {}",
        u.due_on,
        u.number,
        u.buyer_name,
        u.stage,
        u.tone.code(),
        u.balance,
        u.currency
    )
}

pub(crate) fn record_line(r: &ReminderRecord) -> String {
    format!(
        "  {:>5}  {}  {:<14} {:<16} {:<10} {}{}",
        r.id,
        r.due_on,
        r.number,
        r.stage,
        r.status,
        r.delivery.map(|d| d.code()).unwrap_or("-"),
        r.error
            .as_deref()
            .map(|e| format!("  [{e}]"))
            .unwrap_or_default()
    )
}

fn list_text(l: &ReminderList) -> String {
    let mut s = vec![format!(
        "{} ({}){}{}",
        l.today,
        l.time_zone,
        if l.enabled { "" } else { ", reminders are off" },
        if l.review {
            ", review before sending"
        } else {
            ""
        }
    )];
    s.push(format!("Due now: {}", l.due.len()));
    s.extend(l.due.iter().map(upcoming_line));
    s.push(format!("Coming: {}", l.upcoming.len()));
    s.extend(l.upcoming.iter().map(upcoming_line));
    if !l.in_review.is_empty() {
        s.push(format!("Waiting for review: {}", l.in_review.len()));
        s.extend(l.in_review.iter().map(record_line));
    }
    s.join("\n")
}

fn history_text(h: &InvoiceReminders) -> String {
    let mut s = vec![format!(
        "{}: reminders {}{}, {} policy",
        h.number,
        if h.paused { "paused" } else { "on" },
        if h.customer_paused {
            " (paused for the customer)"
        } else {
            ""
        },
        h.policy_source
    )];
    s.extend(h.history.iter().map(record_line));
    match &h.next {
        Some(n) => s.push(format!("Next: {} on {}", n.stage, n.due_on)),
        None => s.push("Next: none".into()),
    }
    s.join("\n")
}

fn settings_text(s: &ReminderSettings) -> String {
    let mut lines = vec![format!(
        "Reminders {}{}; time zone {}; catch-up {}",
        if s.enabled { "on" } else { "off" },
        if s.review {
            ", review before sending"
        } else {
            ""
        },
        s.time_zone.as_deref().unwrap_or("local"),
        s.catch_up_days
            .map(|d| format!("{d} days"))
            .unwrap_or_else(|| "unlimited".into())
    )];
    lines.push(policy_text(&s.policy));
    lines.join("\n")
}

fn policy_text(p: &Policy) -> String {
    p.stages
        .iter()
        .map(|s| {
            format!(
                "  {:<16} day {:+}  {}{}",
                s.key,
                s.offset_days,
                s.tone.code(),
                if s.texts.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  (own text: {})",
                        s.texts
                            .iter()
                            .map(|t| t.language.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn customer_text(c: &CustomerReminders) -> String {
    format!(
        "Customer {}: reminders {}; {}",
        c.customer_id,
        if c.paused { "paused" } else { "on" },
        match &c.policy {
            Some(p) => format!("own policy:\n{}", policy_text(p)),
            None => "the organization's policy".into(),
        }
    )
}

fn catch_up(text: &str) -> ApiResult<Option<u32>> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    text.trim().parse::<u32>().map(Some).map_err(|_| {
        ApiError::invalid(format!(
            "--catch-up-days: '{text}' is not a number of days (or 'none')"
        ))
    })
}

async fn pause(
    api: &Api,
    json: bool,
    org: Option<i64>,
    a: PauseArgs,
    paused: bool,
) -> ApiResult<()> {
    match (a.customer, a.invoice) {
        (Some(customer_id), _) => {
            let r = api
                .pause_customer_reminders(PauseCustomerReminders {
                    org_id: org,
                    customer_id,
                    paused,
                })
                .await?;
            show(json, &r, customer_text);
        }
        (None, Some(invoice)) => {
            let r = api
                .pause_invoice_reminders(PauseInvoiceReminders {
                    org_id: org,
                    document: DocumentRef::parse(&invoice),
                    paused,
                })
                .await?;
            show(json, &r, history_text);
        }
        (None, None) => return Err(ApiError::invalid("name an invoice or --customer ID")),
    }
    Ok(())
}

pub async fn reminders(
    api: &Api,
    json: bool,
    org: Option<i64>,
    c: RemindersCommand,
) -> ApiResult<ExitCode> {
    match c {
        RemindersCommand::Run {
            dry_run,
            now,
            no_delivery,
        } => {
            let r = api
                .run_reminders(RunReminders {
                    org_id: org,
                    now,
                    dry_run,
                    no_delivery,
                })
                .await?;
            show(json, &r, run_text);
        }
        RemindersCommand::List { now, days } => {
            let r = api
                .list_reminders(ListReminders {
                    org_id: org,
                    now,
                    days_ahead: Some(days),
                    limit: None,
                })
                .await?;
            show(json, &r, list_text);
        }
        RemindersCommand::History { invoice } => {
            let r = api
                .invoice_reminders(org, &DocumentRef::parse(&invoice))
                .await?;
            show(json, &r, history_text);
        }
        RemindersCommand::Pause(a) => pause(api, json, org, a, true).await?,
        RemindersCommand::Resume(a) => pause(api, json, org, a, false).await?,
        RemindersCommand::Settings(a) => {
            let mut s = api.reminder_settings(org).await?;
            let changed = a.enable
                || a.disable
                || a.review.is_some()
                || a.time_zone.is_some()
                || a.catch_up_days.is_some();
            if changed {
                if a.enable {
                    s.enabled = true;
                }
                if a.disable {
                    s.enabled = false;
                }
                if let Some(r) = a.review {
                    s.review = matches!(r, OnOff::On);
                }
                if let Some(tz) = a.time_zone {
                    s.time_zone = (!tz.trim().eq_ignore_ascii_case("local")).then_some(tz);
                }
                if let Some(c) = a.catch_up_days {
                    s.catch_up_days = catch_up(&c)?;
                }
                s = api
                    .set_reminder_settings(SetReminderSettings {
                        org_id: org,
                        settings: s,
                    })
                    .await?;
            }
            show(json, &s, settings_text);
        }
        RemindersCommand::Policy(a) => {
            let new_policy = match (&a.set, a.reset) {
                (Some(file), _) => Some(Some(input::read_json::<Policy>(file)?)),
                (None, true) => Some(None),
                (None, false) => None,
            };
            match (a.customer, new_policy) {
                (Some(customer_id), Some(policy)) => {
                    let r = api
                        .set_customer_reminder_policy(SetCustomerReminderPolicy {
                            org_id: org,
                            customer_id,
                            policy,
                        })
                        .await?;
                    show(json, &r, customer_text);
                }
                (Some(customer_id), None) => show(
                    json,
                    &api.customer_reminders(org, customer_id).await?,
                    customer_text,
                ),
                (None, Some(policy)) => {
                    let mut s = api.reminder_settings(org).await?;
                    s.policy = policy.unwrap_or_else(|| api.default_reminder_policy());
                    let s = api
                        .set_reminder_settings(SetReminderSettings {
                            org_id: org,
                            settings: s,
                        })
                        .await?;
                    show(json, &s.policy, policy_text);
                }
                (None, None) => show(json, &api.reminder_settings(org).await?.policy, policy_text),
            }
        }
        RemindersCommand::Approve { which, now } => {
            return reminder_review::review(api, json, org, which, Some(now)).await;
        }
        RemindersCommand::Skip { which } => {
            return reminder_review::review(api, json, org, which, None).await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
