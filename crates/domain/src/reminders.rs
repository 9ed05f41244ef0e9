//! Payment reminders: the policy (stages relative to the due date), the one stage to send
//! today, the next one to come, and the late-payment charges a formal notice states.
//!
//! Pure: "today" is a calendar date the caller computes in the organization's time zone,
//! and everything else comes from stored state, so the answer is the same whenever and
//! however often it is asked.

use crate::error::{DomainError, DomainResult};
use crate::lifecycle::Status;
use crate::party::Language;
use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub use crate::late_charges::{
    LateCharges, RECOVERY_INDEMNITY_EUR, days_late, late_charges, late_interest,
};

/// Earliest stage: two months before the due date.
pub const MIN_OFFSET_DAYS: i32 = -60;
/// Latest stage: a year after the due date.
pub const MAX_OFFSET_DAYS: i32 = 365;
pub const MAX_STAGES: usize = 10;
const MAX_KEY: usize = 32;
const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 10_000;

/// The placeholders a reminder's subject and body may use.
pub const PLACEHOLDERS: [&str; 11] = [
    "customer",
    "number",
    "amount",
    "balance",
    "due_date",
    "days_late",
    "rate",
    "interest",
    "indemnity",
    "payment_link",
    "sender",
];

/// How a reminder speaks; it picks the built-in text for each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Before the due date: a friendly heads-up.
    Courtesy,
    /// Just overdue: a polite reminder.
    Reminder,
    /// Overdue for a while: firm.
    Firm,
    /// Mise en demeure: the last stage, stating penalties and the recovery indemnity.
    FormalNotice,
}

impl Tone {
    pub fn code(self) -> &'static str {
        match self {
            Self::Courtesy => "courtesy",
            Self::Reminder => "reminder",
            Self::Firm => "firm",
            Self::FormalNotice => "formal_notice",
        }
    }

    pub fn parse(s: &str) -> DomainResult<Self> {
        match s.trim() {
            "courtesy" => Ok(Self::Courtesy),
            "reminder" => Ok(Self::Reminder),
            "firm" => Ok(Self::Firm),
            "formal_notice" => Ok(Self::FormalNotice),
            other => Err(DomainError::new(
                "invalid_tone",
                "tone",
                format!("'{other}' is not a tone (courtesy, reminder, firm, formal_notice)"),
            )),
        }
    }
}

/// A text of the user's own for one language, replacing the built-in one of the tone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct StageText {
    pub language: Language,
    pub subject: String,
    pub body: String,
}

/// One stage of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable name of the stage (a-z, 0-9, `_`, `-`): what the history records.
    pub key: String,
    /// Days relative to the due date: −3 is three days before, 30 a month after.
    pub offset_days: i32,
    pub tone: Tone,
    /// Texts of the user's own, per language; the tone's built-in text otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<StageText>,
}

impl Stage {
    /// The user's text for `language`, if there is one.
    pub fn text(&self, language: Language) -> Option<&StageText> {
        self.texts.iter().find(|t| t.language == language)
    }
}

/// A reminder policy: stages ordered by offset, each sent at most once per invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub stages: Vec<Stage>,
}

fn stage(key: &str, offset_days: i32, tone: Tone) -> Stage {
    Stage {
        key: key.to_owned(),
        offset_days,
        tone,
        texts: Vec::new(),
    }
}

impl Default for Policy {
    /// −3 days courtesy, +1, +7, +15, +30 formal notice.
    fn default() -> Self {
        Self {
            stages: vec![
                stage("courtesy", -3, Tone::Courtesy),
                stage("first", 1, Tone::Reminder),
                stage("second", 7, Tone::Reminder),
                stage("final", 15, Tone::Firm),
                stage("formal_notice", 30, Tone::FormalNotice),
            ],
        }
    }
}

