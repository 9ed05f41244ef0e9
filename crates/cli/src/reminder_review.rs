//! `reminders approve|skip ID` and `reminders approve|skip --all`: the reminders waiting for
//! review (review mode).

use crate::reminders::{record_line, show};
use autoinvoice_api::*;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The reminder's id (`reminders list` shows those waiting).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<i64>,
    /// Every reminder waiting for review.
    #[arg(long)]
    pub all: bool,
    /// With --all: decide only if this many are waiting (as a list showed them).
    #[arg(long, conflicts_with = "id", value_name = "N")]
    pub expected: Option<u32>,
}

fn outcome_text(o: &ReviewAllOutcome, done: &str, not_done: &str) -> String {
    let mut s = vec![format!("{done}: {}", o.decided.len())];
    s.extend(o.decided.iter().map(record_line));
    if !o.failed.is_empty() {
        s.push(format!(
            "{not_done} (still waiting for review): {}",
            o.failed.len()
        ));
        s.extend(
            o.failed
                .iter()
                .map(|f| format!("  {:>5}  {:<14} {}", f.reminder_id, f.number, f.message)),
        );
    }
    s.join("\n")
}

/// Approves (`now`: Some, the clock of the figures) or skips (`now`: None) one reminder or
/// every one waiting; approved emails are delivered at once. When some could not be decided
/// it says which and why, and exits with 1.
pub async fn review(
    api: &Api,
    json: bool,
    org: Option<i64>,
    which: ReviewArgs,
    now: Option<Option<String>>,
) -> ApiResult<ExitCode> {
    let approve = now.is_some();
    let (done, not_done) = match approve {
        true => ("Approved", "Not approved"),
        false => ("Skipped", "Not skipped"),
    };
    let Some(id) = which.id else {
        let o = api
            .review_all_reminders(ReviewAllReminders {
                org_id: org,
                approve,
                expected: which.expected,
                now: now.flatten(),
            })
            .await?;
        if approve && !o.decided.is_empty() {
            api.outbox_run(None).await?;
        }
        show(json, &o, |o| outcome_text(o, done, not_done));
        if o.failed.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        if !json {
            eprintln!(
                "error: {} of the reminders could not be decided: they still wait for review",
                o.failed.len()
            );
        }
        return Ok(ExitCode::from(1));
    };
    let req = ReviewReminder {
        org_id: org,
        reminder_id: id,
        now: now.clone().flatten(),
    };
    let r = match approve {
        true => {
            let r = api.approve_reminder(req).await?;
            api.outbox_run(None).await?;
            // As it is after delivery.
            api.invoice_reminders(org, &DocumentRef::Id(r.invoice_id))
                .await?
                .history
                .into_iter()
                .find(|x| x.id == r.id)
                .unwrap_or(r)
        }
        false => api.skip_reminder(req).await?,
    };
    show(json, &r, |r| format!("{done}:\n{}", record_line(r)));
    Ok(ExitCode::SUCCESS)
}
