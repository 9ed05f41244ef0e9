//! The `invoices` and `invoice_items` tables: drafts that can change, issued documents that
//! cannot (see `issue.rs`), read back as whole documents.

use crate::error::{StoreError, StoreResult, from_json, to_json};
use crate::{Store, new_uid, now_text};
use autoinvoice_domain::Currency;
use autoinvoice_domain::document::{DocumentContent, DocumentKind, Line, LineAllowanceCharge};
use autoinvoice_domain::lifecycle::{Settlement, Status};
use autoinvoice_domain::money::{from_cents, to_cents};
use autoinvoice_domain::party::{Customer, Organization};
use autoinvoice_domain::text::fold;
use autoinvoice_domain::totals::Totals;
use autoinvoice_domain::vat::VatCategory;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{Sqlite, Transaction};

/// The columns of a document: its `invoices` row and its `invoice_bodies` row.
pub(crate) const DOCUMENT_SELECT: &str = "SELECT i.*, b.content, b.totals, b.seller, b.buyer FROM invoices i JOIN invoice_bodies b ON b.invoice_id = i.id";
const DOCUMENT_BY_ID: &str = "SELECT i.*, b.content, b.totals, b.seller, b.buyer FROM invoices i JOIN invoice_bodies b ON b.invoice_id = i.id WHERE i.id = ?";

/// A row of `invoices` (with its body) exactly as stored. Its frozen columns are what the fingerprint covers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub kind: String,
    pub customer_id: i64,
    pub status: String,
    pub series_id: Option<i64>,
    pub period: Option<String>,
    pub seq: Option<i64>,
    pub number: Option<String>,
    pub currency: String,
    pub issue_date: Option<String>,
    pub due_date: Option<String>,
    pub buyer_name: String,
    pub content: String,
    pub totals: String,
    pub seller: Option<String>,
    pub buyer: Option<String>,
    pub total_excl_cents: i64,
    pub total_vat_cents: i64,
    pub total_incl_cents: i64,
    pub due_cents: i64,
    pub preceding_id: Option<i64>,
    pub content_hash: Option<String>,
    pub issued_at: Option<String>,
    pub paid_cents: i64,
    pub credited_cents: i64,
    pub sent_at: Option<String>,
    pub reminders_paused: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A row of `invoice_items` exactly as stored.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, specta::Type)]
pub struct ItemRow {
    pub position: i64,
    pub name: String,
    pub description: Option<String>,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    pub gross_price: Option<String>,
    pub base_quantity: Option<String>,
    pub vat_category: String,
    pub vat_rate: Option<String>,
    pub allowances_charges: String,
    pub net_cents: i64,
}

impl ItemRow {
    pub fn from_line(position: usize, line: &Line, net: Decimal) -> StoreResult<Self> {
        Ok(Self {
            position: i64::try_from(position).unwrap_or(i64::MAX),
            name: line.name.clone(),
            description: line.description.clone(),
            quantity: line.quantity.to_string(),
            unit: line.unit.clone(),
            unit_price: line.unit_price.to_string(),
            gross_price: line.gross_price.map(|d| d.to_string()),
            base_quantity: line.base_quantity.map(|d| d.to_string()),
            vat_category: line.category().code().to_owned(),
            vat_rate: line.vat_rate.map(|d| d.to_string()),
            allowances_charges: to_json(&line.allowances_charges),
            net_cents: to_cents(net)?,
        })
    }

    pub fn to_line(&self) -> StoreResult<Line> {
        let dec = |what: &str, s: &str| {
            s.parse::<Decimal>().map_err(|e| {
                StoreError::Corrupt(format!("line {} {what} '{s}': {e}", self.position))
            })
        };
        let opt = |what: &str, s: &Option<String>| s.as_deref().map(|s| dec(what, s)).transpose();
        Ok(Line {
            name: self.name.clone(),
            description: self.description.clone(),
            quantity: dec("quantity", &self.quantity)?,
            unit: self.unit.clone(),
            unit_price: dec("unit_price", &self.unit_price)?,
            gross_price: opt("gross_price", &self.gross_price)?,
            base_quantity: opt("base_quantity", &self.base_quantity)?,
            allowances_charges: from_json::<Vec<LineAllowanceCharge>>(
                "line allowances",
                &self.allowances_charges,
            )?,
            vat_category: Some(VatCategory::parse(&self.vat_category)?),
            vat_rate: opt("vat_rate", &self.vat_rate)?,
        })
    }
}

