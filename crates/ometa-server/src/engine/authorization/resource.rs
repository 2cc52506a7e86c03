//! What a request acts on, as the real `ResourceContext` sees it: the resource type and, when
//! the request names an entity, its owners (inherited ones included; a user owns itself), its
//! tags (columns' included), domains, reviewers and certification. A create request is judged
//! by its parent: owning a schema lets one create tables in it.

use serde_json::Value;

use http::StatusCode;

use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::{Caller, Engine, Key, text_field as text};
use crate::store::relations::{merge_references, references};
use crate::store::{Include, Stored};

/// The resource of one authorization request.
#[derive(Debug, Clone, Default)]
pub struct ResourceContext {
    /// The resource type (`table`), what rules' `resources` name.
    pub resource: String,
    /// The entity acted on, if the request names one that exists (or the one being created).
    pub entity: Option<Value>,
    /// Its owners; `None` without an entity.
    pub owners: Option<Vec<Value>>,
    /// Its domains; `None` without an entity.
    pub domains: Option<Vec<Value>>,
    /// The tag FQNs of the entity and of its columns and fields.
    pub tags: Vec<String>,
}

impl ResourceContext {
    /// A request about a resource type, not one entity (listings, type-level permissions).
    pub fn of_type(resource: &str) -> Self {
        ResourceContext {
            resource: resource.to_string(),
            ..Default::default()
        }
    }
}

/// Every tag label under any `tags` array of `doc` (the entity's, its columns', ...).
pub(crate) fn tag_labels(doc: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(o) => {
                for (k, v) in o {
                    match v.as_array() {
                        Some(labels) if k == "tags" => out.extend(labels),
                        _ => stack.push(v),
                    }
                }
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}

/// The distinct `tagFQN`s of [`tag_labels`].
fn tag_fqns(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for label in tag_labels(doc) {
        let fqn = text(label, "tagFQN");
        if !fqn.is_empty() && !out.iter().any(|x| x == fqn) {
            out.push(fqn.to_string());
        }
    }
    out
}

impl Engine {
    /// The context of the stored entity `s`.
    pub(crate) fn resource_context(&self, s: &Stored) -> Result<ResourceContext, ApiError> {
        let sk = kinds::required(&s.kind)?;
        let mut owners = references(&s.json, "owners");
        let mut domains = references(&s.json, "domains");
        if s.kind == "user" {
            owners = vec![self.reference(s)];
        }
        let wanted: Vec<&'static str> = [("owners", &owners), ("domains", &domains)]
            .into_iter()
            .filter(|(_, v)| v.is_empty())
            .map(|(f, _)| f)
            .collect();
        if !wanted.is_empty() {
            for (field, refs) in self.inherited(&sk, s, &wanted)? {
                let target = if field == "owners" {
                    &mut owners
                } else {
                    &mut domains
                };
                *target = refs.as_array().cloned().unwrap_or_default();
            }
        }
        self.parent_owners(&sk, &s.json, &mut owners)?;
        let tags = tag_fqns(&s.json);
        Ok(ResourceContext {
            resource: s.kind.clone(),
            entity: Some(s.json.clone()),
            owners: Some(owners),
            domains: Some(domains),
            tags,
        })
    }

    /// The context of the entity `key` of `sk`, or a type-level one if there is none (the
    /// 404 is the handler's to give).
    pub fn entity_context(&self, sk: &ServerKind, key: &Key) -> Result<ResourceContext, ApiError> {
        match self.find(sk, key, Include::All) {
            Ok(s) => self.resource_context(&s),
            Err(e) if e.status == StatusCode::NOT_FOUND => {
                Ok(ResourceContext::of_type(sk.kind.type_name))
            }
            Err(e) => Err(e),
        }
    }

    /// The context of a create or upsert request, and whether its entity exists already: an
    /// existing entity's own context, else the new entity judged by its parent (its reviewers
    /// count; owners, tags and domains are the parent's). A request that is not valid is the
    /// handler's error, given here first.
    pub fn upsert_context(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
    ) -> Result<(ResourceContext, bool), ApiError> {
        let draft = self.entity_from_create(sk, body, caller)?;
        if let Some(existing) = self.store.get_by_fqn(sk.kind.type_name, &draft.fqn)? {
            return Ok((self.resource_context(&existing)?, true));
        }
        let parent = match &draft.parent_id {
            Some(id) => self.store.get(id)?,
            None => None,
        };
        let mut ctx = match &parent {
            Some(p) => self.resource_context(p)?,
            None => ResourceContext::default(),
        };
        ctx.resource = sk.kind.type_name.to_string();
        ctx.entity = Some(Value::Object(draft.doc));
        Ok((ctx, false))
    }

    /// Adds the owners a kind takes from its parent for access (a glossary term its
    /// glossary's, a tag its classification's, a data product its domains').
    fn parent_owners(
        &self,
        sk: &ServerKind,
        doc: &Value,
        owners: &mut Vec<Value>,
    ) -> Result<(), ApiError> {
        let from: Vec<Value> = match sk.kind.type_name {
            "glossaryTerm" => doc.get("glossary").cloned().into_iter().collect(),
            "tag" => doc.get("classification").cloned().into_iter().collect(),
            "dataProduct" => references(doc, "domains"),
            _ => return Ok(()),
        };
        for r in from {
            if let Some(p) = self.store.get(text(&r, "id"))? {
                merge_references(owners, references(&p.json, "owners"), false);
            }
        }
        Ok(())
    }
}
