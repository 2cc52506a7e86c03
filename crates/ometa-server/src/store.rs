//! Embedded storage on SQLite: entities as JSON plus indexed columns, and their version history.
//!
//! One writer thread owns the writer connection and commits writes in groups: every write
//! waiting when a transaction starts joins it (each in its own savepoint, so one failing write
//! does not undo the others), and all are answered after the one commit. Reads use a small pool
//! of reader connections; with a file database in WAL mode they never wait for writes.
//! Every acknowledged write survives the process being killed; with [`Durability::PowerLoss`]
//! it also survives the machine losing power (each commit waits for the disk).

use std::cell::RefCell;
use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::error::ApiError;
use crate::event_log::{self, EventType, NewEvent};
use crate::relations::{self, Relation};
use crate::search_index::{self, IndexOp};

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
    /// The row's revision when this was read (every write of the row counts one up); a write
    /// of a document read at a revision that is no longer current fails as stale
    /// ([`ApiError::is_stale`]) instead of overwriting what was written meanwhile. `None`
    /// writes without that check (a new entity, a setting replaced whole).
    pub rev: Option<i64>,
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

/// An entity ready to be written: its row, its JSON text, its default view, relationship
/// rows and search-index entry, all computed before the write transaction, so the writer
/// thread only writes (and frees nothing larger than a few strings).
#[derive(Debug, Clone)]
pub struct Prepared {
    id: String,
    kind: String,
    fqn: String,
    name: String,
    parent_id: Option<String>,
    deleted: bool,
    rev: Option<i64>,
    updated_at: i64,
    updated_by: Option<String>,
    change: Option<String>,
    json: String,
    view: String,
    relations: Vec<(String, Relation)>,
    tags: Vec<String>,
    index: search_index::Entry,
}

impl Prepared {
    /// Prepares `stored` with its default view.
    pub fn new(stored: Stored, view: String) -> Self {
        Prepared {
            json: stored.json.to_string(),
            relations: relations::stated(&stored.json),
            tags: relations::tag_fqns(&stored.json),
            index: search_index::entry(&stored),
            id: stored.id,
            kind: stored.kind,
            fqn: stored.fqn,
            name: stored.name,
            parent_id: stored.parent_id,
            deleted: stored.deleted,
            rev: stored.rev,
            change: stored.json.get("changeDescription").map(Value::to_string),
            updated_by: stored
                .json
                .get("updatedBy")
                .and_then(Value::as_str)
                .map(str::to_owned),
            updated_at: stored
                .json
                .get("updatedAt")
                .and_then(Value::as_i64)
                .unwrap_or(0),
            view,
        }
    }
}

/// The stored default view of an entity and what its ETag is made of.
#[derive(Debug)]
pub struct View {
    /// Soft-deleted.
    pub deleted: bool,
    /// The entity's version.
    pub version: f64,
    /// The entity's `updatedAt`.
    pub updated_at: i64,
    /// The view's JSON text.
    pub json: String,
}

/// What a write job hands back to the writer thread: whether it succeeded (else its
/// savepoint is rolled back) and how to answer once the commit's outcome is known.
type Reply = Box<dyn FnOnce(Result<(), String>) + Send>;
type Job = Box<dyn FnOnce(&Connection) -> (bool, Reply) + Send>;

/// The most writes committed together.
const MAX_GROUP: usize = 256;

