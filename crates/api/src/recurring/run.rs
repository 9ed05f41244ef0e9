//! Running the templates: every occurrence whose day has come and that no run created yet,
//! oldest first, each once; then the emails of `issue_and_send` queued through the outbox.
//!
//! Nothing here keeps time: each run computes what is due from the database and the
//! organization's calendar day, so a run after a hundred days closed creates each missed
//! occurrence once, in order (numbers follow dates), and the store's transaction on
//! UNIQUE (template, occurrence) makes two runs at once — the app and a cron job — create
//! each once.

use super::mail::apply_mail;
use super::schedule;
use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::document::DocumentContent;
use autoinvoice_store::StoreError;
use autoinvoice_store::recurring::{NewOccurrence, OccurrenceOutcome, TemplateRecord};
use chrono::NaiveDate;

/// A bound on an organization's steps in one run (each step creates an occurrence or
/// learns that another run did, or that its template changed): templates changed without
/// end by another program cannot keep a run going forever.
const MAX_STEPS: u32 = 100_000;

fn item(t: &TemplateRecord, o: &PlannedOccurrence, today: NaiveDate) -> RecurringRunItem {
    RecurringRunItem {
        org_id: t.org_id,
        template_id: t.id,
        template_name: t.name.clone(),
        index: o.index,
        scheduled_on: o.date,
        period_start: o.period_start,
        period_end: o.period_end,
        outcome: RecurringOutcome::WouldCreate,
        document_id: None,
        number: None,
        issue_date: None,
        ahead: o.date > today,
        outbox_id: None,
        code: None,
        message: None,
    }
}

/// Where a run stands in one template.
struct Cursor {
    t: TemplateRecord,
    next_index: u32,
    /// Failed, deleted or paused meanwhile: nothing more of it in this run.
    stopped: bool,
}

impl Cursor {
    /// The occurrence to create next, if the schedule has one.
    fn next(&self) -> Option<PlannedOccurrence> {
        if self.stopped {
            return None;
        }
        schedule::occurrence(&self.t.schedule, self.t.service_period, self.next_index)
    }
}

impl Api {
    /// Creates what is due (see [`RunRecurring`]), queues the emails, and delivers the
    /// outbox unless told not to. An occurrence that cannot be made (a customer archived,
    /// a rule of issue broken…) is reported as `failed` and nothing of it is recorded: the
    /// template's later occurrences wait behind it, and the next run tries again.
    pub async fn run_recurring(&self, req: RunRecurring) -> ApiResult<RecurringRunReport> {
        let mut report = RecurringRunReport::new(req.dry_run);
        let (org_ids, only) = self.run_scope(&req).await?;
        for org_id in org_ids {
            let (today, time_zone) = self.org_today(org_id).await?;
            report.organizations.push(OrgRecurringRun {
                org_id,
                time_zone,
                today,
            });
            if !req.dry_run {
                self.queue_pending_mails(org_id, &mut report).await?;
            }
            let templates = match only {
                Some(id) => vec![self.store.recurring_template(id).await?],
                None => self.store.recurring_templates(org_id).await?,
            };
            self.run_org(templates, today, &req, &mut report).await?;
        }
        if !req.dry_run && !req.no_delivery && report.queued > 0 {
            match self.outbox_run(None).await {
                Ok(r) => report.delivery = Some(r),
                Err(e) => report.delivery_error = Some(e),
            }
            self.settle(&mut report).await?;
        }
        Ok(report)
    }

    /// The organizations to run, and the one template when one is named.
    async fn run_scope(&self, req: &RunRecurring) -> ApiResult<(Vec<i64>, Option<i64>)> {
        let Some(id) = req.template_id else {
            if req.now {
                return Err(ApiError::new(
                    "template_required",
                    "making an occurrence ahead of its day is for one template: name it",
                ));
            }
            let orgs = match req.org_id {
                Some(id) => vec![self.org(Some(id)).await?],
                None => self
                    .store
                    .organizations()
                    .await?
                    .iter()
                    .map(|o| o.id)
                    .collect(),
            };
            return Ok((orgs, None));
        };
        let org_id = match req.org_id {
            Some(org) => org,
            None => self.store.recurring_template(id).await?.org_id,
        };
        let t = self.own_template(org_id, id).await?;
        if t.paused {
            return Err(ApiError::new(
                "template_paused",
                format!("'{}' is paused: resume it first", t.name),
            ));
        }
        if req.now && schedule::occurrence(&t.schedule, t.service_period, t.next_index).is_none() {
            return Err(ApiError::new(
                "schedule_finished",
                format!(
                    "'{}' has no occurrence left (its end date or count is reached)",
                    t.name
                ),
            ));
        }
        Ok((vec![org_id], Some(id)))
    }

