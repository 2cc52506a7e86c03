//! The generic collection engine: create, upsert, read, list, patch, delete, restore and
//! versions for every entity kind, over JSON documents checked against the generated schema.

pub mod assets;
pub mod bulk;
pub mod change;
pub mod context;
pub mod custom_values;
pub mod dated_fields;
pub mod dates;
pub mod error;
pub mod extras;
pub mod followers;
pub mod fqn;
pub mod glossary;
pub mod kinds;
pub mod membership;
pub mod policy_conditions;
pub mod seed;
pub mod stale;
pub mod transactions;
pub mod validation;

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::engine::change::{describe_change, etag, if_match_admits, round1};
use crate::engine::error::ApiError;
use crate::engine::kinds::ServerKind;
use crate::store::relations;
use crate::store::{self, Cursor, Include, Store, Stored};

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

    fn wants(&self, field: &str) -> bool {
        match self {
            Fields::Default => false,
            Fields::All => true,
            Fields::Some(list) => list.iter().any(|f| f == field),
        }
    }
}

/// Relationship fields (and heavy attachments) that are not lists; like the list ones, they
/// are returned only when asked for with `fields=`.
const SCALAR_RELATIONSHIP_FIELDS: &[&str] = &[
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
const ALWAYS_PRESENT: &[(&str, &str)] = &[("testCase", "testSuite")];

/// Whether a field of an entity of `kind` is returned only when asked for with `fields=`.
fn is_relationship(kind: &str, field: &str) -> bool {
    (LIST_RELATIONSHIP_FIELDS.contains(&field) || SCALAR_RELATIONSHIP_FIELDS.contains(&field))
        && !ALWAYS_PRESENT.contains(&(kind, field))
}

/// A field a read computes rather than stores.
struct Derived {
    /// The kind that has it.
    kind: &'static str,
    /// The field.
    field: &'static str,
    /// Whether write responses show it too, and patches apply to it as shown.
    on_writes: bool,
    /// How it is computed.
    read: fn(&Engine, &Stored) -> Result<Value, ApiError>,
}

/// The fields reads compute: from time series, relationships in both directions, or an
/// ancestor.
const DERIVED_FIELDS: &[Derived] = &[
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
fn ancestor(sk: &ServerKind, doc: &Value) -> Option<String> {
    let parent = doc.get("parent").filter(|p| sk.nested && !p.is_null());
    parent
        .or_else(|| sk.container.and_then(|c| doc.get(c.field)))
        .and_then(|r| r.get("id"))
        .and_then(Value::as_str)
        .map(String::from)
}

/// Relationship fields an entity without its own takes from its nearest container that has
/// some (marked `inherited`).
const INHERITED_FIELDS: &[&str] = &["owners", "domains"];

/// Relationship fields that are lists: asked for and empty, they come back as `[]`.
const LIST_RELATIONSHIP_FIELDS: &[&str] = &[
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
const CREATE_DEFAULTS: &[(&str, &str, bool)] =
    &[("user", "isBot", false), ("user", "isAdmin", false)];

/// Fields whose value is the latest record of a time series: (kind, or `*` for every kind
/// that has the field, field, series).
const TIME_SERIES_FIELDS: &[(&str, &str, &str)] = &[
    (
        "pipeline",
        "pipelineStatus",
        crate::api::pipeline_status::PIPELINE_STATUS,
    ),
    (
        "testCase",
        "testCaseResult",
        crate::api::data_quality::TEST_CASE_RESULT,
    ),
    ("table", "profile", crate::api::table_data::TABLE_PROFILE),
    ("*", "usageSummary", crate::api::usage::USAGE),
    ("kpi", "kpiResult", crate::api::insights::KPI_RESULT),
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
const PROTECTED_ON_BOT_PUT: &[&str] = &["description", "owners", "tags", "displayName"];

/// What a create request describes, before the server's bookkeeping.
struct Draft {
    doc: Map<String, Value>,
    name: String,
    fqn: String,
    parent_id: Option<String>,
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

/// The reference lists of create requests whose strings are ids (`uuid` in the schema:
/// `CreateTeam`, `CreatePersona`, `CreateUser`); every other string reference is an FQN.
const ID_LIST_FIELDS: &[(&str, &str)] = &[
    ("team", "parents"),
    ("team", "children"),
    ("team", "users"),
    ("team", "defaultRoles"),
    ("team", "policies"),
    ("persona", "users"),
    ("user", "teams"),
    ("user", "roles"),
];

impl Engine {
    /// The entity reference of a stored entity.
    pub fn reference(&self, s: &Stored) -> Value {
        let mut r = json!({
            "id": s.id,
            "type": s.kind,
            "name": s.name,
            "fullyQualifiedName": s.fqn,
            "deleted": s.deleted,
        });
        for k in ["displayName", "description"] {
            if let Some(v) = s.json.get(k).filter(|v| !v.is_null()) {
                r[k] = v.clone();
            }
        }
        if let Some(href) = s.json.get("href") {
            r["href"] = href.clone();
        }
        r
    }

    fn href(&self, sk: &ServerKind, id: &str) -> String {
        format!("{}/api/v1/{}/{}", self.base_url, sk.kind.collection, id)
    }

    /// Finds an entity by key, 404 in the real server's wording when absent or not admitted.
    /// A name of a kind whose FQN is its one (quoted) name is also found unquoted:
    /// `/users/name/random.user.es` is the user `"random.user.es"`.
    pub fn find(&self, sk: &ServerKind, key: &Key, include: Include) -> Result<Stored, ApiError> {
        let found = match key {
            Key::Id(id) => self.store.get(id)?.filter(|s| s.kind == sk.kind.type_name),
            Key::Fqn(f) => self.by_name(sk.kind.type_name, f)?,
        };
        match found {
            Some(s) if include.admits(s.deleted) => Ok(s),
            _ => Err(ApiError::not_found(
                sk.kind.type_name,
                match key {
                    Key::Id(id) => id,
                    Key::Fqn(f) => f,
                },
            )),
        }
    }

    /// An entity of `kind` by FQN, or by its one name unquoted when its FQN is that name.
    fn by_name(&self, kind: &str, fqn: &str) -> Result<Option<Stored>, ApiError> {
        if let Some(s) = self.store.get_by_fqn(kind, fqn)? {
            return Ok(Some(s));
        }
        let top_level = kinds::by_type(kind).is_some_and(|k| k.container.is_none());
        // Tried only after the FQN as given: a miss costs one more indexed read.
        match fqn::quote_name(fqn) {
            Ok(quoted) if top_level && quoted != fqn => Ok(self.store.get_by_fqn(kind, &quoted)?),
            _ => Ok(None),
        }
    }

    /// Resolves a reference to a stored entity of one of `types`: a string is an FQN,
    /// whatever it looks like (`CreateDatabase.service` may be a UUID-shaped name); an object
    /// is found by its `id`, else by its `fullyQualifiedName` or `name`.
    pub fn resolve(&self, value: &Value, types: &[&str]) -> Result<Stored, ApiError> {
        let wanted = types.first().copied().unwrap_or("entity");
        match value {
            Value::String(fqn) => {
                for t in types {
                    if let Some(s) = self.by_name(t, fqn)? {
                        return Ok(s);
                    }
                }
                Err(ApiError::not_found(wanted, fqn))
            }
            Value::Object(o) => {
                if let Some(id) = o.get("id").and_then(Value::as_str) {
                    let t = o.get("type").and_then(Value::as_str);
                    return match self.store.get(id)? {
                        Some(s) if types.is_empty() || types.contains(&s.kind.as_str()) => Ok(s),
                        _ => Err(ApiError::not_found(t.unwrap_or(wanted), id)),
                    };
                }
                let t = o.get("type").and_then(Value::as_str).unwrap_or(wanted);
                let name = o
                    .get("fullyQualifiedName")
                    .or_else(|| o.get("name"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        ApiError::bad_request("an entity reference needs an id or a name")
                    })?;
                self.by_name(t, name)?
                    .ok_or_else(|| ApiError::not_found(t, name))
            }
            _ => Err(ApiError::bad_request(format!(
                "not an entity reference: {value}"
            ))),
        }
    }

    /// Resolves an id given as a string (the `uuid` fields of create requests, such as
    /// `CreateUser.teams`) to a stored entity of one of `types`.
    fn resolve_id(&self, value: &Value, types: &[&str]) -> Result<Stored, ApiError> {
        let wanted = types.first().copied().unwrap_or("entity");
        let Value::String(id) = value else {
            return self.resolve(value, types);
        };
        match self.store.get(id)? {
            Some(s) if types.is_empty() || types.contains(&s.kind.as_str()) => Ok(s),
            _ => Err(ApiError::not_found(wanted, id)),
        }
    }

    /// Resolves a list of references; `ids`: its strings are ids, not FQNs.
    fn resolve_list(&self, value: &Value, types: &[&str], ids: bool) -> Result<Value, ApiError> {
        let Value::Array(items) = value else {
            return Err(ApiError::bad_request(
                "expected a list of entity references",
            ));
        };
        let mut out = Vec::new();
        for item in items {
            let s = match ids {
                true => self.resolve_id(item, types)?,
                false => self.resolve(item, types)?,
            };
            let mut r = self.reference(&s);
            if let Some(inh) = item.get("inherited").filter(|v| v.as_bool() == Some(true)) {
                r["inherited"] = inh.clone();
            }
            out.push(r);
        }
        Ok(Value::Array(out))
    }

    /// Turns the reference fields of a document into full entity references.
    fn resolve_references(
        &self,
        sk: &ServerKind,
        doc: &mut Map<String, Value>,
    ) -> Result<(), ApiError> {
        if sk.kind.type_name == "team"
            && let Some(v) = doc.get("children").filter(|v| !v.is_null())
        {
            let resolved = self.resolve_list(v, &["team"], true)?;
            doc.insert("children".into(), resolved);
        }
        if let Some(owners) = doc.get("owners") {
            Self::check_owner_types(owners)?;
        }
        let lists: &[(&str, &[&str])] = &[
            ("owners", &["user", "team"]),
            ("reviewers", &["user", "team"]),
            ("experts", &["user"]),
            ("domains", &["domain"]),
            ("dataProducts", &["dataProduct"]),
            ("policies", &["policy"]),
            ("roles", &["role"]),
            ("defaultRoles", &["role"]),
            ("teams", &["team"]),
            ("parents", &["team"]),
            ("users", &["user"]),
            ("charts", &["chart"]),
            ("dataModels", &["dashboardDataModel"]),
        ];
        for (field, types) in [
            ("botUser", ["user"]),
            ("dashboard", ["dashboard"]),
            ("dataInsightChart", ["dataInsightCustomChart"]),
        ] {
            if let Some(v) = doc.get(field).filter(|v| !v.is_null()) {
                let s = self.resolve(v, &types)?;
                doc.insert(field.to_string(), self.reference(&s));
            }
        }
        if let Some(v) = doc.get("relatedTerms").filter(|v| !v.is_null()) {
            let resolved = self.resolve_term_relations(v)?;
            doc.insert("relatedTerms".into(), resolved);
        }
        for (field, types) in lists {
            if let Some(v) = doc.get(*field).filter(|v| !v.is_null()) {
                let ids = ID_LIST_FIELDS.contains(&(sk.kind.type_name, *field));
                let mut resolved = self.resolve_list(v, types, ids)?;
                if *field == "reviewers"
                    && let Value::Array(rs) = &mut resolved
                {
                    rs.retain(|r| !crate::engine::glossary::is_inherited(r));
                }
                doc.insert((*field).to_string(), resolved);
            }
        }
        Ok(())
    }

    /// Checks a finished document against the entity schema, dropping fields of the create
    /// request that the entity does not have (ids lists the server turned into references).
    fn check_entity(sk: &ServerKind, doc: &mut Value) -> Result<Value, ApiError> {
        fill_nested_fqns(doc)?;
        for _ in 0..32 {
            match (sk.kind.check_entity)(doc) {
                Ok(v) => return Ok(v),
                Err(msg) => match msg
                    .strip_prefix("Unrecognized field \"")
                    .and_then(|r| r.strip_suffix('"'))
                {
                    Some(field) if !field.contains('.') => {
                        doc.as_object_mut().map(|o| o.remove(field));
                    }
                    _ => return Err(ApiError::bad_request(msg)),
                },
            }
        }
        Err(ApiError::bad_request(
            "the entity does not match its schema",
        ))
    }

    /// Builds the entity a create request describes (FQN, container references, resolved
    /// references), without id and bookkeeping.
    fn entity_from_create(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
    ) -> Result<Draft, ApiError> {
        let check = sk.kind.check_create.ok_or_else(|| {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{} cannot be created through the API", sk.kind.type_name),
            )
        })?;
        let normalized = check(body).map_err(ApiError::bad_request)?;
        let Value::Object(mut doc) = normalized else {
            return Err(ApiError::bad_request(
                "the request body must be a JSON object",
            ));
        };
        if sk.kind.type_name == "query" {
            crate::api::queries::derive_identity(&mut doc);
        }
        if sk.kind.type_name == "app" {
            self.install_from_marketplace(&mut doc)?;
        }
        let name = doc
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("name must not be null"))?
            .to_string();
        if let Some(placed) = self.place(sk, &mut doc, &name, caller)? {
            self.resolve_references(sk, &mut doc)?;
            return Ok(Draft {
                doc,
                name,
                fqn: placed.fqn,
                parent_id: placed.parent.map(|p| p.id),
            });
        }
        let mut parent: Option<Stored> = None;
        if sk.nested
            && let Some(p) = doc.get("parent").filter(|v| !v.is_null()).cloned()
        {
            let s = self.resolve(&p, &[sk.kind.type_name])?;
            doc.insert("parent".into(), self.reference(&s));
            parent = Some(s);
        }
        if let Some(c) = sk.container {
            match doc.get(c.field).filter(|v| !v.is_null()).cloned() {
                Some(v) => {
                    let s = self.resolve(&v, c.types)?;
                    doc.insert(c.field.into(), self.reference(&s));
                    for inherited in ["service", "database", "databaseSchema", "serviceType"] {
                        if !doc.contains_key(inherited)
                            && let Some(x) = s.json.get(inherited)
                        {
                            doc.insert(inherited.into(), x.clone());
                        }
                    }
                    if kinds::is_service(&s.kind)
                        && !doc.contains_key("serviceType")
                        && let Some(t) = s.json.get("serviceType")
                    {
                        doc.insert("serviceType".into(), t.clone());
                    }
                    if parent.is_none() {
                        parent = Some(s);
                    }
                }
                None => {
                    let inherited = parent.as_ref().and_then(|p| p.json.get(c.field)).cloned();
                    match inherited {
                        Some(r) => {
                            doc.insert(c.field.into(), r);
                        }
                        None => {
                            return Err(ApiError::bad_request(format!(
                                "{} must not be null",
                                c.field
                            )));
                        }
                    }
                }
            }
        }
        self.resolve_references(sk, &mut doc)?;
        let parent_fqn = parent.as_ref().map(|p| p.fqn.clone());
        let fqn = fqn::child(parent_fqn.as_deref(), &name)?;
        Ok(Draft {
            doc,
            name,
            fqn,
            parent_id: parent.map(|p| p.id),
        })
    }

    /// `POST` (create only) or `PUT` (create or update) of a create request; an ML model's
    /// feature sources become lineage edges.
    pub fn upsert(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
        put: bool,
        override_metadata: bool,
    ) -> Result<(StatusCode, Value), ApiError> {
        let (status, entity) = self.upsert_entity(sk, body, caller, put, override_metadata)?;
        match sk.kind.type_name {
            "mlmodel" => self.add_feature_lineage(&entity, caller)?,
            "testSuite" => self.link_basic_suite(&entity)?,
            _ => {}
        }
        Ok((status, entity))
    }

    fn upsert_entity(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
        put: bool,
        override_metadata: bool,
    ) -> Result<(StatusCode, Value), ApiError> {
        let Draft {
            doc,
            name,
            fqn,
            parent_id,
        } = self.entity_from_create(sk, body, caller)?;
        let existing = self.store.get_by_fqn(sk.kind.type_name, &fqn)?;
        match existing {
            Some(_) if !put => Err(ApiError::conflict("Entity already exists")),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                let mut entity = Value::Object(doc);
                entity["id"] = json!(id);
                entity["fullyQualifiedName"] = json!(fqn);
                entity["version"] = json!(0.1);
                entity["updatedAt"] = json!(now_ms());
                entity["updatedBy"] = json!(caller.name);
                entity["href"] = json!(self.href(sk, &id));
                entity["deleted"] = json!(false);
                for (kind, field, value) in CREATE_DEFAULTS {
                    if *kind == sk.kind.type_name && entity.get(*field).is_none_or(Value::is_null) {
                        entity[*field] = json!(value);
                    }
                }
                self.check_extension(sk.kind.type_name, &mut entity)?;
                let entity = Self::check_entity(sk, &mut entity)?;
                self.check_invariants(sk, &entity, None)?;
                let stored = Stored {
                    id,
                    kind: sk.kind.type_name.into(),
                    fqn,
                    name,
                    parent_id,
                    deleted: false,
                    json: entity,
                    rev: None,
                };
                let response = self.write_response(sk, &stored)?;
                let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
                match self.write(move |c| Ok(store::put(c, &prepared, 0.1)?)) {
                    Ok(()) => Ok((StatusCode::CREATED, response)),
                    Err(e) if put && e.status == StatusCode::CONFLICT => {
                        self.upsert_entity(sk, body, caller, put, override_metadata)
                    }
                    Err(e) => Err(e),
                }
            }
            Some(old) => {
                let mut merged = old.json.clone();
                for (k, v) in doc {
                    if BOOKKEEPING.contains(&k.as_str()) {
                        continue;
                    }
                    let protected = caller.is_bot
                        && !override_metadata
                        && PROTECTED_ON_BOT_PUT.contains(&k.as_str())
                        && !is_empty(old.json.get(&k));
                    if !protected {
                        merged[k.as_str()] = v;
                    }
                }
                let stored = self.commit(sk, &old, merged, caller, true)?;
                Ok((StatusCode::OK, self.write_response(sk, &stored)?))
            }
        }
    }

    /// Writes a document the server owns itself (seed data, kinds the API cannot create) as
    /// version 0.1 by `admin`, with the FQN given.
    pub(crate) fn insert_system_document(
        &self,
        sk: &ServerKind,
        mut doc: Value,
        fqn: &str,
    ) -> Result<(), ApiError> {
        let name = text_field(&doc, "name").to_string();
        let id = uuid::Uuid::new_v4().to_string();
        doc["id"] = json!(id);
        doc["fullyQualifiedName"] = json!(fqn);
        doc["version"] = json!(0.1);
        doc["updatedAt"] = json!(now_ms());
        doc["updatedBy"] = json!("admin");
        doc["deleted"] = json!(false);
        let entity = Self::check_entity(sk, &mut doc)?;
        let stored = Stored {
            id,
            kind: sk.kind.type_name.into(),
            fqn: fqn.into(),
            name,
            parent_id: None,
            deleted: false,
            json: entity,
            rev: None,
        };
        let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
        self.write(move |c| Ok(store::put(c, &prepared, 0.1)?))
    }

    /// Records a change of an existing entity: version bump, change description, history.
    pub(crate) fn commit_change(
        &self,
        sk: &ServerKind,
        old: &Stored,
        new: Value,
        caller: &Caller,
    ) -> Result<Stored, ApiError> {
        self.commit(sk, old, new, caller, false)
    }

    /// [`Engine::commit_change`]; `restore`: a soft-deleted `old` comes back (the real
    /// `EntityUpdater.updateDeleted` records `deleted: true → false`), as a PUT of it does.
    fn commit(
        &self,
        sk: &ServerKind,
        old: &Stored,
        mut new: Value,
        caller: &Caller,
        restore: bool,
    ) -> Result<Stored, ApiError> {
        for k in [
            "id",
            "fullyQualifiedName",
            "href",
            "version",
            "updatedAt",
            "updatedBy",
            "changeDescription",
            "deleted",
        ] {
            match old.json.get(k) {
                Some(v) => new[k] = v.clone(),
                None => {
                    new.as_object_mut().map(|o| o.remove(k));
                }
            }
        }
        if new.get("extension") != old.json.get("extension") {
            self.check_extension(sk.kind.type_name, &mut new)?;
        }
        crate::engine::dated_fields::keep_newer_life_cycle(&old.json, &mut new);
        let certification_settings = || {
            self.setting("assetCertificationSettings")
                .ok()
                .map(|s| s["config_value"].clone())
        };
        crate::engine::dated_fields::stamp_certification(
            &old.json,
            &mut new,
            certification_settings,
            now_ms(),
        )?;
        // Normalized as the stored document was (nested FQNs, schema defaults), so that only
        // real differences count as a change.
        let mut new = Self::check_entity(sk, &mut new)?;
        self.check_invariants(sk, &new, Some(&old.json))?;
        let mut change = describe_change(&old.json, &new);
        let restored = restore && old.deleted;
        if restored {
            let (c, _) = change.get_or_insert_with(|| {
                (
                    json!({"fieldsAdded": [], "fieldsUpdated": [], "fieldsDeleted": []}),
                    false,
                )
            });
            c["fieldsUpdated"]
                .as_array_mut()
                .expect("a change lists its updates")
                .push(json!({"name": "deleted", "oldValue": "true", "newValue": "false"}));
            new["deleted"] = json!(false);
        }
        let Some((change, major)) = change else {
            return Ok(old.clone());
        };
        let previous = old
            .json
            .get("version")
            .and_then(Value::as_f64)
            .unwrap_or(0.1);
        let version = round1(if major {
            previous + 1.0
        } else {
            previous + 0.1
        });
        new["version"] = json!(version);
        new["updatedAt"] = json!(now_ms());
        new["updatedBy"] = json!(caller.name);
        let mut change = change;
        change["previousVersion"] = json!(previous);
        new["changeDescription"] = change;
        let checked = new;
        let name = checked
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&old.name)
            .to_string();
        let stored = Stored {
            json: checked,
            name,
            deleted: old.deleted && !restored,
            ..old.clone()
        };
        let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
        self.write(move |c| Ok(store::put(c, &prepared, version)?))?;
        Ok(Stored {
            rev: old.rev.map(|r| r + 1),
            ..stored
        })
    }

    /// What a write returns: the entity with what it stores, and the derived fields writes
    /// show (a glossary term's reviewers and related terms); tables always list `owners`.
    fn write_response(&self, sk: &ServerKind, stored: &Stored) -> Result<Value, ApiError> {
        let mut out = stored.json.clone();
        if sk.kind.type_name == "table" && out.get("owners").is_none() {
            out["owners"] = json!([]);
        }
        self.show_derived_on_writes(sk, stored, &mut out)?;
        Ok(out)
    }

    /// Sets the derived fields of `sk` that writes show (and patches apply to) in `doc`.
    fn show_derived_on_writes(
        &self,
        sk: &ServerKind,
        s: &Stored,
        doc: &mut Value,
    ) -> Result<(), ApiError> {
        for d in DERIVED_FIELDS {
            if d.kind == sk.kind.type_name && d.on_writes {
                doc[d.field] = (d.read)(self, s)?;
            }
        }
        Ok(())
    }

    /// A plain read (no `fields`): the stored default view, without parsing it.
    pub fn read_view(
        &self,
        sk: &ServerKind,
        key: &Key,
        include: Include,
    ) -> Result<store::View, ApiError> {
        let (id, fqn) = match key {
            Key::Id(id) => (Some(id.as_str()), None),
            Key::Fqn(f) => (None, Some(f.as_str())),
        };
        let mut found = self.store.view(sk.kind.type_name, id, fqn)?;
        if found.is_none()
            && sk.container.is_none()
            && let Some(quoted) = fqn.and_then(|f| fqn::quote_name(f).ok().filter(|q| q != f))
        {
            found = self.store.view(sk.kind.type_name, None, Some(&quoted))?;
        }
        match found {
            Some(view) if include.admits(view.deleted) => Ok(view),
            _ => Err(ApiError::not_found(
                sk.kind.type_name,
                id.or(fqn).unwrap_or_default(),
            )),
        }
    }

    /// Shapes a stored entity for a read: only the requested relationship fields, inherited
    /// owners and domains filled in.
    pub fn present(&self, sk: &ServerKind, s: &Stored, fields: &Fields) -> Result<Value, ApiError> {
        let mut out = s.json.clone();
        if let Some(o) = out.as_object_mut() {
            o.retain(|k, _| !is_relationship(&s.kind, k) || fields.wants(k));
        }
        let missing: Vec<&'static str> = INHERITED_FIELDS
            .iter()
            .copied()
            .filter(|f| fields.wants(f) && sk.kind.fields.contains(f) && is_empty(out.get(*f)))
            .collect();
        if !missing.is_empty() {
            for field in &missing {
                out[*field] = json!([]);
            }
            for (field, refs) in self.inherited(sk, s, &missing)? {
                out[field] = refs;
            }
        }
        if sk.kind.type_name == "dataProduct" {
            for field in ["owners", "experts"] {
                if fields.wants(field) && is_empty(out.get(field)) {
                    out[field] = self.domain_inherited(s, field)?;
                }
            }
        }
        for (kind, field, extension) in TIME_SERIES_FIELDS {
            let applies =
                *kind == sk.kind.type_name || (*kind == "*" && sk.kind.fields.contains(field));
            if applies && fields.wants(field) {
                let latest = self.latest_record(s, extension)?;
                if !latest.is_null() {
                    out[*field] = latest;
                }
            }
        }
        for d in DERIVED_FIELDS {
            if d.kind == sk.kind.type_name && fields.wants(d.field) {
                out[d.field] = (d.read)(self, s)?;
            }
        }
        for field in LIST_RELATIONSHIP_FIELDS {
            if fields.wants(field) && sk.kind.fields.contains(field) && out.get(*field).is_none() {
                out[*field] = json!([]);
            }
        }
        Ok(out)
    }

    /// A data product's `field` (owners, experts) taken from its domains, each once, marked
    /// `inherited`.
    fn domain_inherited(&self, s: &Stored, field: &str) -> Result<Value, ApiError> {
        let mut out = Vec::new();
        for domain in relations::references(&s.json, "domains") {
            if let Some(d) = self.store.get(text_field(&domain, "id"))? {
                relations::merge_references(&mut out, relations::references(&d.json, field), true);
            }
        }
        Ok(Value::Array(out))
    }

    /// For each of `wanted` (owners, domains), the references of the nearest ancestor that has
    /// some (the parent of a nested entity, else its container), marked `inherited`; one walk
    /// up for all of them.
    pub(crate) fn inherited(
        &self,
        sk: &ServerKind,
        s: &Stored,
        wanted: &[&'static str],
    ) -> Result<Vec<(&'static str, Value)>, ApiError> {
        let mut found: Vec<(&'static str, Value)> = Vec::new();
        let mut current = ancestor(sk, &s.json);
        while let Some(id) = current.filter(|_| found.len() < wanted.len()) {
            let Some(p) = self.store.get(&id)? else { break };
            for field in wanted {
                let refs = relations::references(&p.json, field);
                if !refs.is_empty() && !found.iter().any(|(f, _)| f == field) {
                    let mut marked = Vec::new();
                    relations::merge_references(&mut marked, refs, true);
                    found.push((field, Value::Array(marked)));
                }
            }
            current = kinds::by_type(&p.kind).and_then(|k| ancestor(&k, &p.json));
        }
        Ok(found)
    }

    /// One page of a collection.
    pub fn list(&self, sk: &ServerKind, q: &ListQuery) -> Result<Value, ApiError> {
        let (include, limit, fields) = (q.include, q.limit, &q.fields);
        let after = q.after.as_deref().map(decode_cursor).transpose()?;
        let before = q.before.as_deref().map(decode_cursor).transpose()?;
        let scope = store::ListScope {
            under: q.under.clone(),
            related: q
                .used_in
                .clone()
                .map(|id| (id, crate::store::relations::Relation::UsedIn)),
            flag: q.flag.map(|(field, v)| (format!("$.{field}"), v)),
        };
        let page = self.store.list(
            sk.kind.type_name,
            &scope,
            include,
            limit,
            after.as_ref(),
            before.as_ref(),
        )?;
        let data = page
            .rows
            .iter()
            .map(|s| self.present(sk, s, fields))
            .collect::<Result<Vec<_>, _>>()?;
        let mut paging = json!({"total": page.total});
        if let Some(c) = page.before {
            paging["before"] = json!(encode_cursor(&c));
        }
        if let Some(c) = page.after {
            paging["after"] = json!(encode_cursor(&c));
        }
        Ok(json!({"data": data, "paging": paging}))
    }

    /// Applies an RFC 6902 patch, honouring `If-Match: W/"<version>"`.
    pub fn patch(
        &self,
        sk: &ServerKind,
        key: &Key,
        ops: &Value,
        if_match: Option<&str>,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let old = self.find(sk, key, Include::NonDeleted)?;
        // EntityETag.validateETag; checked against the entity this patch is applied to, which
        // the write then requires to be still current (else the whole patch runs again).
        if let Some(tag) = if_match
            && !if_match_admits(tag, &old.json)
        {
            return Err(ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                format!(
                    "The entity has been modified. Current ETag: {}. Please refresh and retry with the latest version.",
                    etag(&old.json)
                ),
            ));
        }
        let patch: json_patch::Patch = serde_json::from_value(ops.clone())
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON Patch: {e}")))?;
        let mut doc = old.json.clone();
        for field in LIST_RELATIONSHIP_FIELDS {
            if sk.kind.fields.contains(field) && doc.get(*field).is_none() {
                doc[*field] = json!([]);
            }
        }
        // Patches are computed against what a read shows: inherited reviewers, related terms
        // named from the other side.
        self.show_derived_on_writes(sk, &old, &mut doc)?;
        let is_term = sk.kind.type_name == "glossaryTerm";
        json_patch::patch(&mut doc, &patch)
            .map_err(|e| ApiError::bad_request(format!("Failed to apply the patch: {e}")))?;
        let unrelated = match is_term {
            true => self.keep_own_related_terms(&old, &mut doc)?,
            false => Vec::new(),
        };
        if let Some(o) = doc.as_object_mut() {
            self.resolve_references(sk, o)?;
            o.retain(|k, v| {
                !(LIST_RELATIONSHIP_FIELDS.contains(&k.as_str())
                    && v.as_array().is_some_and(Vec::is_empty)
                    && old.json.get(k).is_none())
            });
        }
        let stored = self.commit_change(sk, &old, doc, caller)?;
        self.unlink_related_terms(&old.id, unrelated)?;
        let mut out = self.write_response(sk, &stored)?;
        if out.get("owners").is_none() && ops_touch(ops, "/owners") {
            out["owners"] = json!([]);
        }
        Ok(out)
    }

    /// Soft or hard delete, optionally recursive through containment.
    pub fn delete(
        &self,
        sk: &ServerKind,
        key: &Key,
        recursive: bool,
        hard: bool,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let target = self.find(sk, key, Include::All)?;
        if !hard && target.deleted {
            return Err(ApiError::not_found(sk.kind.type_name, &target.id));
        }
        let mut subtree = Vec::new();
        self.collect_subtree(&target, &mut subtree)?;
        let live_children = subtree.iter().skip(1).any(|s| hard || !s.deleted);
        if live_children && !recursive {
            return Err(ApiError::bad_request(format!(
                "Entity {} is not empty; delete it with recursive=true",
                target.fqn
            )));
        }
        if hard {
            self.remove_all(&subtree, &caller.name)?;
            return Ok(self.reference(&target));
        }
        self.set_deleted(&target, subtree, true, caller)
    }

    /// Marks every entity of `subtree` that is not yet so as `deleted`, each with a version
    /// bump, and returns the new document of `target`.
    fn set_deleted(
        &self,
        target: &Stored,
        subtree: Vec<Stored>,
        deleted: bool,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let mut out = target.json.clone();
        for s in subtree.into_iter().filter(|s| s.deleted != deleted) {
            let mut doc = s.json.clone();
            doc["deleted"] = json!(deleted);
            let version =
                round1(s.json.get("version").and_then(Value::as_f64).unwrap_or(0.1) + 0.1);
            doc["version"] = json!(version);
            doc["updatedAt"] = json!(now_ms());
            doc["updatedBy"] = json!(caller.name);
            let stored = Stored {
                deleted,
                json: doc,
                ..s
            };
            let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
            self.write(move |c| Ok(store::put(c, &prepared, version)?))?;
            if stored.id == target.id {
                out = stored.json;
            }
        }
        Ok(out)
    }

    /// Hard-deletes entities, and takes them out of the relationship fields (owners,
    /// followers, domains, data products) of the entities that named them, without a new
    /// version of those; `user` deletes.
    pub(crate) fn remove_all(&self, doomed: &[Stored], user: &str) -> Result<(), ApiError> {
        let user = user.to_owned();
        let ids: Vec<String> = doomed.iter().map(|s| s.id.clone()).collect();
        let mut touched: Vec<Stored> = Vec::new();
        for id in &ids {
            for mut r in self.store.referrers(id)? {
                if ids.contains(&r.id) {
                    continue;
                }
                if let Some(pos) = touched.iter().position(|t| t.id == r.id) {
                    r = touched.swap_remove(pos);
                }
                for relation in relations::BY_FIELD {
                    if let Some(Value::Array(refs)) =
                        relation.field().and_then(|f| r.json.get_mut(f))
                    {
                        refs.retain(|x| relations::referenced_id(x) != Some(id));
                    }
                }
                touched.push(r);
            }
        }
        let rewritten: Vec<store::Prepared> = touched
            .into_iter()
            .map(|s| {
                let view = default_view(&s);
                store::Prepared::new(s, view)
            })
            .collect();
        self.write(move |c| {
            ids.iter().try_for_each(|id| store::remove(c, id, &user))?;
            Ok(rewritten.iter().try_for_each(|p| store::rewrite(c, p))?)
        })
    }

    pub(crate) fn collect_subtree(
        &self,
        root: &Stored,
        out: &mut Vec<Stored>,
    ) -> Result<(), ApiError> {
        out.push(root.clone());
        for child in self.store.children(&root.id)? {
            self.collect_subtree(&child, out)?;
        }
        Ok(())
    }

    /// Restores a soft-deleted entity and what it contains.
    pub fn restore(&self, sk: &ServerKind, id: &str, caller: &Caller) -> Result<Value, ApiError> {
        let target = self.find(sk, &Key::Id(id.to_string()), Include::All)?;
        if !target.deleted {
            return Err(ApiError::bad_request(format!(
                "Entity with id {id} is not deleted"
            )));
        }
        let mut subtree = Vec::new();
        self.collect_subtree(&target, &mut subtree)?;
        self.set_deleted(&target, subtree, false, caller)
    }

    /// `GET .../versions`: every version, latest first, each as a JSON string.
    pub fn versions(&self, sk: &ServerKind, id: &str) -> Result<Value, ApiError> {
        let s = self.find(sk, &Key::Id(id.to_string()), Include::All)?;
        let versions: Vec<Value> = self
            .store
            .versions(&s.id)?
            .into_iter()
            .map(|(_, j)| Value::String(j.to_string()))
            .collect();
        Ok(json!({"entityType": sk.kind.type_name, "versions": versions}))
    }

    /// `GET .../versions/{v}`.
    pub fn version(&self, sk: &ServerKind, id: &str, version: &str) -> Result<Value, ApiError> {
        let wanted: f64 = version
            .parse()
            .map_err(|_| ApiError::bad_request(format!("Invalid version {version}")))?;
        let s = self.find(sk, &Key::Id(id.to_string()), Include::All)?;
        self.store
            .versions(&s.id)?
            .into_iter()
            .find(|(v, _)| (v - wanted).abs() < 1e-9)
            .map(|(_, j)| j)
            .ok_or_else(|| {
                ApiError::not_found(sk.kind.type_name, &format!("{id} version {version}"))
            })
    }
}

/// Lists an entity may not be left without, as the real server refuses: (kind, field).
const NON_EMPTY_LISTS: &[(&str, &str)] = &[("policy", "rules")];

impl Engine {
    /// What a written entity must satisfy beyond its schema: a policy keeps at least one
    /// rule, and its rule conditions evaluate; the real server's entity rules
    /// ([`Engine::check_entity_rules`]; `old` is the entity an update changes).
    fn check_invariants(
        &self,
        sk: &ServerKind,
        doc: &Value,
        old: Option<&Value>,
    ) -> Result<(), ApiError> {
        keeps_its_lists(sk, doc)?;
        self.check_entity_rules(sk.kind.type_name, doc, old)?;
        if sk.kind.type_name == "policy" {
            self.check_policy_conditions(doc)?;
        }
        Ok(())
    }
}

/// A change may not leave a policy without rules.
fn keeps_its_lists(sk: &ServerKind, doc: &Value) -> Result<(), ApiError> {
    for (kind, field) in NON_EMPTY_LISTS {
        if *kind == sk.kind.type_name
            && doc
                .get(*field)
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
        {
            return Err(ApiError::bad_request(format!(
                "a {kind} must have at least one entry in {field}"
            )));
        }
    }
    Ok(())
}

/// Items nested in an entity that have their own FQN under it: (field, nested field).
const NESTED_ITEMS: &[(&str, Option<&str>)] = &[("columns", Some("children")), ("tasks", None)];

/// Gives every nested item (a column and its children, a pipeline task) its FQN under the
/// entity's.
fn fill_nested_fqns(doc: &mut Value) -> Result<(), ApiError> {
    fn fill(items: &mut Value, parent: &str, nested: Option<&str>) -> Result<(), ApiError> {
        let Value::Array(items) = items else {
            return Ok(());
        };
        for item in items {
            let Some(name) = item.get("name").and_then(Value::as_str) else {
                continue;
            };
            let fqn = fqn::child(Some(parent), name)?;
            if let Some(children) = nested.and_then(|n| item.get_mut(n)) {
                fill(children, &fqn, nested)?;
            }
            item["fullyQualifiedName"] = json!(fqn);
        }
        Ok(())
    }
    let Some(parent) = doc
        .get("fullyQualifiedName")
        .and_then(Value::as_str)
        .map(String::from)
    else {
        return Ok(());
    };
    for (field, nested) in NESTED_ITEMS {
        if let Some(items) = doc.get_mut(*field) {
            fill(items, &parent, *nested)?;
        }
    }
    Ok(())
}

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

fn ops_touch(ops: &Value, prefix: &str) -> bool {
    ops.as_array().is_some_and(|a| {
        a.iter().any(|op| {
            op.get("path")
                .and_then(Value::as_str)
                .is_some_and(|p| p.starts_with(prefix))
        })
    })
}

fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        _ => false,
    }
}

/// Cursors are opaque to clients: base64 of `name\0id`.
fn encode_cursor(c: &Cursor) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}\0{}", c.name, c.id))
}

fn decode_cursor(s: &str) -> Result<Cursor, ApiError> {
    use base64::Engine as _;
    let bad = || ApiError::bad_request(format!("Invalid paging cursor {s}"));
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (name, id) = text.split_once('\0').ok_or_else(bad)?;
    Ok(Cursor {
        name: name.to_string(),
        id: id.to_string(),
    })
}