/// The storage.
pub struct Store {
    jobs: Mutex<std::sync::mpsc::Sender<Job>>,
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
    version REAL NOT NULL,
    json TEXT NOT NULL,
    view TEXT NOT NULL,
    rev INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS entity_kind_fqn ON entity(kind, fqn);
CREATE INDEX IF NOT EXISTS entity_live_fqn ON entity(kind, deleted, fqn);
CREATE INDEX IF NOT EXISTS entity_live_name ON entity(kind, deleted, name, id, fqn);
CREATE INDEX IF NOT EXISTS entity_parent ON entity(parent_id);
CREATE TABLE IF NOT EXISTS entity_version (
    id TEXT NOT NULL,
    version REAL NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS relationship (
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    relation TEXT NOT NULL,
    PRIMARY KEY (from_id, relation, to_id)
);
CREATE INDEX IF NOT EXISTS relationship_to ON relationship(to_id);
CREATE TABLE IF NOT EXISTS tag_usage (
    tag_fqn TEXT NOT NULL,
    target_id TEXT NOT NULL,
    PRIMARY KEY (tag_fqn, target_id)
);
CREATE INDEX IF NOT EXISTS tag_usage_target ON tag_usage(target_id);
CREATE TABLE IF NOT EXISTS time_series (
    entity_id TEXT NOT NULL,
    entity_fqn TEXT NOT NULL,
    extension TEXT NOT NULL,
    ts INTEGER NOT NULL,
    key TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (entity_fqn, extension, ts, key)
);
CREATE INDEX IF NOT EXISTS time_series_entity ON time_series(entity_id);
CREATE INDEX IF NOT EXISTS time_series_extension ON time_series(extension, ts);
CREATE TABLE IF NOT EXISTS lineage_edge (
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    source TEXT NOT NULL,
    details TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX IF NOT EXISTS lineage_edge_to ON lineage_edge(to_id);
";

/// What an acknowledged write survives, and what each commit costs for it.
///
/// ```
/// use ometa_server::Durability;
/// assert_eq!("power-loss".parse::<Durability>(), Ok(Durability::PowerLoss));
/// assert_eq!(Durability::default(), Durability::ProcessCrash);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// The write is in the operating system's hands before it is acknowledged (WAL,
    /// `synchronous=NORMAL`): a killed or crashed server loses nothing; a power cut can lose
    /// the last commits, never corrupt the database.
    #[default]
    ProcessCrash,
    /// Every commit is flushed to the disk before it is acknowledged (`synchronous=FULL`).
    PowerLoss,
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Durability::ProcessCrash => "NORMAL",
            Durability::PowerLoss => "FULL",
        }
    }
}

impl std::str::FromStr for Durability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "process-crash" => Ok(Durability::ProcessCrash),
            "power-loss" => Ok(Durability::PowerLoss),
            other => Err(format!(
                "unknown durability `{other}`: expected `process-crash` or `power-loss`"
            )),
        }
    }
}

impl Store {
    /// Opens (creating if needed) `<dir>/ometa.db`.
    pub fn open_file(dir: &Path, durability: Durability) -> Result<Self, ApiError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ApiError::internal(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join("ometa.db");
        Self::with_opener(
            true,
            Box::new(move || {
                let c = Connection::open(&path)?;
                c.execute_batch(&format!(
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous={}; PRAGMA busy_timeout=5000;",
                    durability.pragma()
                ))?;
                Ok(c)
            }),
        )
    }

    /// A private in-memory database (for tests and `--in-memory`).
    pub fn open_in_memory() -> Result<Self, ApiError> {
        let uri = format!(
            "file:ometa-{}?mode=memory&cache=shared",
            uuid::Uuid::new_v4()
        );
        Self::with_opener(
            false,
            Box::new(move || {
                let c = Connection::open_with_flags(
                    &uri,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                        | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
                        | rusqlite::OpenFlags::SQLITE_OPEN_URI,
                )?;
                c.execute_batch("PRAGMA busy_timeout=5000; PRAGMA read_uncommitted=1;")?;
                Ok(c)
            }),
        )
    }

    /// Starts the writer thread on a connection from `open`; with `wal`, WAL checkpoints run
    /// on a thread of their own, off the writer's path.
    fn with_opener(
        wal: bool,
        open: Box<dyn Fn() -> rusqlite::Result<Connection> + Send + Sync>,
    ) -> Result<Self, ApiError> {
        let open = Box::new(move || {
            let c = open()?;
            c.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            Ok(c)
        });
        let writer = open()?;
        writer.execute_batch(SCHEMA)?;
        writer.execute_batch(search_index::SCHEMA)?;
        writer.execute_batch(event_log::SCHEMA)?;
        migrate(&writer)?;
        // Savepoint sub-journals in memory: one per write of a group commit.
        writer.execute_batch("PRAGMA temp_store=MEMORY")?;
        let checkpoints = if wal {
            // The writer checkpoints only as a backstop (a WAL of ~40 MB).
            writer.execute_batch("PRAGMA wal_autocheckpoint=10000")?;
            let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
            let conn = open()?;
            std::thread::Builder::new()
                .name("ometa-checkpoint".into())
                .spawn(move || checkpoint_loop(conn, rx))
                .map_err(|e| ApiError::internal(format!("cannot start the checkpointer: {e}")))?;
            Some(tx)
        } else {
            None
        };
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("ometa-writer".into())
            .spawn(move || write_loop(writer, rx, checkpoints))
            .map_err(|e| ApiError::internal(format!("cannot start the writer: {e}")))?;
        Ok(Store {
            jobs: Mutex::new(tx),
            readers: Mutex::new(Vec::new()),
            open,
        })
    }

