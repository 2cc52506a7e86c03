//! The rows storage hands out: a stored entity, its default view, listing pages and the
//! scopes and positions that select them.

use serde_json::Value;

use crate::store::error::StoreError;
use crate::store::relations::Relation;

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
    /// ([`StoreError::is_stale`]) instead of overwriting what was written meanwhile. `None`
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
    pub fn parse(s: Option<&str>) -> Result<Self, StoreError> {
        match s {
            None | Some("non-deleted") => Ok(Include::NonDeleted),
            Some("deleted") => Ok(Include::Deleted),
            Some("all") => Ok(Include::All),
            Some(other) => Err(StoreError::Invalid(format!(
                "include must be one of non-deleted, deleted, all; got {other}"
            ))),
        }
    }

    /// The SQL condition on the `deleted` column.
    pub fn sql(self) -> &'static str {
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

/// The columns [`row`] reads, in its order.
pub const COLUMNS: &str = "id, kind, fqn, name, parent_id, deleted, json, rev";

/// An entity from a row whose first columns are `COLUMNS`.
pub fn row(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
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
