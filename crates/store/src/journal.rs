//! The append-only journal: issue, send, payment, credit and reminder events, chained by
//! SHA-256 per organization, and the verification an accountant runs.

use crate::documents::{DOCUMENT_SELECT, DocumentRow, load_items};
use crate::error::{StoreResult, from_json};
use crate::fingerprint::{fingerprint, sha256_hex};
use crate::{Store, now_text};
use serde::Serialize;
use serde_json::Value;
use sqlx::{Row, Sqlite, Transaction};
use std::collections::{HashMap, HashSet};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev: &str,
    org_id: i64,
    chain_seq: i64,
    at: &str,
    event: &str,
    document_id: Option<i64>,
    payload: &str,
) -> String {
    let canonical = serde_json::json!([prev, org_id, chain_seq, at, event, document_id, payload]);
    sha256_hex(canonical.to_string().as_bytes())
}

/// Appends an event in the caller's transaction (which holds the write lock).
pub(crate) async fn append(
    tx: &mut Transaction<'static, Sqlite>,
    org_id: i64,
    event: &str,
    document_id: Option<i64>,
    payload: &Value,
) -> StoreResult<()> {
    let last = sqlx::query(
        "SELECT chain_seq, hash FROM journal WHERE org_id = ? ORDER BY chain_seq DESC LIMIT 1",
    )
    .bind(org_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (seq, prev) = match last {
        Some(r) => (r.get::<i64, _>("chain_seq") + 1, r.get::<String, _>("hash")),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let at = now_text();
    let payload = payload.to_string();
    let hash = entry_hash(&prev, org_id, seq, &at, event, document_id, &payload);
    sqlx::query("INSERT INTO journal (org_id, chain_seq, at, event, document_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(org_id)
        .bind(seq)
        .bind(&at)
        .bind(event)
        .bind(document_id)
        .bind(&payload)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct JournalEntry {
    pub chain_seq: i64,
    pub at: String,
    pub event: String,
    pub document_id: Option<i64>,
    pub payload: Value,
    pub hash: String,
}

/// Something `verify` found wrong.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Problem {
    /// The journal entry at fault (its position in the organization's chain), if any.
    pub entry: Option<i64>,
    /// The document at fault, by number (or `#id`), if any.
    pub document: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VerifyReport {
    pub org_id: i64,
    pub entries: usize,
    pub documents: usize,
    pub payments: usize,
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(sqlx::FromRow)]
struct RawEntry {
    chain_seq: i64,
    at: String,
    event: String,
    document_id: Option<i64>,
    payload: String,
    prev_hash: String,
    hash: String,
}

fn doc_name(row: &DocumentRow) -> String {
    row.number.clone().unwrap_or_else(|| format!("#{}", row.id))
}

impl Store {
    pub async fn journal(
        &self,
        org_id: i64,
        document_id: Option<i64>,
    ) -> StoreResult<Vec<JournalEntry>> {
        let rows = sqlx::query_as::<_, RawEntry>(
            "SELECT chain_seq, at, event, document_id, payload, prev_hash, hash FROM journal
             WHERE org_id = ? AND (? IS NULL OR document_id = ?) ORDER BY chain_seq",
        )
        .bind(org_id)
        .bind(document_id)
        .bind(document_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(JournalEntry {
                    chain_seq: r.chain_seq,
                    at: r.at,
                    event: r.event,
                    document_id: r.document_id,
                    payload: from_json("journal payload", &r.payload)?,
                    hash: r.hash,
                })
            })
            .collect()
    }

    /// Checks an organization's books: the chain, every issued document against the
    /// fingerprint recorded at issue, every payment against its entry, and the settlement
    /// columns against payments and credit notes.
    pub async fn verify_journal(&self, org_id: i64) -> StoreResult<VerifyReport> {
        // One read transaction: a consistent snapshot even while others write.
        let mut tx = self.pool().begin().await?;
        let mut problems = Vec::new();
        let entries = sqlx::query_as::<_, RawEntry>(
            "SELECT chain_seq, at, event, document_id, payload, prev_hash, hash FROM journal WHERE org_id = ? ORDER BY chain_seq",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;

        // 1. The chain itself.
        let mut prev = GENESIS_HASH.to_owned();
        for (i, e) in entries.iter().enumerate() {
            let expected_seq = i64::try_from(i).unwrap_or(i64::MAX) + 1;
            let mut why = None;
            if e.chain_seq != expected_seq {
                why = Some(format!(
                    "entry {expected_seq} is missing (found {} next)",
                    e.chain_seq
                ));
            } else if e.prev_hash != prev {
                why = Some(
                    "its link to the previous entry is broken (an entry was removed or altered)"
                        .to_owned(),
                );
            } else if entry_hash(
                &e.prev_hash,
                org_id,
                e.chain_seq,
                &e.at,
                &e.event,
                e.document_id,
                &e.payload,
            ) != e.hash
            {
                why = Some(format!("the {} entry was altered", e.event));
            }
            if let Some(message) = why {
                problems.push(Problem {
                    entry: Some(e.chain_seq),
                    document: None,
                    message,
                });
            }
            prev = e.hash.clone();
        }

        // 2. Issued documents against their issue entry.
        let docs = sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(format!(
            "{DOCUMENT_SELECT} WHERE i.org_id = ? AND i.status <> 'draft' ORDER BY i.id"
        )))
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut issue_entries: HashMap<i64, &RawEntry> = HashMap::new();
        let mut payment_entries: HashMap<String, &RawEntry> = HashMap::new();
        for e in &entries {
            match (e.event.as_str(), e.document_id) {
                ("issue", Some(id)) if issue_entries.insert(id, e).is_some() => {
                    problems.push(Problem {
                        entry: Some(e.chain_seq),
                        document: Some(format!("#{id}")),
                        message: "a document was issued twice".into(),
                    });
                }
                ("payment", _) => {
                    let p: Value = serde_json::from_str(&e.payload).unwrap_or(Value::Null);
                    if let Some(uid) = p.get("payment_uid").and_then(Value::as_str) {
                        payment_entries.insert(uid.to_owned(), e);
                    }
                }
                _ => {}
            }
        }
        let doc_ids: HashSet<i64> = docs.iter().map(|d| d.id).collect();
        for (id, e) in &issue_entries {
            if !doc_ids.contains(id) {
                problems.push(Problem {
                    entry: Some(e.chain_seq),
                    document: Some(format!("#{id}")),
                    message: "an issued document is missing or was turned back into a draft".into(),
                });
            }
        }
        for row in &docs {
            let name = doc_name(row);
            let Some(entry) = issue_entries.get(&row.id) else {
                problems.push(Problem { entry: None, document: Some(name), message: "issued without an issue entry in the journal (inserted or altered outside AutoInvoice)".into() });
                continue;
            };
            let payload: Value = serde_json::from_str(&entry.payload).unwrap_or(Value::Null);
            let items = load_items(&mut *tx, row.id).await?;
            let actual = fingerprint(row, &items);
            let recorded = payload
                .get("content_hash")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if actual != recorded || row.content_hash.as_deref() != Some(recorded) {
                problems.push(Problem {
                    entry: Some(entry.chain_seq),
                    document: Some(name),
                    message: "the document was altered after it was issued".into(),
                });
            }
        }

        // 3. Payments against their entries, and settlement columns against payments and credits.
        let payments = sqlx::query("SELECT id, uid, date, amount_cents, currency FROM payments WHERE org_id = ? ORDER BY id")
            .bind(org_id)
            .fetch_all(&mut *tx)
            .await?;
        let allocations = sqlx::query(
            "SELECT a.payment_id, a.invoice_id, a.amount_cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
             WHERE p.org_id = ? ORDER BY a.payment_id, a.invoice_id",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut allocs_by_payment: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        let mut paid_by_invoice: HashMap<i64, i64> = HashMap::new();
        for a in &allocations {
            let (pid, iid, cents): (i64, i64, i64) = (a.get(0), a.get(1), a.get(2));
            allocs_by_payment.entry(pid).or_default().push((iid, cents));
            *paid_by_invoice.entry(iid).or_default() += cents;
        }
        for p in &payments {
            let (id, uid, date, amount, currency): (i64, String, String, i64, String) =
                (p.get(0), p.get(1), p.get(2), p.get(3), p.get(4));
            let Some(entry) = payment_entries.get(&uid) else {
                problems.push(Problem {
                    entry: None,
                    document: None,
                    message: format!(
                        "payment {uid} has no journal entry (inserted outside AutoInvoice)"
                    ),
                });
                continue;
            };
            let recorded: Value = serde_json::from_str(&entry.payload).unwrap_or(Value::Null);
            let allocs: Vec<Value> = allocs_by_payment
                .get(&id)
                .map(|v| {
                    v.iter()
                        .map(|(i, c)| serde_json::json!({"invoice_id": i, "amount_cents": c}))
                        .collect()
                })
                .unwrap_or_default();
            let same = recorded.get("amount_cents") == Some(&Value::from(amount))
                && recorded.get("date").and_then(Value::as_str) == Some(date.as_str())
                && recorded.get("currency").and_then(Value::as_str) == Some(currency.as_str())
                && recorded.get("allocations") == Some(&Value::Array(allocs));
            if !same {
                problems.push(Problem {
                    entry: Some(entry.chain_seq),
                    document: None,
                    message: format!("payment {uid} was altered after it was recorded"),
                });
            }
        }
        let mut credited_by_invoice: HashMap<i64, i64> = HashMap::new();
        for d in docs.iter().filter(|d| d.kind == "credit_note") {
            if let Some(p) = d.preceding_id {
                *credited_by_invoice.entry(p).or_default() += d.due_cents;
            }
        }
        for row in &docs {
            let paid = paid_by_invoice.get(&row.id).copied().unwrap_or(0);
            let credited = credited_by_invoice.get(&row.id).copied().unwrap_or(0);
            if row.paid_cents != paid || (row.kind == "invoice" && row.credited_cents != credited) {
                problems.push(Problem {
                    entry: None,
                    document: Some(doc_name(row)),
                    message:
                        "its paid or credited amount does not match its payments and credit notes"
                            .into(),
                });
            }
        }
        // 4. The revenue summary against the issued documents it sums.
        let mut expected: std::collections::BTreeMap<(String, String), (i64, i64)> =
            Default::default();
        for d in docs
            .iter()
            .filter(|d| d.kind == "invoice" || d.kind == "credit_note")
        {
            let month = d
                .issue_date
                .as_deref()
                .unwrap_or_default()
                .chars()
                .take(7)
                .collect::<String>();
            let e = expected.entry((month, d.currency.clone())).or_default();
            if d.kind == "invoice" {
                e.0 += d.total_excl_cents;
            } else {
                e.1 += d.total_excl_cents;
            }
        }
        let stored: std::collections::BTreeMap<(String, String), (i64, i64)> =
            sqlx::query("SELECT month, currency, invoiced_cents, credited_cents FROM revenue_by_month WHERE org_id = ?")
                .bind(org_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| ((r.get(0), r.get(1)), (r.get(2), r.get(3))))
                .collect();
        if stored != expected {
            problems.push(Problem {
                entry: None,
                document: None,
                message: "the revenue summary does not match the issued documents".into(),
            });
        }
        // 5. The VAT rows of the reports against each document's totals.
        let vat_mismatch: Vec<(Option<String>,)> = sqlx::query_as(
            "SELECT i.number FROM invoices i
             LEFT JOIN (SELECT invoice_id, SUM(taxable_cents) AS t, SUM(tax_cents) AS v FROM invoice_vat GROUP BY invoice_id) s
               ON s.invoice_id = i.id
             WHERE i.org_id = ? AND i.status <> 'draft' AND i.kind IN ('invoice', 'credit_note')
               AND (s.t IS NOT i.total_excl_cents OR s.v IS NOT i.total_vat_cents)
             ORDER BY i.id LIMIT 20",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        for (number,) in vat_mismatch {
            problems.push(Problem {
                entry: None,
                document: number,
                message:
                    "its VAT rows (used by the reports and the FEC) do not add up to its totals"
                        .into(),
            });
        }
        // The daily summaries the reports read, against the rows they sum.
        for what in crate::reports::stale_summaries(&mut tx, org_id).await? {
            problems.push(Problem {
                entry: None,
                document: None,
                message: format!(
                    "the daily summary of the {what} (used by the reports) does not match the documents and payments"
                ),
            });
        }
        // 6. Received invoices: each original file still hashes to what its journal entry
        // recorded.
        let mut purchase_entries: HashMap<String, (i64, String)> = HashMap::new();
        for e in entries.iter().filter(|e| e.event == "purchase") {
            let p: Value = serde_json::from_str(&e.payload).unwrap_or(Value::Null);
            if let (Some(uid), Some(sha)) = (
                p.get("purchase_uid").and_then(Value::as_str),
                p.get("file_sha256").and_then(Value::as_str),
            ) {
                purchase_entries.insert(uid.to_owned(), (e.chain_seq, sha.to_owned()));
            }
        }
        let purchases: Vec<(String, String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT uid, number, file_sha256, file_bytes FROM purchases WHERE org_id = ? ORDER BY id",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?;
        for (uid, number, sha, bytes) in &purchases {
            let message = match purchase_entries.get(uid) {
                None => Some(
                    "this received invoice has no journal entry (inserted outside AutoInvoice)",
                ),
                Some((_, recorded)) if recorded != sha || sha256_hex(bytes) != *sha => {
                    Some("the original file of this received invoice was altered")
                }
                Some(_) => None,
            };
            if let Some(message) = message {
                problems.push(Problem {
                    entry: purchase_entries.get(uid).map(|(seq, _)| *seq),
                    document: Some(format!("received {number}")),
                    message: message.into(),
                });
            }
        }
        tx.rollback().await?;
        problems.sort_by_key(|p| (p.entry.is_none(), p.entry));
        Ok(VerifyReport {
            org_id,
            entries: entries.len(),
            documents: docs.len(),
            payments: payments.len(),
            problems,
        })
    }
}
