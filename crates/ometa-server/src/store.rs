//! Embedded storage on SQLite: entities as JSON plus indexed columns, and their version history.
//!
//! One writer connection (writes are serialized) and a small pool of reader connections; with
//! a file database in WAL mode, reads never wait for writes. `synchronous=FULL` makes every
//! acknowledged write durable across a crash.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::error::ApiError;

/// One stored entity.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Entity id.
    pub id: String,
    /// Entity type name (`table`).
    pub kind: String,
    /// Fully qualified name.
    pub fqn: String,
    /// Name (the sort key of listings).
    pub name: String,
    /// Id of the containing entity, for recursive deletes.
    pub parent_id: Option<String>,
    /// Soft-deleted.
    pub deleted: bool,
    /// The entity document.
    pub json: Value,
}

/// Which entities a listing shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Include {
    /// Only live entities (the default).
    NonDeleted,
    /// Only soft-deleted ones.
    Deleted,
    /// Both.
    All,
}

impl Include {
    /// Parses the `include` query parameter.
    pub fn parse(s: Option<&str>) -> Result<Self, ApiError> {
        match s {
            None | Some("non-deleted") => Ok(Include::NonDeleted),
            Some("deleted") => Ok(Include::Deleted),
            Some("all") => Ok(Include::All),
            Some(other) => Err(ApiError::bad_request(format!(
                "include must be one of non-deleted, deleted, all; got {other}"
            ))),
        }
    }

    fn sql(self) -> &'static str {
        match self {
            Include::NonDeleted => "deleted = 0",
            Include::Deleted => "deleted = 1",
            Include::All => "1 = 1",
        }
    }

    /// Whether an entity with this deleted flag is visible.
    pub fn admits(self, deleted: bool) -> bool {
        match self {
            Include::NonDeleted => !deleted,
            Include::Deleted => deleted,
            Include::All => true,
        }
    }
}

/// A position in the (name, id) order of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Name at the position.
    pub name: String,
    /// Id at the position.
    pub id: String,
}

/// One page of a listing.
#[derive(Debug)]
pub struct Page {
    /// The entities, in (name, id) order.
    pub rows: Vec<Stored>,
    /// All matching entities.
    pub total: i64,
    /// Cursor of the first row, when rows exist before it.
    pub before: Option<Cursor>,
    /// Cursor of the last row, when rows exist after it.
    pub after: Option<Cursor>,
}

/// The storage.
pub struct Store {
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    open: Box<dyn Fn() -> rusqlite::Result<Connection> + Send + Sync>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entity (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    fqn TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_id TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS entity_kind_fqn ON entity(kind, fqn);
CREATE INDEX IF NOT EXISTS entity_kind_name ON entity(kind, name, id);
CREATE INDEX IF NOT EXISTS entity_parent ON entity(parent_id);
CREATE TABLE IF NOT EXISTS entity_version (
    id TEXT NOT NULL,
    version REAL NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
";

impl Store {
    /// Opens (creating if needed) `<dir>/ometa.db`.
    pub fn open_file(dir: &Path) -> Result<Self, ApiError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ApiError::internal(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join("ometa.db");
        Self::with_opener(Box::new(move || {
            let c = Connection::open(&path)?;
            c.execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;",
            )?;
            Ok(c)
        }))
    }

    /// A private in-memory database (for tests and `--in-memory`).
    pub fn open_in_memory() -> Result<Self, ApiError> {
        let uri = format!(
            "file:ometa-{}?mode=memory&cache=shared",
            uuid::Uuid::new_v4()
        );
        Self::with_opener(Box::new(move || {
            let c = Connection::open_with_flags(
                &uri,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                    | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
                    | rusqlite::OpenFlags::SQLITE_OPEN_URI,
            )?;
            c.execute_batch("PRAGMA busy_timeout=5000; PRAGMA read_uncommitted=1;")?;
            Ok(c)
        }))
    }

    fn with_opener(
        open: Box<dyn Fn() -> rusqlite::Result<Connection> + Send + Sync>,
    ) -> Result<Self, ApiError> {
        let writer = open()?;
        writer.execute_batch(SCHEMA)?;
        Ok(Store {
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            open,
        })
    }

    /// Runs `f` on a reader connection from the pool.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, ApiError> {
        let conn = self
            .readers
            .lock()
            .map_err(|_| ApiError::internal("reader pool poisoned"))?
            .pop();
        let conn = match conn {
            Some(c) => c,
            None => (self.open)()?,
        };
        let out = f(&conn);
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < 8 {
                pool.push(conn);
            }
        }
        Ok(out?)
    }

