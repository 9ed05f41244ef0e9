//! The purchases register: received supplier invoices and credit notes, each with its
//! original file kept byte for byte. Rows are only added (triggers refuse changes); a
//! `purchase` journal entry chains each file's SHA-256.

mod figures;
mod import;

pub use figures::{FecPurchase, PurchaseVatRow};
pub use import::{ImportedPurchase, NewPurchase, NewPurchaseVat};

use crate::Store;
use crate::error::{StoreError, StoreResult};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// One received invoice as the register lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PurchaseRecord {
    pub id: i64,
    pub uid: String,
    /// facturx, cii or ubl.
    pub format: String,
    pub file_name: String,
    pub file_sha256: String,
    pub supplier_name: String,
    pub supplier_vat_id: Option<String>,
    pub supplier_legal_id: Option<String>,
    pub number: String,
    pub type_code: Option<String>,
    pub credit_note: bool,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub currency: String,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_excl: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub total_incl: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[specta(type = String)]
    pub payable: Decimal,
    /// EN 16931 rule errors and warnings found at import.
    pub errors: u32,
    pub warnings: u32,
    pub imported_at: String,
}

pub(crate) const PURCHASE_COLUMNS: &str = "id, uid, format, file_name, file_sha256, supplier_name, \
     supplier_vat_id, supplier_legal_id, number, type_code, credit_note, issue_date, due_date, \
     currency, total_excl_cents, total_vat_cents, total_incl_cents, payable_cents, errors, \
     warnings, imported_at";

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

pub(crate) fn purchase_row(r: &SqliteRow) -> PurchaseRecord {
    let count = |c: &str| u32::try_from(r.get::<i64, _>(c)).unwrap_or(0);
    PurchaseRecord {
        id: r.get("id"),
        uid: r.get("uid"),
        format: r.get("format"),
        file_name: r.get("file_name"),
        file_sha256: r.get("file_sha256"),
        supplier_name: r.get("supplier_name"),
        supplier_vat_id: r.get("supplier_vat_id"),
        supplier_legal_id: r.get("supplier_legal_id"),
        number: r.get("number"),
        type_code: r.get("type_code"),
        credit_note: r.get::<i64, _>("credit_note") == 1,
        issue_date: r.get("issue_date"),
        due_date: r.get("due_date"),
        currency: r.get("currency"),
        total_excl: cents(r.get("total_excl_cents")),
        total_vat: cents(r.get("total_vat_cents")),
        total_incl: cents(r.get("total_incl_cents")),
        payable: cents(r.get("payable_cents")),
        errors: count("errors"),
        warnings: count("warnings"),
        imported_at: r.get("imported_at"),
    }
}

/// A received invoice in full: the record, its findings and the invoice as read (JSON).
#[derive(Debug, Clone)]
pub struct PurchaseDetail {
    pub record: PurchaseRecord,
    pub findings: serde_json::Value,
    pub invoice: serde_json::Value,
}

impl Store {
    /// The register of an organization, newest invoice date first, optionally within dates.
    pub async fn list_purchases(
        &self,
        org_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> StoreResult<Vec<PurchaseRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PURCHASE_COLUMNS} FROM purchases WHERE org_id = ?
             AND (? IS NULL OR issue_date >= ?) AND (? IS NULL OR issue_date <= ?)
             ORDER BY issue_date DESC, id DESC"
        )))
        .bind(org_id)
        .bind(from)
        .bind(from)
        .bind(to)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(purchase_row).collect())
    }

    pub async fn purchase(&self, org_id: i64, id: i64) -> StoreResult<PurchaseDetail> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PURCHASE_COLUMNS}, findings, invoice FROM purchases WHERE org_id = ? AND id = ?"
        )))
        .bind(org_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "received invoice",
            key: id.to_string(),
        })?;
        Ok(PurchaseDetail {
            record: purchase_row(&r),
            findings: crate::error::from_json(
                "purchase findings",
                &r.get::<String, _>("findings"),
            )?,
            invoice: crate::error::from_json("purchase invoice", &r.get::<String, _>("invoice"))?,
        })
    }

    /// The original file, byte for byte, and its name.
    pub async fn purchase_file(&self, org_id: i64, id: i64) -> StoreResult<(String, Vec<u8>)> {
        let r =
            sqlx::query("SELECT file_name, file_bytes FROM purchases WHERE org_id = ? AND id = ?")
                .bind(org_id)
                .bind(id)
                .fetch_optional(self.pool())
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    what: "received invoice",
                    key: id.to_string(),
                })?;
        Ok((r.get("file_name"), r.get("file_bytes")))
    }

    /// How many received invoices the organization has (rows, any date).
    pub async fn purchase_count(&self, org_id: i64) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM purchases WHERE org_id = ?")
                .bind(org_id)
                .fetch_one(self.pool())
                .await?,
        )
    }
}
