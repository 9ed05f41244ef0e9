//! Text output of `recurring` for people; `--json` prints the API's own types.

use autoinvoice_api::*;

fn every(s: &Schedule) -> String {
    let named = match (s.unit, s.interval) {
        (ScheduleUnit::Days, 1) => Some("daily"),
        (ScheduleUnit::Weeks, 1) => Some("weekly"),
        (ScheduleUnit::Months, 1) => Some("monthly"),
        (ScheduleUnit::Months, 3) => Some("quarterly"),
        (ScheduleUnit::Months, 12) => Some("yearly"),
        _ => None,
    };
    let base = named
        .map(str::to_owned)
        .unwrap_or_else(|| format!("every {} {}", s.interval, s.unit.code()));
    let end = s.end.map(|e| format!(" until {e}")).unwrap_or_default();
    let count = s.count.map(|n| format!(", {n} times")).unwrap_or_default();
    format!("{base} from {}{end}{count}", s.start)
}

pub fn planned(o: &PlannedOccurrence) -> String {
    let period = match (o.period_start, o.period_end) {
        (Some(a), Some(b)) => format!("  period {a} – {b}"),
        _ => String::new(),
    };
    format!("  #{:<4} {}{period}", o.index, o.date)
}

pub fn template(t: &RecurringTemplate) -> String {
    let r = &t.template;
    let next = match &t.next {
        Some(n) => format!("next {} (#{})", n.date, n.index),
        None => "finished".to_owned(),
    };
    format!(
        "{:>4}  {:<28} {:<24} {:<38} {:<14} {next}{}{}",
        r.id,
        r.name,
        r.customer_name,
        every(&r.schedule),
        r.mode.code(),
        if t.due_now > 0 {
            format!(", {} due now", t.due_now)
        } else {
            String::new()
        },
        if r.paused { "  [paused]" } else { "" }
    )
}

pub fn list(l: &[RecurringTemplate]) -> String {
    if l.is_empty() {
        return "no recurring template yet: `autoinvoice recurring create`".into();
    }
    l.iter().map(template).collect::<Vec<_>>().join("\n")
}

pub fn detail(d: &RecurringDetail) -> String {
    let mut lines = vec![template(&d.template)];
    lines.push(format!(
        "  {} created, {} skipped; today {}",
        d.template.template.created, d.template.template.skipped, d.template.today
    ));
    for o in &d.occurrences {
        let doc = o
            .number
            .clone()
            .or(o.document_id.map(|id| format!("draft #{id}")))
            .unwrap_or_else(|| "-".into());
        let dated = match o.issue_date {
            Some(d) if d != o.scheduled_on => format!("  issued {d}"),
            _ => String::new(),
        };
        let mail = match o.mail_state {
            MailState::None => String::new(),
            m => format!(
                "  email {}{}",
                o.delivery.map(|d| d.code()).unwrap_or(m.code()),
                o.mail_error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            ),
        };
        let what = match o.status {
            OccurrenceStatus::Skipped => "skipped (paused)".to_owned(),
            OccurrenceStatus::Created => doc,
        };
        let ahead = if o.ahead { "  made ahead" } else { "" };
        lines.push(format!(
            "  #{:<4} {} {what}{dated}{ahead}{mail}",
            o.index, o.scheduled_on
        ));
    }
    if !d.upcoming.is_empty() {
        lines.push("  coming:".into());
        lines.extend(d.upcoming.iter().map(planned));
    }
    lines.join("\n")
}

fn outcome(o: RecurringOutcome) -> &'static str {
    match o {
        RecurringOutcome::WouldCreate => "would be created",
        RecurringOutcome::Draft => "draft created",
        RecurringOutcome::Issued => "issued",
        RecurringOutcome::Queued => "issued, email queued",
        RecurringOutcome::Sent => "issued and sent",
        RecurringOutcome::MailBlocked => "issued, NOT sent",
        RecurringOutcome::AlreadyCreated => "already created by another run",
        RecurringOutcome::Failed => "FAILED",
    }
}

pub fn run(r: &RecurringRunReport) -> String {
    let mut lines: Vec<String> = r
        .organizations
        .iter()
        .map(|o| format!("Organization {}: {} ({})", o.org_id, o.today, o.time_zone))
        .collect();
    for i in &r.items {
        let doc = i
            .number
            .clone()
            .or(i.document_id.map(|id| format!("draft #{id}")))
            .unwrap_or_default();
        let dated = match i.issue_date {
            Some(d) if d != i.scheduled_on => format!(" dated {d}"),
            _ => String::new(),
        };
        lines.push(format!(
            "  {:<28} #{:<4} {}{}  {} {doc}{dated}{}",
            i.template_name,
            i.index,
            i.scheduled_on,
            if i.ahead { " (ahead)" } else { "" },
            outcome(i.outcome),
            i.message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ));
    }
    if r.dry_run {
        lines.push(format!("dry run: {} would be created", r.items.len()));
        return lines.join("\n");
    }
    lines.push(format!(
        "{} created ({} issued), {} emails queued, {} sent, {} not sent, {} already created, {} failed",
        r.created, r.issued, r.queued, r.sent, r.mail_blocked, r.already_created, r.failed
    ));
    if let Some(e) = &r.delivery_error {
        lines.push(format!(
            "The outbox could not be delivered ({}): the emails stay queued",
            e.message
        ));
    }
    lines.join("\n")
}