    /// Runs `f` on a reader connection from the pool.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, ApiError> {
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
        if let Ok(mut pool) = self.readers.lock()
            && pool.len() < READER_POOL
        {
            pool.push(conn);
        }
        Ok(out?)
    }

    /// Runs `f` inside a write transaction and returns once that transaction is committed.
    pub fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<T, ApiError>>(1);
        let job: Job = Box::new(move |conn| match f(conn) {
            Ok(value) => (
                true,
                Box::new(move |committed: Result<(), String>| {
                    let _ = tx.send(committed.map(|()| value).map_err(ApiError::internal));
                }),
            ),
            Err(e) => (
                false,
                Box::new(move |_| {
                    let _ = tx.send(Err(e));
                }),
            ),
        });
        self.jobs
            .lock()
            .map_err(|_| ApiError::internal("writer poisoned"))?
            .send(job)
            .map_err(|_| ApiError::internal("the writer has stopped"))?;
        rx.recv().map_err(|_| {
            ApiError::internal(
                "the write failed inside the server (a bug; it was logged) and wrote nothing",
            )
        })?
    }

    /// An entity by id, of any kind.
    pub fn get(&self, id: &str) -> Result<Option<Stored>, ApiError> {
        self.read(|c| {
            c.prepare_cached(&format!("SELECT {COLUMNS} FROM entity WHERE id = ?1"))?
                .query_row([id], row)
                .optional()
        })
    }

    /// An entity by kind and FQN.
    pub fn get_by_fqn(&self, kind: &str, fqn: &str) -> Result<Option<Stored>, ApiError> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE kind = ?1 AND fqn = ?2"
            ))?
            .query_row([kind, fqn], row)
            .optional()
        })
    }

    /// The stored default view (the entity without relationship fields) of an entity, by id
    /// or by kind and FQN: the fast path of plain reads.
    pub fn view(
        &self,
        kind: &str,
        id: Option<&str>,
        fqn: Option<&str>,
    ) -> Result<Option<View>, ApiError> {
        self.read(|c| {
            let map = |r: &rusqlite::Row| {
                Ok(View {
                    deleted: r.get::<_, i64>(0)? != 0,
                    version: r.get(1)?,
                    updated_at: r.get(2)?,
                    json: r.get(3)?,
                })
            };
            match (id, fqn) {
                (Some(id), _) => c
                    .prepare_cached(
                        "SELECT deleted, version, updated_at, view FROM entity WHERE id = ?1 AND kind = ?2",
                    )?
                    .query_row([id, kind], map)
                    .optional(),
                (None, Some(fqn)) => c
                    .prepare_cached(
                        "SELECT deleted, version, updated_at, view FROM entity WHERE kind = ?1 AND fqn = ?2",
                    )?
                    .query_row([kind, fqn], map)
                    .optional(),
                (None, None) => Ok(None),
            }
        })
    }

    /// Every version of an entity, latest first.
    pub fn versions(&self, id: &str) -> Result<Vec<(f64, Value)>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
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
        scope: &ListScope,
        include: Include,
        limit: i64,
        after: Option<&Cursor>,
        before: Option<&Cursor>,
    ) -> Result<Page, ApiError> {
        let (lo, hi) = match &scope.under {
            Some(p) => (format!("{p}."), format!("{p}/")),
            None => (String::new(), "\u{10FFFF}".to_string()),
        };
        let (from_id, relation) = scope.related.as_ref().map_or((None, None), |(id, r)| {
            (Some(id.as_str()), Some(r.as_str()))
        });
        let (flag_path, flag_value) = scope
            .flag
            .as_ref()
            .map_or((None, false), |(p, v)| (Some(p.as_str()), *v));
        let filter = format!(
            "kind = ?1 AND fqn >= ?2 AND fqn < ?3 AND {} AND (?7 IS NULL OR id IN
             (SELECT to_id FROM relationship WHERE from_id = ?7 AND relation = ?8))
             AND (?9 IS NULL OR coalesce(json_extract(json, ?9), 0) = ?10)",
            include.sql()
        );
        self.read(|c| {
            let total: i64 = c.query_row(
                &format!(
                    "SELECT count(*) FROM entity WHERE {filter} AND ?4 = ?4 AND ?5 = ?5 AND ?6 = ?6"
                ),
                params![kind, lo, hi, "", "", 0, from_id, relation, flag_path, flag_value],
                |r| r.get(0),
            )?;
            let fetch = |cmp: &str, order: &str, at: Option<&Cursor>, n: i64| {
                let (name, id) = at.map_or((String::new(), String::new()), |c| (c.name.clone(), c.id.clone()));
                let position = if at.is_some() { format!("AND (name, id) {cmp} (?4, ?5)") } else { "AND ?4 = ?4 AND ?5 = ?5".to_string() };
                let sql = format!(
                    "SELECT {COLUMNS} FROM entity WHERE {filter} {position} ORDER BY name {order}, id {order} LIMIT ?6"
                );
                let mut stmt = c.prepare(&sql)?;
                let rows =
                    stmt.query_map(params![kind, lo, hi, name, id, n, from_id, relation, flag_path, flag_value], row)?;
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

    /// Entities that `from_id` holds by `relation` (the assets of an owner, a domain, a data
    /// product), live ones only, in name order: one page at `offset`, and the total. The data
    /// products of a domain are not among its assets.
    pub fn related(
        &self,
        from_id: &str,
        relation: Relation,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Stored>, i64), ApiError> {
        let ids = match relation {
            Relation::HasDomain => {
                "SELECT r.to_id FROM relationship r JOIN entity e ON e.id = r.to_id
                 WHERE r.from_id = ?1 AND r.relation = ?2 AND e.kind != 'dataProduct'"
            }
            _ => "SELECT to_id FROM relationship WHERE from_id = ?1 AND relation = ?2",
        };
        self.assets(ids, params![from_id, relation.as_str()], limit, offset)
    }

    /// Live entities with a tag or glossary term applied (on them or on a nested item).
    pub fn tagged(
        &self,
        tag_fqn: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Stored>, i64), ApiError> {
        self.assets(
            "SELECT target_id FROM tag_usage WHERE tag_fqn = ?1",
            params![tag_fqn],
            limit,
            offset,
        )
    }

    fn assets(
        &self,
        ids: &str,
        args: &[&dyn rusqlite::ToSql],
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Stored>, i64), ApiError> {
        let n = args.len();
        self.read(|c| {
            let scope = format!("FROM entity WHERE deleted = 0 AND id IN ({ids})");
            let total: i64 =
                c.query_row(&format!("SELECT count(*) {scope}"), args, |r| r.get(0))?;
            let sql = format!(
                "SELECT {COLUMNS} {scope} ORDER BY kind, name, id LIMIT ?{} OFFSET ?{}",
                n + 1,
                n + 2
            );
            let mut all: Vec<&dyn rusqlite::ToSql> = args.to_vec();
            all.push(&limit);
            all.push(&offset);
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt
                .query_map(all.as_slice(), row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((rows, total))
        })
    }

    /// Entities whose documents name `id` in a relationship field (owners, followers,
    /// domains, data products).
    pub fn referrers(&self, id: &str) -> Result<Vec<Stored>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE id IN
                 (SELECT to_id FROM relationship WHERE from_id = ?1 AND relation != 'contains')"
            ))?;
            let rows = stmt.query_map([id], row)?;
            rows.collect()
        })
    }

    /// Ids and kinds of the entities directly contained in `parent_id`.
    pub fn children(&self, parent_id: &str) -> Result<Vec<Stored>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE parent_id = ?1"
            ))?;
            let rows = stmt.query_map([parent_id], row)?;
            rows.collect()
        })
    }
}

