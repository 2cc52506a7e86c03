//! An entity prepared for the writer: everything a write stores, computed before the write
//! transaction.

use serde_json::Value;

use crate::store::relations::{self, Relation};
use crate::store::rows::Stored;
use crate::store::search_index;

/// An entity ready to be written: its row, its JSON text, its default view, relationship
/// rows and search-index entry, all computed before the write transaction, so the writer
/// thread only writes (and frees nothing larger than a few strings).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) fqn: String,
    pub(crate) name: String,
    pub(crate) parent_id: Option<String>,
    pub(crate) deleted: bool,
    pub(crate) rev: Option<i64>,
    pub(crate) updated_at: i64,
    pub(crate) updated_by: Option<String>,
    pub(crate) change: Option<String>,
    pub(crate) json: String,
    pub(crate) view: String,
    pub(crate) relations: Vec<(String, Relation)>,
    pub(crate) tags: Vec<String>,
    pub(crate) index: search_index::Entry,
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
