//! Glossary terms: the reviewers a term inherits (those of its parent term, or of its glossary
//! when it has no parent; shown with `inherited: true` after the term's own, never stored, a
//! reviewer the term names itself shown once), and related terms as typed relations
//! (`{term, relationType}`, `relatedTo` unless said otherwise), read from both sides: a term
//! named by another shows it too, with the inverse relation (`broader` ↔ `narrower`, the
//! others symmetric).

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::{Engine, text_field as text};
use crate::store::Stored;
use crate::store::relations::{Relation, merge_references, referenced_id, references};

/// How many terms naming one term are read at most.
const RELATED_LIMIT: i64 = 10_000;

/// The relation a term has to one that names it with `relation`.
fn inverse(relation: &str) -> &str {
    match relation {
        "broader" => "narrower",
        "narrower" => "broader",
        other => other,
    }
}

/// Whether a reference was filled in from an ancestor rather than stated.
pub(crate) fn is_inherited(r: &Value) -> bool {
    r.get("inherited").and_then(Value::as_bool) == Some(true)
}

impl Engine {
    /// The term's own reviewers followed by those it inherits.
    pub(crate) fn term_reviewers(&self, term: &Value) -> Result<Vec<Value>, ApiError> {
        let mut out: Vec<Value> = term
            .get("reviewers")
            .and_then(Value::as_array)
            .map(|rs| rs.iter().filter(|r| !is_inherited(r)).cloned().collect())
            .unwrap_or_default();
        merge_references(&mut out, self.inherited_reviewers(term)?, true);
        Ok(out)
    }

    /// Related terms as stored: each a `{term, relationType}` with the term's full reference.
    /// A create request names them by FQN; a patch gives relations (or bare references).
    pub(crate) fn resolve_term_relations(&self, v: &Value) -> Result<Value, ApiError> {
        let Value::Array(items) = v else {
            return Err(ApiError::bad_request("relatedTerms must be a list"));
        };
        let mut out = Vec::new();
        for item in items {
            let (term, relation) = match item.get("term") {
                Some(term) => (term, item.get("relationType").filter(|r| !r.is_null())),
                None => (item, None),
            };
            let stored = self.resolve(term, &["glossaryTerm"])?;
            out.push(json!({
                "term": self.reference(&stored),
                "relationType": relation.cloned().unwrap_or_else(|| json!("relatedTo")),
            }));
        }
        Ok(Value::Array(out))
    }

    /// A term's related terms: those it names, then the terms naming it (inverse relation).
    pub(crate) fn related_terms(&self, term: &Stored) -> Result<Value, ApiError> {
        let mut out: Vec<Value> = term
            .json
            .get("relatedTerms")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let (namers, _) = self
            .store
            .related(&term.id, Relation::RelatedTerm, RELATED_LIMIT, 0)?;
        for namer in namers.iter().filter(|n| n.kind == "glossaryTerm") {
            if out.iter().any(|r| referenced_id(r) == Some(&namer.id)) {
                continue;
            }
            let stated = namer
                .json
                .get("relatedTerms")
                .and_then(Value::as_array)
                .and_then(|rs| rs.iter().find(|r| referenced_id(r) == Some(&term.id)))
                .and_then(|r| r.get("relationType"))
                .and_then(Value::as_str)
                .unwrap_or("relatedTo");
            out.push(json!({"term": self.reference(namer), "relationType": inverse(stated)}));
        }
        Ok(Value::Array(out))
    }

    /// After a patch of `term` (applied to what a read shows): keeps in the patched document
    /// only the relations the term states itself or adds, and returns the terms that named it
    /// and are no longer related, to be unlinked.
    pub(crate) fn keep_own_related_terms(
        &self,
        term: &Stored,
        patched: &mut Value,
    ) -> Result<Vec<Stored>, ApiError> {
        let namers: Vec<Stored> = self
            .store
            .related(&term.id, Relation::RelatedTerm, RELATED_LIMIT, 0)?
            .0
            .into_iter()
            .filter(|n| n.kind == "glossaryTerm")
            .collect();
        let stated = term.json.get("relatedTerms").and_then(Value::as_array);
        let stated_ids: Vec<&str> = stated
            .into_iter()
            .flatten()
            .filter_map(referenced_id)
            .collect();
        let after = match patched.get("relatedTerms") {
            Some(Value::Array(rs)) => rs.clone(),
            _ => Vec::new(),
        };
        let after_ids: Vec<&str> = after.iter().filter_map(referenced_id).collect();
        let unrelated = namers
            .iter()
            .filter(|n| !after_ids.contains(&n.id.as_str()))
            .cloned()
            .collect();
        let own: Vec<Value> = after
            .iter()
            .filter(|r| {
                let id = referenced_id(r).unwrap_or("");
                stated_ids.contains(&id) || !namers.iter().any(|n| n.id == id)
            })
            .cloned()
            .collect();
        match (own.is_empty(), stated, patched.as_object_mut()) {
            (true, None, Some(o)) => {
                o.remove("relatedTerms");
            }
            _ => patched["relatedTerms"] = Value::Array(own),
        }
        Ok(unrelated)
    }

    /// Takes `term_id` out of the related terms of each of `namers` (no new version of them).
    pub(crate) fn unlink_related_terms(
        &self,
        term_id: &str,
        namers: Vec<Stored>,
    ) -> Result<(), ApiError> {
        for mut namer in namers {
            if let Some(Value::Array(rs)) = namer.json.get_mut("relatedTerms") {
                rs.retain(|r| referenced_id(r) != Some(term_id));
            }
            self.store_quietly(&namer)?;
        }
        Ok(())
    }

    fn inherited_reviewers(&self, term: &Value) -> Result<Vec<Value>, ApiError> {
        let parent_id = term
            .get("parent")
            .filter(|p| !p.is_null())
            .map(|p| text(p, "id"));
        if let Some(id) = parent_id {
            return match self.store.get(id)? {
                Some(parent) => self.term_reviewers(&parent.json),
                None => Ok(Vec::new()),
            };
        }
        let glossary_id = term.get("glossary").map(|g| text(g, "id")).unwrap_or("");
        Ok(self
            .store
            .get(glossary_id)?
            .map(|g| references(&g.json, "reviewers"))
            .unwrap_or_default())
    }
}
