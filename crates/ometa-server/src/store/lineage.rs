//! Lineage edges in storage: one row per (from, to), with its `lineageDetails` document.

use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use crate::store::db::Store;
use crate::store::error::StoreError;

/// A stored edge.
#[derive(Debug, Clone)]
pub struct StoredEdge {
    /// Upstream entity id.
    pub from_id: String,
    /// Downstream entity id.
    pub to_id: String,
    /// The `lineageDetails` document.
    pub details: Value,
}

fn edge(r: &rusqlite::Row) -> rusqlite::Result<StoredEdge> {
    let details: String = r.get(2)?;
    Ok(StoredEdge {
        from_id: r.get(0)?,
        to_id: r.get(1)?,
        details: serde_json::from_str(&details).unwrap_or(Value::Null),
    })
}

impl Store {
    /// Creates or replaces the edge from → to, whose details were computed from `read` (the
    /// details as read, `None`: no edge yet): stale when the edge changed since.
    pub fn put_edge(&self, e: StoredEdge, read: Option<&Value>) -> Result<(), StoreError> {
        let read = read.map(Value::to_string);
        self.write(move |c| {
            let current: Option<String> = c
                .prepare_cached(
                    "SELECT details FROM lineage_edge WHERE from_id = ?1 AND to_id = ?2",
                )?
                .query_row([&e.from_id, &e.to_id], |r| r.get(0))
                .optional()?;
            if current != read {
                return Err(StoreError::Stale);
            }
            let source = e
                .details
                .get("source")
                .and_then(Value::as_str)
                .unwrap_or("Manual")
                .to_string();
            c.execute(
                "INSERT OR REPLACE INTO lineage_edge (from_id, to_id, source, details)
                 VALUES (?1, ?2, ?3, ?4)",
                params![e.from_id, e.to_id, source, e.details.to_string()],
            )?;
            Ok(())
        })
    }

    /// The edge from → to, if any.
    pub fn edge(&self, from_id: &str, to_id: &str) -> Result<Option<StoredEdge>, StoreError> {
        self.read(|c| {
            c.query_row(
                "SELECT from_id, to_id, details FROM lineage_edge WHERE from_id = ?1 AND to_id = ?2",
                [from_id, to_id],
                edge,
            )
            .optional()
        })
    }

    /// Edges into (`upstream`) or out of an entity.
    pub fn edges_of(&self, id: &str, upstream: bool) -> Result<Vec<StoredEdge>, StoreError> {
        let sql = if upstream {
            "SELECT from_id, to_id, details FROM lineage_edge WHERE to_id = ?1 ORDER BY from_id"
        } else {
            "SELECT from_id, to_id, details FROM lineage_edge WHERE from_id = ?1 ORDER BY to_id"
        };
        self.read(|c| {
            let mut stmt = c.prepare_cached(sql)?;
            let rows = stmt.query_map([id], edge)?;
            rows.collect()
        })
    }

    /// Deletes the edge from → to; whether there was one.
    pub fn delete_edge(&self, from_id: &str, to_id: &str) -> Result<bool, StoreError> {
        let (from_id, to_id) = (from_id.to_string(), to_id.to_string());
        self.write(move |c| {
            Ok(c.execute(
                "DELETE FROM lineage_edge WHERE from_id = ?1 AND to_id = ?2",
                [from_id, to_id],
            )? > 0)
        })
    }

    /// Deletes every edge of an entity (either direction) with this source; how many went.
    pub fn delete_edges_by_source(&self, id: &str, source: &str) -> Result<usize, StoreError> {
        let (id, source) = (id.to_string(), source.to_string());
        self.write(move |c| {
            Ok(c.execute(
                "DELETE FROM lineage_edge WHERE (from_id = ?1 OR to_id = ?1) AND source = ?2",
                [id, source],
            )?)
        })
    }
}
