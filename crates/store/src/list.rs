//! Paged, filtered, sorted, searched document lists: the query behind the invoice list.

use crate::Store;
use crate::customers::escape_like;
use crate::error::StoreResult;
use autoinvoice_domain::document::DocumentKind;
use autoinvoice_domain::lifecycle::Status;
use autoinvoice_domain::money::from_cents;
use autoinvoice_domain::text::fold;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    IssueDate,
    Number,
    DueDate,
    Total,
    Customer,
    Status,
    Created,
}

impl SortKey {
    fn columns(self) -> &'static str {
        match self {
            Self::IssueDate => "issue_date",
            Self::Number => "number",
            Self::DueDate => "due_date",
            Self::Total => "total_incl_cents",
            Self::Customer => "buyer_name COLLATE NOCASE",
            Self::Status => "status",
            Self::Created => "created_at",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    pub org_id: i64,
    pub kind: Option<DocumentKind>,
    pub statuses: Vec<Status>,
    pub customer_id: Option<i64>,
    /// Only documents overdue on this day.
    pub overdue_on: Option<NaiveDate>,
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
    pub search: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DocumentSummary {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub number: Option<String>,
    pub customer_id: i64,
    pub buyer_name: String,
    pub currency: String,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_excl: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_incl: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub balance: Decimal,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DocumentPage {
    /// How many documents match the filters (all pages), up to [`COUNT_CAP`].
    pub total: i64,
    /// False when more than [`COUNT_CAP`] match.
    pub total_is_exact: bool,
    pub items: Vec<DocumentSummary>,
}

fn push_filters(b: &mut QueryBuilder<Sqlite>, q: &DocumentQuery) {
    b.push(" WHERE org_id = ").push_bind(q.org_id);
    if let Some(k) = q.kind {
        b.push(" AND kind = ").push_bind(k.code());
    }
    if !q.statuses.is_empty() {
        b.push(" AND status IN (");
        let mut sep = b.separated(", ");
        for s in &q.statuses {
            sep.push_bind(s.code());
        }
        b.push(")");
    }
    if let Some(c) = q.customer_id {
        b.push(" AND customer_id = ").push_bind(c);
    }
    if let Some(day) = q.overdue_on {
        b.push(" AND status IN ('issued', 'sent', 'partially_paid') AND due_date < ")
            .push_bind(day.to_string());
    }
    if let Some(d) = q.issued_from {
        b.push(" AND issue_date >= ").push_bind(d.to_string());
    }
    if let Some(d) = q.issued_to {
        b.push(" AND issue_date <= ").push_bind(d.to_string());
    }
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // Customer names through the customers table (a few rows, then the customer index);
        // numbers, notes, references and line names through the trigram index.
        let folded = fold(s);
        let like = format!("%{}%", escape_like(&folded));
        b.push(" AND (customer_id IN (SELECT id FROM customers WHERE org_id = ")
            .push_bind(q.org_id);
        b.push(" AND search_name LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\')");
        if s.chars().count() >= 3 {
            let phrase = format!("{{number body}} : \"{}\"", folded.replace('"', "\"\""));
            b.push(" OR id IN (SELECT rowid FROM invoice_search WHERE invoice_search MATCH ")
                .push_bind(phrase)
                .push("))");
        } else {
            b.push(" OR number LIKE ")
                .push_bind(format!("%{}%", escape_like(s)))
                .push(" ESCAPE '\\')");
        }
    }
}

/// Counting stops here: past it the list says "1,000 or more", as any long list does.
pub const COUNT_CAP: i64 = 1000;

impl Store {
    pub async fn list_documents(
        &self,
        q: &DocumentQuery,
        today: NaiveDate,
    ) -> StoreResult<DocumentPage> {
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM (SELECT 1 FROM invoices");
        push_filters(&mut count, q);
        count.push(" LIMIT ").push_bind(COUNT_CAP + 1).push(")");
        let counted: i64 = count.build_query_scalar().fetch_one(self.pool()).await?;

        let mut b = QueryBuilder::<Sqlite>::new(
            "SELECT id, kind, status, number, customer_id, buyer_name, currency, issue_date, due_date, total_excl_cents,
                    total_incl_cents, CASE WHEN kind = 'invoice' AND status <> 'draft' THEN due_cents - paid_cents - credited_cents ELSE 0 END AS balance_cents FROM invoices",
        );
        push_filters(&mut b, q);
        let dir = if q.descending { "DESC" } else { "ASC" };
        // Few matches (the count above is exact): find them through the filters' index and
        // sort them apart. Otherwise walk the sort key's index and stop at the page. SQLite's
        // planner, left to itself, walks the sort index even for a filter that matches
        // nothing, reading all 100,000 invoices to find no draft (60 ms instead of 0.1).
        // `+column` is an expression, whose order no index provides (SQLite documents the
        // unary plus for keeping an index from a WHERE term; it works the same here).
        let unindexed = if counted <= COUNT_CAP { "+" } else { "" };
        b.push(format!(
            " ORDER BY {unindexed}{} {dir}, {unindexed}id {dir}",
            q.sort.columns()
        ));
        b.push(" LIMIT ")
            .push_bind(q.limit.clamp(1, 1000))
            .push(" OFFSET ")
            .push_bind(q.offset.max(0));
        let rows = b.build().fetch_all(self.pool()).await?;
        let items = rows
            .iter()
            .map(|r| {
                let status: String = r.get("status");
                let due_date: Option<NaiveDate> = r.get("due_date");
                let open = Status::parse(&status).map(Status::is_open).unwrap_or(false);
                DocumentSummary {
                    id: r.get("id"),
                    kind: r.get("kind"),
                    number: r.get("number"),
                    customer_id: r.get("customer_id"),
                    buyer_name: r.get("buyer_name"),
                    currency: r.get("currency"),
                    issue_date: r.get("issue_date"),
                    total_excl: from_cents(r.get("total_excl_cents")),
                    total_incl: from_cents(r.get("total_incl_cents")),
                    balance: from_cents(r.get("balance_cents")),
                    overdue: open && due_date.is_some_and(|d| d < today),
                    due_date,
                    status,
                }
            })
            .collect();
        Ok(DocumentPage {
            total: counted.min(COUNT_CAP),
            total_is_exact: counted <= COUNT_CAP,
            items,
        })
    }
}