/// A whole document as the application sees it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DocumentRecord {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub kind: DocumentKind,
    pub status: Status,
    pub number: Option<String>,
    pub customer_id: i64,
    pub buyer_name: String,
    pub currency: Currency,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub content: DocumentContent,
    pub totals: Totals,
    /// The seller and buyer frozen at issue; absent on drafts.
    pub seller: Option<Organization>,
    pub buyer: Option<Customer>,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub paid: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub credited: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub balance: Decimal,
    pub preceding_id: Option<i64>,
    pub content_hash: Option<String>,
    pub issued_at: Option<String>,
    pub sent_at: Option<String>,
    pub reminders_paused: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl DocumentRecord {
    pub fn settlement(&self) -> Settlement {
        Settlement {
            due: self.totals.due,
            paid: self.paid,
            credited: self.credited,
            sent: self.sent_at.is_some(),
        }
    }
}

fn parse_date(what: &str, s: &Option<String>) -> StoreResult<Option<NaiveDate>> {
    s.as_deref()
        .map(|s| {
            s.parse::<NaiveDate>()
                .map_err(|e| StoreError::Corrupt(format!("{what} '{s}': {e}")))
        })
        .transpose()
}

impl DocumentRow {
    pub fn into_record(self, items: &[ItemRow]) -> StoreResult<DocumentRecord> {
        let mut content: DocumentContent = from_json("content", &self.content)?;
        content.lines = items
            .iter()
            .map(ItemRow::to_line)
            .collect::<StoreResult<_>>()?;
        let totals: Totals = from_json("totals", &self.totals)?;
        let paid = from_cents(self.paid_cents);
        let credited = from_cents(self.credited_cents);
        // Only an issued invoice awaits money; a credit note is applied to its invoice.
        let owes = self.kind == "invoice" && self.status != "draft";
        Ok(DocumentRecord {
            id: self.id,
            kind: DocumentKind::parse(&self.kind)?,
            status: Status::parse(&self.status)?,
            currency: Currency::parse(&self.currency)?,
            issue_date: parse_date("issue_date", &self.issue_date)?,
            due_date: parse_date("due_date", &self.due_date)?,
            seller: self
                .seller
                .as_deref()
                .map(|s| from_json("seller", s))
                .transpose()?,
            buyer: self
                .buyer
                .as_deref()
                .map(|s| from_json("buyer", s))
                .transpose()?,
            balance: if owes {
                totals.due - paid - credited
            } else {
                Decimal::ZERO
            },
            paid,
            credited,
            content,
            totals,
            uid: self.uid,
            org_id: self.org_id,
            number: self.number,
            customer_id: self.customer_id,
            buyer_name: self.buyer_name,
            preceding_id: self.preceding_id,
            content_hash: self.content_hash,
            issued_at: self.issued_at,
            sent_at: self.sent_at,
            reminders_paused: self.reminders_paused,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// A new draft: validated content and the totals computed from it.
#[derive(Debug, Clone)]
pub struct NewDraft<'a> {
    pub org_id: i64,
    pub kind: DocumentKind,
    pub customer_id: i64,
    pub content: &'a DocumentContent,
    pub totals: &'a Totals,
    pub preceding_id: Option<i64>,
}

/// The header as stored: the content without its lines (they live in `invoice_items`).
pub(crate) fn header_json(content: &DocumentContent) -> String {
    let header = DocumentContent {
        lines: Vec::new(),
        ..content.clone()
    };
    to_json(&header)
}

pub(crate) fn search_body(content: &DocumentContent) -> String {
    let mut body = String::new();
    for part in [
        &content.note,
        &content.buyer_reference,
        &content.purchase_order,
    ]
    .into_iter()
    .flatten()
    {
        body.push_str(part);
        body.push('\n');
    }
    for line in &content.lines {
        if body.len() > 4000 {
            break;
        }
        body.push_str(&line.name);
        body.push('\n');
    }
    body
}

pub(crate) async fn write_items(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    content: &DocumentContent,
    totals: &Totals,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM invoice_items WHERE invoice_id = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (i, (line, net)) in content.lines.iter().zip(&totals.line_nets).enumerate() {
        let item = ItemRow::from_line(i + 1, line, *net)?;
        sqlx::query(
            "INSERT INTO invoice_items (invoice_id, position, name, description, quantity, unit, unit_price, gross_price,
             base_quantity, vat_category, vat_rate, allowances_charges, net_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(item.position)
        .bind(&item.name)
        .bind(&item.description)
        .bind(&item.quantity)
        .bind(&item.unit)
        .bind(&item.unit_price)
        .bind(&item.gross_price)
        .bind(&item.base_quantity)
        .bind(&item.vat_category)
        .bind(&item.vat_rate)
        .bind(&item.allowances_charges)
        .bind(item.net_cents)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn write_search(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    number: Option<&str>,
    buyer_name: &str,
    body: &str,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM invoice_search WHERE rowid = ?")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO invoice_search (rowid, number, buyer_name, body) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(fold(number.unwrap_or("")))
        .bind(fold(buyer_name))
        .bind(fold(body))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub(crate) async fn load_row(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
) -> StoreResult<DocumentRow> {
    sqlx::query_as::<_, DocumentRow>(DOCUMENT_BY_ID)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::not_found("document", id))
}

pub(crate) async fn load_items<'e, E: sqlx::Executor<'e, Database = Sqlite>>(
    ex: E,
    id: i64,
) -> StoreResult<Vec<ItemRow>> {
    Ok(sqlx::query_as::<_, ItemRow>(
        "SELECT position, name, description, quantity, unit, unit_price, gross_price, base_quantity, vat_category,
                vat_rate, allowances_charges, net_cents FROM invoice_items WHERE invoice_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(ex)
    .await?)
}

fn cents(d: Decimal) -> StoreResult<i64> {
    Ok(to_cents(d)?)
}

impl Store {
    pub async fn create_draft(&self, d: NewDraft<'_>) -> StoreResult<i64> {
        let mut tx = self.write().await?;
        let id = Self::insert_draft(&mut tx, &d).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Inserts a draft in the caller's transaction (which holds the write lock).
    pub(crate) async fn insert_draft(
        tx: &mut Transaction<'static, Sqlite>,
        d: &NewDraft<'_>,
    ) -> StoreResult<i64> {
        let buyer_name: String =
            sqlx::query_scalar("SELECT name FROM customers WHERE id = ? AND org_id = ?")
                .bind(d.customer_id)
                .bind(d.org_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| StoreError::not_found("customer", d.customer_id))?;
        let now = now_text();
        let t = d.totals;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invoices (uid, org_id, kind, customer_id, status, currency, issue_date, due_date, buyer_name,
               total_excl_cents, total_vat_cents, total_incl_cents, due_cents, preceding_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(new_uid())
        .bind(d.org_id)
        .bind(d.kind.code())
        .bind(d.customer_id)
        .bind(d.content.currency.code())
        .bind(d.content.issue_date)
        .bind(d.content.due_date)
        .bind(&buyer_name)
        .bind(cents(t.tax_exclusive)?)
        .bind(cents(t.tax_total)?)
        .bind(cents(t.tax_inclusive)?)
        .bind(cents(t.due)?)
        .bind(d.preceding_id)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO invoice_bodies (invoice_id, content, totals) VALUES (?, ?, ?)")
            .bind(id)
            .bind(header_json(d.content))
            .bind(to_json(t))
            .execute(&mut **tx)
            .await?;
        write_items(tx, id, d.content, t).await?;
        write_search(tx, id, None, &buyer_name, &search_body(d.content)).await?;
        if let (DocumentKind::Invoice, Some(quote_id)) = (d.kind, d.preceding_id) {
            // An invoice made from a quote: the quote is invoiced in the same transaction.
            crate::transitions::set_quote_status_in(tx, quote_id, Status::Invoiced).await?;
        }
        Ok(id)
    }

    /// Replaces a draft's content (and possibly its customer). Issued documents refuse.
    pub async fn update_draft(
        &self,
        id: i64,
        customer_id: i64,
        content: &DocumentContent,
        totals: &Totals,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row = load_row(&mut tx, id).await?;
        if row.status != "draft" {
            return Err(StoreError::Immutable(format!(
                "{} is issued and cannot be changed; issue a credit note to correct it",
                row.number.unwrap_or_default()
            )));
        }
        let buyer_name: String =
            sqlx::query_scalar("SELECT name FROM customers WHERE id = ? AND org_id = ?")
                .bind(customer_id)
                .bind(row.org_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::not_found("customer", customer_id))?;
        sqlx::query(
            "UPDATE invoices SET customer_id = ?, currency = ?, issue_date = ?, due_date = ?, buyer_name = ?,
               total_excl_cents = ?, total_vat_cents = ?, total_incl_cents = ?, due_cents = ?, updated_at = ? WHERE id = ?",
        )
        .bind(customer_id)
        .bind(content.currency.code())
        .bind(content.issue_date)
        .bind(content.due_date)
        .bind(&buyer_name)
        .bind(cents(totals.tax_exclusive)?)
        .bind(cents(totals.tax_total)?)
        .bind(cents(totals.tax_inclusive)?)
        .bind(cents(totals.due)?)
        .bind(now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE invoice_bodies SET content = ?, totals = ? WHERE invoice_id = ?")
            .bind(header_json(content))
            .bind(to_json(totals))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write_items(&mut tx, id, content, totals).await?;
        write_search(&mut tx, id, None, &buyer_name, &search_body(content)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_draft(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let row = load_row(&mut tx, id).await?;
        if row.status != "draft" {
            return Err(StoreError::Immutable(format!(
                "{} is issued and cannot be deleted; issue a credit note",
                row.number.unwrap_or_default()
            )));
        }
        sqlx::query("DELETE FROM invoice_search WHERE rowid = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM invoices WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn document(&self, id: i64) -> StoreResult<DocumentRecord> {
        let mut conn = self.pool().acquire().await?;
        let row = sqlx::query_as::<_, DocumentRow>(DOCUMENT_BY_ID)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::not_found("document", id))?;
        let items = load_items(&mut *conn, id).await?;
        row.into_record(&items)
    }

    /// Finds a document by its number within an organization (any kind).
    pub async fn document_id_by_number(&self, org_id: i64, number: &str) -> StoreResult<i64> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM invoices WHERE org_id = ? AND number = ?")
                .bind(org_id)
                .bind(number)
                .fetch_all(self.pool())
                .await?;
        match ids.as_slice() {
            [id] => Ok(*id),
            [] => Err(StoreError::not_found("document", number)),
            _ => Err(StoreError::Conflict(format!(
                "several documents are numbered {number}; use the id"
            ))),
        }
    }

    pub async fn set_reminders_paused(&self, id: i64, paused: bool) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let done =
            sqlx::query("UPDATE invoices SET reminders_paused = ?, updated_at = ? WHERE id = ?")
                .bind(paused)
                .bind(now_text())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("document", id));
        }
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// The organization a document belongs to.
    pub async fn document_org(&self, id: i64) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT org_id FROM invoices WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("document", id))
    }

    /// Ids of every issued document of an organization, in id order.
    pub async fn issued_document_ids(&self, org_id: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM invoices WHERE org_id = ? AND status <> 'draft' ORDER BY id",
        )
        .bind(org_id)
        .fetch_all(self.pool())
        .await?)
    }
}
