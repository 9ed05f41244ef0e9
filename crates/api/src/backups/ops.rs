//! The backup operations of the API.

use super::files;
use super::rotation;
use super::types::*;
use crate::{Api, ApiError, ApiResult};
use autoinvoice_store::backup::{self, BookFacts};
use autoinvoice_store::{Store, schema_version};
use chrono::{DateTime, Duration, Utc};
use std::path::{Path, PathBuf};
use std::time::Instant;

const SETTINGS_KEY: &str = "backup";

/// An automatic backup is due when the latest is older than this.
pub const AUTOMATIC_INTERVAL_HOURS: i64 = 24;

fn io_error(what: &str, path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new("file", format!("{what} {}: {e}", path.display()))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new("internal", format!("backup task failed: {e}")))?
}

impl Api {
    pub async fn backup_settings(&self) -> ApiResult<BackupSetup> {
        let settings: BackupSettings = self
            .store
            .setting(0, SETTINGS_KEY)
            .await?
            .unwrap_or_default();
        let folder = self.backup_folder(&settings);
        let last = files::list(&folder)
            .map_err(|e| io_error("cannot read the backup folder", &folder, e))?
            .into_iter()
            .find(|f| f.kind == BackupKind::Automatic);
        let last_at = last
            .as_ref()
            .and_then(|f| DateTime::parse_from_rfc3339(&f.taken_at).ok())
            .map(|d| d.with_timezone(&Utc));
        let due = settings.automatic
            && last_at.is_none_or(|t| Utc::now() - t >= Duration::hours(AUTOMATIC_INTERVAL_HOURS));
        Ok(BackupSetup {
            same_disk_as_book: same_disk(&folder, self.db_path()),
            folder: folder.display().to_string(),
            settings,
            last_automatic: last.map(|f| f.taken_at),
            due,
        })
    }

    pub async fn set_backup_settings(&self, settings: BackupSettings) -> ApiResult<BackupSetup> {
        if let Some(folder) = settings.folder.as_deref() {
            let path = Path::new(folder);
            if folder.trim().is_empty() || !path.is_absolute() {
                return Err(ApiError::invalid(
                    "the backup folder must be a full path (e.g. /media/usb/backups)",
                ));
            }
            std::fs::create_dir_all(path)
                .map_err(|e| io_error("cannot create the backup folder", path, e))?;
        }
        if [
            settings.keep_daily,
            settings.keep_weekly,
            settings.keep_monthly,
        ] == [0, 0, 0]
            && settings.automatic
        {
            return Err(ApiError::invalid(
                "keep at least one daily, weekly or monthly backup",
            ));
        }
        self.store.set_setting(0, SETTINGS_KEY, &settings).await?;
        self.backup_settings().await
    }

    fn backup_folder(&self, settings: &BackupSettings) -> PathBuf {
        match settings.folder.as_deref() {
            Some(f) => PathBuf::from(f),
            None => self
                .db_path()
                .parent()
                .unwrap_or(Path::new("."))
                .join("backups"),
        }
    }

    async fn folder_in_use(&self) -> ApiResult<PathBuf> {
        let settings: BackupSettings = self
            .store
            .setting(0, SETTINGS_KEY)
            .await?
            .unwrap_or_default();
        Ok(self.backup_folder(&settings))
    }

    pub async fn list_backups(&self) -> ApiResult<Vec<BackupFile>> {
        let folder = self.folder_in_use().await?;
        files::list(&folder).map_err(|e| io_error("cannot read the backup folder", &folder, e))
    }

    /// A backup on demand: to the folder (or to the file given).
    pub async fn create_backup(&self, req: CreateBackup) -> ApiResult<BackupCreated> {
        let dest = match req.to {
            Some(to) => {
                let p = PathBuf::from(to);
                if p.exists() {
                    return Err(ApiError::new(
                        "exists",
                        format!("{} exists already: choose a new file name", p.display()),
                    ));
                }
                p
            }
            None => {
                let folder = self.folder_in_use().await?;
                files::free_path(&folder, BackupKind::Manual, Utc::now())
            }
        };
        self.take_backup(&dest, BackupKind::Manual).await
    }

