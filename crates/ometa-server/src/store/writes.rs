//! Writes of entities inside the writer's transaction: put (with its version row, change
//! event, relationships and index entry), rewrite and remove; each checks that what it
//! replaces is what the write was computed from.

use rusqlite::{Connection, OptionalExtension, params};

use crate::store::error::StoreError;
use crate::store::event_log::{self, EventType, NewEvent};
use crate::store::index_queue::index_later;
use crate::store::prepared::Prepared;
use crate::store::relations::Relation;
use crate::store::search_index;

/// Writes an entity, records its current version and appends the change event, inside a
/// write transaction. Another entity of the same kind and FQN is a conflict; a document read
/// at a revision that is no longer the row's is stale.
pub fn put(tx: &Connection, p: &Prepared, version: f64) -> Result<(), StoreError> {
    let s = p;
    let json = &p.json;
    let taken: Option<String> = tx
        .prepare_cached("SELECT id FROM entity WHERE kind = ?1 AND fqn = ?2")?
        .query_row(params![s.kind, s.fqn], |r| r.get(0))
        .optional()?;
    if taken.is_some_and(|id| id != s.id) {
        return Err(StoreError::Exists);
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
fn current_row(tx: &Connection, p: &Prepared) -> Result<Option<CurrentRow>, StoreError> {
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
            Err(StoreError::Stale)
        }
        _ => Ok(current.map(|(_, row)| row)),
    }
}

/// Replaces the relationship and tag-usage rows of an entity with the ones its document
/// states now; rows that already say so are left as they are (no page is rewritten for an
/// edit that changes no relation or tag).
pub fn put_relationships(tx: &Connection, p: &Prepared) -> Result<(), StoreError> {
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
pub fn remove(tx: &Connection, id: &str, user: &str) -> Result<(), StoreError> {
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
pub fn rewrite(tx: &Connection, p: &Prepared) -> Result<(), StoreError> {
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
