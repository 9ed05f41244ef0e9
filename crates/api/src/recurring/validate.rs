//! The checks a template passes before anything is written: its name, schedule, content
//! (validated as a draft would be, and as an issue would be when it issues), recipients.

use super::schedule;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::document::{DocumentContent, DocumentKind};
use autoinvoice_domain::{issue_rules, text};
use autoinvoice_mail::transport::parse_address;
use autoinvoice_store::recurring::{RecurringMail, RecurringMode, Schedule, ServicePeriod};

/// What a template is made of, as the user gave it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TemplateInput<'a> {
    pub org_id: i64,
    pub customer_id: i64,
    pub name: &'a str,
    pub schedule: &'a Schedule,
    pub mode: RecurringMode,
    pub service_period: ServicePeriod,
    pub content: &'a DocumentContent,
    pub mail: &'a RecurringMail,
}

/// The template's parts, checked and cleaned.
#[derive(Debug, Clone)]
pub(crate) struct CheckedTemplate {
    pub name: String,
    pub content: DocumentContent,
    pub mail: RecurringMail,
}

/// Each occurrence sets its own dates: a date in the template would be repeated on every
/// invoice, or silently replaced.
fn no_fixed_dates(c: &DocumentContent) -> ApiResult<()> {
    let fixed = [
        ("issue_date", c.issue_date.is_some()),
        ("due_date", c.due_date.is_some()),
        ("delivery_date", c.delivery_date.is_some()),
        ("period_start", c.period_start.is_some()),
        ("period_end", c.period_end.is_some()),
        ("valid_until", c.valid_until.is_some()),
    ];
    match fixed.iter().find(|(_, set)| *set) {
        Some((field, _)) => Err(ApiError::invalid(format!(
            "content.{field}: a template holds no dates; each invoice is dated by its occurrence (payment terms: payment_terms_days; the period: service_period)"
        ))),
        None => Ok(()),
    }
}

fn addresses(list: &[String], field: &str) -> ApiResult<Vec<String>> {
    list.iter()
        .map(|a| {
            parse_address(a).map_err(|e| {
                ApiError::new("invalid_address", format!("mail.{field}: {}", e.message))
            })?;
            Ok(a.trim().to_owned())
        })
        .collect()
}

impl Api {
    /// Checks a template as `create` and `update` take it; nothing is written.
    pub(crate) async fn check_template(&self, t: TemplateInput<'_>) -> ApiResult<CheckedTemplate> {
        let name = text::required(t.name, "name", text::NAME)?;
        schedule::check(t.schedule)?;
        no_fixed_dates(t.content)?;
        // The first occurrence's period stands for every period (EN 16931 BR-IC-11 wants a
        // delivery date or a period for intra-EU supplies).
        let first = schedule::occurrence(t.schedule, t.service_period, 0).ok_or_else(|| {
            ApiError::new("invalid_date", "schedule: its first day is out of range")
        })?;
        let dated = DocumentContent {
            period_start: first.period_start,
            period_end: first.period_end,
            ..t.content.clone()
        };
        // The customer (unknown, another organization's, archived) and the content, as a
        // draft is checked.
        let (validated, totals) = self.prepare(t.org_id, t.customer_id, dated).await?;
        if t.mode.issues() {
            // What issuing will check, told now rather than at the first run.
            let seller = self.store.organization(t.org_id).await?.organization;
            let buyer = self.store.customer(t.customer_id).await?.customer;
            issue_rules::check_parties(&validated, &seller, &buyer)?;
            issue_rules::check_total(DocumentKind::Invoice, &totals)?;
        }
        let mail = RecurringMail {
            to: addresses(&t.mail.to, "to")?,
            cc: addresses(&t.mail.cc, "cc")?,
            ubl: t.mail.ubl,
        };
        Ok(CheckedTemplate {
            name,
            content: DocumentContent {
                period_start: None,
                period_end: None,
                ..validated
            },
            mail,
        })
    }
}