/// Which entities of a kind a listing covers.
#[derive(Debug, Clone, Default)]
pub struct ListScope {
    /// Only those under the entity with this FQN.
    pub under: Option<String>,
    /// Only those the entity with this id relates to by this relation.
    pub related: Option<(String, Relation)>,
    /// Only those whose boolean field (a JSON path, `$.isBot`) has this value (absent is
    /// false).
    pub flag: Option<(String, bool)>,
}

/// The layout version this code writes (`PRAGMA user_version`).
const LAYOUT_VERSION: i64 = 10;

/// The oldest layout whose relationship rows this code reads.
const RELATIONSHIP_LAYOUT: i64 = 10;

/// The oldest layout whose search index this code reads.
const INDEX_LAYOUT: i64 = 6;

/// Brings a database written by an older version up to date: layout 1 added the
/// relationship tables, layout 2 the search index, layouts 3 to 5 changed its tokens and
/// storage, layout 6 added `search_meta`, layout 7 the test-suite relationship, layout 8 team
/// membership both ways, layout 9 the row revision and `updated_at` (for ETags), layout 10
/// role holders (users' `roles`, teams' `defaultRoles`); what is
/// missing is rebuilt here from the stored documents.
fn migrate(conn: &Connection) -> Result<(), ApiError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version >= LAYOUT_VERSION {
        return Ok(());
    }
    let reindex = version < INDEX_LAYOUT;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let has_rev = conn
        .prepare("SELECT 1 FROM pragma_table_info('entity') WHERE name = 'rev'")?
        .exists([])?;
    if !has_rev {
        conn.execute_batch(
            "ALTER TABLE entity ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE entity ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
             UPDATE entity SET updated_at = coalesce(json_extract(json, '$.updatedAt'), 0);",
        )?;
    }
    if version >= RELATIONSHIP_LAYOUT {
        conn.execute_batch(&format!("PRAGMA user_version = {LAYOUT_VERSION}; COMMIT"))?;
        return Ok(());
    }
    if reindex {
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS search; DROP TABLE IF EXISTS search_meta; {}",
            search_index::SCHEMA
        ))?;
    }
    let all: Vec<Stored> = {
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM entity"))?;
        stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?
    };
    for s in &all {
        let p = Prepared::new(s.clone(), String::new());
        put_relationships(conn, &p)?;
        if reindex {
            search_index::apply(conn, &search_index::put_op(conn, &s.id, &p.index, true)?)?;
        }
    }
    conn.execute_batch(&format!("PRAGMA user_version = {LAYOUT_VERSION}; COMMIT"))?;
    Ok(())
}

