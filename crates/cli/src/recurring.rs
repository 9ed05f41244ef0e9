//! `recurring create|list|show|update|pause|resume|delete|run|preview`: recurring invoices.

use crate::input;
use crate::output::show;
use autoinvoice_api::*;
use autoinvoice_domain::document::DocumentKind;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

mod text;

#[derive(Debug, Subcommand)]
pub enum RecurringCommand {
    /// Create a template: from a JSON file (--from, see docs/recurring.md), or from an
    /// invoice file as `invoice create` takes it (--invoice) with the schedule as options.
    Create(CreateArgs),
    /// The templates, with their next occurrence and how many are due.
    List,
    /// A template, its occurrences (made or skipped) and the next ones.
    Show { id: i64 },
    /// Replace a template from a JSON file (the shape of `create --from`).
    Update {
        id: i64,
        #[arg(long, value_name = "FILE.json")]
        from: PathBuf,
    },
    /// Pause a template: no run makes anything of it.
    Pause { id: i64 },
    /// Resume it. Occurrences whose day passed while paused are skipped, unless --catch-up.
    Resume {
        id: i64,
        /// Create the occurrences missed while paused (at the next run) instead.
        #[arg(long)]
        catch_up: bool,
    },
    /// Delete a template; the invoices it made stay.
    Delete { id: i64 },
    /// Create every occurrence due today or earlier, oldest first, each once, then deliver
    /// the outbox. For a cron job or a systemd timer: running it again creates nothing
    /// twice. Exits 1 when an occurrence could not be made.
    Run {
        /// Only this template (refused when it is paused).
        template: Option<i64>,
        /// Also create the template's next occurrence now, ahead of its day: it counts as
        /// that occurrence (nothing more is made on its day) and is dated today if issued.
        #[arg(long, requires = "template")]
        now: bool,
        /// Say what would be created; create nothing.
        #[arg(long)]
        dry_run: bool,
        /// Queue emails only; `outbox run` delivers.
        #[arg(long)]
        no_delivery: bool,
    },
    /// The days a schedule gives, without creating anything.
    Preview {
        #[command(flatten)]
        schedule: ScheduleArgs,
        /// How many occurrences.
        #[arg(long, default_value_t = 12)]
        limit: u32,
    },
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// monthly, quarterly, yearly, weekly, daily, or N days|weeks|months|years (2w, 10d, 6m).
    #[arg(long, value_name = "EVERY")]
    pub every: String,
    /// The first occurrence; later ones fall on the same day of the month (or the month's
    /// last day).
    #[arg(long, value_name = "DAY")]
    pub start: NaiveDate,
    /// No occurrence after this day.
    #[arg(long, value_name = "DAY")]
    pub end: Option<NaiveDate>,
    /// At most this many occurrences.
    #[arg(long, value_name = "N")]
    pub count: Option<u32>,
    /// The invoicing period each invoice states.
    #[arg(long, value_enum, default_value = "none")]
    pub period: PeriodArg,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The whole template as JSON.
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["invoice", "name", "every"])]
    pub from: Option<PathBuf>,
    /// The invoice to repeat, as `invoice create --from` takes it (customer_id, lines…, no dates).
    #[arg(long, value_name = "FILE.json", required_unless_present = "from", requires_all = ["name", "every", "start"])]
    pub invoice: Option<PathBuf>,
    #[arg(long)]
    pub name: Option<String>,
    /// monthly, quarterly, yearly, weekly, daily, or N days|weeks|months|years (2w, 10d, 6m).
    #[arg(long, value_name = "EVERY")]
    pub every: Option<String>,
    #[arg(long, value_name = "DAY")]
    pub start: Option<NaiveDate>,
    #[arg(long, value_name = "DAY")]
    pub end: Option<NaiveDate>,
    #[arg(long, value_name = "N")]
    pub count: Option<u32>,
    #[arg(long, value_enum, default_value = "draft")]
    pub mode: ModeArg,
    #[arg(long, value_enum, default_value = "none")]
    pub period: PeriodArg,
    /// Create it paused.
    #[arg(long)]
    pub paused: bool,
    /// Recipients of issue-and-send (default: the customer's first address).
    #[arg(long, value_name = "ADDR")]
    pub to: Vec<String>,
    #[arg(long, value_name = "ADDR")]
    pub cc: Vec<String>,
    /// Attach the UBL XML too.
    #[arg(long)]
    pub ubl: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    Draft,
    Issue,
    IssueAndSend,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    None,
    Current,
    Previous,
}

