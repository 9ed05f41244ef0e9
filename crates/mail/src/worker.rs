//! The outbox worker: deliver what is due, then return.
//!
//! One worker at a time per database, held by an OS file lock beside it (released by the OS
//! even on SIGKILL). Holding it, the worker knows that a message left in `sending` belongs
//! to a dead process and recovers it: `claimed` (nothing handed to the server) goes back to
//! the queue; `data` (the server was receiving it) becomes a visible "uncertain" failure,
//! never re-sent on its own. Then each due message is claimed in its own committed
//! transaction before any SMTP, marked `data` after the server's 354, and `sent` right after
//! its 250. Temporary failures back off exponentially (1 min doubling to 6 h) until the
//! message expires (3 days after it was queued or retried); permanent ones fail at once.

use crate::diagnosis::{Code, MailError};
use crate::transport::Session;
use autoinvoice_secrets::{SecretStore, smtp_account};
use autoinvoice_store::Store;
use autoinvoice_store::outbox::{OutboxMessage, Recovery};
use autoinvoice_store::smtp_settings::SmtpSettings;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::time::Duration;

/// How long a temporary failure is retried.
pub const EXPIRY: TimeDelta = TimeDelta::days(3);
const FIRST_DELAY_SECS: i64 = 60;
const MAX_DELAY_SECS: i64 = 6 * 3600;

/// The wait before the next try after `attempts` tries: 1 min, 2, 4… capped at 6 h.
pub fn backoff(attempts: i64) -> TimeDelta {
    let exp = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    TimeDelta::seconds(
        FIRST_DELAY_SECS
            .saturating_mul(1_i64 << exp)
            .min(MAX_DELAY_SECS),
    )
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
pub struct RunReport {
    /// Another worker holds the outbox: this one did nothing.
    pub busy: bool,
    pub recovered: Recovery,
    pub sent: u64,
    pub retry_later: u64,
    pub failed: u64,
}

#[derive(Debug, Clone, Copy)]
pub struct WorkerOptions {
    pub timeout: Duration,
    /// Stop after this many messages (None: everything due).
    pub limit: Option<u64>,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            limit: None,
        }
    }
}

/// The outbox lock file of a database.
pub fn lock_path(store: &Store) -> PathBuf {
    let mut p = store.path().as_os_str().to_owned();
    p.push(".outbox-lock");
    PathBuf::from(p)
}

fn take_lock(store: &Store) -> Result<Option<File>, MailError> {
    let path = lock_path(store);
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| MailError::new(Code::Protocol, format!("{}: {e}.", path.display())))?;
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(MailError::new(
            Code::Protocol,
            format!("{}: {e}.", path.display()),
        )),
    }
}

/// An organization's account, loaded once per run.
struct Account {
    settings: SmtpSettings,
    password: Option<String>,
}

/// What the store failed at, as a mail error (the run stops: the database is the truth).
fn store_err(e: autoinvoice_store::StoreError) -> MailError {
    MailError {
        code: Code::Protocol,
        message: format!("database: {e}"),
    }
}

pub async fn load_account(
    store: &Store,
    secrets: &dyn SecretStore,
    org_id: i64,
) -> Result<(SmtpSettings, Option<String>), MailError> {
    let settings = store
        .smtp_settings(org_id)
        .await
        .map_err(store_err)?
        .ok_or_else(|| MailError::new(Code::NotConfigured, "No email account is set up."))?;
    let password = if settings.username.as_deref().is_some_and(|u| !u.is_empty()) {
        secrets
            .get(&smtp_account(org_id))
            .map_err(|e| MailError::new(Code::Keyring, format!("{e}.")))?
    } else {
        None
    };
    Ok((settings, password))
}

