//! Payment reminders: run (queue what is due through the outbox, or put it up for review),
//! list what is due and coming, an invoice's history, pauses, policies, review.
//!
//! Nothing here keeps time: every run computes what is due from the database and the clock,
//! so a run after ten days closed sends, per invoice, only the latest stage due, and the
//! store's claim (one transaction per reminder, UNIQUE (invoice, stage)) makes two runs at
//! once — the app and a cron job — send each stage once.

use crate::reminder_clock::{resolve_now, zone};
use crate::reminder_types::*;
use crate::{Api, ApiError, ApiResult, Clock, DocumentRef};
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::reminders::{
    Handled, InvoiceFacts, Policy, Stage, Tone, days_late, next_stage,
};
use autoinvoice_store::outbox::OutboxState;
use autoinvoice_store::reminder_queue::{
    ClaimOutcome, PolicyScope, ReminderCandidate, ReminderClaim,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use jiff::tz::TimeZone;

const DEFAULT_DAYS_AHEAD: u32 = 14;
const MAX_DAYS_AHEAD: u32 = 366;
const MAX_CATCH_UP_DAYS: u32 = 3650;

fn upcoming(c: &ReminderCandidate, policy: &Policy) -> UpcomingReminder {
    UpcomingReminder {
        invoice_id: c.invoice_id,
        number: c.number.clone(),
        customer_id: c.customer_id,
        buyer_name: c.buyer_name.clone(),
        stage: c.stage.clone(),
        tone: policy
            .stage(&c.stage)
            .map(|s| s.tone)
            .unwrap_or(Tone::Reminder),
        due_on: c.due_on,
        due_date: c.due_date,
        balance: c.balance,
        currency: c.currency.clone(),
    }
}

impl Api {
    /// "Now" and today in the organization's zone: `now` if given, else the API's fixed day
    /// (tests), else the system clock.
    pub(crate) fn reminder_clock(
        &self,
        now: Option<&str>,
        tz: &TimeZone,
    ) -> ApiResult<(DateTime<Utc>, NaiveDate)> {
        match (now, self.clock) {
            (None, Clock::Fixed(d)) => resolve_now(Some(&d.to_string()), tz),
            _ => resolve_now(now, tz),
        }
    }

    /// The organization's policy and every customer's own.
    async fn policy_groups(
        &self,
        org_id: i64,
        org_policy: &Policy,
    ) -> ApiResult<Vec<(PolicyScope, Policy)>> {
        let mut groups = vec![(PolicyScope::Organization, org_policy.clone())];
        for cp in self.store.customer_reminder_policies(org_id).await? {
            groups.push((PolicyScope::Customer(cp.customer_id), cp.policy));
        }
        Ok(groups)
    }

    pub(crate) async fn policy_for(
        &self,
        org_id: i64,
        customer_id: i64,
    ) -> ApiResult<(Policy, bool)> {
        Ok(
            match self.store.customer_reminder_policy(customer_id).await? {
                Some(p) => (p, true),
                None => (self.store.reminder_settings(org_id).await?.policy, false),
            },
        )
    }

    /// Queues every due reminder (or puts it up for review), then delivers the outbox.
    pub async fn run_reminders(&self, req: RunReminders) -> ApiResult<ReminderRunReport> {
        let org_ids: Vec<i64> = match req.org_id {
            Some(id) => vec![self.org(Some(id)).await?],
            None => self
                .store
                .organizations()
                .await?
                .iter()
                .map(|o| o.id)
                .collect(),
        };
        let mut report = ReminderRunReport {
            dry_run: req.dry_run,
            now: String::new(),
            organizations: vec![],
            reminders: vec![],
            queued: 0,
            sent: 0,
            failed: 0,
            in_review: 0,
            already_handled: 0,
            blocked: 0,
            delivery: None,
            delivery_error: None,
        };
        for org_id in org_ids {
            let settings = self.store.reminder_settings(org_id).await?;
            let (tz, tz_name) = zone(settings.time_zone.as_deref())?;
            let (now, today) = self.reminder_clock(req.now.as_deref(), &tz)?;
            report.now = now.to_rfc3339();
            let dropped_reviews = if settings.enabled && !req.dry_run {
                self.store.drop_stale_reviews(org_id).await?
            } else {
                0
            };
            report.organizations.push(OrgReminderRun {
                org_id,
                enabled: settings.enabled,
                review: settings.review,
                time_zone: tz_name,
                today,
                dropped_reviews,
            });
            if !settings.enabled {
                continue;
            }
            for (scope, policy) in self.policy_groups(org_id, &settings.policy).await? {
                let due = self
                    .store
                    .due_reminders(org_id, scope, &policy, today, settings.catch_up_days)
                    .await?;
                for c in due {
                    let Some(stage) = policy.stage(&c.stage) else {
                        continue;
                    };
                    let item = self
                        .run_one(org_id, &c, stage, &policy, &settings, today, req.dry_run)
                        .await?;
                    match item.outcome {
                        ReminderOutcome::Queued => report.queued += 1,
                        ReminderOutcome::InReview => report.in_review += 1,
                        ReminderOutcome::AlreadyHandled => report.already_handled += 1,
                        ReminderOutcome::Blocked => report.blocked += 1,
                        _ => {}
                    }
                    report.reminders.push(item);
                }
            }
        }
        // Delivery runs even when this run queued nothing: what an interrupted run queued
        // goes out now.
        if !req.dry_run && !req.no_delivery && report.organizations.iter().any(|o| o.enabled) {
            match self.outbox_run(None).await {
                Ok(r) => report.delivery = Some(r),
                Err(e) => report.delivery_error = Some(e),
            }
            self.settle_outcomes(&mut report).await?;
        }
        Ok(report)
    }

    /// Claims one due reminder (or says what a dry run would do).
    #[allow(clippy::too_many_arguments)]
    async fn run_one(
        &self,
        org_id: i64,
        c: &ReminderCandidate,
        stage: &Stage,
        policy: &Policy,
        settings: &ReminderSettings,
        today: NaiveDate,
        dry_run: bool,
    ) -> ApiResult<DueReminder> {
        let mut item = DueReminder {
            org_id,
            invoice_id: c.invoice_id,
            number: c.number.clone(),
            customer_id: c.customer_id,
            buyer_name: c.buyer_name.clone(),
            stage: c.stage.clone(),
            tone: stage.tone,
            due_on: c.due_on,
            due_date: c.due_date,
            days_late: days_late(c.due_date, today),
            balance: c.balance,
            currency: c.currency.clone(),
            to: vec![],
            subject: None,
            outcome: ReminderOutcome::Blocked,
            message: None,
            reminder_id: None,
            outbox_id: None,
        };
        let mut claim = ReminderClaim {
            invoice_id: c.invoice_id,
            policy,
            catch_up_days: settings.catch_up_days,
            today,
            stage: &c.stage,
            message: None,
        };
        if settings.review {
            if dry_run {
                item.outcome = ReminderOutcome::WouldReview;
                return Ok(item);
            }
        } else {
            match self.reminder_mail(org_id, c.invoice_id, stage, today).await {
                Ok(mail) => {
                    item.to = mail.to;
                    item.subject = Some(mail.subject);
                    if dry_run {
                        item.outcome = ReminderOutcome::WouldSend;
                        return Ok(item);
                    }
                    claim.message = Some(mail.message);
                }
                // Nothing recorded: the next run tries again once it is fixed.
                Err(e) if e.is_user_error() => {
                    item.message = Some(e.message);
                    return Ok(item);
                }
                Err(e) => return Err(e),
            }
        }
        item.outcome = match self.store.claim_reminder(&claim).await? {
            ClaimOutcome::Queued {
                reminder_id,
                outbox_id,
            } => {
                item.reminder_id = Some(reminder_id);
                item.outbox_id = Some(outbox_id);
                ReminderOutcome::Queued
            }
            ClaimOutcome::InReview { reminder_id } => {
                item.reminder_id = Some(reminder_id);
                ReminderOutcome::InReview
            }
            ClaimOutcome::NotDue => ReminderOutcome::AlreadyHandled,
        };
        Ok(item)
    }

    /// After delivery: sent, failed or still queued, from the outbox.
    async fn settle_outcomes(&self, report: &mut ReminderRunReport) -> ApiResult<()> {
        for item in &mut report.reminders {
            let (ReminderOutcome::Queued, Some(id)) = (item.outcome, item.outbox_id) else {
                continue;
            };
            let o = self.store.outbox_item(id).await?;
            match o.state {
                OutboxState::Sent => {
                    item.outcome = ReminderOutcome::Sent;
                    report.sent += 1;
                }
                OutboxState::Failed | OutboxState::Cancelled => {
                    item.outcome = ReminderOutcome::Failed;
                    item.message = o.last_error_message;
                    report.failed += 1;
                }
                OutboxState::Queued | OutboxState::Sending => {
                    item.message = o.last_error_message;
                }
            }
        }
        Ok(())
    }

    /// What is due now, what comes within `days_ahead`, what waits for review.
    pub async fn list_reminders(&self, req: ListReminders) -> ApiResult<ReminderList> {
        let org_id = self.org(req.org_id).await?;
        let days_ahead = req.days_ahead.unwrap_or(DEFAULT_DAYS_AHEAD);
        if days_ahead > MAX_DAYS_AHEAD {
            return Err(ApiError::invalid(format!(
                "days ahead: at most {MAX_DAYS_AHEAD}"
            )));
        }
        let settings = self.store.reminder_settings(org_id).await?;
        let (tz, tz_name) = zone(settings.time_zone.as_deref())?;
        let (_, today) = self.reminder_clock(req.now.as_deref(), &tz)?;
        let until = today
            .checked_add_signed(TimeDelta::days(i64::from(days_ahead)))
            .unwrap_or(today);
        let mut due = vec![];
        let mut coming = vec![];
        for (scope, policy) in self.policy_groups(org_id, &settings.policy).await? {
            for c in self
                .store
                .due_reminders(org_id, scope, &policy, today, settings.catch_up_days)
                .await?
            {
                due.push(upcoming(&c, &policy));
            }
            for c in self
                .store
                .upcoming_reminders(org_id, scope, &policy, today, until)
                .await?
            {
                coming.push(upcoming(&c, &policy));
            }
        }
        due.sort_by_key(|r| (r.due_on, r.invoice_id));
        coming.sort_by_key(|r| (r.due_on, r.invoice_id));
        let mut in_review = self.store.reminders_in_review(org_id).await?;
        let (due_total, upcoming_total, in_review_total) =
            (count(&due), count(&coming), count(&in_review));
        if let Some(limit) = req.limit.map(|l| l as usize) {
            due.truncate(limit);
            coming.truncate(limit);
            in_review.truncate(limit);
        }
        Ok(ReminderList {
            org_id,
            enabled: settings.enabled,
            review: settings.review,
            time_zone: tz_name,
            today,
            due,
            due_total,
            upcoming: coming,
            upcoming_total,
            in_review,
            in_review_total,
        })
    }

    async fn own_invoice(&self, org_id: i64, document: &DocumentRef) -> ApiResult<i64> {
        let id = self.resolve(org_id, document).await?;
        let doc = self.store.document(id).await?;
        if doc.kind != DocumentKind::Invoice {
            return Err(ApiError::new(
                "conflict",
                format!(
                    "{} is not an invoice: only invoices are reminded",
                    doc.number.unwrap_or_else(|| format!("#{id}"))
                ),
            ));
        }
        Ok(id)
    }

    /// An invoice's reminders: history, pause, the next stage.
    pub async fn invoice_reminders(
        &self,
        org_id: Option<i64>,
        document: &DocumentRef,
    ) -> ApiResult<InvoiceReminders> {
        let org_id = self.org(org_id).await?;
        let id = self.own_invoice(org_id, document).await?;
        let doc = self.store.document(id).await?;
        let customer_paused = self
            .store
            .customer_reminders_paused(doc.customer_id)
            .await?;
        let (policy, own) = self.policy_for(org_id, doc.customer_id).await?;
        let history = self.store.reminder_history(id).await?;
        let settings = self.store.reminder_settings(org_id).await?;
        let (tz, _) = zone(settings.time_zone.as_deref())?;
        let (_, today) = self.reminder_clock(None, &tz)?;
        let handled: Vec<Handled> = history
            .iter()
            .map(|r| Handled {
                stage: r.stage.clone(),
                due_on: r.due_on,
            })
            .collect();
        let next = doc.due_date.and_then(|due_date| {
            let facts = InvoiceFacts {
                due_date,
                status: doc.status,
                balance: doc.balance,
                paused: doc.reminders_paused || customer_paused,
            };
            next_stage(&policy, &facts, &handled, today).map(|n| UpcomingReminder {
                invoice_id: id,
                number: doc.number.clone().unwrap_or_default(),
                customer_id: doc.customer_id,
                buyer_name: doc.buyer_name.clone(),
                stage: n.stage.key.clone(),
                tone: n.stage.tone,
                due_on: n.due_on,
                due_date,
                balance: doc.balance,
                currency: doc.currency.code().to_owned(),
            })
        });
        Ok(InvoiceReminders {
            invoice_id: id,
            number: doc.number.clone().unwrap_or_default(),
            paused: doc.reminders_paused,
            customer_paused,
            policy_source: if own { "customer" } else { "organization" }.to_owned(),
            history,
            next,
        })
    }

    pub async fn pause_invoice_reminders(
        &self,
        req: PauseInvoiceReminders,
    ) -> ApiResult<InvoiceReminders> {
        let org_id = self.org(req.org_id).await?;
        let id = self.own_invoice(org_id, &req.document).await?;
        self.store
            .set_invoice_reminders_paused(org_id, id, req.paused)
            .await?;
        self.invoice_reminders(Some(org_id), &DocumentRef::Id(id))
            .await
    }

    pub async fn customer_reminders(
        &self,
        org_id: Option<i64>,
        customer_id: i64,
    ) -> ApiResult<CustomerReminders> {
        let org_id = self.org(org_id).await?;
        let customer = self.store.customer(customer_id).await?;
        if customer.org_id != org_id {
            return Err(ApiError::new(
                "not_found",
                format!("customer '{customer_id}' was not found"),
            ));
        }
        Ok(CustomerReminders {
            customer_id,
            paused: self.store.customer_reminders_paused(customer_id).await?,
            policy: self.store.customer_reminder_policy(customer_id).await?,
        })
    }

    pub async fn pause_customer_reminders(
        &self,
        req: PauseCustomerReminders,
    ) -> ApiResult<CustomerReminders> {
        let org_id = self.org(req.org_id).await?;
        self.store
            .set_customer_reminders_paused(org_id, req.customer_id, req.paused)
            .await?;
        self.customer_reminders(Some(org_id), req.customer_id).await
    }

    pub async fn reminder_settings(&self, org_id: Option<i64>) -> ApiResult<ReminderSettings> {
        let org_id = self.org(org_id).await?;
        Ok(self.store.reminder_settings(org_id).await?)
    }

    /// The policy of a new organization: −3 courtesy, +1, +7, +15, +30 formal notice.
    pub fn default_reminder_policy(&self) -> Policy {
        Policy::default()
    }

    pub async fn set_reminder_settings(
        &self,
        req: SetReminderSettings,
    ) -> ApiResult<ReminderSettings> {
        let org_id = self.org(req.org_id).await?;
        let s = req.settings;
        let time_zone = s
            .time_zone
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        zone(time_zone.as_deref())?;
        if s.catch_up_days.is_some_and(|d| d > MAX_CATCH_UP_DAYS) {
            return Err(ApiError::invalid(format!(
                "catch_up_days: at most {MAX_CATCH_UP_DAYS} (or none for no limit)"
            )));
        }
        let settings = ReminderSettings {
            enabled: s.enabled,
            review: s.review,
            time_zone,
            catch_up_days: s.catch_up_days,
            policy: s.policy.validated().map_err(|e| e.within("policy"))?,
        };
        self.store.set_reminder_settings(org_id, &settings).await?;
        Ok(settings)
    }

    pub async fn set_customer_reminder_policy(
        &self,
        req: SetCustomerReminderPolicy,
    ) -> ApiResult<CustomerReminders> {
        let org_id = self.org(req.org_id).await?;
        let policy = req
            .policy
            .map(|p| p.validated().map_err(|e| e.within("policy")))
            .transpose()?;
        self.store
            .set_customer_reminder_policy(org_id, req.customer_id, policy.as_ref())
            .await?;
        self.customer_reminders(Some(org_id), req.customer_id).await
    }
}

/// A list's length for the wire (a book never has four billion reminders).
fn count<T>(rows: &[T]) -> u32 {
    u32::try_from(rows.len()).unwrap_or(u32::MAX)
}