fn check_text(t: &StageText, field: &str) -> DomainResult<StageText> {
    let subject = t.subject.trim();
    if subject.is_empty() || subject.chars().count() > MAX_SUBJECT || subject.contains(['\r', '\n'])
    {
        return Err(DomainError::new(
            "invalid_template",
            format!("{field}.subject"),
            format!("a subject is one line of 1 to {MAX_SUBJECT} characters"),
        ));
    }
    if t.body.trim().is_empty() || t.body.chars().count() > MAX_BODY {
        return Err(DomainError::new(
            "invalid_template",
            format!("{field}.body"),
            format!("a body has 1 to {MAX_BODY} characters"),
        ));
    }
    for (part, text) in [("subject", subject), ("body", t.body.as_str())] {
        if let Some(name) = unknown_placeholder(text) {
            return Err(DomainError::new(
                "invalid_template",
                format!("{field}.{part}"),
                format!(
                    "unknown placeholder {{{name}}}; known: {}",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" ")
                ),
            ));
        }
    }
    Ok(StageText {
        language: t.language,
        subject: subject.to_owned(),
        body: t.body.replace("\r\n", "\n"),
    })
}

/// The first `{name}` in `text` that is not a known placeholder.
fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Some(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    None
}

impl Policy {
    /// Checks every stage and orders them by offset.
    pub fn validated(self) -> DomainResult<Self> {
        if self.stages.is_empty() || self.stages.len() > MAX_STAGES {
            return Err(DomainError::new(
                "invalid_policy",
                "stages",
                format!("a policy has 1 to {MAX_STAGES} stages"),
            ));
        }
        let mut keys = HashSet::new();
        let mut offsets = HashSet::new();
        let mut stages = Vec::with_capacity(self.stages.len());
        for (i, s) in self.stages.into_iter().enumerate() {
            let field = format!("stages[{i}]");
            let key = s.key.trim().to_owned();
            if key.is_empty()
                || key.len() > MAX_KEY
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
            {
                return Err(DomainError::new(
                    "invalid_stage",
                    format!("{field}.key"),
                    format!("'{key}' is not a stage name: 1 to {MAX_KEY} of a-z, 0-9, '_' and '-'"),
                ));
            }
            if !(MIN_OFFSET_DAYS..=MAX_OFFSET_DAYS).contains(&s.offset_days) {
                return Err(DomainError::new(
                    "invalid_offset",
                    format!("{field}.offset_days"),
                    format!(
                        "{} days: a stage lies between {MIN_OFFSET_DAYS} and +{MAX_OFFSET_DAYS} days of the due date",
                        s.offset_days
                    ),
                ));
            }
            if s.offset_days < 1 && s.tone != Tone::Courtesy {
                return Err(DomainError::new(
                    "invalid_offset",
                    format!("{field}.offset_days"),
                    format!(
                        "stage '{key}' ({}) is at {} days: only a courtesy reminder may come before the invoice is overdue (day +1)",
                        s.tone.code(),
                        s.offset_days
                    ),
                ));
            }
            if !keys.insert(key.clone()) {
                return Err(DomainError::new(
                    "invalid_stage",
                    format!("{field}.key"),
                    format!("two stages are named '{key}'"),
                ));
            }
            if !offsets.insert(s.offset_days) {
                return Err(DomainError::new(
                    "invalid_offset",
                    format!("{field}.offset_days"),
                    format!("two stages fall on day {:+}", s.offset_days),
                ));
            }
            let mut texts: Vec<StageText> = Vec::new();
            for (j, t) in s.texts.iter().enumerate() {
                if texts.iter().any(|x| x.language == t.language) {
                    return Err(DomainError::new(
                        "invalid_template",
                        format!("{field}.texts[{j}]"),
                        format!("two texts in '{}'", t.language.code()),
                    ));
                }
                texts.push(check_text(t, &format!("{field}.texts[{j}]"))?);
            }
            stages.push(Stage {
                key,
                offset_days: s.offset_days,
                tone: s.tone,
                texts,
            });
        }
        stages.sort_by_key(|s| s.offset_days);
        Ok(Self { stages })
    }

    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key == key)
    }

    pub fn min_offset(&self) -> i32 {
        self.stages.iter().map(|s| s.offset_days).min().unwrap_or(0)
    }

    pub fn max_offset(&self) -> i32 {
        self.stages.iter().map(|s| s.offset_days).max().unwrap_or(0)
    }
}

/// The day a stage falls on for an invoice due on `due_date` (None past the calendar's end).
pub fn stage_date(due_date: NaiveDate, offset_days: i32) -> Option<NaiveDate> {
    due_date.checked_add_signed(TimeDelta::days(i64::from(offset_days)))
}

/// A stage already dealt with for an invoice: queued or sent, waiting for review, skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    pub stage: String,
    /// The day that stage fell on.
    pub due_on: NaiveDate,
}

