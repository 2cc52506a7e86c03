//! The change-event log: one row per write that makes a version of an entity (created,
//! updated, soft-deleted, restored) or removes it (hard delete), appended in that write's
//! transaction, so the log and the entities never disagree. A row is small: the entity
//! document and its change description are read from the version history when the log is
//! listed; only a hard delete keeps the last document in its row (its history is gone).
//!
//! The row key is the time in milliseconds shifted left by [`SEQ_BITS`] plus a counter, so
//! rows are in time order and "since a time" is a range of the key itself: no second index
//! to write on every commit. An event's id is derived from what it records (stable across
//! reads), not stored.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use crate::store::error::StoreError;

/// The log table.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS change_event (
    seq INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    fqn TEXT NOT NULL,
    previous_version REAL NOT NULL,
    version REAL NOT NULL,
    user_name TEXT,
    change TEXT,
    entity TEXT
);
";

/// Bits of the row key below the millisecond: room for 4096 events in one millisecond before
/// the key runs ahead of the clock (it then stays in order, a little in the future).
pub const SEQ_BITS: u32 = 12;

/// What happened to the entity (the real `EventType` values this log records).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// A new entity.
    Created,
    /// A new version of a live entity.
    Updated,
    /// Marked deleted.
    SoftDeleted,
    /// A soft-deleted entity came back.
    Restored,
    /// Removed with its history.
    Deleted,
}

impl EventType {
    /// The wire name (`entityCreated`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Created => "entityCreated",
            EventType::Updated => "entityUpdated",
            EventType::SoftDeleted => "entitySoftDeleted",
            EventType::Restored => "entityRestored",
            EventType::Deleted => "entityDeleted",
        }
    }
}

/// One event to append.
pub struct NewEvent<'a> {
    /// What happened.
    pub event_type: EventType,
    /// Entity type name.
    pub entity_type: &'a str,
    /// Entity id.
    pub entity_id: &'a str,
    /// Entity FQN.
    pub fqn: &'a str,
    /// The version before the write (the same as `version` for a new entity).
    pub previous_version: f64,
    /// The version the write made (for a delete, the last one).
    pub version: f64,
    /// When, in epoch milliseconds.
    pub timestamp: i64,
    /// Who wrote.
    pub user_name: Option<&'a str>,
    /// The change description of the version the write made (JSON).
    pub change: Option<&'a str>,
    /// The last document of a removed entity.
    pub entity: Option<&'a str>,
}

/// The current time in epoch milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Appends an event inside the write transaction `tx`.
pub fn append(tx: &Connection, e: &NewEvent) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO change_event (seq, ts, event_type, entity_type, entity_id, fqn,
         previous_version, version, user_name, change, entity)
         VALUES (max(coalesce((SELECT max(seq) FROM change_event) + 1, 0), ?1 << ?11),
                 ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.timestamp,
        e.event_type.as_str(),
        e.entity_type,
        e.entity_id,
        e.fqn,
        e.previous_version,
        e.version,
        e.user_name,
        e.change,
        e.entity,
        SEQ_BITS
    ])?;
    Ok(())
}

/// The id of the event at row key `seq` of entity `entity_id`: a UUID made from a hash of
/// both, so the same event has the same id in every listing.
fn event_id(seq: i64, entity_id: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{entity_id}/{seq}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// Which events of one type a listing wants: none, every entity type, or these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeFilter {
    /// No event of this type.
    None,
    /// Events of every entity type (`*`).
    All,
    /// Events of these entity types.
    Only(Vec<String>),
}

impl TypeFilter {
    fn admits(&self, entity_type: &str) -> bool {
        match self {
            TypeFilter::None => false,
            TypeFilter::All => true,
            TypeFilter::Only(types) => types.iter().any(|t| t == entity_type),
        }
    }
}

/// The events from `since` (epoch ms, inclusive) on, oldest first, at most `limit`, whose
/// type and entity type `wanted` admits (`wanted` pairs an event type with its filter).
pub fn list(
    conn: &Connection,
    since: i64,
    wanted: &[(EventType, TypeFilter)],
    limit: usize,
) -> rusqlite::Result<Vec<Value>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.seq, e.ts, e.event_type, e.entity_type, e.entity_id, e.fqn,
                e.previous_version, e.version, e.user_name, coalesce(e.entity, v.json), e.change
         FROM change_event e
         LEFT JOIN entity_version v ON v.id = e.entity_id AND v.version = e.version
         WHERE e.seq >= ?1 ORDER BY e.seq",
    )?;
    let mut rows = stmt.query([since.max(0) << SEQ_BITS])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let event_type: String = r.get(2)?;
        let entity_type: String = r.get(3)?;
        let admitted = wanted
            .iter()
            .any(|(t, filter)| t.as_str() == event_type && filter.admits(&entity_type));
        if !admitted {
            continue;
        }
        let entity: Option<Value> = r
            .get::<_, Option<String>>(9)?
            .and_then(|j| serde_json::from_str(&j).ok());
        let entity_id: String = r.get(4)?;
        let mut event = json!({
            "id": event_id(r.get(0)?, &entity_id),
            "eventType": event_type,
            "entityType": entity_type,
            "entityId": entity_id,
            "entityFullyQualifiedName": r.get::<_, String>(5)?,
            "previousVersion": r.get::<_, f64>(6)?,
            "currentVersion": r.get::<_, f64>(7)?,
            "timestamp": r.get::<_, i64>(1)?,
        });
        if let Some(user) = r.get::<_, Option<String>>(8)? {
            event["userName"] = json!(user);
        }
        let change: Option<Value> = r
            .get::<_, Option<String>>(10)?
            .and_then(|j| serde_json::from_str(&j).ok());
        if let Some(change) = change.filter(|_| event_type != EventType::Created.as_str()) {
            event["changeDescription"] = change;
        }
        if let Some(entity) = entity {
            event["entity"] = entity;
        }
        out.push(event);
        if out.len() == limit {
            break;
        }
    }
    Ok(out)
}
