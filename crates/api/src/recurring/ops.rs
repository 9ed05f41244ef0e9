//! Templates: create, list, show, change, pause and resume, delete; a schedule's preview.

use super::schedule;
use super::types::*;
use super::validate::TemplateInput;
use super::view::present;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_store::recurring::{NewTemplate, TemplateChange};

/// More occurrences than this already due when a template is created is taken for a
/// mistyped start date: issued invoices cannot be taken back, only credited.
pub const MAX_DUE_AT_CREATION: u32 = 36;

const DEFAULT_PREVIEW: u32 = 12;
const MAX_PREVIEW: u32 = 1000;
const UPCOMING_SHOWN: u32 = 5;

/// Refuses a schedule whose start would make more than [`MAX_DUE_AT_CREATION`] invoices
/// due at once.
fn not_too_many_due(s: &Schedule, today: chrono::NaiveDate) -> ApiResult<()> {
    if schedule::due_count(s, 0, today, MAX_DUE_AT_CREATION + 1) > MAX_DUE_AT_CREATION {
        return Err(ApiError::new(
            "too_many_due",
            format!(
                "starting on {}, more than {MAX_DUE_AT_CREATION} invoices would be due at once: check the start date (or create the template paused)",
                s.start
            ),
        ));
    }
    Ok(())
}

impl Api {
    /// Creates a template. Nothing is made until a run (the app's background task, or
    /// `recurring run`); a start date in the past makes the occurrences since then due at
    /// once — at most [`MAX_DUE_AT_CREATION`] of them (`too_many_due`), unless created paused.
    pub async fn create_recurring(&self, req: CreateRecurring) -> ApiResult<RecurringTemplate> {
        let org_id = self.org(req.org_id).await?;
        let checked = self
            .check_template(TemplateInput {
                org_id,
                customer_id: req.customer_id,
                name: &req.name,
                schedule: &req.schedule,
                mode: req.mode,
                service_period: req.service_period,
                content: &req.content,
                mail: &req.mail,
            })
            .await?;
        let (today, _) = self.org_today(org_id).await?;
        if !req.paused {
            not_too_many_due(&req.schedule, today)?;
        }
        let id = self
            .store
            .create_recurring_template(&NewTemplate {
                org_id,
                customer_id: req.customer_id,
                name: &checked.name,
                schedule: &req.schedule,
                mode: req.mode,
                service_period: req.service_period,
                paused: req.paused,
                content: &checked.content,
                mail: &checked.mail,
            })
            .await?;
        Ok(present(self.store.recurring_template(id).await?, today))
    }

    /// The organization's templates, by name, each with its next occurrence.
    pub async fn list_recurring(&self, req: ListRecurring) -> ApiResult<Vec<RecurringTemplate>> {
        let org_id = self.org(req.org_id).await?;
        let (today, _) = self.org_today(org_id).await?;
        Ok(self
            .store
            .recurring_templates(org_id)
            .await?
            .into_iter()
            .map(|t| present(t, today))
            .collect())
    }

    /// A template, every occurrence made or skipped, and the next few to come.
    pub async fn get_recurring(&self, req: RecurringId) -> ApiResult<RecurringDetail> {
        let org_id = self.org(req.org_id).await?;
        let t = self.own_template(org_id, req.id).await?;
        let (today, _) = self.org_today(org_id).await?;
        let occurrences = self.store.recurring_occurrences(t.id).await?;
        let upcoming =
            schedule::upcoming(&t.schedule, t.service_period, t.next_index, UPCOMING_SHOWN);
        Ok(RecurringDetail {
            template: present(t, today),
            occurrences,
            upcoming,
        })
    }

    /// Replaces a template (checked as at creation). Occurrences already made keep their
    /// documents; the next ones follow the new content. See `UpdateRecurring` for what the
    /// schedule may still change.
    pub async fn update_recurring(&self, req: UpdateRecurring) -> ApiResult<RecurringTemplate> {
        let org_id = self.org(req.org_id).await?;
        let old = self.own_template(org_id, req.id).await?;
        let s = &req.schedule;
        let moved = (s.unit, s.interval, s.start)
            != (old.schedule.unit, old.schedule.interval, old.schedule.start);
        if moved && !old.paused {
            let (today, _) = self.org_today(org_id).await?;
            not_too_many_due(s, today)?;
        }
        let checked = self
            .check_template(TemplateInput {
                org_id,
                customer_id: req.customer_id,
                name: &req.name,
                schedule: &req.schedule,
                mode: req.mode,
                service_period: req.service_period,
                content: &req.content,
                mail: &req.mail,
            })
            .await?;
        self.store
            .update_recurring_template(&TemplateChange {
                id: req.id,
                customer_id: req.customer_id,
                name: &checked.name,
                schedule: &req.schedule,
                mode: req.mode,
                service_period: req.service_period,
                content: &checked.content,
                mail: &checked.mail,
            })
            .await?;
        self.present_template(req.id).await
    }

    /// Pauses a template (no run makes anything of it), or resumes it. On resuming, the
    /// occurrences whose day passed meanwhile (before today) are recorded as skipped — a
    /// pause means those periods are not billed — unless `catch_up` asks for them to be
    /// created by the next run. An occurrence falling today is made by the next run.
    pub async fn set_recurring_paused(
        &self,
        req: SetRecurringPaused,
    ) -> ApiResult<RecurringPaused> {
        let org_id = self.org(req.org_id).await?;
        let t = self.own_template(org_id, req.id).await?;
        let (today, _) = self.org_today(org_id).await?;
        let skip: Vec<(u32, chrono::NaiveDate)> = if t.paused && !req.paused && !req.catch_up {
            match today.pred_opt() {
                Some(yesterday) => {
                    schedule::due(&t.schedule, t.service_period, t.next_index, yesterday)
                        .into_iter()
                        .map(|o| (o.index, o.date))
                        .collect()
                }
                None => vec![],
            }
        } else {
            vec![]
        };
        let skipped = self
            .store
            .set_recurring_paused(t.id, req.paused, &skip)
            .await?;
        Ok(RecurringPaused {
            template: present(self.store.recurring_template(t.id).await?, today),
            skipped,
        })
    }

    /// Deletes a template and the record of its occurrences. The invoices it made stay as
    /// they are (issued ones cannot be deleted; drafts can, by hand).
    pub async fn delete_recurring(&self, req: RecurringId) -> ApiResult<()> {
        let org_id = self.org(req.org_id).await?;
        let t = self.own_template(org_id, req.id).await?;
        Ok(self.store.delete_recurring_template(t.id).await?)
    }

    /// The occurrences a schedule gives (the template editor's preview). Nothing is read or
    /// written.
    pub async fn preview_recurring_schedule(
        &self,
        req: PreviewSchedule,
    ) -> ApiResult<Vec<PlannedOccurrence>> {
        schedule::check(&req.schedule)?;
        let limit = req.limit.unwrap_or(DEFAULT_PREVIEW);
        if limit > MAX_PREVIEW {
            return Err(ApiError::invalid(format!("limit: at most {MAX_PREVIEW}")));
        }
        Ok(schedule::upcoming(
            &req.schedule,
            req.service_period,
            req.from_index,
            limit,
        ))
    }
}