/// What the scheduler needs to know of an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub due_date: NaiveDate,
    pub status: Status,
    /// What is still owed (due − paid − credited).
    pub balance: Decimal,
    /// Paused on the invoice or on its customer.
    pub paused: bool,
}

impl InvoiceFacts {
    /// Whether reminders may go out at all: issued, owed, not paused.
    pub fn remindable(&self) -> bool {
        self.status.is_open() && self.balance > Decimal::ZERO && !self.paused
    }
}

/// The stage to send today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueStage<'p> {
    pub stage: &'p Stage,
    /// The day the stage fell on (it may be earlier than today: a catch-up).
    pub due_on: NaiveDate,
}

/// The one stage to send today, if any: the latest stage whose day has come — never an
/// earlier one that was missed (no burst), never one already dealt with, nothing once a
/// stage on or after its day was dealt with, nothing for a paid, credited or paused invoice,
/// and nothing when that stage's day is more than `catch_up_days` behind (None: no limit).
pub fn stage_to_send<'p>(
    policy: &'p Policy,
    invoice: &InvoiceFacts,
    handled: &[Handled],
    today: NaiveDate,
    catch_up_days: Option<u32>,
) -> Option<DueStage<'p>> {
    if !invoice.remindable() {
        return None;
    }
    let latest = policy
        .stages
        .iter()
        .filter_map(|s| stage_date(invoice.due_date, s.offset_days).map(|d| (s, d)))
        .filter(|(_, d)| *d <= today)
        .max_by_key(|(s, _)| s.offset_days)?;
    let (stage, due_on) = latest;
    if let Some(window) = catch_up_days
        && (today - due_on).num_days() > i64::from(window)
    {
        return None;
    }
    if handled
        .iter()
        .any(|h| h.stage == stage.key || h.due_on >= due_on)
    {
        return None;
    }
    Some(DueStage { stage, due_on })
}