    /// Runs `f` in one write transaction.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| ApiError::internal("writer poisoned"))?;
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// An entity by id, of any kind.
    pub fn get(&self, id: &str) -> Result<Option<Stored>, ApiError> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM entity WHERE id = ?1"),
                [id],
                row,
            )
            .optional()
        })
    }

    /// An entity by kind and FQN.
    pub fn get_by_fqn(&self, kind: &str, fqn: &str) -> Result<Option<Stored>, ApiError> {
        self.read(|c| {
            c.query_row(
                &format!("SELECT {COLUMNS} FROM entity WHERE kind = ?1 AND fqn = ?2"),
                [kind, fqn],
                row,
            )
            .optional()
        })
    }

    /// Every version of an entity, latest first.
    pub fn versions(&self, id: &str) -> Result<Vec<(f64, Value)>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT version, json FROM entity_version WHERE id = ?1 ORDER BY version DESC",
            )?;
            let rows =
                stmt.query_map([id], |r| Ok((r.get::<_, f64>(0)?, r.get::<_, String>(1)?)))?;
            rows.map(|r| r.map(|(v, j)| (v, serde_json::from_str(&j).unwrap_or(Value::Null))))
                .collect()
        })
    }

    /// One page of a kind, in (name, id) order, optionally under an FQN prefix.
    pub fn list(
        &self,
        kind: &str,
        under: Option<&str>,
        include: Include,
        limit: i64,
        after: Option<&Cursor>,
        before: Option<&Cursor>,
    ) -> Result<Page, ApiError> {
        let (lo, hi) = match under {
            Some(p) => (format!("{p}."), format!("{p}/")),
            None => (String::new(), "\u{10FFFF}".to_string()),
        };
        let filter = format!("kind = ?1 AND fqn >= ?2 AND fqn < ?3 AND {}", include.sql());
        self.read(|c| {
            let total: i64 = c.query_row(
                &format!("SELECT count(*) FROM entity WHERE {filter}"),
                params![kind, lo, hi],
                |r| r.get(0),
            )?;
            let fetch = |cmp: &str, order: &str, at: Option<&Cursor>, n: i64| {
                let (name, id) = at.map_or((String::new(), String::new()), |c| (c.name.clone(), c.id.clone()));
                let position = if at.is_some() { format!("AND (name, id) {cmp} (?4, ?5)") } else { String::new() };
                let sql = format!(
                    "SELECT {COLUMNS} FROM entity WHERE {filter} {position} ORDER BY name {order}, id {order} LIMIT ?6"
                );
                let mut stmt = c.prepare(&sql)?;
                let rows = stmt.query_map(params![kind, lo, hi, name, id, n], row)?;
                rows.collect::<rusqlite::Result<Vec<Stored>>>()
            };
            let mut rows;
            if let Some(b) = before {
                rows = fetch("<", "DESC", Some(b), limit)?;
                rows.reverse();
            } else {
                rows = fetch(">", "ASC", after, limit)?;
            }
            let cursor = |s: &Stored| Cursor { name: s.name.clone(), id: s.id.clone() };
            let before_cursor = match rows.first() {
                Some(first) if !fetch("<", "DESC", Some(&cursor(first)), 1)?.is_empty() => Some(cursor(first)),
                _ => None,
            };
            let after_cursor = match rows.last() {
                Some(last) if !fetch(">", "ASC", Some(&cursor(last)), 1)?.is_empty() => Some(cursor(last)),
                _ => None,
            };
            Ok(Page { rows, total, before: before_cursor, after: after_cursor })
        })
    }

    /// Ids and kinds of the entities directly contained in `parent_id`.
    pub fn children(&self, parent_id: &str) -> Result<Vec<Stored>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM entity WHERE parent_id = ?1"
            ))?;
            let rows = stmt.query_map([parent_id], row)?;
            rows.collect()
        })
    }
}

const COLUMNS: &str = "id, kind, fqn, name, parent_id, deleted, json";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
    let json: String = r.get(6)?;
    Ok(Stored {
        id: r.get(0)?,
        kind: r.get(1)?,
        fqn: r.get(2)?,
        name: r.get(3)?,
        parent_id: r.get(4)?,
        deleted: r.get::<_, i64>(5)? != 0,
        json: serde_json::from_str(&json).unwrap_or(Value::Null),
    })
}

/// Writes an entity and records its current version, inside a write transaction.
pub fn put(tx: &rusqlite::Transaction, s: &Stored, version: f64) -> Result<(), ApiError> {
    let json = s.json.to_string();
    tx.execute(
        "INSERT INTO entity (id, kind, fqn, name, parent_id, deleted, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET kind = ?2, fqn = ?3, name = ?4, parent_id = ?5, deleted = ?6, json = ?7",
        params![s.id, s.kind, s.fqn, s.name, s.parent_id, s.deleted as i64, json],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO entity_version (id, version, json) VALUES (?1, ?2, ?3)",
        params![s.id, version, json],
    )?;
    Ok(())
}

/// Removes an entity and its history, inside a write transaction.
pub fn remove(tx: &rusqlite::Transaction, id: &str) -> Result<(), ApiError> {
    tx.execute("DELETE FROM entity WHERE id = ?1", [id])?;
    tx.execute("DELETE FROM entity_version WHERE id = ?1", [id])?;
    Ok(())
}
