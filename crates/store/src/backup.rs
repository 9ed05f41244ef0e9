//! Copies of the whole book through SQLite's online backup API: a consistent snapshot of a
//! live WAL database while the app goes on writing (a file copy of the database and its WAL
//! could catch a half-written transaction), and a restore that replaces the live book in one
//! transaction, so that a crash half-way leaves the old book whole.

use crate::error::{StoreError, StoreResult};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `PRAGMA application_id` of an AutoInvoice book: 'AINV'.
pub const APPLICATION_ID: i64 = 0x4149_4E56;

/// How long a backup or restore waits for another writer before giving up.
const LOCK_PATIENCE: Duration = Duration::from_secs(30);

/// What a file says of itself, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookFacts {
    /// An SQLite database at all.
    pub is_sqlite: bool,
    /// Marked as an AutoInvoice book.
    pub is_book: bool,
    /// Its latest migration (0 when unknown).
    pub schema_version: i64,
    /// `PRAGMA integrity_check` said "ok".
    pub intact: bool,
    /// The first problems integrity_check found.
    pub damage: Vec<String>,
    pub bytes: u64,
}

fn file_error(what: &str, path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::File(format!("{what} {}: {e}", path.display()))
}

fn sqlite_error(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy
        }
        Some(rusqlite::ErrorCode::DiskFull) => {
            StoreError::File("the disk is full: free some space and try again".into())
        }
        Some(rusqlite::ErrorCode::NotADatabase) => {
            StoreError::File("the file is not a database, or it is damaged".into())
        }
        _ => StoreError::File(e.to_string()),
    }
}

/// Copies every page of `from` into `to` in one step, waiting while another connection
/// holds a lock.
fn copy_pages(from: &Connection, to: &mut Connection) -> StoreResult<()> {
    let backup = Backup::new(from, to).map_err(sqlite_error)?;
    let start = Instant::now();
    loop {
        match backup.step(-1).map_err(sqlite_error)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                if start.elapsed() > LOCK_PATIENCE {
                    return Err(StoreError::Busy);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {}
        }
    }
}

fn open_read_only(path: &Path) -> StoreResult<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| file_error("cannot open", path, e))?;
    conn.busy_timeout(LOCK_PATIENCE).map_err(sqlite_error)?;
    Ok(conn)
}

fn sync_file(path: &Path) -> StoreResult<()> {
    // Opened for writing: Windows flushes only a handle with write access.
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| file_error("cannot write", path, e))
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable on Unix; opening a directory is not possible on Windows,
    // where the rename is durable once done.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes a consistent copy of the live database `live` to `dest`: first to a `.partial`
/// file beside it, flushed to disk, then renamed, so that `dest` is either absent or whole.
/// The copy is a single self-contained file (rollback journal, not WAL). Returns its size.
pub fn snapshot(live: &Path, dest: &Path) -> StoreResult<u64> {
    let partial = partial_path(dest);
    let _ = std::fs::remove_file(&partial);
    let result = (|| {
        let src = open_read_only(live)?;
        let mut dst =
            Connection::open(&partial).map_err(|e| file_error("cannot create", &partial, e))?;
        copy_pages(&src, &mut dst)?;
        dst.pragma_update(None, "journal_mode", "DELETE")
            .map_err(sqlite_error)?;
        dst.close().map_err(|(_, e)| sqlite_error(e))?;
        sync_file(&partial)?;
        std::fs::rename(&partial, dest).map_err(|e| file_error("cannot write", dest, e))?;
        if let Some(dir) = dest.parent() {
            sync_dir(dir);
        }
        std::fs::metadata(dest)
            .map(|m| m.len())
            .map_err(|e| file_error("cannot read", dest, e))
    })();
    if result.is_err() {
        remove_database_files(&partial);
    }
    result
}

/// Removes a database file and the journal, WAL and shared-memory files SQLite may have
/// left beside it.
pub fn remove_database_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Replaces the content of the live database `live` with the book `from`, in one write
/// transaction of the live database: other connections (the app's pool) see the old book
/// until it commits and the new one after; a crash half-way leaves the old book.
pub fn restore_into(live: &Path, from: &Path) -> StoreResult<()> {
    let src = open_read_only(from)?;
    let mut dst = Connection::open(live).map_err(|e| file_error("cannot open", live, e))?;
    dst.busy_timeout(LOCK_PATIENCE).map_err(sqlite_error)?;
    copy_pages(&src, &mut dst)?;
    // Back to the app's journal mode: the copied header carries the source's.
    dst.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite_error)?;
    dst.close().map_err(|(_, e)| sqlite_error(e))
}

/// Reads what a file is without changing it: SQLite or not, an AutoInvoice book or not, its
/// schema version, and SQLite's own integrity check of every page and index.
pub fn inspect(path: &Path) -> StoreResult<BookFacts> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| file_error("cannot read", path, e))?
        .len();
    let mut head = [0u8; 16];
    let is_sqlite = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| file_error("cannot read", path, e))?;
        f.read_exact(&mut head).is_ok() && &head == b"SQLite format 3\0"
    };
    let mut facts = BookFacts {
        is_sqlite,
        is_book: false,
        schema_version: 0,
        intact: false,
        damage: Vec::new(),
        bytes,
    };
    if !is_sqlite {
        return Ok(facts);
    }
    let conn = open_read_only(path)?;
    let app_id: i64 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(v) => v,
        Err(e) => {
            // Its header reads as SQLite but the first page does not: damaged, not foreign.
            facts.is_book = true;
            facts.damage.push(e.to_string());
            return Ok(facts);
        }
    };
    let version: Result<i64, _> = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
        [],
        |r| r.get(0),
    );
    // Books from before the mark (migration 6) carry no application_id: they are known by
    // their own migrations table and core tables.
    let unmarked_book = app_id == 0
        && matches!(version, Ok(v) if (1..6).contains(&v))
        && conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('organizations', 'invoices', 'journal')",
                [],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n == 3);
    facts.is_book = app_id == APPLICATION_ID || unmarked_book;
    if !facts.is_book {
        return Ok(facts);
    }
    match version {
        Ok(v) => facts.schema_version = v,
        Err(e) => facts.damage.push(format!("migrations table: {e}")),
    }
    // A schema page damaged makes even preparing the check fail: that is damage too.
    let mut check = match conn.prepare("PRAGMA integrity_check(20)") {
        Ok(c) => c,
        Err(e) => {
            facts.damage.push(e.to_string());
            return Ok(facts);
        }
    };
    let lines: Vec<String> = match check.query_map([], |r| r.get::<_, String>(0)) {
        Ok(rows) => rows.map(|r| r.unwrap_or_else(|e| e.to_string())).collect(),
        Err(e) => vec![e.to_string()],
    };
    facts.intact = lines == ["ok"] && facts.damage.is_empty();
    if !facts.intact {
        facts.damage.extend(lines);
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_name_sits_beside_the_file() {
        assert_eq!(
            partial_path(Path::new("/b/x.db")),
            PathBuf::from("/b/x.db.partial")
        );
    }
}
