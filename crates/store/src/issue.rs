//! Issuing: the one transaction that validates a draft against its parties, assigns the
//! next number of its series, freezes seller and buyer, fingerprints the document and
//! journals it. A crash anywhere before COMMIT leaves the draft and the series untouched.

use crate::documents::{DocumentRow, ItemRow, header_json, load_row, search_body, write_search};
use crate::error::{StoreError, StoreResult, from_json, to_json};
use crate::fingerprint::fingerprint;
use crate::{Store, journal, now_text, series};
use autoinvoice_domain::document::{DocumentContent, DocumentKind, SellerContext};
use autoinvoice_domain::issue_rules;
use autoinvoice_domain::lifecycle::{Settlement, Status};
use autoinvoice_domain::money::{from_cents, to_cents};
use autoinvoice_domain::numbering::{Pattern, allocate};
use autoinvoice_domain::party::{Customer, Language, Organization};
use autoinvoice_domain::totals;
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{Sqlite, Transaction};

impl Store {
    /// Issues a draft on `today` (the issue date unless the draft names one). Returns the number.
    pub async fn issue(&self, id: i64, today: NaiveDate) -> StoreResult<String> {
        let mut tx = self.write().await?;
        let number = Self::issue_in(&mut tx, id, today).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Issues a draft in the caller's transaction (which holds the write lock): everything
    /// `issue` does but the commit.
    pub(crate) async fn issue_in(
        tx: &mut Transaction<'static, Sqlite>,
        id: i64,
        today: NaiveDate,
    ) -> StoreResult<String> {
        let row = load_row(tx, id).await?;
        if row.status != "draft" {
            return Err(StoreError::Conflict(format!(
                "{} is already issued",
                row.number.unwrap_or_default()
            )));
        }
        let kind = DocumentKind::parse(&row.kind)?;
        let seller: Organization = from_json("organization", &org_data(tx, row.org_id).await?)?;
        let buyer: Customer = from_json("customer", &customer_data(tx, row.customer_id).await?)?;

        // Re-validate: the seller's regime or the buyer may have changed since the draft.
        let items = crate::documents::load_items(&mut **tx, id).await?;
        let mut content: DocumentContent = from_json("content", &row.content)?;
        content.lines = items
            .iter()
            .map(ItemRow::to_line)
            .collect::<StoreResult<_>>()?;
        let content = content.validated(SellerContext {
            regime: seller.vat_regime,
        })?;
        issue_rules::check_parties(&content, &seller, &buyer)?;
        let (issue_date, due_date) =
            issue_rules::issue_dates(kind, &content, &seller, &buyer, today)?;
        let content = DocumentContent {
            issue_date: Some(issue_date),
            due_date,
            ..content
        };
        let french = buyer.language.unwrap_or(seller.language) == Language::Fr;
        let totals = totals::compute(&content, seller.vat_regime, french);
        issue_rules::check_total(kind, &totals)?;

        // The credited invoice, checked before the number is taken.
        let preceding = match (kind, row.preceding_id) {
            (DocumentKind::CreditNote, Some(pid)) => {
                Some(check_creditable(tx, &row, pid, &totals).await?)
            }
            (DocumentKind::CreditNote, None) => {
                return Err(StoreError::Conflict(
                    "a credit note must reference the invoice it corrects".into(),
                ));
            }
            _ => None,
        };

        let series = series::default_for(tx, row.org_id, kind).await?;
        let pattern = Pattern::parse(&series.pattern, series.reset)?;
        let (number, seq, state) = allocate(&pattern, series.reset, &series.state(), issue_date)?;
        series::save_state(tx, series.id, &state).await?;

        let frozen = DocumentRow {
            status: Status::Issued.code().to_owned(),
            series_id: Some(series.id),
            period: Some(state.period.clone()),
            seq: Some(
                i64::try_from(seq).map_err(|_| StoreError::Conflict("sequence overflow".into()))?,
            ),
            number: Some(number.clone()),
            issue_date: Some(issue_date.to_string()),
            due_date: due_date.map(|d| d.to_string()),
            buyer_name: buyer.name.clone(),
            content: header_json(&content),
            totals: to_json(&totals),
            seller: Some(to_json(&seller)),
            buyer: Some(to_json(&buyer)),
            total_excl_cents: to_cents(totals.tax_exclusive)?,
            total_vat_cents: to_cents(totals.tax_total)?,
            total_incl_cents: to_cents(totals.tax_inclusive)?,
            due_cents: to_cents(totals.due)?,
            issued_at: Some(now_text()),
            updated_at: now_text(),
            ..row.clone()
        };
        let new_items: Vec<ItemRow> = content
            .lines
            .iter()
            .zip(&totals.line_nets)
            .enumerate()
            .map(|(i, (l, n))| ItemRow::from_line(i + 1, l, *n))
            .collect::<StoreResult<_>>()?;
        let hash = fingerprint(&frozen, &new_items);

        // Lines first, while the document is still a draft (triggers freeze them after).
        crate::documents::write_items(tx, id, &content, &totals).await?;
        // The body before the row: once the row says "issued", triggers freeze the body.
        sqlx::query("UPDATE invoice_bodies SET content = ?, totals = ?, seller = ?, buyer = ? WHERE invoice_id = ?")
            .bind(&frozen.content)
            .bind(&frozen.totals)
            .bind(&frozen.seller)
            .bind(&frozen.buyer)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "UPDATE invoices SET status = ?, series_id = ?, period = ?, seq = ?, number = ?, issue_date = ?, due_date = ?,
               buyer_name = ?, total_excl_cents = ?, total_vat_cents = ?, total_incl_cents = ?, due_cents = ?,
               content_hash = ?, issued_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
        )
        .bind(&frozen.status)
        .bind(frozen.series_id)
        .bind(&frozen.period)
        .bind(frozen.seq)
        .bind(&frozen.number)
        .bind(&frozen.issue_date)
        .bind(&frozen.due_date)
        .bind(&frozen.buyer_name)
        .bind(frozen.total_excl_cents)
        .bind(frozen.total_vat_cents)
        .bind(frozen.total_incl_cents)
        .bind(frozen.due_cents)
        .bind(&hash)
        .bind(&frozen.issued_at)
        .bind(&frozen.updated_at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        write_search(tx, id, Some(&number), &buyer.name, &search_body(&content)).await?;
        journal::append(
            tx,
            row.org_id,
            "issue",
            Some(id),
            &json!({
                "kind": kind.code(),
                "number": number,
                "issue_date": issue_date,
                "currency": content.currency.code(),
                "total_incl_cents": frozen.total_incl_cents,
                "due_cents": frozen.due_cents,
                "content_hash": hash,
            }),
        )
        .await?;
        if let Some((pid, pnumber, credited_cents, status)) = preceding {
            sqlx::query(
                "UPDATE invoices SET credited_cents = ?, status = ?, updated_at = ? WHERE id = ?",
            )
            .bind(credited_cents)
            .bind(status.code())
            .bind(now_text())
            .bind(pid)
            .execute(&mut **tx)
            .await?;
            journal::append(
                tx,
                row.org_id,
                "credit",
                Some(pid),
                &json!({"invoice": pnumber, "credit_note": number, "amount_cents": frozen.due_cents, "status": status.code()}),
            )
            .await?;
        }
        Ok(number)
    }
}

async fn org_data(tx: &mut Transaction<'static, Sqlite>, id: i64) -> StoreResult<String> {
    sqlx::query_scalar("SELECT data FROM organizations WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::not_found("organization", id))
}

async fn customer_data(tx: &mut Transaction<'static, Sqlite>, id: i64) -> StoreResult<String> {
    sqlx::query_scalar("SELECT data FROM customers WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::not_found("customer", id))
}

/// Checks that the credit note fits the invoice it corrects; returns the invoice's new
/// credited amount and status.
async fn check_creditable(
    tx: &mut Transaction<'static, Sqlite>,
    credit: &DocumentRow,
    invoice_id: i64,
    credit_totals: &totals::Totals,
) -> StoreResult<(i64, String, i64, Status)> {
    let inv = load_row(tx, invoice_id).await?;
    let number = inv.number.clone().unwrap_or_default();
    if inv.kind != "invoice" || inv.org_id != credit.org_id {
        return Err(StoreError::Conflict(
            "a credit note corrects an invoice of the same organization".into(),
        ));
    }
    let status = Status::parse(&inv.status)?;
    if status == Status::Draft {
        return Err(StoreError::Conflict(
            "a draft needs no credit note: edit or delete it".into(),
        ));
    }
    if inv.currency != credit.currency {
        return Err(StoreError::Conflict(format!(
            "the credit note is in {} but {number} is in {}",
            credit.currency, inv.currency
        )));
    }
    let amount = credit_totals.due;
    let creditable = from_cents(inv.due_cents - inv.credited_cents);
    if amount <= rust_decimal::Decimal::ZERO {
        return Err(StoreError::Conflict(
            "a credit note's amount is above zero".into(),
        ));
    }
    if amount > creditable {
        return Err(StoreError::Conflict(format!(
            "the credit note ({amount}) is more than what remains to credit on {number} ({creditable})"
        )));
    }
    let credited_cents = inv.credited_cents + to_cents(amount)?;
    let settlement = Settlement {
        due: from_cents(inv.due_cents),
        paid: from_cents(inv.paid_cents),
        credited: from_cents(credited_cents),
        sent: inv.sent_at.is_some(),
    };
    Ok((invoice_id, number, credited_cents, settlement.status()))
}
