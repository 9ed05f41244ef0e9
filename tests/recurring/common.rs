//! What the recurring-invoice tests share: templates over the test book, a clock moved by
//! hand, runs, and the checks every scenario ends with (each occurrence once, numbers
//! gapless and following dates, the journal intact).

#![allow(dead_code, clippy::unwrap_used)]

use autoinvoice_api::ops_mail::Security;
use autoinvoice_api::*;
use autoinvoice_secrets::{MemorySecrets, SecretStore};
use autoinvoice_tests::book::*;
use chrono::{NaiveDate, TimeDelta};
use std::sync::Arc;

pub fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(TimeDelta::days(n)).unwrap()
}

/// An API whose clock reads `day`.
pub fn on(api: &Api, day: NaiveDate) -> Api {
    api.clone().with_clock(Clock::Fixed(day))
}

pub fn every(unit: ScheduleUnit, interval: u32, start: &str) -> Schedule {
    Schedule {
        unit,
        interval,
        start: date(start),
        end: None,
        count: None,
    }
}

/// A template repeating the three-rate invoice for `customer_id`.
pub fn template(
    name: &str,
    customer_id: i64,
    schedule: Schedule,
    mode: RecurringMode,
) -> CreateRecurring {
    CreateRecurring {
        org_id: None,
        name: name.into(),
        customer_id,
        schedule,
        mode,
        service_period: ServicePeriod::Current,
        paused: false,
        mail: RecurringMail::default(),
        content: three_rate_invoice(customer_id).content,
    }
}

pub async fn create(api: &Api, t: CreateRecurring) -> RecurringTemplate {
    api.create_recurring(t).await.unwrap()
}

/// A run on `day` that queues emails but leaves their delivery to the outbox.
pub async fn run_on(api: &Api, day: NaiveDate) -> RecurringRunReport {
    on(api, day)
        .run_recurring(RunRecurring {
            no_delivery: true,
            ..RunRecurring::default()
        })
        .await
        .unwrap()
}

pub async fn occurrences(api: &Api, id: i64) -> Vec<OccurrenceRecord> {
    api.get_recurring(RecurringId { org_id: None, id })
        .await
        .unwrap()
        .occurrences
}

/// The book's API with secrets in memory (setting the mail account reads the keyring).
pub fn with_memory_secrets(api: &Api) -> Api {
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::new());
    api.clone().with_secrets(secrets)
}

/// An SMTP account on loopback (nothing is delivered: runs leave the outbox alone).
pub async fn mail_account(api: &Api) {
    api.set_mail_config(SetMailConfig {
        host: Some("127.0.0.1".into()),
        port: Some(2525),
        security: Some(Security::None),
        from_address: "factures@example.fr".into(),
        ..SetMailConfig::default()
    })
    .await
    .unwrap();
}

/// Row counts of every table, the recurring ones and the outbox included.
pub async fn rows(b: &Book) -> Vec<(String, i64)> {
    let mut out = b.counts().await;
    let mut conn = b.raw().await;
    for t in ["recurring_templates", "recurring_occurrences", "outbox"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}")))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        out.push((t.to_owned(), n));
    }
    out
}

/// What every scenario ends with: per template, occurrence indexes 0..n once each; no
/// document made twice or without its occurrence; invoice numbers gapless with issue dates
/// in number order; the journal verifies. Returns the number of issued invoices.
pub async fn check_books(b: &Book) -> i64 {
    let mut raw = b.raw().await;
    let per_template: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT template_id, COUNT(*), COUNT(DISTINCT occurrence_index), MAX(occurrence_index)
           FROM recurring_occurrences GROUP BY template_id",
    )
    .fetch_all(&mut raw)
    .await
    .unwrap();
    for (t, n, distinct, max) in per_template {
        assert_eq!(
            (n, max),
            (distinct, n - 1),
            "template {t}: indexes not 0..{n} once each"
        );
    }
    let shared: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT document_id FROM recurring_occurrences WHERE document_id IS NOT NULL
           GROUP BY document_id HAVING COUNT(*) > 1)",
    )
    .fetch_one(&mut raw)
    .await
    .unwrap();
    assert_eq!(shared, 0, "a document belongs to two occurrences");
    let numbered: Vec<(i64, String, NaiveDate)> = sqlx::query_as(
        "SELECT seq, period, issue_date FROM invoices WHERE kind = 'invoice' AND number IS NOT NULL
          ORDER BY period, seq",
    )
    .fetch_all(&mut raw)
    .await
    .unwrap();
    let mut last: Option<(String, i64, NaiveDate)> = None;
    for (seq, period, issued) in &numbered {
        match &last {
            Some((p, s, d)) if p == period => {
                assert_eq!(*seq, s + 1, "gap or duplicate after {period}/{s}");
                assert!(issued >= d, "issue dates go backwards at {period}/{seq}");
            }
            _ => assert_eq!(*seq, 1, "period {period} does not start at 1"),
        }
        last = Some((period.clone(), *seq, *issued));
    }
    let reports = b.api.verify_journal(None).await.unwrap();
    assert!(reports[0].ok(), "{:?}", reports[0].problems);
    i64::try_from(numbered.len()).unwrap()
}

/// Documents no occurrence accounts for.
pub async fn orphans(b: &Book) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM invoices WHERE id NOT IN
           (SELECT document_id FROM recurring_occurrences WHERE document_id IS NOT NULL)",
    )
    .fetch_one(&mut b.raw().await)
    .await
    .unwrap()
}
