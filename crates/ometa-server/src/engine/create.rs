//! From a create request to an entity document: the schema check, names and FQNs, nested
//! items, defaults, and the invariants every written entity keeps.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::engine::error::ApiError;
use crate::engine::field_rules::{NESTED_ITEMS, NON_EMPTY_LISTS};
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Engine, fqn, kinds};
use crate::store::Stored;

/// Where a created entity goes, when its kind has its own rule.
pub struct Placement {
    /// The containing entity (recursive deletes follow it).
    pub parent: Option<Stored>,
    /// The entity's FQN.
    pub fqn: String,
}

/// What a create request describes, before the server's bookkeeping.
pub(super) struct Draft {
    pub(super) doc: Map<String, Value>,
    pub(super) name: String,
    pub(super) fqn: String,
    pub(super) parent_id: Option<String>,
}

/// A change may not leave a policy without rules.
pub(super) fn keeps_its_lists(sk: &ServerKind, doc: &Value) -> Result<(), ApiError> {
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

/// Gives every nested item (a column and its children, a pipeline task) its FQN under the
/// entity's.
pub(super) fn fill_nested_fqns(doc: &mut Value) -> Result<(), ApiError> {
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

impl Engine {
    /// Checks a finished document against the entity schema, dropping fields of the create
    /// request that the entity does not have (ids lists the server turned into references).
    pub(super) fn check_entity(sk: &ServerKind, doc: &mut Value) -> Result<Value, ApiError> {
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
    pub(super) fn entity_from_create(
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
            crate::engine::query_identity::derive_identity(&mut doc);
        }
        if sk.kind.type_name == "table" {
            crate::engine::table_rules::check_new_table(&doc)?;
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

    /// What a written entity must satisfy beyond its schema: a policy keeps at least one
    /// rule, and its rule conditions evaluate; the real server's entity rules
    /// ([`Engine::check_entity_rules`]; `old` is the entity an update changes).
    pub(super) fn check_invariants(
        &self,
        sk: &ServerKind,
        doc: &Value,
        old: Option<&Value>,
    ) -> Result<(), ApiError> {
        keeps_its_lists(sk, doc)?;
        self.check_entity_rules(sk.kind.type_name, doc, old)?;
        match sk.kind.type_name {
            "team" => self.check_team(doc, old)?,
            "table" => self.check_table_constraints(doc)?,
            _ => {}
        }
        if sk.kind.type_name == "policy" {
            self.check_policy_conditions(doc)?;
        }
        Ok(())
    }
}
