//! Creating an occurrence — its document, issued or not, and its row — in one transaction;
//! reading a template's occurrences.

use super::{MailState, OccurrenceRecord, OccurrenceStatus, corrupt};
use crate::documents::NewDraft;
use crate::error::StoreResult;
use crate::outbox::OutboxState;
use crate::{Store, now_text, series};
use autoinvoice_domain::document::{DocumentContent, DocumentKind};
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::totals::Totals;
use chrono::NaiveDate;
use sqlx::{Row, Sqlite, Transaction};

/// An occurrence to create, as the caller computed it from the template it read.
#[derive(Debug, Clone)]
pub struct NewOccurrence<'a> {
    pub template_id: i64,
    /// The template's revision the caller read: a template changed meanwhile is re-read.
    pub revision: i64,
    pub index: u32,
    pub scheduled_on: NaiveDate,
    /// The validated content, with the occurrence's period and no issue date.
    pub content: &'a DocumentContent,
    pub totals: &'a Totals,
    /// The organization's calendar day: an occurrence scheduled after it is made ahead.
    pub today: NaiveDate,
    /// Issue it in the same transaction (dated as [`issue_date`] says).
    pub issue: bool,
    /// Its email is to be queued (`issue_and_send`).
    pub send: bool,
}

/// What became of an occurrence to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OccurrenceOutcome {
    Created {
        occurrence_id: i64,
        document_id: i64,
        number: Option<String>,
        issue_date: Option<NaiveDate>,
    },
    /// The index has a row already: another run made it first. Nothing done.
    Taken,
    /// The template was changed, paused or deleted since the caller read it. Nothing done.
    Stale,
}

/// The date an occurrence is issued with. Its scheduled day — unless that is after
/// `today` (made ahead of its day: an invoice is never dated in the future) or before the
/// last issue date of the invoice series (numbers follow dates: "chronologique et
/// continue", and `allocate` refuses to go back), in which case it is dated `today` and the
/// occurrence keeps both dates (`scheduled_on`, `issue_date`).
pub(crate) fn issue_date(
    scheduled_on: NaiveDate,
    today: NaiveDate,
    last_issue: Option<NaiveDate>,
) -> NaiveDate {
    if scheduled_on > today || last_issue.is_some_and(|last| scheduled_on < last) {
        today
    } else {
        scheduled_on
    }
}

fn opt_date(r: &sqlx::sqlite::SqliteRow, col: &str) -> StoreResult<Option<NaiveDate>> {
    Ok(r.try_get(col)?)
}

fn record(r: &sqlx::sqlite::SqliteRow) -> StoreResult<OccurrenceRecord> {
    let index: i64 = r.try_get("occurrence_index")?;
    let status: String = r.try_get("status")?;
    let doc_status: Option<String> = r.try_get("document_status")?;
    let delivery: Option<String> = r.try_get("delivery")?;
    Ok(OccurrenceRecord {
        id: r.try_get("id")?,
        template_id: r.try_get("template_id")?,
        index: u32::try_from(index).map_err(|_| corrupt("occurrence index", &index.to_string()))?,
        scheduled_on: r.try_get("scheduled_on")?,
        period_start: opt_date(r, "period_start")?,
        period_end: opt_date(r, "period_end")?,
        status: match status.as_str() {
            "created" => OccurrenceStatus::Created,
            "skipped" => OccurrenceStatus::Skipped,
            other => return Err(corrupt("occurrence status", other)),
        },
        document_id: r.try_get("document_id")?,
        number: r.try_get("number")?,
        document_status: doc_status.as_deref().map(Status::parse).transpose()?,
        issue_date: opt_date(r, "issue_date")?,
        ahead: r.try_get("ahead")?,
        mail_state: MailState::parse(&r.try_get::<String, _>("mail_state")?)?,
        outbox_id: r.try_get("outbox_id")?,
        delivery: delivery.as_deref().map(OutboxState::parse).transpose()?,
        mail_error: r.try_get("mail_error")?,
        created_at: r.try_get("created_at")?,
    })
}

