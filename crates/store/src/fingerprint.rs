//! The fingerprint of an issued document: SHA-256 over every frozen column and every line,
//! exactly as stored. The journal records it at issue; `journal verify` recomputes it.

use crate::documents::{DocumentRow, ItemRow};
use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Canonical JSON (keys sorted: serde_json's map is ordered) of the frozen columns.
pub fn fingerprint(row: &DocumentRow, items: &[ItemRow]) -> String {
    let value = serde_json::json!({
        "uid": row.uid,
        "org_id": row.org_id,
        "kind": row.kind,
        "customer_id": row.customer_id,
        "series_id": row.series_id,
        "period": row.period,
        "seq": row.seq,
        "number": row.number,
        "currency": row.currency,
        "issue_date": row.issue_date,
        "due_date": row.due_date,
        "buyer_name": row.buyer_name,
        "content": row.content,
        "totals": row.totals,
        "seller": row.seller,
        "buyer": row.buyer,
        "total_excl_cents": row.total_excl_cents,
        "total_vat_cents": row.total_vat_cents,
        "total_incl_cents": row.total_incl_cents,
        "due_cents": row.due_cents,
        "preceding_id": row.preceding_id,
        "issued_at": row.issued_at,
        "created_at": row.created_at,
        "items": items,
    });
    sha256_hex(value.to_string().as_bytes())
}
