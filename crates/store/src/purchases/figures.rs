//! The figures of received invoices for the reports: VAT per category and rate over a period
//! (deductible VAT) and each invoice with its VAT rows (the FEC's purchases journal).

use crate::Store;
use crate::error::StoreResult;
use chrono::NaiveDate;
use sqlx::Row;
use std::collections::BTreeMap;

/// VAT of received documents dated in a period, by currency, kind, category and rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseVatRow {
    pub currency: String,
    pub credit_note: bool,
    pub category: String,
    pub rate: String,
    pub taxable_cents: i64,
    pub tax_cents: i64,
    pub documents: i64,
}

/// A received document for the purchases journal.
#[derive(Debug, Clone)]
pub struct FecPurchase {
    pub id: i64,
    pub supplier_key: String,
    pub supplier_name: String,
    pub number: String,
    pub credit_note: bool,
    pub issue_date: NaiveDate,
    pub imported_at: String,
    pub currency: String,
    pub total_excl_cents: i64,
    pub total_incl_cents: i64,
    /// (category, rate, taxable, tax)
    pub vat: Vec<(String, String, i64, i64)>,
}

impl Store {
    pub async fn purchase_vat(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<PurchaseVatRow>> {
        let rows = sqlx::query(
            "SELECT p.currency, p.credit_note, v.category, v.rate,
                    SUM(v.taxable_cents) AS taxable, SUM(v.tax_cents) AS tax, COUNT(*) AS n
             FROM purchases p JOIN purchase_vat v ON v.purchase_id = p.id
             WHERE p.org_id = ? AND p.issue_date >= ? AND p.issue_date <= ?
             GROUP BY p.currency, p.credit_note, v.category, v.rate
             ORDER BY p.currency, p.credit_note, v.category, v.rate",
        )
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| PurchaseVatRow {
                currency: r.get("currency"),
                credit_note: r.get::<i64, _>("credit_note") == 1,
                category: r.get("category"),
                rate: r.get("rate"),
                taxable_cents: r.get("taxable"),
                tax_cents: r.get("tax"),
                documents: r.get("n"),
            })
            .collect())
    }

    pub async fn fec_purchases(
        &self,
        org_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<FecPurchase>> {
        let rows = sqlx::query(
            "SELECT p.id, p.supplier_key, p.supplier_name, p.number, p.credit_note, p.issue_date,
                    p.imported_at, p.currency, p.total_excl_cents, p.total_incl_cents,
                    v.category, v.rate, v.taxable_cents, v.tax_cents
             FROM purchases p LEFT JOIN purchase_vat v ON v.purchase_id = p.id
             WHERE p.org_id = ? AND p.issue_date >= ? AND p.issue_date <= ?
             ORDER BY p.id, v.category, v.rate",
        )
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        let mut out: BTreeMap<i64, FecPurchase> = BTreeMap::new();
        for r in &rows {
            let id: i64 = r.get("id");
            let p = out.entry(id).or_insert_with(|| FecPurchase {
                id,
                supplier_key: r.get("supplier_key"),
                supplier_name: r.get("supplier_name"),
                number: r.get("number"),
                credit_note: r.get::<i64, _>("credit_note") == 1,
                issue_date: r.get("issue_date"),
                imported_at: r.get("imported_at"),
                currency: r.get("currency"),
                total_excl_cents: r.get("total_excl_cents"),
                total_incl_cents: r.get("total_incl_cents"),
                vat: Vec::new(),
            });
            if let Some(category) = r.get::<Option<String>, _>("category") {
                p.vat.push((
                    category,
                    r.get("rate"),
                    r.get("taxable_cents"),
                    r.get("tax_cents"),
                ));
            }
        }
        Ok(out.into_values().collect())
    }
}