/// The next stage still to come after today, if the invoice stays unpaid.
pub fn next_stage<'p>(
    policy: &'p Policy,
    invoice: &InvoiceFacts,
    handled: &[Handled],
    today: NaiveDate,
) -> Option<DueStage<'p>> {
    if !invoice.remindable() {
        return None;
    }
    let last_handled = handled.iter().map(|h| h.due_on).max();
    policy
        .stages
        .iter()
        .filter(|s| !handled.iter().any(|h| h.stage == s.key))
        .filter_map(|s| stage_date(invoice.due_date, s.offset_days).map(|d| (s, d)))
        .filter(|(_, d)| *d > today && last_handled.is_none_or(|l| *d > l))
        .min_by_key(|(s, _)| s.offset_days)
        .map(|(stage, due_on)| DueStage { stage, due_on })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn open(due: &str) -> InvoiceFacts {
        InvoiceFacts {
            due_date: day(due),
            status: Status::Sent,
            balance: d("100"),
            paused: false,
        }
    }
    fn handled(stage: &str, due_on: &str) -> Handled {
        Handled {
            stage: stage.into(),
            due_on: day(due_on),
        }
    }

    #[test]
    fn the_latest_due_stage_only() {
        let p = Policy::default().validated().unwrap();
        let inv = open("2026-03-01");
        let at = |t: &str, h: &[Handled]| {
            stage_to_send(&p, &inv, h, day(t), None).map(|s| (s.stage.key.clone(), s.due_on))
        };
        assert_eq!(at("2026-02-25", &[]), None);
        assert_eq!(
            at("2026-02-26", &[]),
            Some(("courtesy".into(), day("2026-02-26")))
        );
        // Ten days closed: only the latest, +7.
        assert_eq!(
            at("2026-03-10", &[handled("courtesy", "2026-02-26")]),
            Some(("second".into(), day("2026-03-08")))
        );
        assert_eq!(at("2026-03-10", &[handled("second", "2026-03-08")]), None);
        // A later stage dealt with: nothing earlier, ever.
        assert_eq!(
            at("2026-03-10", &[handled("formal_notice", "2026-03-31")]),
            None
        );
        assert_eq!(
            at("2027-01-01", &[]),
            Some(("formal_notice".into(), day("2026-03-31")))
        );
        assert_eq!(
            stage_to_send(&p, &inv, &[], day("2027-01-01"), Some(30)),
            None
        );
    }

    #[test]
    fn nothing_for_paid_credited_or_paused() {
        let p = Policy::default();
        let today = day("2026-04-15");
        for inv in [
            InvoiceFacts {
                balance: Decimal::ZERO,
                ..open("2026-03-01")
            },
            InvoiceFacts {
                status: Status::Paid,
                ..open("2026-03-01")
            },
            InvoiceFacts {
                status: Status::Credited,
                ..open("2026-03-01")
            },
            InvoiceFacts {
                paused: true,
                ..open("2026-03-01")
            },
        ] {
            assert_eq!(stage_to_send(&p, &inv, &[], today, None), None);
            assert_eq!(next_stage(&p, &inv, &[], today), None);
        }
    }

    #[test]
    fn next_stage_after_today() {
        let p = Policy::default();
        let inv = open("2026-03-01");
        let n = next_stage(&p, &inv, &[], day("2026-03-03")).unwrap();
        assert_eq!(
            (n.stage.key.as_str(), n.due_on),
            ("second", day("2026-03-08"))
        );
        assert_eq!(
            next_stage(
                &p,
                &inv,
                &[handled("formal_notice", "2026-03-31")],
                day("2026-03-03")
            ),
            None
        );
    }

    #[test]
    fn bad_policies_are_named() {
        let bad = |stages: Vec<Stage>| Policy { stages }.validated().unwrap_err();
        assert_eq!(bad(vec![]).code, "invalid_policy");
        assert_eq!(bad(vec![stage("x", -5, Tone::Firm)]).code, "invalid_offset");
        assert_eq!(
            bad(vec![stage("x", 0, Tone::FormalNotice)]).code,
            "invalid_offset"
        );
        assert_eq!(
            bad(vec![stage("x", 400, Tone::Firm)]).code,
            "invalid_offset"
        );
        assert_eq!(bad(vec![stage("X Y", 4, Tone::Firm)]).code, "invalid_stage");
        assert_eq!(
            bad(vec![stage("a", 4, Tone::Firm), stage("a", 5, Tone::Firm)]).code,
            "invalid_stage"
        );
        assert_eq!(
            bad(vec![stage("a", 4, Tone::Firm), stage("b", 4, Tone::Firm)]).code,
            "invalid_offset"
        );
        let mut s = stage("a", 4, Tone::Firm);
        s.texts.push(StageText {
            language: Language::En,
            subject: "Invoice {number}".into(),
            body: "Pay {amonut}".into(),
        });
        let e = bad(vec![s]);
        assert_eq!(e.code, "invalid_template");
        assert!(e.message.contains("{amonut}"), "{}", e.message);
        let sorted = Policy {
            stages: vec![stage("b", 9, Tone::Firm), stage("a", -2, Tone::Courtesy)],
        }
        .validated()
        .unwrap();
        assert_eq!(sorted.stages[0].key, "a");
    }

    #[test]
    fn interest_is_exact() {
        // 1,000 € at 12.09 % for 30 days: 9.936986… → 9.94.
        assert_eq!(
            late_interest(d("1000"), d("12.09"), 30, 2).unwrap(),
            d("9.94")
        );
        // 365 days at 10 %: exactly a tenth.
        assert_eq!(
            late_interest(d("1234.56"), d("10"), 365, 2).unwrap(),
            d("123.46")
        );
        // Half a cent rounds away from zero: 73 € × 5 % × 5 / 365 = 0.05 exactly; 36.5 → 0.025.
        assert_eq!(late_interest(d("36.50"), d("5"), 5, 2).unwrap(), d("0.03"));
        assert_eq!(late_interest(d("100"), d("10"), 0, 2).unwrap(), d("0"));
        assert_eq!(late_interest(d("100"), d("10"), 10, 0).unwrap(), d("0"));
        let c = late_charges(
            Tone::FormalNotice,
            true,
            d("1000"),
            day("2026-03-01"),
            day("2026-03-31"),
            Some(d("12.09")),
            2,
        )
        .unwrap()
        .unwrap();
        assert_eq!(c.days_late, 30);
        assert_eq!(c.interest, Some(d("9.94")));
        assert_eq!(c.indemnity, Some(d("40")));
        assert_eq!(
            late_charges(
                Tone::Firm,
                true,
                d("1000"),
                day("2026-03-01"),
                day("2026-03-31"),
                None,
                2
            )
            .unwrap(),
            None
        );
    }
}