thread_local! {
    /// On the writer thread, the index changes of the transaction being built, applied after
    /// all its jobs: FTS5 flushes its pending terms at every savepoint, so indexing inside each
    /// job's savepoint wrote one small segment per entity.
    static INDEX_LATER: RefCell<Option<Vec<IndexOp>>> = const { RefCell::new(None) };
}

/// Queues an index change for the end of the writer thread's transaction, or applies it now
/// on any other thread.
fn index_later(tx: &Connection, op: IndexOp) -> Result<(), ApiError> {
    let now = INDEX_LATER.with(|later| match later.borrow_mut().as_mut() {
        Some(queue) => {
            queue.push(op);
            None
        }
        None => Some(op),
    });
    match now {
        Some(op) => search_index::apply(tx, &op),
        None => Ok(()),
    }
}

/// The number of queued index changes.
fn queued_index_changes() -> usize {
    INDEX_LATER.with(|later| later.borrow().as_ref().map_or(0, Vec::len))
}

/// Drops the index changes queued after the first `keep` (a job rolled back).
fn forget_index_changes(keep: usize) {
    INDEX_LATER.with(|later| {
        if let Some(queue) = later.borrow_mut().as_mut() {
            queue.truncate(keep);
        }
    });
}

/// Applies and clears the queued index changes.
fn apply_index_changes(tx: &Connection) -> Result<(), ApiError> {
    let queue = INDEX_LATER.with(|later| later.borrow_mut().as_mut().map(std::mem::take));
    for op in queue.unwrap_or_default() {
        search_index::apply(tx, &op)?;
    }
    Ok(())
}

/// The writer thread: takes every waiting job into one transaction, commits once, answers all.
/// Copies committed WAL frames into the database file whenever the writer has committed
/// (at most every 50 ms); ends when the writer does.
fn checkpoint_loop(conn: Connection, commits: std::sync::mpsc::Receiver<()>) {
    while commits.recv().is_ok() {
        std::thread::sleep(std::time::Duration::from_millis(50));
        if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)") {
            tracing::warn!("WAL checkpoint failed: {e}");
        }
    }
}

