//! What a request acts on, as the real `ResourceContext` sees it: the resource type and, when
//! the request names an entity, its owners (inherited ones included; a user owns itself), its
//! tags (columns' included), domains, reviewers and certification. A create request is judged
//! by its parent: owning a schema lets one create tables in it.

use std::cell::OnceCell;

use http::StatusCode;
use serde_json::Value;

use crate::engine::authorization::stop::Stop;
use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::{Caller, Engine, Key, text_field as text};
use crate::store::relations::{merge_references, references};
use crate::store::{Include, Stored};

/// What authorization reads of an entity: the entity, its owners and domains (inherited
/// ones included) and every tag FQN on it.
#[derive(Debug, Clone)]
pub struct EntityFacts {
    /// The entity document (or the one being created).
    pub entity: Value,
    /// Its owners (a user owns itself).
    pub owners: Vec<Value>,
    /// Its domains.
    pub domains: Vec<Value>,
    /// The tag FQNs of the entity and of its columns and fields.
    pub tags: Vec<String>,
}

/// Where a context's entity comes from.
#[derive(Debug, Clone)]
enum Source {
    /// There is none (a listing, a type-level question).
    Nothing,
    /// The entity of this kind and key, read when first needed.
    Entity(ServerKind, Key),
    /// Not known here: a decision that needs it cannot be made.
    Unknown,
}

/// The resource of one authorization request; the entity's facts are read only if a rule's
/// condition, a refusal (reviewers may do everything) or an owning team's deny rule needs them.
#[derive(Debug, Clone)]
pub struct ResourceContext {
    /// The resource type (`table`), what rules' `resources` name.
    pub resource: String,
    source: Source,
    facts: OnceCell<Option<EntityFacts>>,
}

impl ResourceContext {
    fn new(resource: &str, source: Source) -> Self {
        ResourceContext {
            resource: resource.to_string(),
            source,
            facts: OnceCell::new(),
        }
    }

    /// A request about a resource type, not one entity (listings, type-level permissions).
    pub fn of_type(resource: &str) -> Self {
        Self::new(resource, Source::Nothing)
    }

    /// A request about the entity `key` of `sk` (none if it does not exist: the 404 is the
    /// handler's to give).
    pub fn of_entity(sk: ServerKind, key: Key) -> Self {
        Self::new(sk.kind.type_name, Source::Entity(sk, key))
    }

    /// A request about an entity of `resource` not known here (a create or upsert before its
    /// request is read): only rules that need nothing of it can decide.
    pub fn unknown(resource: &str) -> Self {
        Self::new(resource, Source::Unknown)
    }

    /// A request about an entity whose facts are known.
    pub fn known(resource: &str, facts: Option<EntityFacts>) -> Self {
        let ctx = Self::new(resource, Source::Nothing);
        let _ = ctx.facts.set(facts);
        ctx
    }

    /// The entity's facts, read on first use; `offline`: reading is not allowed
    /// ([`Stop::Read`]).
    pub(crate) fn facts(
        &self,
        engine: &Engine,
        offline: bool,
    ) -> Result<Option<&EntityFacts>, Stop> {
        if let Some(f) = self.facts.get() {
            return Ok(f.as_ref());
        }
        let read = match &self.source {
            Source::Nothing => None,
            Source::Unknown => return Err(Stop::Read),
            Source::Entity(..) if offline => return Err(Stop::Read),
            Source::Entity(sk, key) => match engine.find(sk, key, Include::All) {
                Ok(s) => Some(engine.entity_facts(&s)?),
                Err(e) if e.status == StatusCode::NOT_FOUND => None,
                Err(e) => return Err(e.into()),
            },
        };
        Ok(self.facts.get_or_init(|| read).as_ref())
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
    /// What authorization reads of the stored entity `s`.
    pub(crate) fn entity_facts(&self, s: &Stored) -> Result<EntityFacts, ApiError> {
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
        Ok(EntityFacts {
            entity: s.json.clone(),
            owners,
            domains,
            tags: tag_fqns(&s.json),
        })
    }

    /// The context of the stored entity `s`, its facts read now.
    pub(crate) fn resource_context(&self, s: &Stored) -> Result<ResourceContext, ApiError> {
        Ok(ResourceContext::known(&s.kind, Some(self.entity_facts(s)?)))
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
        let (owners, domains, tags) = match &parent {
            Some(p) => {
                let f = self.entity_facts(p)?;
                (f.owners, f.domains, f.tags)
            }
            None => Default::default(),
        };
        let facts = EntityFacts {
            entity: Value::Object(draft.doc),
            owners,
            domains,
            tags,
        };
        Ok((
            ResourceContext::known(sk.kind.type_name, Some(facts)),
            false,
        ))
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