    /// The daily backup if one is due (the app calls this at start-up and every hour):
    /// taken, then older automatic backups rotated out. None when not due.
    pub async fn run_due_backup(&self) -> ApiResult<Option<BackupCreated>> {
        let setup = self.backup_settings().await?;
        if !setup.due {
            return Ok(None);
        }
        self.automatic_backup().await.map(Some)
    }

    /// An automatic backup now, whether due or not, with the rotation.
    pub async fn automatic_backup(&self) -> ApiResult<BackupCreated> {
        let settings: BackupSettings = self
            .store
            .setting(0, SETTINGS_KEY)
            .await?
            .unwrap_or_default();
        let folder = self.backup_folder(&settings);
        let dest = files::free_path(&folder, BackupKind::Automatic, Utc::now());
        let mut created = self.take_backup(&dest, BackupKind::Automatic).await?;
        let autos: Vec<BackupFile> = files::list(&folder)
            .map_err(|e| io_error("cannot read the backup folder", &folder, e))?
            .into_iter()
            .filter(|f| f.kind == BackupKind::Automatic)
            .collect();
        let times: Vec<DateTime<Utc>> = autos
            .iter()
            .filter_map(|f| DateTime::parse_from_rfc3339(&f.taken_at).ok())
            .map(|d| d.with_timezone(&Utc))
            .collect();
        if times.len() == autos.len() {
            for i in rotation::to_delete(
                &times,
                settings.keep_daily,
                settings.keep_weekly,
                settings.keep_monthly,
            ) {
                let f = &autos[i];
                if f.path != created.file.path && std::fs::remove_file(&f.path).is_ok() {
                    created.rotated_out.push(f.name.clone());
                }
            }
        }
        Ok(created)
    }

    async fn take_backup(&self, dest: &Path, kind: BackupKind) -> ApiResult<BackupCreated> {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| io_error("cannot create the backup folder", dir, e))?;
        }
        let live = self.db_path().to_path_buf();
        let to = dest.to_path_buf();
        let start = Instant::now();
        blocking(move || Ok(backup::snapshot(&live, &to)?)).await?;
        let millis = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let file = files::describe(dest).unwrap_or_else(|| BackupFile {
            name: dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: dest.display().to_string(),
            kind,
            taken_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
        });
        Ok(BackupCreated {
            file,
            millis,
            rotated_out: Vec::new(),
        })
    }

    /// Checks a file as a restore would, without restoring it.
    pub async fn verify_backup(&self, path: &str) -> ApiResult<BackupCheck> {
        let scratch = self.scratch_path("verify");
        let check = check_book(Path::new(path), &scratch).await;
        backup::remove_database_files(&scratch);
        check
    }

    /// Replaces the current book with the backup at `path`, after checking it (an
    /// AutoInvoice book, not from a newer version, every page intact, its journal verifies)
    /// and keeping the current book in the backup folder.
    pub async fn restore_backup(&self, req: RestoreBackup) -> ApiResult<BackupRestored> {
        let start = Instant::now();
        let from = PathBuf::from(&req.path);
        if same_file(&from, self.db_path()) {
            return Err(ApiError::invalid("this is the book in use, not a backup"));
        }
        let scratch = self.scratch_path("restore");
        let result = async {
            let check = check_book(&from, &scratch).await?;
            if !check.ok {
                return Err(ApiError::new(&check.code, check.message.clone()));
            }
            let folder = self.folder_in_use().await?;
            let aside = files::free_path(&folder, BackupKind::BeforeRestore, Utc::now());
            let previous_book = self
                .take_backup(&aside, BackupKind::BeforeRestore)
                .await?
                .file;
            let live = self.db_path().to_path_buf();
            let upgraded = scratch.clone();
            blocking(move || Ok(backup::restore_into(&live, &upgraded)?)).await?;
            Ok(BackupRestored {
                restored_from: req.path.clone(),
                previous_book,
                check,
                millis: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
            })
        }
        .await;
        backup::remove_database_files(&scratch);
        result
    }

    /// A work file beside the database (same disk: copies are fast), never a backup's name.
    fn scratch_path(&self, what: &str) -> PathBuf {
        let dir = self.db_path().parent().unwrap_or(Path::new("."));
        dir.join(format!(".autoinvoice-{what}-{}.tmp", scratch_id()))
    }
}