fn write_loop(
    conn: Connection,
    jobs: std::sync::mpsc::Receiver<Job>,
    checkpoints: Option<std::sync::mpsc::SyncSender<()>>,
) {
    INDEX_LATER.with(|later| *later.borrow_mut() = Some(Vec::new()));
    while let Ok(first) = jobs.recv() {
        forget_index_changes(0);
        let mut batch = vec![first];
        while batch.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let run = |sql: &str| conn.prepare_cached(sql).and_then(|mut s| s.execute([]));
        if let Err(e) = run("BEGIN IMMEDIATE") {
            let failed = format!("storage error: {e}");
            for job in batch {
                let (_, reply) = job(&conn);
                reply(Err(failed.clone()));
            }
            continue;
        }
        let mut replies = Vec::with_capacity(batch.len());
        for job in batch {
            let queued = queued_index_changes();
            let _ = run("SAVEPOINT job");
            // A job that panics writes nothing and its request gets a 500 (its reply channel
            // closes); the writer goes on with the others.
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&conn)));
            let (ok, reply) = match done {
                Ok((ok, reply)) => (ok, Some(reply)),
                Err(_) => (false, None),
            };
            if !ok {
                let _ = run("ROLLBACK TO job");
                forget_index_changes(queued);
            }
            let _ = run("RELEASE job");
            replies.extend(reply);
        }
        let committed = match apply_index_changes(&conn) {
            Ok(()) => run("COMMIT")
                .map(|_| ())
                .map_err(|e| format!("storage error: {e}")),
            Err(e) => Err(format!("search index error: {}", e.message)),
        };
        if committed.is_err() {
            let _ = conn.execute_batch("ROLLBACK");
        } else if let Some(c) = &checkpoints {
            let _ = c.try_send(());
        }
        for reply in replies {
            reply(committed.clone());
        }
    }
}

/// Prepared statements kept per connection: more than one write runs distinct statements
/// (entity, version, event, relations, tags, index), so that none is parsed again per request.
const STATEMENT_CACHE: usize = 128;

const COLUMNS: &str = "id, kind, fqn, name, parent_id, deleted, json, rev";

/// Reader connections kept open between reads: enough for every request a busy server runs
/// at once, so reads do not reopen the database.
const READER_POOL: usize = 64;

/// An entity from a row whose first columns are `COLUMNS`.
pub(crate) fn row(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
    let json: String = r.get(6)?;
    Ok(Stored {
        id: r.get(0)?,
        kind: r.get(1)?,
        fqn: r.get(2)?,
        name: r.get(3)?,
        parent_id: r.get(4)?,
        deleted: r.get::<_, i64>(5)? != 0,
        json: serde_json::from_str(&json).unwrap_or(Value::Null),
        rev: Some(r.get(7)?),
    })
}

/// Writes an entity, records its current version and appends the change event, inside a
/// write transaction. Another entity of the same kind and FQN is a conflict; a document read
/// at a revision that is no longer the row's is stale.
pub fn put(tx: &Connection, p: &Prepared, version: f64) -> Result<(), ApiError> {
    let s = p;
    let json = &p.json;
    let taken: Option<String> = tx
        .prepare_cached("SELECT id FROM entity WHERE kind = ?1 AND fqn = ?2")?
        .query_row(params![s.kind, s.fqn], |r| r.get(0))
        .optional()?;
    if taken.is_some_and(|id| id != s.id) {
        return Err(ApiError::conflict("Entity already exists"));
    }
    let current = current_row(tx, p)?;
    match &current {
        Some(row) if row.same_identity(p) => {
            tx.prepare_cached(
                "UPDATE entity SET version = ?2, json = ?3, view = ?4, rev = rev + 1, updated_at = ?5
                 WHERE id = ?1",
            )?
            .execute(params![s.id, version, json, p.view, p.updated_at])?;
        }
        _ => {
            tx.prepare_cached(
                "INSERT INTO entity (id, kind, fqn, name, parent_id, deleted, version, json, view, rev, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)
                 ON CONFLICT(id) DO UPDATE SET kind = ?2, fqn = ?3, name = ?4, parent_id = ?5,
                 deleted = ?6, version = ?7, json = ?8, view = ?9, rev = rev + 1, updated_at = ?10",
            )?
            .execute(params![
                s.id,
                s.kind,
                s.fqn,
                s.name,
                s.parent_id,
                s.deleted as i64,
                version,
                json,
                p.view,
                p.updated_at
            ])?;
        }
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO entity_version (id, version, json) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![s.id, version, json])?;
    let (event_type, previous_version) = match &current {
        None => (EventType::Created, version),
        Some(row) if !row.deleted && s.deleted => (EventType::SoftDeleted, row.version),
        Some(row) if row.deleted && !s.deleted => (EventType::Restored, row.version),
        Some(row) => (EventType::Updated, row.version),
    };
    event_log::append(
        tx,
        &NewEvent {
            event_type,
            entity_type: &s.kind,
            entity_id: &s.id,
            fqn: &s.fqn,
            previous_version,
            version,
            timestamp: p.updated_at,
            user_name: p.updated_by.as_deref(),
            change: p.change.as_deref(),
            entity: None,
        },
    )?;
    put_relationships(tx, p)?;
    index_later(
        tx,
        search_index::put_op(tx, &s.id, &p.index, current.is_none())?,
    )
}

