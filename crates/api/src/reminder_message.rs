//! The email of one reminder: the stage's text in the invoice's language, the figures of the
//! day (balance, days late, and for a formal notice to a French business customer the
//! interest at the invoice's own rate and the 40 EUR indemnity), a stable Message-ID.

use crate::ops_mail::format_amount;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::party::{CustomerKind, Language};
use autoinvoice_domain::reminders::{RECOVERY_INDEMNITY_EUR, Stage, days_late, late_charges};
use autoinvoice_mail::message::{Draft, build};
use autoinvoice_mail::reminder_template::{
    ReminderVars, reminder_message_id, reminder_template, render_reminder,
};
use autoinvoice_mail::worker::EXPIRY;
use autoinvoice_mail::{Code, MailError};
use autoinvoice_store::outbox::NewOutboxMessage;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A reminder ready to queue.
#[derive(Debug, Clone)]
pub(crate) struct ReminderMail {
    pub message: NewOutboxMessage,
    pub to: Vec<String>,
    pub subject: String,
}

fn format_date(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::Fr => d.format("%d/%m/%Y").to_string(),
        Language::En => d.format("%Y-%m-%d").to_string(),
    }
}

fn format_rate(rate: Decimal, lang: Language) -> String {
    let text = rate.normalize().to_string();
    match lang {
        Language::Fr => format!("{} %", text.replace('.', ",")),
        Language::En => format!("{text}%"),
    }
}

impl Api {
    /// Builds the reminder of `stage` for an invoice, with the figures of `today`.
    pub(crate) async fn reminder_mail(
        &self,
        org_id: i64,
        invoice_id: i64,
        stage: &Stage,
        today: NaiveDate,
    ) -> ApiResult<ReminderMail> {
        let settings = self.store.smtp_settings(org_id).await?.ok_or_else(|| {
            ApiError::from(MailError::new(
                Code::NotConfigured,
                "No email account is set up.",
            ))
        })?;
        let doc = self.store.document(invoice_id).await?;
        let (Some(seller), Some(buyer), Some(due_date), Some(number)) = (
            doc.seller.clone(),
            doc.buyer.clone(),
            doc.due_date,
            doc.number.clone(),
        ) else {
            return Err(ApiError::new(
                "conflict",
                format!("#{invoice_id} is not an issued invoice with a due date"),
            ));
        };
        // Today's addresses of the customer, else those frozen on the invoice.
        let current = self.store.customer(doc.customer_id).await?.customer;
        let to: Vec<String> = current
            .emails
            .first()
            .or(buyer.emails.first())
            .cloned()
            .into_iter()
            .collect();
        if to.is_empty() {
            return Err(ApiError::new(
                "no_recipient",
                format!(
                    "{} has no email address: add one to the customer",
                    buyer.name
                ),
            ));
        }
        let lang = buyer.language.unwrap_or(seller.language);
        let decimals = doc.currency.amount_decimals();
        let money = |a: Decimal| format_amount(a, decimals, doc.currency.code(), lang);
        let b2b_france = seller.address.country == "FR" && buyer.kind == CustomerKind::Business;
        let charges = late_charges(
            stage.tone,
            b2b_france,
            doc.balance,
            due_date,
            today,
            seller.late_penalty_rate,
            decimals,
        )?;
        let late = days_late(due_date, today);
        let vars = ReminderVars {
            customer: buyer.name.clone(),
            number: number.clone(),
            amount: money(doc.totals.due),
            balance: money(doc.balance),
            due_date: format_date(due_date, lang),
            days_late: (late > 0).then(|| late.to_string()),
            rate: charges.and_then(|c| c.rate).map(|r| format_rate(r, lang)),
            interest: charges.and_then(|c| c.interest).map(money),
            indemnity: charges
                .and_then(|c| c.indemnity)
                .map(|_| format_amount(RECOVERY_INDEMNITY_EUR, 2, "EUR", lang)),
            payment_link: self.active_payment_url(invoice_id).await?,
            sender: seller.display_name(),
        };
        let text = render_reminder(&reminder_template(stage, lang), &vars);
        let draft = Draft {
            from_name: settings
                .from_name
                .clone()
                .or_else(|| Some(seller.display_name())),
            from_address: settings.from_address.clone(),
            reply_to: settings.reply_to.clone(),
            to: to.clone(),
            cc: vec![],
            bcc: if settings.bcc_self {
                vec![settings.from_address.clone()]
            } else {
                vec![]
            },
            subject: text.subject.clone(),
            body: text.body,
            attachments: vec![],
        };
        let message_id = reminder_message_id(&doc.uid, &stage.key, &settings.from_address);
        // Outbox times are the real clock's, whatever `--now` says: the worker delivers
        // what is due by the real clock.
        let now = chrono::Utc::now();
        let built = build(&draft, &message_id, now.into())?;
        Ok(ReminderMail {
            message: NewOutboxMessage {
                org_id,
                invoice_id: Some(invoice_id),
                kind: "reminder",
                message_id,
                envelope_from: draft.from_address.clone(),
                to: draft.to.clone(),
                cc: vec![],
                bcc: draft.bcc.clone(),
                subject: draft.subject.clone(),
                raw: built.raw,
                now,
                expires_at: now + EXPIRY,
            },
            to,
            subject: text.subject,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_people_write_them() {
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert_eq!(format_rate(d("12.09"), Language::Fr), "12,09 %");
        assert_eq!(format_rate(d("10.00"), Language::En), "10%");
    }
}
