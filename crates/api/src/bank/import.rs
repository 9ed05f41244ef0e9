//! Importing a statement file: read it whole (a bad line refuses the file), keep its new
//! lines in one transaction, then propose invoices for the credits.

use super::propose::count;
use super::types::*;
use crate::{Api, ApiError, ApiResult, MatchBank};
use autoinvoice_bank::{MAX_FILE_BYTES, Statement};
use autoinvoice_domain::money::to_cents;
use autoinvoice_store::bank::{ImportedStatement, NewBankLine, NewStatement};
use base64::Engine;
use sha2::{Digest, Sha256};

impl Api {
    /// Imports a file the app sends as base64.
    pub async fn import_statement(&self, req: ImportStatement) -> ApiResult<StatementImport> {
        // Refuse an oversized file before decoding it.
        if req.bytes_base64.len() / 4 * 3 > MAX_FILE_BYTES + 3 {
            return Err(ApiError::new(
                "too_large",
                format!(
                    "a statement file is at most {} MB",
                    MAX_FILE_BYTES / 1_048_576
                ),
            ));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(req.bytes_base64.trim())
            .map_err(|e| ApiError::invalid(format!("bytes_base64: {e}")))?;
        self.import_statement_bytes(
            req.org_id,
            &req.file_name,
            &bytes,
            req.format,
            req.mapping.as_deref(),
        )
        .await
    }

    /// Imports a statement file's bytes (the CLI reads the file itself).
    pub async fn import_statement_bytes(
        &self,
        org_id: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        format: Option<StatementFormat>,
        mapping: Option<&str>,
    ) -> ApiResult<StatementImport> {
        let org_id = self.org(org_id).await?;
        let file_name = autoinvoice_domain::text::required(
            file_name,
            "file_name",
            autoinvoice_domain::text::NAME,
        )?;
        let mapping = match mapping {
            Some(name) => Some(self.csv_mapping(org_id, name).await?),
            None => None,
        };
        let statement = autoinvoice_bank::read(bytes, format, mapping.as_ref())?;
        let new = new_statement(org_id, file_name, bytes, &statement)?;
        let lines_read = count(new.lines.len());
        let (statement_record, already_imported, credits_new) =
            match self.store.import_statement(&new).await? {
                ImportedStatement::AlreadyImported(s) => (s, true, 0),
                ImportedStatement::Kept {
                    statement,
                    credits_new,
                } => (statement, false, count(credits_new)),
            };
        let lines_new = if already_imported {
            0
        } else {
            u32::try_from(statement_record.lines_new).unwrap_or(u32::MAX)
        };
        let matching = self
            .match_bank(MatchBank {
                org_id: Some(org_id),
                auto: false,
            })
            .await?;
        Ok(StatementImport {
            statement: statement_record,
            already_imported,
            lines_read,
            lines_new,
            credits_new,
            matching,
        })
    }
}

fn new_statement(
    org_id: i64,
    file_name: String,
    bytes: &[u8],
    s: &Statement,
) -> ApiResult<NewStatement> {
    let fingerprints = autoinvoice_bank::fingerprints(s.account.as_deref(), &s.lines);
    let mut lines = Vec::with_capacity(s.lines.len());
    for (i, (l, fingerprint)) in s.lines.iter().zip(fingerprints).enumerate() {
        let amount_cents = to_cents(l.amount).map_err(|e| {
            ApiError::new("invalid_amount", format!("line {}: {}", i + 1, e.message))
        })?;
        lines.push(NewBankLine {
            fingerprint,
            booking_date: l.booking_date,
            value_date: l.value_date,
            amount_cents,
            currency: l.currency.clone(),
            counterparty: l.counterparty.as_deref().map(|c| clip(c, 200)),
            remittance: clip(&l.remittance, 1000),
            bank_reference: l.bank_reference.as_deref().map(|r| clip(r, 200)),
        });
    }
    Ok(NewStatement {
        org_id,
        format: s.format.code(),
        file_name,
        file_sha256: hex::encode(Sha256::digest(bytes)),
        account: s.account.clone(),
        statement_ref: s.statement_ref.clone(),
        from: s.from,
        to: s.to,
        lines,
    })
}

/// Text from a bank, on one line, at most `max` characters.
fn clip(text: &str, max: usize) -> String {
    let one_line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(max)
        .collect();
    one_line
}
