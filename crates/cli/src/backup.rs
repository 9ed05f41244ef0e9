//! `backup create|list|verify|restore|settings|auto`: copies of the whole book.

use crate::output::show;
use autoinvoice_api::*;
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up the book now, while it is in use (SQLite's online backup).
    Create {
        /// Write to this file instead of the backup folder.
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// The backups in the backup folder, newest first.
    List,
    /// Check a file as a restore would: an AutoInvoice book, intact, its journal verified.
    Verify { file: PathBuf },
    /// Replace the book with a backup (checked first; the current book is kept aside).
    Restore {
        file: PathBuf,
        /// Do it: without this flag, only says what would happen.
        #[arg(long)]
        yes: bool,
    },
    /// Show or change the backup folder and rotation.
    Settings {
        /// A full path; `default` for `backups` beside the database.
        #[arg(long)]
        folder: Option<String>,
        #[arg(long)]
        automatic: Option<bool>,
        #[arg(long)]
        keep_daily: Option<u32>,
        #[arg(long)]
        keep_weekly: Option<u32>,
        #[arg(long)]
        keep_monthly: Option<u32>,
    },
    /// The automatic backup if one is due (for a scheduler when the app is not running);
    /// --now takes one anyway. Rotates the older automatic backups.
    Auto {
        #[arg(long)]
        now: bool,
    },
}

fn path_text(p: &std::path::Path) -> ApiResult<String> {
    p.to_str()
        .map(str::to_owned)
        .ok_or_else(|| ApiError::invalid(format!("{} is not a UTF-8 path", p.display())))
}

pub async fn backup(api: &Api, json: bool, c: BackupCommand) -> ApiResult<ExitCode> {
    match c {
        BackupCommand::Create { to } => {
            let to = to.as_deref().map(path_text).transpose()?;
            let r = api.create_backup(CreateBackup { to }).await?;
            show(json, &r, text::created);
        }
        BackupCommand::List => {
            let r = api.list_backups().await?;
            show(json, &r, |r| text::list(r));
        }
        BackupCommand::Verify { file } => {
            let r = api.verify_backup(&path_text(&file)?).await?;
            show(json, &r, text::check);
            if !r.ok {
                return Ok(ExitCode::from(1));
            }
        }
        BackupCommand::Restore { file, yes } => {
            let path = path_text(&file)?;
            if !yes {
                let r = api.verify_backup(&path).await?;
                show(json, &r, |r| {
                    let mut s = text::check(r);
                    if r.ok {
                        s.push_str("\nRun again with --yes to replace the current book with it (the current book is kept in the backup folder first).");
                    }
                    s
                });
                return Ok(ExitCode::from(u8::from(!r.ok)));
            }
            let r = api.restore_backup(RestoreBackup { path }).await?;
            show(json, &r, |r| {
                format!(
                    "Restored from {} in {} ms.\nThe book as it was before is kept as {}.\n{}",
                    r.restored_from,
                    r.millis,
                    r.previous_book.path,
                    text::check(&r.check)
                )
            });
        }
        BackupCommand::Settings {
            folder,
            automatic,
            keep_daily,
            keep_weekly,
            keep_monthly,
        } => {
            let current = api.backup_settings().await?;
            let changed = folder.is_some()
                || automatic.is_some()
                || keep_daily.is_some()
                || keep_weekly.is_some()
                || keep_monthly.is_some();
            let r = if changed {
                let s = current.settings;
                api.set_backup_settings(BackupSettings {
                    automatic: automatic.unwrap_or(s.automatic),
                    folder: match folder.as_deref() {
                        Some("default") => None,
                        Some(f) => Some(f.to_owned()),
                        None => s.folder,
                    },
                    keep_daily: keep_daily.unwrap_or(s.keep_daily),
                    keep_weekly: keep_weekly.unwrap_or(s.keep_weekly),
                    keep_monthly: keep_monthly.unwrap_or(s.keep_monthly),
                })
                .await?
            } else {
                current
            };
            show(json, &r, text::setup);
        }
        BackupCommand::Auto { now } => {
            let r = if now {
                Some(api.automatic_backup().await?)
            } else {
                api.run_due_backup().await?
            };
            show(json, &r, |r| match r {
                Some(c) => text::created(c),
                None => "No backup due (the latest automatic one is less than a day old).".into(),
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

mod text {
    use super::*;

    fn size(bytes: u64) -> String {
        let kib = bytes.div_ceil(1024);
        if kib < 10 * 1024 {
            format!("{kib} KiB")
        } else {
            format!("{} MiB", kib.div_ceil(1024))
        }
    }

    fn kind(k: BackupKind) -> &'static str {
        match k {
            BackupKind::Automatic => "automatic",
            BackupKind::Manual => "manual",
            BackupKind::BeforeRestore => "before restore",
        }
    }

    pub fn created(r: &BackupCreated) -> String {
        let mut s = format!(
            "Backup written: {} ({}, {} ms)",
            r.file.path,
            size(r.file.bytes),
            r.millis
        );
        if !r.rotated_out.is_empty() {
            let _ = write!(
                s,
                "\nOlder automatic backups removed: {}",
                r.rotated_out.join(", ")
            );
        }
        s
    }

    pub fn list(files: &[BackupFile]) -> String {
        if files.is_empty() {
            return "No backup yet.".into();
        }
        files
            .iter()
            .map(|f| {
                format!(
                    "{}  {:<15} {:>9}  {}",
                    f.taken_at,
                    kind(f.kind),
                    size(f.bytes),
                    f.path
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub fn check(r: &BackupCheck) -> String {
        let mut s = format!("{}: {}", if r.ok { "OK" } else { "REFUSED" }, r.message);
        for p in &r.problems {
            let _ = write!(s, "\n  - {p}");
        }
        s
    }

    pub fn setup(r: &BackupSetup) -> String {
        let s = &r.settings;
        let mut out = format!(
            "Folder: {}\nAutomatic daily backup: {}\nKept: the latest of {} day(s), {} week(s), {} month(s)\nLatest automatic backup: {}",
            r.folder,
            if s.automatic { "on" } else { "off" },
            s.keep_daily,
            s.keep_weekly,
            s.keep_monthly,
            r.last_automatic.as_deref().unwrap_or("none yet"),
        );
        if r.same_disk_as_book {
            out.push_str("\nNote: the folder is on the same disk as the book; a folder on another disk (or a synced folder) survives a disk failure.");
        }
        out
    }
}
