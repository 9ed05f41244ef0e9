//! Keeping a received invoice: the row, its VAT rows and its journal entry in one
//! transaction, or nothing.

use super::{PURCHASE_COLUMNS, PurchaseRecord, purchase_row};
use crate::error::StoreResult;
use crate::fingerprint::sha256_hex;
use crate::{Store, journal, new_uid, now_text};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A received invoice to keep, already read and checked by the caller.
#[derive(Debug, Clone)]
pub struct NewPurchase {
    pub org_id: i64,
    /// facturx, cii or ubl.
    pub format: &'static str,
    pub file_name: String,
    pub file_bytes: Vec<u8>,
    pub supplier_key: String,
    pub supplier_name: String,
    pub supplier_vat_id: Option<String>,
    pub supplier_legal_id: Option<String>,
    pub number: String,
    pub type_code: Option<String>,
    pub credit_note: bool,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub currency: String,
    pub total_excl_cents: i64,
    pub total_vat_cents: i64,
    pub total_incl_cents: i64,
    pub payable_cents: i64,
    pub errors: u32,
    pub warnings: u32,
    /// JSON array of the findings.
    pub findings: serde_json::Value,
    /// The invoice as read, JSON.
    pub invoice: serde_json::Value,
    pub vat: Vec<NewPurchaseVat>,
}

#[derive(Debug, Clone)]
pub struct NewPurchaseVat {
    pub category: String,
    pub rate: String,
    pub taxable_cents: i64,
    pub tax_cents: i64,
}

/// What keeping a file did.
#[derive(Debug, Clone)]
pub enum ImportedPurchase {
    Kept {
        record: PurchaseRecord,
        /// An earlier document of the same supplier with the same number but other figures.
        namesake: Option<Box<PurchaseRecord>>,
    },
    /// This very file, or the same supplier's document with the same number, date and total,
    /// is already in the register: nothing was written.
    AlreadyImported {
        known: PurchaseRecord,
        same_file: bool,
    },
}

impl Store {
    pub async fn import_purchase(&self, p: &NewPurchase) -> StoreResult<ImportedPurchase> {
        let sha = sha256_hex(&p.file_bytes);
        let mut tx = self.write().await?;
        let known: Vec<PurchaseRecord> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PURCHASE_COLUMNS} FROM purchases WHERE org_id = ? AND (file_sha256 = ?
             OR (supplier_key = ? AND number = ? AND credit_note = ?))
             ORDER BY file_sha256 = ? DESC, id"
        )))
        .bind(p.org_id)
        .bind(&sha)
        .bind(&p.supplier_key)
        .bind(&p.number)
        .bind(i64::from(p.credit_note))
        .bind(&sha)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(purchase_row)
        .collect();
        let same = |k: &&PurchaseRecord| {
            k.file_sha256 == sha
                || (k.issue_date == p.issue_date
                    && k.total_incl == Decimal::new(p.total_incl_cents, 2))
        };
        if let Some(k) = known.iter().find(same) {
            return Ok(ImportedPurchase::AlreadyImported {
                same_file: k.file_sha256 == sha,
                known: k.clone(),
            });
        }
        let namesake = known.into_iter().next().map(Box::new);
        let uid = new_uid();
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO purchases (uid, org_id, format, file_name, file_sha256, file_bytes,
             supplier_key, supplier_name, supplier_vat_id, supplier_legal_id, number, type_code,
             credit_note, issue_date, due_date, currency, total_excl_cents, total_vat_cents,
             total_incl_cents, payable_cents, errors, warnings, findings, invoice, imported_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             RETURNING {PURCHASE_COLUMNS}"
        )))
        .bind(&uid)
        .bind(p.org_id)
        .bind(p.format)
        .bind(&p.file_name)
        .bind(&sha)
        .bind(&p.file_bytes)
        .bind(&p.supplier_key)
        .bind(&p.supplier_name)
        .bind(&p.supplier_vat_id)
        .bind(&p.supplier_legal_id)
        .bind(&p.number)
        .bind(&p.type_code)
        .bind(i64::from(p.credit_note))
        .bind(p.issue_date)
        .bind(p.due_date)
        .bind(&p.currency)
        .bind(p.total_excl_cents)
        .bind(p.total_vat_cents)
        .bind(p.total_incl_cents)
        .bind(p.payable_cents)
        .bind(i64::from(p.errors))
        .bind(i64::from(p.warnings))
        .bind(p.findings.to_string())
        .bind(p.invoice.to_string())
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        let record = purchase_row(&row);
        for v in &p.vat {
            // The caller merges breakdowns of one category and rate: a repeat is refused by
            // the key, never dropped.
            sqlx::query(
                "INSERT INTO purchase_vat (purchase_id, category, rate, taxable_cents, tax_cents)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(record.id)
            .bind(&v.category)
            .bind(&v.rate)
            .bind(v.taxable_cents)
            .bind(v.tax_cents)
            .execute(&mut *tx)
            .await?;
        }
        journal::append(
            &mut tx,
            p.org_id,
            "purchase",
            None,
            &serde_json::json!({
                "purchase_uid": uid,
                "file_sha256": sha,
                "supplier": p.supplier_key,
                "number": p.number,
                "credit_note": p.credit_note,
                "total_incl_cents": p.total_incl_cents,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(ImportedPurchase::Kept { record, namesake })
    }
}
