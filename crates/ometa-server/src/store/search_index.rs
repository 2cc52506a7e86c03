//! The full-text index (SQLite FTS5), kept in the same transaction as every entity write, so
//! a write is searchable as soon as it is acknowledged. Each entity has one row (its rowid is
//! the entity's): `text` holds every string of its search document, `kw` holds one token per
//! (field, whole value), hashed. Beside it, `search_meta` keeps per row what filtering and
//! ranking many matches needs without reading entities: type, deleted, and text length.

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::store::error::StoreError;
use crate::store::rows::Stored;

/// The index table.
/// Contentless (the documents live in `entity`) and without positions (no multi-word phrase
/// matching is asked of it), which keeps each write small.
pub const SCHEMA: &str = "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(text, kw, \
     tokenize = 'unicode61', content = '', contentless_delete = 1, detail = column);
     CREATE TABLE IF NOT EXISTS search_meta (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, \
     deleted INTEGER NOT NULL, length INTEGER NOT NULL);";

/// Values longer than this get no whole-value token (descriptions, SQL), like Elasticsearch's
/// `ignore_above: 256` on keyword fields.
const MAX_KEYWORD: usize = 256;

/// Fields that are neither searched nor filtered on (links, change records).
const NOT_INDEXED: &[&str] = &["href", "changeDescription", "incrementalChangeDescription"];

/// FNV-1a, 64 bits: stable across builds, so a stored index stays valid.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0xff;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The token for "`field` has the whole value `value`" (case-insensitive).
pub fn value_token(field: &str, value: &str) -> String {
    format!("k{:016x}", hash(&[field, &value.to_lowercase()]))
}

/// What the index holds for one entity, computed outside the write transaction.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    text: String,
    kw: String,
    kind: String,
    deleted: bool,
    length: usize,
}

/// The index entry of an entity.
pub fn entry(s: &Stored) -> Entry {
    let (mut text, mut kw) = (String::new(), Vec::new());
    collect(&search_doc(s), "", &mut text, &mut kw);
    kw.sort();
    kw.dedup();
    let length = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    Entry {
        text,
        kw: kw.join(" "),
        kind: s.kind.clone(),
        deleted: s.deleted,
        length,
    }
}

/// The search document of an entity: its JSON plus what search adds (`entityType`, `tier`).
pub fn search_doc(s: &Stored) -> Value {
    let mut doc = s.json.clone();
    with_display_names(&mut doc);
    if let Value::Object(o) = &mut doc {
        o.insert("entityType".into(), Value::String(s.kind.clone()));
        if s.kind == "team" {
            // Teams are never bots; the SDK's owner lookup by name filters on `isBot:false`
            // in the user and team indexes alike.
            o.entry("isBot").or_insert(Value::Bool(false));
        }
        let tier = o
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|tags| {
                tags.iter().find(|t| {
                    t.get("tagFQN")
                        .and_then(Value::as_str)
                        .is_some_and(|f| f.starts_with("Tier."))
                })
            })
            .cloned();
        if let Some(t) = tier {
            o.insert("tier".into(), t);
        }
    }
    doc
}

/// Like the real search documents, the entity and the references it holds show their name
/// as `displayName` when they have none.
fn with_display_names(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("displayName").is_none_or(Value::is_null)
                && let Some(name) = o.get("name").filter(|n| n.is_string()).cloned()
                && (o.contains_key("id") || o.contains_key("fullyQualifiedName"))
            {
                o.insert("displayName".into(), name);
            }
            o.values_mut().for_each(with_display_names);
        }
        Value::Array(a) => a.iter_mut().for_each(with_display_names),
        _ => {}
    }
}

fn collect(v: &Value, path: &str, text: &mut String, kw: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if x.is_null() || NOT_INDEXED.contains(&k.as_str()) {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                collect(x, &p, text, kw);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, path, text, kw)),
        Value::Null => {}
        leaf => {
            let s = match leaf {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if s.len() <= MAX_KEYWORD {
                kw.push(value_token(path, &s));
            }
            if path.rsplit('.').next() != Some("id") {
                text.push_str(&s);
                text.push('\n');
            }
        }
    }
}

/// One change of the index, bound to an entity's row id.
#[derive(Debug, Clone)]
pub enum IndexOp {
    /// Index the row (deleting its old FTS row first when it may have one).
    Put {
        /// The entity's row id.
        rowid: i64,
        /// What to index.
        entry: Entry,
        /// Whether the row may already be indexed.
        replace: bool,
    },
    /// Remove the row's index entries.
    Delete {
        /// The entity's row id.
        rowid: i64,
    },
}

/// The change that indexes the entity `id` as `e`, inside the write transaction (after its
/// row is written; an entity written for the first time has no FTS row to replace).
pub fn put_op(tx: &Connection, id: &str, e: &Entry, is_new: bool) -> Result<IndexOp, StoreError> {
    let rowid: i64 = tx
        .prepare_cached("SELECT rowid FROM entity WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(IndexOp::Put {
        rowid,
        entry: e.clone(),
        replace: !is_new,
    })
}

/// The change that removes the entity `id` from the index, inside the write transaction
/// (before its row is deleted); none if it has no row.
pub fn delete_op(tx: &Connection, id: &str) -> Result<Option<IndexOp>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .prepare_cached("SELECT rowid FROM entity WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .map(|rowid| IndexOp::Delete { rowid }))
}

/// Applies one change, inside the write transaction.
pub fn apply(tx: &Connection, op: &IndexOp) -> Result<(), StoreError> {
    match op {
        IndexOp::Put {
            rowid,
            entry: e,
            replace,
        } => {
            if *replace {
                tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
                    .execute([rowid])?;
            }
            tx.prepare_cached("INSERT INTO search (rowid, text, kw) VALUES (?1, ?2, ?3)")?
                .execute(params![rowid, e.text, e.kw])?;
            tx.prepare_cached(
                "INSERT INTO search_meta (rowid, kind, deleted, length) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(rowid) DO UPDATE SET kind = ?2, deleted = ?3, length = ?4
                 WHERE kind IS NOT ?2 OR deleted IS NOT ?3 OR length IS NOT ?4",
            )?
            .execute(params![rowid, e.kind, e.deleted, e.length as i64])?;
        }
        IndexOp::Delete { rowid } => {
            for sql in [
                "DELETE FROM search WHERE rowid = ?1",
                "DELETE FROM search_meta WHERE rowid = ?1",
            ] {
                tx.prepare_cached(sql)?.execute([rowid])?;
            }
        }
    }
    Ok(())
}
