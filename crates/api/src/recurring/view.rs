//! What the operations share: the organization's calendar day, a template checked to be
//! the organization's, and a template as the user sees it (with its next occurrence).

use super::schedule;
use super::types::RecurringTemplate;
use crate::reminder_clock::zone;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_store::recurring::TemplateRecord;
use chrono::NaiveDate;

/// Counting what is due stops here: a list need not walk ten years of a daily schedule.
const DUE_COUNT_CAP: u32 = 10_000;

/// A template with where its schedule stands on `today`.
pub(crate) fn present(template: TemplateRecord, today: NaiveDate) -> RecurringTemplate {
    let s = &template.schedule;
    let next = schedule::occurrence(s, template.service_period, template.next_index);
    // A paused template has nothing due: its missed days are skipped when it resumes.
    let due_now = if template.paused {
        0
    } else {
        schedule::due_count(s, template.next_index, today, DUE_COUNT_CAP)
    };
    RecurringTemplate {
        finished: next.is_none(),
        next,
        due_now,
        today,
        template,
    }
}

impl Api {
    /// The organization's calendar day (in the time zone of its reminder settings, else
    /// the machine's), and the zone's name: the day occurrences are due by, as reminders.
    pub(crate) async fn org_today(&self, org_id: i64) -> ApiResult<(NaiveDate, String)> {
        let settings = self.store.reminder_settings(org_id).await?;
        let (tz, name) = zone(settings.time_zone.as_deref())?;
        let (_, today) = self.reminder_clock(None, &tz)?;
        Ok((today, name))
    }

    /// A template of the organization (another's is "not found").
    pub(crate) async fn own_template(&self, org_id: i64, id: i64) -> ApiResult<TemplateRecord> {
        let t = self.store.recurring_template(id).await?;
        if t.org_id != org_id {
            return Err(ApiError::new(
                "not_found",
                format!("recurring template '{id}' was not found"),
            ));
        }
        Ok(t)
    }

    /// A template as the user sees it today.
    pub(crate) async fn present_template(&self, id: i64) -> ApiResult<RecurringTemplate> {
        let t = self.store.recurring_template(id).await?;
        let (today, _) = self.org_today(t.org_id).await?;
        Ok(present(t, today))
    }
}