fn period(p: PeriodArg) -> ServicePeriod {
    match p {
        PeriodArg::None => ServicePeriod::None,
        PeriodArg::Current => ServicePeriod::Current,
        PeriodArg::Previous => ServicePeriod::Previous,
    }
}

/// "monthly", "quarterly", "2w", "10 days", "6-months"… as (unit, interval).
fn every(text: &str) -> ApiResult<(ScheduleUnit, u32)> {
    let t = text.trim().to_lowercase();
    let named = match t.as_str() {
        "daily" => Some((ScheduleUnit::Days, 1)),
        "weekly" => Some((ScheduleUnit::Weeks, 1)),
        "monthly" => Some((ScheduleUnit::Months, 1)),
        "quarterly" => Some((ScheduleUnit::Months, 3)),
        "yearly" | "annually" => Some((ScheduleUnit::Months, 12)),
        _ => None,
    };
    if let Some(n) = named {
        return Ok(n);
    }
    let bad = || {
        ApiError::new(
            "invalid_interval",
            format!(
                "'{text}': use monthly, quarterly, yearly, weekly, daily, or N days|weeks|months|years"
            ),
        )
    };
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let n: u32 = t[..digits].parse().map_err(|_| bad())?;
    let unit = t[digits..].trim_start_matches([' ', '-']);
    match unit {
        "d" | "day" | "days" => Ok((ScheduleUnit::Days, n)),
        "w" | "week" | "weeks" => Ok((ScheduleUnit::Weeks, n)),
        "m" | "month" | "months" => Ok((ScheduleUnit::Months, n)),
        "y" | "year" | "years" => Ok((ScheduleUnit::Months, n.checked_mul(12).ok_or_else(bad)?)),
        _ => Err(bad()),
    }
}

fn schedule(
    every_text: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    count: Option<u32>,
) -> ApiResult<Schedule> {
    let (unit, interval) = every(every_text)?;
    Ok(Schedule {
        unit,
        interval,
        start,
        end,
        count,
    })
}

fn create_request(a: CreateArgs, org: Option<i64>) -> ApiResult<CreateRecurring> {
    if let Some(from) = &a.from {
        let mut req: CreateRecurring = input::read_json(from)?;
        req.org_id = req.org_id.or(org);
        return Ok(req);
    }
    let (Some(file), Some(name), Some(every_text), Some(start)) =
        (&a.invoice, a.name, &a.every, a.start)
    else {
        return Err(ApiError::invalid(
            "give --from FILE.json, or --invoice FILE.json with --name, --every and --start",
        ));
    };
    let invoice: CreateDocument = input::read_json(file)?;
    if invoice.kind != DocumentKind::Invoice || invoice.preceding.is_some() {
        return Err(ApiError::invalid(
            "--invoice: a template repeats an invoice",
        ));
    }
    Ok(CreateRecurring {
        org_id: invoice.org_id.or(org),
        name,
        customer_id: invoice.customer_id,
        schedule: schedule(every_text, start, a.end, a.count)?,
        mode: match a.mode {
            ModeArg::Draft => RecurringMode::Draft,
            ModeArg::Issue => RecurringMode::Issue,
            ModeArg::IssueAndSend => RecurringMode::IssueAndSend,
        },
        service_period: period(a.period),
        paused: a.paused,
        mail: RecurringMail {
            to: a.to,
            cc: a.cc,
            ubl: a.ubl,
        },
        content: invoice.content,
    })
}

