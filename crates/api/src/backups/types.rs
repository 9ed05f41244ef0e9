//! Requests and responses of the backup operations.

use serde::{Deserialize, Serialize};

/// Where backups go and how many are kept. Installation-wide (every organization of the book).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct BackupSettings {
    /// A backup a day, taken by the app when it runs (and caught up at start-up).
    pub automatic: bool,
    /// The folder; None: `backups` beside the database. Another disk is safer.
    #[serde(default)]
    pub folder: Option<String>,
    /// Automatic backups kept: the last one of each of the latest N days, weeks and months.
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            automatic: true,
            folder: None,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 12,
        }
    }
}

/// The settings and what they lead to.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupSetup {
    pub settings: BackupSettings,
    /// The folder in use (the default resolved).
    pub folder: String,
    /// The folder is on the same disk as the database: a failing disk takes both.
    pub same_disk_as_book: bool,
    /// RFC 3339 UTC of the latest automatic backup.
    pub last_automatic: Option<String>,
    /// An automatic backup is due now (automatic on, none in the last 24 hours).
    pub due: bool,
}

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// The daily backup; the only kind the rotation deletes.
    Automatic,
    /// Asked for by the user.
    Manual,
    /// The book as it was just before a restore replaced it.
    BeforeRestore,
}

/// One backup file in the folder.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupFile {
    pub name: String,
    pub path: String,
    pub kind: BackupKind,
    /// RFC 3339 UTC, from the file's name.
    pub taken_at: String,
    pub bytes: u64,
}

/// A backup just taken.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupCreated {
    pub file: BackupFile,
    pub millis: u64,
    /// Automatic backups the rotation deleted.
    pub rotated_out: Vec<String>,
}

/// Take a backup now (manual), optionally to another file than the folder's next name.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct CreateBackup {
    /// A file path; None: the backup folder.
    #[serde(default)]
    pub to: Option<String>,
}

/// A file checked: what it is, and whether its journal verifies.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupCheck {
    pub path: String,
    pub ok: bool,
    /// ok, not_a_book, newer_book, damaged_book, journal_broken.
    pub code: String,
    pub message: String,
    pub schema_version: i64,
    pub organizations: usize,
    pub documents: usize,
    pub payments: usize,
    pub journal_entries: usize,
    /// The first problems found (damaged pages, journal problems).
    pub problems: Vec<String>,
}

/// Replace the current book with a backup.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RestoreBackup {
    pub path: String,
}

/// A restore done.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct BackupRestored {
    pub restored_from: String,
    /// The book as it was before, kept in the backup folder.
    pub previous_book: BackupFile,
    pub check: BackupCheck,
    pub millis: u64,
}