/// What a write finds of the row it replaces.
struct CurrentRow {
    kind: String,
    fqn: String,
    name: String,
    parent_id: Option<String>,
    deleted: bool,
    version: f64,
}

impl CurrentRow {
    /// Whether `p` keeps every indexed column of the row, so that updating the document
    /// leaves the row's index entries (and their pages) untouched.
    fn same_identity(&self, p: &Prepared) -> bool {
        self.kind == p.kind
            && self.fqn == p.fqn
            && self.name == p.name
            && self.parent_id == p.parent_id
            && self.deleted == p.deleted
    }
}

/// The row `p` writes (`None`: no such row yet), after checking that `p` was computed from
/// its current revision.
fn current_row(tx: &Connection, p: &Prepared) -> Result<Option<CurrentRow>, ApiError> {
    let current: Option<(i64, CurrentRow)> = tx
        .prepare_cached(
            "SELECT rev, kind, fqn, name, parent_id, deleted, version FROM entity WHERE id = ?1",
        )?
        .query_row([&p.id], |r| {
            Ok((
                r.get(0)?,
                CurrentRow {
                    kind: r.get(1)?,
                    fqn: r.get(2)?,
                    name: r.get(3)?,
                    parent_id: r.get(4)?,
                    deleted: r.get::<_, i64>(5)? != 0,
                    version: r.get(6)?,
                },
            ))
        })
        .optional()?;
    match p.rev {
        Some(read) if current.as_ref().is_none_or(|(rev, _)| *rev != read) => {
            Err(ApiError::stale())
        }
        _ => Ok(current.map(|(_, row)| row)),
    }
}

