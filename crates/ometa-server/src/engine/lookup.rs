//! Finding entities: by id or FQN, and resolving the entity references a request names.

use serde_json::{Map, Value, json};

use crate::engine::error::ApiError;
use crate::engine::field_rules::ID_LIST_FIELDS;
use crate::engine::kinds::ServerKind;
use crate::engine::validation::check_reviewer_types;
use crate::engine::{Engine, Key, fqn, kinds};
use crate::store::{Include, Stored};

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

    pub(super) fn href(&self, sk: &ServerKind, id: &str) -> String {
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
    pub(super) fn by_name(&self, kind: &str, fqn: &str) -> Result<Option<Stored>, ApiError> {
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
    pub(super) fn resolve_id(&self, value: &Value, types: &[&str]) -> Result<Stored, ApiError> {
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
    pub(super) fn resolve_list(
        &self,
        value: &Value,
        types: &[&str],
        ids: bool,
    ) -> Result<Value, ApiError> {
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
    pub(super) fn resolve_references(
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
                if *field == "reviewers" {
                    check_reviewer_types(v)?;
                }
                let mut resolved = self.resolve_list(v, types, ids)?;
                if *field == "reviewers"
                    && let Value::Array(rs) = &mut resolved
                {
                    rs.retain(|r| !crate::engine::glossary::is_inherited(r));
                    check_reviewer_types(&resolved)?;
                }
                doc.insert((*field).to_string(), resolved);
            }
        }
        Ok(())
    }
}
