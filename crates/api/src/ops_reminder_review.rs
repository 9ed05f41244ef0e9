//! Reminders waiting for review (review mode): approve one (its email is queued with the
//! figures of the day), skip one (never sent; later stages still come), or decide every one
//! waiting at once.

use crate::reminder_clock::zone;
use crate::reminder_types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::reminders::{Stage, Tone};
use chrono::NaiveDate;

impl Api {
    async fn own_reminder(&self, org_id: i64, id: i64) -> ApiResult<ReminderRecord> {
        let rec = self.store.reminder(id).await?;
        if self.store.document_org(rec.invoice_id).await? != org_id {
            return Err(ApiError::new(
                "not_found",
                format!("reminder '{id}' was not found"),
            ));
        }
        Ok(rec)
    }

    /// Today in the organization's zone, by `now` (None: the clock).
    async fn review_day(&self, org_id: i64, now: Option<&str>) -> ApiResult<NaiveDate> {
        let settings = self.store.reminder_settings(org_id).await?;
        let (tz, _) = zone(settings.time_zone.as_deref())?;
        Ok(self.reminder_clock(now, &tz)?.1)
    }

    /// Queues the email of `rec`, which waits for review, with the figures of `today`.
    async fn approve_waiting(
        &self,
        org_id: i64,
        rec: &ReminderRecord,
        today: NaiveDate,
    ) -> ApiResult<()> {
        if rec.status != "review" {
            return Err(ApiError::new(
                "conflict",
                format!(
                    "reminder {} is {}: only a reminder waiting for review can be approved",
                    rec.id, rec.status
                ),
            ));
        }
        let doc = self.store.document(rec.invoice_id).await?;
        let (policy, _) = self.policy_for(org_id, doc.customer_id).await?;
        // The policy may have changed since: the stage as recorded, with its tone's text.
        let stage = match policy.stage(&rec.stage) {
            Some(s) => s.clone(),
            None => Stage {
                key: rec.stage.clone(),
                offset_days: 1,
                tone: Tone::parse(rec.tone.as_deref().unwrap_or("reminder"))?,
                texts: vec![],
            },
        };
        let mail = self
            .reminder_mail(org_id, rec.invoice_id, &stage, today)
            .await?;
        self.store.approve_reminder(rec.id, &mail.message).await?;
        Ok(())
    }

    /// Approves a reminder waiting for review: its email is queued now, with the figures of
    /// `now` (`outbox_run` delivers it).
    pub async fn approve_reminder(&self, req: ReviewReminder) -> ApiResult<ReminderRecord> {
        let org_id = self.org(req.org_id).await?;
        let rec = self.own_reminder(org_id, req.reminder_id).await?;
        let today = self.review_day(org_id, req.now.as_deref()).await?;
        self.approve_waiting(org_id, &rec, today).await?;
        Ok(self.store.reminder(rec.id).await?)
    }

    /// Skips a reminder waiting for review: it is never sent; later stages still come.
    pub async fn skip_reminder(&self, req: ReviewReminder) -> ApiResult<ReminderRecord> {
        let org_id = self.org(req.org_id).await?;
        let rec = self.own_reminder(org_id, req.reminder_id).await?;
        self.store.skip_reminder(rec.id).await?;
        Ok(self.store.reminder(rec.id).await?)
    }

    /// Approves (their emails queued) or skips every reminder waiting for review. With
    /// `expected`, the count the person saw: when the queue holds another count, nothing is
    /// decided (`review_changed`). One that cannot be decided (the customer has no email
    /// address any more, say) stays waiting and is reported; the others go on.
    pub async fn review_all_reminders(
        &self,
        req: ReviewAllReminders,
    ) -> ApiResult<ReviewAllOutcome> {
        let org_id = self.org(req.org_id).await?;
        let waiting = self.store.reminders_in_review(org_id).await?;
        let waiting_count = u32::try_from(waiting.len()).unwrap_or(u32::MAX);
        if let Some(expected) = req.expected
            && expected != waiting_count
        {
            return Err(ApiError::new(
                "review_changed",
                format!(
                    "{waiting_count} reminders wait for review now, not {expected}: nothing was \
                     decided; look at the list again"
                ),
            ));
        }
        let today = match req.approve {
            true => Some(self.review_day(org_id, req.now.as_deref()).await?),
            false => None,
        };
        let mut outcome = ReviewAllOutcome {
            decided: Vec::with_capacity(waiting.len()),
            failed: vec![],
        };
        for rec in waiting {
            let done = match today {
                Some(today) => self.approve_waiting(org_id, &rec, today).await,
                None => self.store.skip_reminder(rec.id).await.map_err(Into::into),
            };
            match done {
                Ok(()) => outcome.decided.push(self.store.reminder(rec.id).await?),
                Err(e) if e.is_user_error() => outcome.failed.push(ReviewFailure {
                    reminder_id: rec.id,
                    number: rec.number,
                    code: e.code,
                    message: e.message,
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(outcome)
    }
}
