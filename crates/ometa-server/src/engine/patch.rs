//! JSON Patch of an entity, checked against `If-Match` and the same rules as any write.

use http::StatusCode;
use serde_json::{Value, json};

use crate::engine::change::{etag, if_match_admits};
use crate::engine::error::ApiError;
use crate::engine::field_rules::LIST_RELATIONSHIP_FIELDS;
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Engine, Key};
use crate::store::Include;

pub(super) fn ops_touch(ops: &Value, prefix: &str) -> bool {
    ops.as_array().is_some_and(|a| {
        a.iter().any(|op| {
            op.get("path")
                .and_then(Value::as_str)
                .is_some_and(|p| p.starts_with(prefix))
        })
    })
}

impl Engine {
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
}
