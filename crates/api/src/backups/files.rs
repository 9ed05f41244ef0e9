//! Backup file names and the folder's listing. A name says what the file is and when it was
//! taken (UTC, no characters Windows refuses): `autoinvoice-auto-20261204T183412Z.db`.

use super::types::{BackupFile, BackupKind};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::path::{Path, PathBuf};

pub const BACKUP_EXTENSION: &str = "db";
const PREFIX: &str = "autoinvoice-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

fn kind_word(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Automatic => "auto",
        BackupKind::Manual => "manual",
        BackupKind::BeforeRestore => "before-restore",
    }
}

/// The file name of a backup of `kind` taken at `at`.
pub(super) fn file_name(kind: BackupKind, at: DateTime<Utc>) -> String {
    format!(
        "{PREFIX}{}-{}.{BACKUP_EXTENSION}",
        kind_word(kind),
        at.format(STAMP)
    )
}

/// What a file name says, if it is one of ours.
pub(super) fn parse_name(name: &str) -> Option<(BackupKind, DateTime<Utc>)> {
    let rest = name
        .strip_prefix(PREFIX)?
        .strip_suffix(&format!(".{BACKUP_EXTENSION}"))?;
    let (kind, stamp) = rest.rsplit_once('-')?;
    let kind = match kind {
        "auto" => BackupKind::Automatic,
        "manual" => BackupKind::Manual,
        "before-restore" => BackupKind::BeforeRestore,
        _ => return None,
    };
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((kind, at))
}

/// A name not taken yet in `dir`: two backups in the same second get `…Z-2.db`.
pub(super) fn free_path(dir: &Path, kind: BackupKind, at: DateTime<Utc>) -> PathBuf {
    let mut path = dir.join(file_name(kind, at));
    let mut n = 2;
    while path.exists() {
        let name = file_name(kind, at);
        let stem = name.trim_end_matches(&format!(".{BACKUP_EXTENSION}"));
        path = dir.join(format!("{stem}-{n}.{BACKUP_EXTENSION}"));
        n += 1;
    }
    path
}

pub(super) fn describe(path: &Path) -> Option<BackupFile> {
    let name = path.file_name()?.to_str()?;
    // `…Z-2.db`: the same second as another one.
    let base = match name.rsplit_once('-') {
        Some((head, tail))
            if tail
                .strip_suffix(&format!(".{BACKUP_EXTENSION}"))
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                && head.ends_with('Z') =>
        {
            format!("{head}.{BACKUP_EXTENSION}")
        }
        _ => name.to_owned(),
    };
    let (kind, at) = parse_name(&base)?;
    let bytes = std::fs::metadata(path).ok()?.len();
    Some(BackupFile {
        name: name.to_owned(),
        path: path.display().to_string(),
        kind,
        taken_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        bytes,
    })
}

/// 1 for `…Z.db`, N for `…Z-N.db`: the order of backups taken in the same second.
fn same_second_rank(name: &str) -> u32 {
    name.strip_suffix(&format!(".{BACKUP_EXTENSION}"))
        .and_then(|stem| stem.rsplit_once("Z-"))
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}

/// Our backups in `dir`, newest first. A missing folder has none.
pub(super) fn list(dir: &Path) -> std::io::Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(Result::ok)
        .filter_map(|e| describe(&e.path()))
        .collect();
    files.sort_by(|a, b| {
        b.taken_at
            .cmp(&a.taken_at)
            .then(same_second_rank(&b.name).cmp(&same_second_rank(&a.name)))
    });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_read_back() {
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 18, 34, 12).unwrap();
        for kind in [
            BackupKind::Automatic,
            BackupKind::Manual,
            BackupKind::BeforeRestore,
        ] {
            let name = file_name(kind, at);
            assert_eq!(parse_name(&name), Some((kind, at)), "{name}");
        }
        assert_eq!(
            file_name(BackupKind::Automatic, at),
            "autoinvoice-auto-20261204T183412Z.db"
        );
        assert_eq!(parse_name("autoinvoice-auto-2026.db"), None);
        assert_eq!(parse_name("other-auto-20261204T183412Z.db"), None);
    }

    #[test]
    fn a_second_backup_in_the_same_second_gets_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 18, 34, 12).unwrap();
        let first = free_path(dir.path(), BackupKind::Manual, at);
        std::fs::write(&first, b"x").unwrap();
        let second = free_path(dir.path(), BackupKind::Manual, at);
        assert_eq!(
            second.file_name().unwrap(),
            "autoinvoice-manual-20261204T183412Z-2.db"
        );
        std::fs::write(&second, b"x").unwrap();
        let listed = list(dir.path()).unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].name, "autoinvoice-manual-20261204T183412Z-2.db");
        assert!(listed.iter().all(|f| f.kind == BackupKind::Manual));
    }
}