/// Delivers every due message, then returns what happened.
pub async fn deliver_due(
    store: &Store,
    secrets: &dyn SecretStore,
    opts: WorkerOptions,
) -> Result<RunReport, MailError> {
    let Some(_lock) = take_lock(store)? else {
        return Ok(RunReport {
            busy: true,
            ..RunReport::default()
        });
    };
    let mut report = RunReport {
        recovered: store.recover_outbox().await.map_err(store_err)?,
        ..RunReport::default()
    };
    let mut accounts: HashMap<i64, Result<Account, MailError>> = HashMap::new();
    let mut sessions: HashMap<i64, Session> = HashMap::new();
    // An organization whose server cannot be reached this run: its other messages wait.
    let mut down: HashMap<i64, MailError> = HashMap::new();
    let mut done = 0;
    while opts.limit.is_none_or(|l| done < l) {
        let now = Utc::now();
        let Some(msg) = store.claim_next_mail(now).await.map_err(store_err)? else {
            break;
        };
        done += 1;
        let org = msg.item.org_id;
        let outcome = if let Some(e) = down.get(&org) {
            Err(e.clone())
        } else {
            if let Entry::Vacant(slot) = accounts.entry(org) {
                let acc = load_account(store, secrets, org)
                    .await
                    .map(|(settings, password)| Account { settings, password });
                slot.insert(acc);
            }
            match accounts.get(&org) {
                Some(Ok(acc)) => deliver(store, &mut sessions, acc, &msg, opts.timeout).await,
                Some(Err(e)) => Err(e.clone()),
                None => Err(MailError::new(Code::NotConfigured, "No email account.")),
            }
        };
        match outcome {
            Ok(reply) => {
                store
                    .mail_sent(msg.item.id, &reply, Utc::now())
                    .await
                    .map_err(store_err)?;
                if msg.item.invoice_id.is_some() {
                    store.record_sent_invoices().await.map_err(store_err)?;
                }
                report.sent += 1;
            }
            Err(e) => {
                if matches!(e.code, Code::Dns | Code::Connect | Code::Timeout) {
                    down.insert(org, e.clone());
                }
                settle_failure(store, &msg, &e, now, &mut report).await?;
            }
        }
    }
    for (_, s) in sessions.drain() {
        s.quit().await;
    }
    Ok(report)
}

async fn settle_failure(
    store: &Store,
    msg: &OutboxMessage,
    e: &MailError,
    now: DateTime<Utc>,
    report: &mut RunReport,
) -> Result<(), MailError> {
    let id = msg.item.id;
    let next = now + backoff(msg.item.attempts);
    let expires = DateTime::parse_from_rfc3339(&msg.expires_at)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now);
    if e.retryable() && next <= expires {
        store
            .mail_retry_later(id, e.code.as_str(), &e.message, next)
            .await
            .map_err(store_err)?;
        report.retry_later += 1;
    } else {
        let (code, message) = if e.retryable() {
            (
                Code::Expired.as_str(),
                format!("{} {}", e.message, Code::Expired.advice()),
            )
        } else {
            (e.code.as_str(), e.message.clone())
        };
        store
            .mail_failed(id, code, &message)
            .await
            .map_err(store_err)?;
        report.failed += 1;
    }
    Ok(())
}

/// One message over the organization's session (opened on first use, dropped on error).
async fn deliver(
    store: &Store,
    sessions: &mut HashMap<i64, Session>,
    acc: &Account,
    msg: &OutboxMessage,
    timeout: Duration,
) -> Result<String, MailError> {
    let org = msg.item.org_id;
    let mut session = match sessions.remove(&org) {
        Some(s) => s,
        None => Session::open(&acc.settings, acc.password.as_deref(), timeout).await?,
    };
    let rcpts: Vec<String> = msg
        .item
        .to
        .iter()
        .chain(&msg.item.cc)
        .chain(&msg.item.bcc)
        .cloned()
        .collect();
    session
        .begin(&msg.item.envelope_from, &rcpts, &msg.raw)
        .await?;
    store
        .mail_stage_data(msg.item.id)
        .await
        .map_err(store_err)?;
    let reply = session.finish(&msg.raw).await?;
    sessions.insert(org, session);
    Ok(reply)
}
