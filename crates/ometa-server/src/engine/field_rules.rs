//! The engine's per-field rules, as tables: which fields are relationships (returned only
//! when asked for), derived, inherited, bookkeeping, time-series backed or protected from bot
//! PUTs, and the default view they leave out.

use serde_json::{Map, Value};

use crate::engine::Engine;
use crate::engine::error::ApiError;
use crate::engine::kinds::ServerKind;
use crate::engine::series::{KPI_RESULT, PIPELINE_STATUS, TABLE_PROFILE, TEST_CASE_RESULT, USAGE};
use crate::store::Stored;

/// Relationship fields (and heavy attachments) that are not lists; like the list ones, they
/// are returned only when asked for with `fields=`.
pub(super) const SCALAR_RELATIONSHIP_FIELDS: &[&str] = &[
    "votes",
    "extension",
    "usageSummary",
    "lifeCycle",
    "certification",
    "testSuite",
    "tableProfilerConfig",
    "sampleData",
    "profile",
    "joins",
    "customMetrics",
    "dataModel",
    "pipelineStatus",
    "sourceHash",
    "summary",
    "customProperties",
    "kpiResult",
    "pipelineObservability",
    "failedRowsSample",
];

/// Relationship fields that a kind's schema requires, so it always returns them.
pub(super) const ALWAYS_PRESENT: &[(&str, &str)] = &[("testCase", "testSuite")];

/// Whether a field of an entity of `kind` is returned only when asked for with `fields=`.
pub(super) fn is_relationship(kind: &str, field: &str) -> bool {
    (LIST_RELATIONSHIP_FIELDS.contains(&field) || SCALAR_RELATIONSHIP_FIELDS.contains(&field))
        && !ALWAYS_PRESENT.contains(&(kind, field))
}

/// A field a read computes rather than stores.
pub(super) struct Derived {
    /// The kind that has it.
    pub(super) kind: &'static str,
    /// The field.
    pub(super) field: &'static str,
    /// Whether write responses show it too, and patches apply to it as shown.
    pub(super) on_writes: bool,
    /// How it is computed.
    pub(super) read: fn(&Engine, &Stored) -> Result<Value, ApiError>,
}

/// The fields reads compute: from time series, relationships in both directions, or an
/// ancestor.
pub(super) const DERIVED_FIELDS: &[Derived] = &[
    Derived {
        kind: "table",
        field: "joins",
        on_writes: false,
        read: Engine::joins,
    },
    Derived {
        kind: "testSuite",
        field: "tests",
        on_writes: false,
        read: Engine::suite_tests,
    },
    Derived {
        kind: "glossaryTerm",
        field: "reviewers",
        on_writes: true,
        read: |e, s| Ok(Value::Array(e.term_reviewers(&s.json)?)),
    },
    Derived {
        kind: "glossaryTerm",
        field: "relatedTerms",
        on_writes: true,
        read: Engine::related_terms,
    },
    Derived {
        kind: "team",
        field: "users",
        on_writes: false,
        read: |e, s| Ok(Value::Array(e.team_users(s)?)),
    },
    Derived {
        kind: "user",
        field: "teams",
        on_writes: false,
        read: |e, s| Ok(Value::Array(e.user_teams(s)?)),
    },
    Derived {
        kind: "user",
        field: "inheritedRoles",
        on_writes: false,
        read: Engine::inherited_roles,
    },
    Derived {
        kind: "role",
        field: "users",
        on_writes: false,
        read: |e, s| e.role_holders(s, "users"),
    },
    Derived {
        kind: "role",
        field: "teams",
        on_writes: false,
        read: |e, s| e.role_holders(s, "teams"),
    },
];

/// The id of the entity an entity inherits from: its parent when it is nested under one of
/// its own kind (a glossary term under a term), else its container.
pub(super) fn ancestor(sk: &ServerKind, doc: &Value) -> Option<String> {
    let parent = doc.get("parent").filter(|p| sk.nested && !p.is_null());
    parent
        .or_else(|| sk.container.and_then(|c| doc.get(c.field)))
        .and_then(|r| r.get("id"))
        .and_then(Value::as_str)
        .map(String::from)
}

/// Relationship fields an entity without its own takes from its nearest container that has
/// some (marked `inherited`).
pub(super) const INHERITED_FIELDS: &[&str] = &["owners", "domains"];

/// Relationship fields that are lists: asked for and empty, they come back as `[]`.
pub(super) const LIST_RELATIONSHIP_FIELDS: &[&str] = &[
    "owners",
    "followers",
    "tags",
    "domains",
    "dataProducts",
    "reviewers",
    "experts",
    "children",
    "testSuites",
    "policies",
    "teams",
    "users",
    "roles",
    "defaultRoles",
    "inheritedRoles",
    "personas",
    "owns",
    "parents",
    "charts",
    "dataModels",
    "queries",
    "tasks",
    "tests",
];

/// Values the real server gives fields a create request leaves out: (kind, field, value).
pub(super) const CREATE_DEFAULTS: &[(&str, &str, bool)] =
    &[("user", "isBot", false), ("user", "isAdmin", false)];

/// Fields whose value is the latest record of a time series: (kind, or `*` for every kind
/// that has the field, field, series).
pub(super) const TIME_SERIES_FIELDS: &[(&str, &str, &str)] = &[
    ("pipeline", "pipelineStatus", PIPELINE_STATUS),
    ("testCase", "testCaseResult", TEST_CASE_RESULT),
    ("table", "profile", TABLE_PROFILE),
    ("*", "usageSummary", USAGE),
    ("kpi", "kpiResult", KPI_RESULT),
];

/// Fields the server maintains itself; never taken from a request, never a "change".
pub(crate) const BOOKKEEPING: &[&str] = &[
    "id",
    "fullyQualifiedName",
    "version",
    "updatedAt",
    "updatedBy",
    "href",
    "changeDescription",
    "incrementalChangeDescription",
    "deleted",
];

/// Fields a bot's PUT does not overwrite once set, unless `overrideMetadata` is asked for.
pub(super) const PROTECTED_ON_BOT_PUT: &[&str] = &["description", "owners", "tags", "displayName"];

/// The reference lists of create requests whose strings are ids (`uuid` in the schema:
/// `CreateTeam`, `CreatePersona`, `CreateUser`); every other string reference is an FQN.
pub(super) const ID_LIST_FIELDS: &[(&str, &str)] = &[
    ("team", "parents"),
    ("team", "children"),
    ("team", "users"),
    ("team", "defaultRoles"),
    ("team", "policies"),
    ("persona", "users"),
    ("user", "teams"),
    ("user", "roles"),
];

/// Lists an entity may not be left without, as the real server refuses: (kind, field).
pub(super) const NON_EMPTY_LISTS: &[(&str, &str)] = &[("policy", "rules")];

/// Items nested in an entity that have their own FQN under it: (field, nested field).
pub(super) const NESTED_ITEMS: &[(&str, Option<&str>)] =
    &[("columns", Some("children")), ("tasks", None)];

/// The default view of an entity: the document without its relationship fields.
pub(crate) fn default_view(s: &Stored) -> String {
    match &s.json {
        Value::Object(o) => {
            let kept: Map<String, Value> = o
                .iter()
                .filter(|(k, _)| !is_relationship(&s.kind, k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::Object(kept).to_string()
        }
        other => other.to_string(),
    }
}

pub(super) fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}
