//! The `customers` table. Customers are archived, never deleted once invoiced.

use crate::error::{StoreError, StoreResult, from_json, to_json};
use crate::{Store, new_uid, now_text};
use autoinvoice_domain::party::Customer;
use autoinvoice_domain::text::fold;
use serde::Serialize;
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CustomerRecord {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub archived: bool,
    #[serde(flatten)]
    pub customer: Customer,
}

fn record(row: &sqlx::sqlite::SqliteRow) -> StoreResult<CustomerRecord> {
    Ok(CustomerRecord {
        id: row.get("id"),
        uid: row.get("uid"),
        org_id: row.get("org_id"),
        archived: row.get("archived"),
        customer: from_json("customer", row.get::<&str, _>("data"))?,
    })
}

async fn insert(
    tx: &mut Transaction<'static, Sqlite>,
    org_id: i64,
    c: &Customer,
    now: &str,
) -> StoreResult<CustomerRecord> {
    let uid = new_uid();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customers (uid, org_id, name, search_name, email, country, siren, vat_number, data, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&uid)
    .bind(org_id)
    .bind(&c.name)
    .bind(fold(&c.name))
    .bind(c.emails.first())
    .bind(&c.address.country)
    .bind(&c.siren)
    .bind(&c.vat_number)
    .bind(to_json(c))
    .bind(now)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(CustomerRecord {
        id,
        uid,
        org_id,
        archived: false,
        customer: c.clone(),
    })
}

/// Filters for listing customers.
#[derive(Debug, Clone, Default)]
pub struct CustomerQuery {
    pub search: Option<String>,
    pub include_archived: bool,
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    pub async fn create_customer(&self, org_id: i64, c: &Customer) -> StoreResult<CustomerRecord> {
        let mut tx = self.write().await?;
        self.organization_exists(&mut tx, org_id).await?;
        let rec = insert(&mut tx, org_id, c, &now_text()).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Inserts many customers in one transaction: all or nothing.
    pub async fn import_customers(
        &self,
        org_id: i64,
        customers: &[Customer],
    ) -> StoreResult<usize> {
        let mut tx = self.write().await?;
        self.organization_exists(&mut tx, org_id).await?;
        let now = now_text();
        for c in customers {
            insert(&mut tx, org_id, c, &now).await?;
        }
        tx.commit().await?;
        Ok(customers.len())
    }

    pub(crate) async fn organization_exists(
        &self,
        tx: &mut Transaction<'static, Sqlite>,
        org_id: i64,
    ) -> StoreResult<()> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM organizations WHERE id = ?")
            .bind(org_id)
            .fetch_optional(&mut **tx)
            .await?;
        found
            .map(|_| ())
            .ok_or_else(|| StoreError::not_found("organization", org_id))
    }

    pub async fn update_customer(&self, id: i64, c: &Customer) -> StoreResult<CustomerRecord> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE customers SET name = ?, search_name = ?, email = ?, country = ?, siren = ?, vat_number = ?, data = ?, updated_at = ? WHERE id = ?",
        )
        .bind(&c.name)
        .bind(fold(&c.name))
        .bind(c.emails.first())
        .bind(&c.address.country)
        .bind(&c.siren)
        .bind(&c.vat_number)
        .bind(to_json(c))
        .bind(now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("customer", id));
        }
        tx.commit().await?;
        self.customer(id).await
    }

    pub async fn set_customer_archived(
        &self,
        id: i64,
        archived: bool,
    ) -> StoreResult<CustomerRecord> {
        let mut tx = self.write().await?;
        let done = sqlx::query("UPDATE customers SET archived = ?, updated_at = ? WHERE id = ?")
            .bind(archived)
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("customer", id));
        }
        tx.commit().await?;
        self.customer(id).await
    }

    pub async fn customer(&self, id: i64) -> StoreResult<CustomerRecord> {
        let row = sqlx::query("SELECT * FROM customers WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::not_found("customer", id))?;
        record(&row)
    }

    pub async fn customers(
        &self,
        org_id: i64,
        q: &CustomerQuery,
    ) -> StoreResult<Vec<CustomerRecord>> {
        let mut b = QueryBuilder::<Sqlite>::new("SELECT * FROM customers WHERE org_id = ");
        b.push_bind(org_id);
        if !q.include_archived {
            b.push(" AND archived = 0");
        }
        if let Some(s) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
            let like = format!("%{}%", escape_like(s.trim()));
            let folded = format!("%{}%", escape_like(&fold(s.trim())));
            b.push(" AND (search_name LIKE ")
                .push_bind(folded)
                .push(" ESCAPE '\\'");
            b.push(" OR email LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\'");
            b.push(" OR vat_number LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\'");
            b.push(" OR siren LIKE ")
                .push_bind(like)
                .push(" ESCAPE '\\')");
        }
        b.push(" ORDER BY name COLLATE NOCASE, id LIMIT ")
            .push_bind(q.limit.clamp(1, 10_000));
        b.push(" OFFSET ").push_bind(q.offset.max(0));
        let rows = b.build().fetch_all(self.pool()).await?;
        rows.iter().map(record).collect()
    }
}

/// Escapes LIKE wildcards so that user text matches literally.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Refuses a customer that is not the organization's (as not found: another organization's
/// customers do not exist for this one).
pub(crate) async fn check_own_customer(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    org_id: i64,
    customer_id: i64,
) -> StoreResult<()> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM customers WHERE id = ? AND org_id = ?")
            .bind(customer_id)
            .bind(org_id)
            .fetch_optional(&mut **tx)
            .await?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found("customer", customer_id))
}
