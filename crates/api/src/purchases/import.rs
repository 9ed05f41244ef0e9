//! Importing a received e-invoice: read and check it whole, refuse what cannot be filed
//! (not an e-invoice, hostile, figures that contradict each other), keep the rest with its
//! findings and its original bytes in one transaction.

use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_domain::money::to_cents;
use autoinvoice_reception::{MAX_INPUT_BYTES, ReadError, Received};
use autoinvoice_store::purchases::{ImportedPurchase, NewPurchase, NewPurchaseVat};
use base64::Engine;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn read_error(e: &ReadError) -> ApiError {
    ApiError::new(e.code(), format!("{e}; nothing was imported"))
}

fn cents(what: &str, amount: Decimal) -> ApiResult<i64> {
    to_cents(amount).map_err(|_| {
        ApiError::new(
            "figures_disagree",
            format!("{what} is {amount}: more than two decimals; nothing was imported"),
        )
    })
}

/// Digits and letters only, upper case: "FR 12 345…" and "fr12345…" are one VAT id.
fn compact(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn supplier_key(r: &Received) -> Option<String> {
    let s = &r.seller;
    s.vat_id
        .as_deref()
        .or(s.legal_id.as_deref())
        .or(s.identifier.as_deref())
        .map(compact)
        .filter(|k| !k.is_empty())
        .or_else(|| s.name.as_deref().map(|n| n.trim().to_uppercase()))
}

/// "20", "5.5", "0": the rate as the sales side writes it.
fn rate_text(rate: Option<Decimal>) -> String {
    rate.unwrap_or(Decimal::ZERO).normalize().to_string()
}

fn vat_rows(r: &Received) -> ApiResult<Vec<NewPurchaseVat>> {
    let mut rows: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for b in &r.vat_breakdown {
        let category = b.category.clone().unwrap_or_default();
        let e = rows.entry((category, rate_text(b.rate))).or_default();
        e.0 += cents(
            "a VAT breakdown's taxable amount (BT-116)",
            b.taxable.unwrap_or_default(),
        )?;
        e.1 += cents("a VAT breakdown's tax (BT-117)", b.tax.unwrap_or_default())?;
    }
    Ok(rows
        .into_iter()
        .map(|((category, rate), (t, v))| NewPurchaseVat {
            category,
            rate,
            taxable_cents: t,
            tax_cents: v,
        })
        .collect())
}

impl Api {
    /// Imports a file the app sends as base64.
    pub async fn import_purchase(&self, req: ImportPurchase) -> ApiResult<PurchaseImport> {
        // Refuse an oversized file before decoding it.
        if req.bytes_base64.len() / 4 * 3 > MAX_INPUT_BYTES + 3 {
            return Err(read_error(&ReadError::TooLarge {
                size: req.bytes_base64.len() / 4 * 3,
                limit: MAX_INPUT_BYTES,
            }));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(req.bytes_base64.trim())
            .map_err(|e| ApiError::invalid(format!("bytes_base64: {e}")))?;
        self.import_purchase_bytes(req.org_id, &req.file_name, bytes)
            .await
    }

    /// Imports a received e-invoice's bytes (the CLI and the watched folder read the file).
    pub async fn import_purchase_bytes(
        &self,
        org_id: Option<i64>,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> ApiResult<PurchaseImport> {
        let org_id = self.org(org_id).await?;
        let file_name = autoinvoice_domain::text::required(
            file_name,
            "file_name",
            autoinvoice_domain::text::NAME,
        )?;
        let received =
            autoinvoice_reception::read(&bytes, Some(&file_name)).map_err(|e| read_error(&e))?;
        let disagree = received.figures_disagree();
        if !disagree.is_empty() {
            let list: Vec<String> = disagree
                .iter()
                .map(|f| format!("[{}] {}", f.rule, f.message))
                .collect();
            return Err(ApiError::new(
                "figures_disagree",
                format!(
                    "the invoice's own figures disagree, so which are right cannot be known; \
                     nothing was imported. Ask the supplier for a corrected file. {}",
                    list.join(" ")
                ),
            ));
        }
        let new = self.new_purchase(org_id, file_name, bytes, &received)?;
        let mut notes = self.notes_on(org_id, &received).await?;
        let findings = received.findings.clone();
        Ok(match self.store.import_purchase(&new).await? {
            ImportedPurchase::Kept { record, namesake } => {
                if let Some(n) = namesake {
                    notes.push(format!(
                        "received #{} from the same supplier has the same number {} with other figures ({} {} on {}): check with the supplier which one stands",
                        n.id, n.number, n.total_incl, n.currency, n.issue_date
                    ));
                }
                PurchaseImport {
                    purchase: record,
                    already_imported: false,
                    same_file: false,
                    findings,
                    notes,
                }
            }
            ImportedPurchase::AlreadyImported { known, same_file } => PurchaseImport {
                purchase: known,
                already_imported: true,
                same_file,
                findings,
                notes,
            },
        })
    }

    fn new_purchase(
        &self,
        org_id: i64,
        file_name: String,
        file_bytes: Vec<u8>,
        r: &Received,
    ) -> ApiResult<NewPurchase> {
        let missing = |what: &str| {
            ApiError::new(
                "incomplete_invoice",
                format!("the invoice has no {what}: it cannot be filed; nothing was imported"),
            )
        };
        let number = r
            .number
            .clone()
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| missing("number (BT-1)"))?;
        let supplier_name = r
            .seller
            .name
            .clone()
            .ok_or_else(|| missing("seller name (BT-27)"))?;
        let supplier_key = supplier_key(r).ok_or_else(|| missing("seller (BG-4)"))?;
        let currency = r
            .currency
            .clone()
            .ok_or_else(|| missing("currency (BT-5)"))?;
        let t = &r.totals;
        let vat = vat_rows(r)?;
        let total_incl_cents = cents("the total with VAT (BT-112)", t.with_vat)?;
        let total_vat_cents = match t.vat {
            Some(v) => cents("the total VAT (BT-110)", v)?,
            None => vat.iter().map(|v| v.tax_cents).sum(),
        };
        let total_excl_cents = match t.without_vat {
            Some(v) => cents("the total without VAT (BT-109)", v)?,
            None => total_incl_cents - total_vat_cents,
        };
        let payable_cents = match t.payable {
            Some(v) => cents("the amount due (BT-115)", v)?,
            None => total_incl_cents,
        };
        let count = |s: autoinvoice_reception::Severity| {
            u32::try_from(r.findings.iter().filter(|f| f.severity == s).count()).unwrap_or(u32::MAX)
        };
        let json = |v: Result<serde_json::Value, serde_json::Error>| {
            v.map_err(|e| ApiError::new("internal", format!("the invoice as JSON: {e}")))
        };
        Ok(NewPurchase {
            org_id,
            format: match r.format {
                ReceivedFormat::FacturX => "facturx",
                ReceivedFormat::Cii => "cii",
                ReceivedFormat::Ubl => "ubl",
            },
            file_name,
            file_bytes,
            supplier_key,
            supplier_name,
            supplier_vat_id: r.seller.vat_id.clone(),
            supplier_legal_id: r.seller.legal_id.clone(),
            number,
            type_code: r.type_code.clone(),
            credit_note: r.is_credit_note,
            issue_date: r.issue_date,
            due_date: r.due_date,
            currency,
            total_excl_cents,
            total_vat_cents,
            total_incl_cents,
            payable_cents,
            errors: count(autoinvoice_reception::Severity::Error),
            warnings: count(autoinvoice_reception::Severity::Warning),
            findings: json(serde_json::to_value(&r.findings))?,
            invoice: json(serde_json::to_value(r))?,
            vat,
        })
    }

    /// Whether the invoice is addressed to this organization, and in its currency.
    async fn notes_on(&self, org_id: i64, r: &Received) -> ApiResult<Vec<String>> {
        let org = self.store.organization(org_id).await?.organization;
        let mut notes = Vec::new();
        let ours: Vec<String> = [org.siren.as_deref(), org.vat_number.as_deref()]
            .into_iter()
            .flatten()
            .map(compact)
            .collect();
        let theirs: Vec<String> = [r.buyer.legal_id.as_deref(), r.buyer.vat_id.as_deref()]
            .into_iter()
            .flatten()
            .map(compact)
            .filter(|s| !s.is_empty())
            .collect();
        // A SIRET starts with the SIREN; a French VAT id ends with it.
        let matches = |t: &String| {
            ours.iter()
                .any(|o| t == o || t.starts_with(o.as_str()) || t.ends_with(o.as_str()))
        };
        if !ours.is_empty() && !theirs.is_empty() && !theirs.iter().any(matches) {
            notes.push(format!(
                "addressed to {} ({}), not to this organization",
                r.buyer.name.as_deref().unwrap_or("another buyer"),
                theirs.join(", ")
            ));
        }
        if let Some(c) = &r.currency
            && c != org.currency.code()
        {
            notes.push(format!(
                "in {c}, not {}: left out of the VAT report and the FEC until converted",
                org.currency.code()
            ));
        }
        Ok(notes)
    }
}
