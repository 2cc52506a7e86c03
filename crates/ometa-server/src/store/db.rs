//! The storage handle: opening the database, the writer thread with its group commits, and
//! the pool of reader connections.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::store::error::StoreError;
use crate::store::event_log;
use crate::store::index_queue::{
    apply_index_changes, forget_index_changes, queued_index_changes, start_index_queue,
};
use crate::store::schema::{SCHEMA, migrate};
use crate::store::search_index;

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
    pub fn open_file(dir: &Path, durability: Durability) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Failed(format!("cannot create {}: {e}", dir.display())))?;
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
    pub fn open_in_memory() -> Result<Self, StoreError> {
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
    ) -> Result<Self, StoreError> {
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
                .map_err(|e| StoreError::Failed(format!("cannot start the checkpointer: {e}")))?;
            Some(tx)
        } else {
            None
        };
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("ometa-writer".into())
            .spawn(move || write_loop(writer, rx, checkpoints))
            .map_err(|e| StoreError::Failed(format!("cannot start the writer: {e}")))?;
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
    ) -> Result<T, StoreError> {
        let conn = self
            .readers
            .lock()
            .map_err(|_| StoreError::Failed("reader pool poisoned".into()))?
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
    ///
    /// `f` fails with any error that storage errors convert into (the engine's, or
    /// [`StoreError`] itself); a failed `f` writes nothing.
    pub fn write<T: Send + 'static, E: From<StoreError> + Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<T, E>>(1);
        let job: Job = Box::new(move |conn| match f(conn) {
            Ok(value) => (
                true,
                Box::new(move |committed: Result<(), String>| {
                    let _ = tx.send(
                        committed
                            .map(|()| value)
                            .map_err(|m| E::from(StoreError::Failed(m))),
                    );
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
            .map_err(|_| StoreError::Failed("writer poisoned".into()))?
            .send(job)
            .map_err(|_| StoreError::Failed("the writer has stopped".into()))?;
        rx.recv().map_err(|_| {
            E::from(StoreError::Failed(
                "the write failed inside the server (a bug; it was logged) and wrote nothing"
                    .into(),
            ))
        })?
    }
}

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

/// The writer thread: takes every waiting job into one transaction, commits once, answers all.
fn write_loop(
    conn: Connection,
    jobs: std::sync::mpsc::Receiver<Job>,
    checkpoints: Option<std::sync::mpsc::SyncSender<()>>,
) {
    start_index_queue();
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
            Err(e) => Err(format!("search index error: {e}")),
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

/// Reader connections kept open between reads: enough for every request a busy server runs
/// at once, so reads do not reopen the database.
const READER_POOL: usize = 64;
