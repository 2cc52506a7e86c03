//! Search-index changes of the writer thread's transaction, applied once after all its jobs.

use std::cell::RefCell;

use rusqlite::Connection;

use crate::store::error::StoreError;
use crate::store::search_index::{self, IndexOp};

thread_local! {
    /// On the writer thread, the index changes of the transaction being built, applied after
    /// all its jobs: FTS5 flushes its pending terms at every savepoint, so indexing inside each
    /// job's savepoint wrote one small segment per entity.
    static INDEX_LATER: RefCell<Option<Vec<IndexOp>>> = const { RefCell::new(None) };
}

/// Makes this thread (the writer) queue its index changes until [`apply_index_changes`].
pub fn start_index_queue() {
    INDEX_LATER.with(|later| *later.borrow_mut() = Some(Vec::new()));
}

/// Queues an index change for the end of the writer thread's transaction, or applies it now
/// on any other thread.
pub fn index_later(tx: &Connection, op: IndexOp) -> Result<(), StoreError> {
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
pub fn queued_index_changes() -> usize {
    INDEX_LATER.with(|later| later.borrow().as_ref().map_or(0, Vec::len))
}

/// Drops the index changes queued after the first `keep` (a job rolled back).
pub fn forget_index_changes(keep: usize) {
    INDEX_LATER.with(|later| {
        if let Some(queue) = later.borrow_mut().as_mut() {
            queue.truncate(keep);
        }
    });
}

/// Applies and clears the queued index changes.
pub fn apply_index_changes(tx: &Connection) -> Result<(), StoreError> {
    let queue = INDEX_LATER.with(|later| later.borrow_mut().as_mut().map(std::mem::take));
    for op in queue.unwrap_or_default() {
        search_index::apply(tx, &op)?;
    }
    Ok(())
}