/// Unique in this process and among processes.
fn scratch_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn refused(path: &Path, code: &str, message: String, facts: &BookFacts) -> BackupCheck {
    BackupCheck {
        path: path.display().to_string(),
        ok: false,
        code: code.into(),
        message,
        schema_version: facts.schema_version,
        organizations: 0,
        documents: 0,
        payments: 0,
        journal_entries: 0,
        problems: facts.damage.clone(),
    }
}

/// Checks `path` as an AutoInvoice book: reads its header, SQLite's integrity check, then
/// copies it to `scratch`, brings the copy's schema up to date and verifies every
/// organization's journal there. The file itself is never written.
async fn check_book(path: &Path, scratch: &Path) -> ApiResult<BackupCheck> {
    if !path.is_file() {
        return Err(ApiError::new(
            "not_found",
            format!("no file at {}", path.display()),
        ));
    }
    let p = path.to_path_buf();
    let facts = blocking(move || Ok(backup::inspect(&p)?)).await?;
    let name = path.display();
    if !facts.is_sqlite {
        return Ok(refused(
            path,
            "not_a_book",
            format!("{name} is not an AutoInvoice book (not a database file)"),
            &facts,
        ));
    }
    if !facts.is_book {
        return Ok(refused(
            path,
            "not_a_book",
            format!("{name} is a database, but not an AutoInvoice book"),
            &facts,
        ));
    }
    if facts.schema_version > schema_version() {
        return Ok(refused(
            path,
            "newer_book",
            format!("{name} was written by a newer AutoInvoice: update the app to open it"),
            &facts,
        ));
    }
    if !facts.intact {
        return Ok(refused(
            path,
            "damaged_book",
            format!("{name} is damaged (SQLite's integrity check failed): try an older backup"),
            &facts,
        ));
    }
    let (src, dst) = (path.to_path_buf(), scratch.to_path_buf());
    backup::remove_database_files(scratch);
    blocking(move || Ok(backup::snapshot(&src, &dst)?)).await?;
    let store = match Store::open(scratch).await {
        Ok(s) => s,
        Err(e) => {
            backup::remove_database_files(scratch);
            return Err(e.into());
        }
    };
    let result = async {
        let orgs = store.organizations().await?;
        let mut check = BackupCheck {
            path: path.display().to_string(),
            ok: true,
            code: "ok".into(),
            message: String::new(),
            schema_version: facts.schema_version,
            organizations: orgs.len(),
            documents: 0,
            payments: 0,
            journal_entries: 0,
            problems: Vec::new(),
        };
        for org in &orgs {
            let report = store.verify_journal(org.id).await?;
            check.documents += report.documents;
            check.payments += report.payments;
            check.journal_entries += report.entries;
            check.problems.extend(
                report
                    .problems
                    .iter()
                    .map(|p| format!("{}: {}", org.organization.legal_name, p.message)),
            );
        }
        if check.problems.is_empty() {
            check.message = format!(
                "an intact AutoInvoice book: {} organization(s), {} document(s), {} payment(s), journal verified",
                check.organizations, check.documents, check.payments
            );
        } else {
            check.ok = false;
            check.code = "journal_broken".into();
            check.message = format!(
                "{name} fails `journal verify` ({} problem(s)): it was altered outside AutoInvoice",
                check.problems.len()
            );
            check.problems.truncate(20);
        }
        Ok::<_, ApiError>(check)
    }
    .await;
    store.close().await;
    result
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(unix)]
fn same_disk(folder: &Path, db: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let existing = folder
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(Path::new("/"));
    match (std::fs::metadata(existing), std::fs::metadata(db)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => true,
    }
}

#[cfg(not(unix))]
fn same_disk(folder: &Path, db: &Path) -> bool {
    let root = |p: &Path| p.components().next().map(|c| c.as_os_str().to_owned());
    root(folder) == root(db)
}