/// Whether `o` may be created now: the template as read, not paused, `o.index` next.
async fn check_fresh(
    tx: &mut Transaction<'static, Sqlite>,
    o: &NewOccurrence<'_>,
) -> StoreResult<Option<OccurrenceOutcome>> {
    let row: Option<(i64, bool, i64)> = sqlx::query_as(
        "SELECT revision, paused,
           (SELECT COALESCE(MAX(occurrence_index) + 1, 0) FROM recurring_occurrences WHERE template_id = t.id)
         FROM recurring_templates t WHERE id = ?",
    )
    .bind(o.template_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((revision, paused, next)) = row else {
        return Ok(Some(OccurrenceOutcome::Stale));
    };
    if revision != o.revision || paused {
        return Ok(Some(OccurrenceOutcome::Stale));
    }
    let index = i64::from(o.index);
    Ok(match next.cmp(&index) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(OccurrenceOutcome::Taken),
        std::cmp::Ordering::Less => Some(OccurrenceOutcome::Stale),
    })
}

impl Store {
    /// Creates occurrence `o` of a template: the draft, issued when asked, and the
    /// occurrence row, in one transaction — or nothing (see [`OccurrenceOutcome`]).
    pub async fn create_occurrence(
        &self,
        org_id: i64,
        customer_id: i64,
        o: &NewOccurrence<'_>,
    ) -> StoreResult<OccurrenceOutcome> {
        let mut tx = self.write().await?;
        if let Some(outcome) = check_fresh(&mut tx, o).await? {
            return Ok(outcome);
        }
        let issue_on = if o.issue {
            let series = series::default_for(&mut tx, org_id, DocumentKind::Invoice).await?;
            Some(issue_date(o.scheduled_on, o.today, series.last_issue_date))
        } else {
            None
        };
        let content = DocumentContent {
            issue_date: issue_on,
            ..o.content.clone()
        };
        let document_id = Self::insert_draft(
            &mut tx,
            &NewDraft {
                org_id,
                kind: DocumentKind::Invoice,
                customer_id,
                content: &content,
                totals: o.totals,
                preceding_id: None,
            },
        )
        .await?;
        let number = match issue_on {
            Some(_) => Some(Self::issue_in(&mut tx, document_id, o.today).await?),
            None => None,
        };
        let mail_state = if o.send && number.is_some() {
            MailState::Pending
        } else {
            MailState::None
        };
        let occurrence_id: i64 = sqlx::query_scalar(
            "INSERT INTO recurring_occurrences (template_id, occurrence_index, scheduled_on, period_start, period_end,
               status, document_id, issue_date, ahead, mail_state, created_at)
             VALUES (?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(o.template_id)
        .bind(i64::from(o.index))
        .bind(o.scheduled_on)
        .bind(o.content.period_start)
        .bind(o.content.period_end)
        .bind(document_id)
        .bind(issue_on)
        .bind(o.scheduled_on > o.today)
        .bind(mail_state.code())
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(OccurrenceOutcome::Created {
            occurrence_id,
            document_id,
            number,
            issue_date: issue_on,
        })
    }

    /// A template's occurrences, oldest first.
    pub async fn recurring_occurrences(
        &self,
        template_id: i64,
    ) -> StoreResult<Vec<OccurrenceRecord>> {
        let rows = sqlx::query(
            "SELECT o.*, i.number, i.status AS document_status, x.state AS delivery
               FROM recurring_occurrences o
               LEFT JOIN invoices i ON i.id = o.document_id
               LEFT JOIN outbox x ON x.id = o.outbox_id
              WHERE o.template_id = ? ORDER BY o.occurrence_index",
        )
        .bind(template_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// The occurrence that made a document, if a template made it.
    pub async fn occurrence_of_document(
        &self,
        document_id: i64,
    ) -> StoreResult<Option<OccurrenceRecord>> {
        let row = sqlx::query(
            "SELECT o.*, i.number, i.status AS document_status, x.state AS delivery
               FROM recurring_occurrences o
               LEFT JOIN invoices i ON i.id = o.document_id
               LEFT JOIN outbox x ON x.id = o.outbox_id
              WHERE o.document_id = ?",
        )
        .bind(document_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(record).transpose()
    }
}