/// Replaces the relationship and tag-usage rows of an entity with the ones its document
/// states now; rows that already say so are left as they are (no page is rewritten for an
/// edit that changes no relation or tag).
fn put_relationships(tx: &Connection, p: &Prepared) -> Result<(), ApiError> {
    let mut wanted: Vec<(&str, &str)> = p
        .parent_id
        .iter()
        .map(|parent| (parent.as_str(), Relation::Contains.as_str()))
        .chain(
            p.relations
                .iter()
                .map(|(from, r)| (from.as_str(), r.as_str())),
        )
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let stored: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT from_id, relation FROM relationship WHERE to_id = ?1 ORDER BY from_id, relation",
        )?
        .query_map([&p.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let relations_kept = stored.len() == wanted.len()
        && stored
            .iter()
            .zip(&wanted)
            .all(|((from, rel), (f, r))| from == f && rel == r);
    if !relations_kept {
        tx.prepare_cached("DELETE FROM relationship WHERE to_id = ?1")?
            .execute([&p.id])?;
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO relationship (from_id, to_id, relation) VALUES (?1, ?2, ?3)",
        )?;
        for (from, relation) in &wanted {
            insert.execute(params![from, p.id, relation])?;
        }
    }
    let mut tags: Vec<&str> = p.tags.iter().map(String::as_str).collect();
    tags.sort_unstable();
    tags.dedup();
    let stored_tags: Vec<String> = tx
        .prepare_cached("SELECT tag_fqn FROM tag_usage WHERE target_id = ?1 ORDER BY tag_fqn")?
        .query_map([&p.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if stored_tags != tags {
        tx.prepare_cached("DELETE FROM tag_usage WHERE target_id = ?1")?
            .execute([&p.id])?;
        let mut tag = tx.prepare_cached(
            "INSERT OR IGNORE INTO tag_usage (tag_fqn, target_id) VALUES (?1, ?2)",
        )?;
        for fqn in &tags {
            tag.execute(params![fqn, p.id])?;
        }
    }
    Ok(())
}

/// Removes an entity and its history, inside a write transaction, and appends its
/// `entityDeleted` event (by `user`).
pub fn remove(tx: &Connection, id: &str, user: &str) -> Result<(), ApiError> {
    let last: Option<(String, String, f64, String)> = tx
        .prepare_cached("SELECT kind, fqn, version, json FROM entity WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    if let Some((kind, fqn, version, json)) = &last {
        event_log::append(
            tx,
            &NewEvent {
                event_type: EventType::Deleted,
                entity_type: kind,
                entity_id: id,
                fqn,
                previous_version: *version,
                version: *version,
                timestamp: event_log::now_ms(),
                user_name: Some(user),
                change: None,
                entity: Some(json),
            },
        )?;
    }
    if let Some(op) = search_index::delete_op(tx, id)? {
        index_later(tx, op)?;
    }
    tx.execute("DELETE FROM entity WHERE id = ?1", [id])?;
    tx.execute("DELETE FROM entity_version WHERE id = ?1", [id])?;
    tx.execute(
        "DELETE FROM relationship WHERE from_id = ?1 OR to_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM tag_usage WHERE target_id = ?1", [id])?;
    tx.execute("DELETE FROM time_series WHERE entity_id = ?1", [id])?;
    tx.execute(
        "DELETE FROM lineage_edge WHERE from_id = ?1 OR to_id = ?1",
        [id],
    )?;
    Ok(())
}

/// Rewrites the stored document of an entity without a new version (a related entity was
/// removed, which is not a change of this one); stale as [`put`] is.
pub fn rewrite(tx: &Connection, p: &Prepared) -> Result<(), ApiError> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM entity WHERE id = ?1")?
        .query_row([&p.id], |_| Ok(()))
        .optional()?
        .is_some();
    if !exists {
        return Ok(());
    }
    current_row(tx, p)?;
    tx.prepare_cached("UPDATE entity SET json = ?2, view = ?3, rev = rev + 1 WHERE id = ?1")?
        .execute(params![p.id, p.json, p.view])?;
    put_relationships(tx, p)?;
    index_later(tx, search_index::put_op(tx, &p.id, &p.index, false)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn owned_table() -> Stored {
        Stored {
            id: "t1".into(),
            kind: "table".into(),
            fqn: "s.d.sc.t".into(),
            name: "t".into(),
            parent_id: Some("sc1".into()),
            deleted: false,
            json: json!({"owners": [{"id": "u1", "type": "user"}], "columns": [
                {"name": "c", "tags": [{"tagFQN": "PII.Sensitive"}]}
            ]}),
            rev: None,
        }
    }

    #[test]
    fn opening_an_older_database_fills_the_relationship_tables() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_file(dir.path(), Durability::default()).unwrap();
        let t = Prepared::new(owned_table(), "{}".into());
        store.write(move |c| put(c, &t, 0.1)).unwrap();
        store
            .write(|c| {
                c.execute_batch(
                    "DELETE FROM relationship; DELETE FROM tag_usage; PRAGMA user_version = 0;",
                )?;
                Ok(())
            })
            .unwrap();
        let (rows, total) = store.related("u1", Relation::Owns, 10, 0).unwrap();
        assert_eq!((rows.len(), total), (0, 0));
        drop(store);

        let store = Store::open_file(dir.path(), Durability::default()).unwrap();
        let (rows, total) = store.related("u1", Relation::Owns, 10, 0).unwrap();
        assert_eq!(total, 1);
        assert_eq!(rows[0].id, "t1");
        assert_eq!(store.tagged("PII.Sensitive", 10, 0).unwrap().1, 1);
        assert_eq!(
            store.related("sc1", Relation::Contains, 10, 0).unwrap().1,
            1
        );
    }

    #[test]
    fn a_failed_write_leaves_no_index_entry_and_a_good_one_is_indexed_at_commit() {
        let store = Store::open_in_memory().unwrap();
        let indexed = |store: &Store| {
            store
                .read(|c| {
                    c.query_row("SELECT count(*) FROM search_meta", [], |r| {
                        r.get::<_, i64>(0)
                    })
                })
                .unwrap()
        };
        let t = Prepared::new(owned_table(), "{}".into());
        let failed = store.write(move |c| {
            put(c, &t, 0.1)?;
            Err::<(), _>(ApiError::bad_request("refused after writing"))
        });
        assert!(failed.is_err());
        assert_eq!(indexed(&store), 0);
        assert!(store.get("t1").unwrap().is_none());

        let t = Prepared::new(owned_table(), "{}".into());
        store.write(move |c| put(c, &t, 0.1)).unwrap();
        assert_eq!(indexed(&store), 1);
        store.write(|c| remove(c, "t1", "admin")).unwrap();
        assert_eq!(indexed(&store), 0);
    }
}
