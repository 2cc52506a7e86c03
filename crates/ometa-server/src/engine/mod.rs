//! The generic collection engine: create, upsert, read, list, patch, delete, restore and
//! versions for every entity kind, over JSON documents checked against the generated schema.

pub mod assets;
pub mod attachments;
pub mod authorization;
pub mod bulk;
pub mod change;
pub mod context;
pub mod contract_results;
pub mod create;
pub mod custom_values;
pub mod dated_fields;
pub mod dates;
pub mod delete;
pub mod error;
pub mod extras;
pub mod field_rules;
pub mod followers;
pub mod fqn;
pub mod glossary;
pub mod kinds;
pub mod lookup;
pub mod membership;
pub mod patch;
pub mod policy_conditions;
pub mod query_identity;
pub mod read;
pub mod seed;
pub mod series;
pub mod stale;
pub mod table_rules;
pub mod team_rules;
pub mod transactions;
pub mod user_tokens;
pub mod validation;
pub mod write;

use serde_json::Value;

use crate::store::{Include, Store};

/// Who is calling (from the verified token).
#[derive(Debug, Clone)]
pub struct Caller {
    /// User name.
    pub name: String,
    /// Whether the caller is a bot (bots see secrets; their PUTs do not overwrite user edits).
    pub is_bot: bool,
}

/// How an entity is addressed in a path.
#[derive(Debug, Clone)]
pub enum Key {
    /// `/{id}`
    Id(String),
    /// `/name/{fqn}`
    Fqn(String),
}

/// Which relationship fields a read returns.
#[derive(Debug, Clone)]
pub enum Fields {
    /// Only the base fields.
    Default,
    /// `fields=*`.
    All,
    /// `fields=a,b`.
    Some(Vec<String>),
}

impl Fields {
    /// Parses the `fields` query parameter.
    pub fn parse(s: Option<&str>) -> Self {
        match s.map(str::trim) {
            None | Some("") => Fields::Default,
            Some("*") => Fields::All,
            Some(list) => Fields::Some(list.split(',').map(|f| f.trim().to_string()).collect()),
        }
    }

    /// Whether `field` is asked for.
    pub fn wants(&self, field: &str) -> bool {
        match self {
            Fields::Default => false,
            Fields::All => true,
            Fields::Some(list) => list.iter().any(|f| f == field),
        }
    }
}

/// A listing request.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// FQN of an ancestor the entities must be under.
    pub under: Option<String>,
    /// Id of an entity the listed queries must be used in (`entityId=`).
    pub used_in: Option<String>,
    /// Deleted entities too?
    pub include: Include,
    /// Page size.
    pub limit: i64,
    /// Cursor to start after.
    pub after: Option<String>,
    /// Cursor to end before.
    pub before: Option<String>,
    /// Relationship fields to return.
    pub fields: Fields,
    /// Only those whose boolean field has this value (`isBot=true` on `/users`).
    pub flag: Option<(&'static str, bool)>,
}

/// The engine over one store.
pub struct Engine {
    /// The storage.
    pub store: Store,
    /// `http://host:port`, for `href`s.
    pub base_url: String,
}

/// A string field of a JSON object, or `""`.
pub(crate) fn text_field<'a>(v: &'a Value, field: &str) -> &'a str {
    v.get(field).and_then(Value::as_str).unwrap_or_default()
}

pub use crate::store::event_log::now_ms;