pub async fn recurring(
    api: &Api,
    json: bool,
    org: Option<i64>,
    c: RecurringCommand,
) -> ApiResult<ExitCode> {
    match c {
        RecurringCommand::Create(a) => {
            let r = api.create_recurring(create_request(a, org)?).await?;
            show(json, &r, |t| format!("created: {}", text::template(t)));
        }
        RecurringCommand::List => {
            let r = api.list_recurring(ListRecurring { org_id: org }).await?;
            show(json, &r, |r| text::list(r));
        }
        RecurringCommand::Show { id } => {
            let r = api.get_recurring(RecurringId { org_id: org, id }).await?;
            show(json, &r, text::detail);
        }
        RecurringCommand::Update { id, from } => {
            let c: CreateRecurring = input::read_json(&from)?;
            let r = api
                .update_recurring(UpdateRecurring {
                    org_id: c.org_id.or(org),
                    id,
                    name: c.name,
                    customer_id: c.customer_id,
                    schedule: c.schedule,
                    mode: c.mode,
                    service_period: c.service_period,
                    mail: c.mail,
                    content: c.content,
                })
                .await?;
            show(json, &r, |t| format!("updated: {}", text::template(t)));
        }
        RecurringCommand::Pause { id } => pause(api, json, org, id, true, false).await?,
        RecurringCommand::Resume { id, catch_up } => {
            pause(api, json, org, id, false, catch_up).await?
        }
        RecurringCommand::Delete { id } => {
            api.delete_recurring(RecurringId { org_id: org, id })
                .await?;
            show(json, &serde_json::json!({"deleted": id}), |_| {
                format!("template {id} deleted; the invoices it made stay")
            });
        }
        RecurringCommand::Run {
            template,
            now,
            dry_run,
            no_delivery,
        } => {
            let r = api
                .run_recurring(RunRecurring {
                    org_id: org,
                    template_id: template,
                    now,
                    dry_run,
                    no_delivery,
                })
                .await?;
            show(json, &r, text::run);
            if r.failed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        RecurringCommand::Preview { schedule: s, limit } => {
            let r = api
                .preview_recurring_schedule(PreviewSchedule {
                    schedule: schedule(&s.every, s.start, s.end, s.count)?,
                    service_period: period(s.period),
                    from_index: 0,
                    limit: Some(limit),
                })
                .await?;
            show(json, &r, |r| {
                r.iter().map(text::planned).collect::<Vec<_>>().join("\n")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn pause(
    api: &Api,
    json: bool,
    org: Option<i64>,
    id: i64,
    paused: bool,
    catch_up: bool,
) -> ApiResult<()> {
    let r = api
        .set_recurring_paused(SetRecurringPaused {
            org_id: org,
            id,
            paused,
            catch_up,
        })
        .await?;
    show(json, &r, |r| {
        let mut s = text::template(&r.template);
        if r.skipped > 0 {
            s.push_str(&format!(
                "\n{} occurrences whose day passed while paused are skipped",
                r.skipped
            ));
        }
        s
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_reads_names_and_counts() {
        let cases = [
            ("monthly", (ScheduleUnit::Months, 1)),
            ("Quarterly", (ScheduleUnit::Months, 3)),
            ("yearly", (ScheduleUnit::Months, 12)),
            ("weekly", (ScheduleUnit::Weeks, 1)),
            ("daily", (ScheduleUnit::Days, 1)),
            ("2w", (ScheduleUnit::Weeks, 2)),
            ("10 days", (ScheduleUnit::Days, 10)),
            ("6-months", (ScheduleUnit::Months, 6)),
            ("2y", (ScheduleUnit::Months, 24)),
        ];
        for (text, want) in cases {
            assert_eq!(every(text).unwrap(), want, "{text}");
        }
        for bad in ["", "often", "3", "w", "2 fortnights", "-1d"] {
            assert_eq!(every(bad).unwrap_err().code, "invalid_interval", "{bad}");
        }
    }
}