    /// The organization's due occurrences, oldest first across its templates (so that the
    /// invoices of several templates caught up together keep their own dates, in order),
    /// then with `now` the one template's next occurrence, ahead of its day.
    async fn run_org(
        &self,
        templates: Vec<TemplateRecord>,
        today: NaiveDate,
        req: &RunRecurring,
        report: &mut RecurringRunReport,
    ) -> ApiResult<()> {
        let mut cursors: Vec<Cursor> = templates
            .into_iter()
            .filter(|t| !t.paused)
            .map(|t| Cursor {
                next_index: t.next_index,
                t,
                stopped: false,
            })
            .collect();
        for _ in 0..MAX_STEPS {
            let oldest = cursors
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.next().filter(|o| o.date <= today).map(|o| (i, o)))
                .min_by_key(|(i, o)| (o.date, cursors[*i].t.id));
            let Some((i, o)) = oldest else {
                break;
            };
            self.advance(&mut cursors[i], &o, today, req, report)
                .await?;
        }
        if req.now
            && let Some(c) = cursors.first_mut()
            && let Some(o) = c.next().filter(|o| o.date > today)
        {
            self.advance(c, &o, today, req, report).await?;
        }
        Ok(())
    }

    /// Creates occurrence `o` of the cursor's template (a dry run only reports it) and
    /// moves the cursor on.
    async fn advance(
        &self,
        c: &mut Cursor,
        o: &PlannedOccurrence,
        today: NaiveDate,
        req: &RunRecurring,
        report: &mut RecurringRunReport,
    ) -> ApiResult<()> {
        if req.dry_run {
            report.push(item(&c.t, o, today));
            c.next_index = o.index + 1;
            return Ok(());
        }
        match self.step(&c.t, o, today, report).await? {
            Some(fresh) => {
                c.next_index = fresh.next_index;
                c.t = fresh;
            }
            None => c.stopped = true,
        }
        Ok(())
    }

    /// Creates occurrence `o` of `t` (or learns why not) and reports it; returns the
    /// template to go on with, None when it is done for this run.
    async fn step(
        &self,
        t: &TemplateRecord,
        o: &PlannedOccurrence,
        today: NaiveDate,
        report: &mut RecurringRunReport,
    ) -> ApiResult<Option<TemplateRecord>> {
        let mut it = item(t, o, today);
        match self.make_occurrence(t, o, today).await {
            Ok(OccurrenceOutcome::Created {
                occurrence_id,
                document_id,
                number,
                issue_date,
            }) => {
                it.outcome = if number.is_some() {
                    RecurringOutcome::Issued
                } else {
                    RecurringOutcome::Draft
                };
                it.document_id = Some(document_id);
                it.number = number;
                it.issue_date = issue_date;
                if t.mode == RecurringMode::IssueAndSend {
                    let m = self
                        .queue_occurrence_mail(t.org_id, occurrence_id, document_id, &t.mail)
                        .await?;
                    apply_mail(&mut it, m);
                }
                report.push(it);
                let mut next = t.clone();
                next.next_index = o.index + 1;
                Ok(Some(next))
            }
            Ok(OccurrenceOutcome::Taken) => {
                it.outcome = RecurringOutcome::AlreadyCreated;
                report.push(it);
                self.reread(t.id).await
            }
            Ok(OccurrenceOutcome::Stale) => self.reread(t.id).await,
            Err(e) if e.is_user_error() => {
                it.outcome = RecurringOutcome::Failed;
                it.code = Some(e.code);
                it.message = Some(e.message);
                report.push(it);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The template as it is now; None when it was deleted or paused meanwhile.
    async fn reread(&self, id: i64) -> ApiResult<Option<TemplateRecord>> {
        match self.store.recurring_template(id).await {
            Ok(t) if !t.paused => Ok(Some(t)),
            Ok(_) | Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Validates the template's content for this occurrence (today's seller and customer)
    /// and creates it in one transaction.
    async fn make_occurrence(
        &self,
        t: &TemplateRecord,
        o: &PlannedOccurrence,
        today: NaiveDate,
    ) -> ApiResult<OccurrenceOutcome> {
        let content = DocumentContent {
            period_start: o.period_start,
            period_end: o.period_end,
            ..t.content.clone()
        };
        let (content, totals) = self.prepare(t.org_id, t.customer_id, content).await?;
        Ok(self
            .store
            .create_occurrence(
                t.org_id,
                t.customer_id,
                &NewOccurrence {
                    template_id: t.id,
                    revision: t.revision,
                    index: o.index,
                    scheduled_on: o.date,
                    content: &content,
                    totals: &totals,
                    today,
                    issue: t.mode.issues(),
                    send: t.mode == RecurringMode::IssueAndSend,
                },
            )
            .await?)
    }
}
