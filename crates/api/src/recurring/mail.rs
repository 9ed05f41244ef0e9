//! The email of an `issue_and_send` occurrence: built like `invoice send` builds it (the
//! Factur-X PDF, the customer's language), queued in the outbox by a claim on the
//! occurrence, so that two runs queue it once; the emails earlier runs left to queue; what
//! delivery made of them. Nothing here speaks SMTP.

use super::types::{RecurringOutcome, RecurringRunItem, RecurringRunReport};
use crate::{Api, ApiResult, DocumentRef, SendDocumentMail};
use autoinvoice_store::outbox::OutboxState;
use autoinvoice_store::recurring::RecurringMail;

/// Errors that no later run would fix by itself: the email is recorded as not sent, and
/// the user sends the invoice by hand once the address or the account is there.
const BLOCKING: [&str; 3] = ["no_recipient", "mail_not_configured", "invalid_address"];

/// What became of an occurrence's email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MailOutcome {
    Queued {
        outbox_id: i64,
    },
    /// Cannot be sent: recorded, not tried again.
    Blocked {
        code: String,
        message: String,
    },
    /// Not queued this time (the next run tries again).
    Later {
        code: String,
        message: String,
    },
    /// Another run queued (or blocked) it first.
    Taken,
}

impl Api {
    /// Queues the email of occurrence `occurrence_id`, whose invoice is `document_id`.
    pub(crate) async fn queue_occurrence_mail(
        &self,
        org_id: i64,
        occurrence_id: i64,
        document_id: i64,
        mail: &RecurringMail,
    ) -> ApiResult<MailOutcome> {
        let req = SendDocumentMail {
            org_id: Some(org_id),
            document: DocumentRef::Id(document_id),
            to: mail.to.clone(),
            cc: mail.cc.clone(),
            ubl: mail.ubl,
            payment_link: None,
            subject: None,
            body: None,
        };
        let message = match self.document_message(&req).await {
            Ok(m) => m,
            Err(e) if BLOCKING.contains(&e.code.as_str()) => {
                let blocked = self
                    .store
                    .block_occurrence_mail(occurrence_id, &e.message)
                    .await?;
                return Ok(if blocked {
                    MailOutcome::Blocked {
                        code: e.code,
                        message: e.message,
                    }
                } else {
                    MailOutcome::Taken
                });
            }
            Err(e) if e.is_user_error() => {
                return Ok(MailOutcome::Later {
                    code: e.code,
                    message: e.message,
                });
            }
            Err(e) => return Err(e),
        };
        Ok(
            match self
                .store
                .queue_occurrence_mail(occurrence_id, &message)
                .await?
            {
                Some(outbox_id) => MailOutcome::Queued { outbox_id },
                None => MailOutcome::Taken,
            },
        )
    }

    /// The emails earlier runs issued but did not queue (interrupted, or the PDF failed).
    pub(crate) async fn queue_pending_mails(
        &self,
        org_id: i64,
        report: &mut RecurringRunReport,
    ) -> ApiResult<()> {
        for p in self.store.pending_recurring_mails(org_id).await? {
            let doc = self.store.document(p.document_id).await?;
            let mut it = RecurringRunItem {
                org_id,
                template_id: p.template_id,
                template_name: p.template_name.clone(),
                index: p.index,
                scheduled_on: p.scheduled_on,
                period_start: doc.content.period_start,
                period_end: doc.content.period_end,
                outcome: RecurringOutcome::Issued,
                document_id: Some(p.document_id),
                number: doc.number.clone(),
                issue_date: doc.issue_date,
                ahead: false,
                outbox_id: None,
                code: None,
                message: None,
            };
            let m = self
                .queue_occurrence_mail(org_id, p.occurrence_id, p.document_id, &p.mail)
                .await?;
            if m != MailOutcome::Taken {
                apply_mail(&mut it, m);
                report.push_mail(it);
            }
        }
        Ok(())
    }

    /// After delivery: which queued emails the server accepted.
    pub(crate) async fn settle(&self, report: &mut RecurringRunReport) -> ApiResult<()> {
        for it in &mut report.items {
            let (RecurringOutcome::Queued, Some(id)) = (it.outcome, it.outbox_id) else {
                continue;
            };
            let o = self.store.outbox_item(id).await?;
            match o.state {
                OutboxState::Sent => {
                    it.outcome = RecurringOutcome::Sent;
                    report.sent += 1;
                }
                _ => it.message = o.last_error_message,
            }
        }
        Ok(())
    }
}

pub(crate) fn apply_mail(it: &mut RecurringRunItem, m: MailOutcome) {
    match m {
        MailOutcome::Queued { outbox_id } => {
            it.outcome = RecurringOutcome::Queued;
            it.outbox_id = Some(outbox_id);
        }
        MailOutcome::Blocked { code, message } => {
            it.outcome = RecurringOutcome::MailBlocked;
            it.code = Some(code);
            it.message = Some(message);
        }
        MailOutcome::Later { code, message } => {
            it.code = Some(code);
            it.message = Some(format!(
                "email not queued yet, the next run tries again: {message}"
            ));
        }
        MailOutcome::Taken => {}
    }
}
