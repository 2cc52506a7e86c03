//! The database layout: its tables, and the migration of databases an older version wrote.

use rusqlite::Connection;

use crate::store::error::StoreError;
use crate::store::prepared::Prepared;
use crate::store::rows::{COLUMNS, Stored, row};
use crate::store::search_index;
use crate::store::writes::put_relationships;

/// The tables of entities, versions, relationships, tag usage, time series and lineage.
pub const SCHEMA: &str = "
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
pub fn migrate(conn: &Connection) -> Result<(), StoreError> {
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
