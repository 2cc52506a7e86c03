//! The operations of the real `MetadataOperation` enum and how a rule's operations cover a
//! requested one: `All` covers every operation, `EditAll` every `Edit…`, `ViewAll` every
//! `View…`; any other operation only itself.

use openmetadata_types::entity::policies::access_control::resource_descriptor::Operation;
use serde_json::Value;

use crate::engine::authorization::resource::tag_labels;
use crate::engine::text_field as text;

/// Every operation, in the schema's order.
pub fn all() -> impl Iterator<Item = &'static str> {
    Operation::VALUES.iter().map(Operation::as_str)
}

/// Whether a rule granting or denying `rule_ops` covers the requested `op`.
pub fn covers(rule_ops: &[String], op: &str) -> bool {
    rule_ops.iter().any(|r| {
        r == "All"
            || r == op
            || (r == "EditAll" && op.starts_with("Edit"))
            || (r == "ViewAll" && op.starts_with("View"))
    })
}

/// Fields any reader may see with `ViewBasic` (the real `EntityResource` map and the
/// per-resource additions).
const BASIC_FIELDS: &[&str] = &[
    "owners",
    "followers",
    "votes",
    "tags",
    "extension",
    "domains",
    "dataProducts",
    "experts",
    "reviewers",
    "certification",
    "columns",
    "tableConstraints",
    "tablePartition",
    "joins",
    "schemaDefinition",
    "dataModel",
    "databaseSchemas",
    "location",
    "tables",
    "profile",
    "roles",
    "teams",
    "follows",
    "owns",
];

/// Fields with a view operation of their own.
const FIELD_VIEWS: &[(&str, &str)] = &[
    ("usageSummary", "ViewUsage"),
    ("customMetrics", "ViewTests"),
    ("testSuite", "ViewTests"),
    ("sampleData", "ViewSampleData"),
];

/// The view operations a read of `fields` needs, as the real `getViewOperations` finds them:
/// `ViewBasic` for the basic fields, a field's own operation where it has one, and `ViewAll`
/// as soon as any other field is asked for.
pub fn view_operations(fields: &[String]) -> Vec<&'static str> {
    let mut out = vec!["ViewBasic"];
    for field in fields {
        let op = match FIELD_VIEWS.iter().find(|(f, _)| f == field) {
            Some((_, op)) => *op,
            None if BASIC_FIELDS.contains(&field.as_str()) => continue,
            None => return vec!["ViewAll"],
        };
        if !out.contains(&op) {
            out.push(op);
        }
    }
    out
}

/// Fields whose edit has its own operation (the real `FIELD_TO_EDIT_OPERATION_MAP`).
const FIELD_EDITS: &[(&str, &str)] = &[
    ("tags", "EditTags"),
    ("owners", "EditOwners"),
    ("reviewers", "EditReviewers"),
    ("extension", "EditCustomFields"),
    ("users", "EditUsers"),
    ("defaultRoles", "EditRole"),
    ("roles", "EditRole"),
    ("policies", "EditPolicy"),
    ("teams", "EditTeams"),
    ("description", "EditDescription"),
    ("displayName", "EditDisplayName"),
    ("certification", "EditCertification"),
];

/// The operation of editing `path`: that of its first segment naming a field with one.
fn path_operation(path: &str) -> Option<&'static str> {
    path.split('/')
        .find_map(|seg| FIELD_EDITS.iter().find(|(f, _)| *f == seg).map(|(_, o)| *o))
}

/// Whether a JSON Patch edits tag labels (its operations then depend on the entity).
pub fn patch_touches_tags(patch: &Value) -> bool {
    patch
        .as_array()
        .into_iter()
        .flatten()
        .any(|op| path_operation(text(op, "path")) == Some("EditTags"))
}

/// The operation an edit of a tag label needs: `Tier.…` → `EditTier`, `Certification.…` →
/// `EditCertification`, a classification tag → `EditTags`, a glossary term →
/// `EditGlossaryTerms`.
fn tag_operation(label: &Value) -> &'static str {
    let fqn = text(label, "tagFQN");
    if fqn.starts_with("Tier.") {
        "EditTier"
    } else if fqn.starts_with("Certification.") {
        "EditCertification"
    } else {
        match text(label, "source") {
            "Classification" => "EditTags",
            "Glossary" => "EditGlossaryTerms",
            _ => "EditAll",
        }
    }
}

/// The operations a JSON Patch of `entity` needs, as the real `JsonPatchUtils` finds them:
/// each operation's path by its first segment that names a field with its own operation,
/// `EditAll` for any other; a tag edit by the labels it adds or removes. A patch that changes
/// no tag label needs nothing for it.
pub fn patch_operations(entity: Option<&Value>, patch: &Value) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut tags_touched = false;
    for op in patch.as_array().into_iter().flatten() {
        match path_operation(text(op, "path")) {
            None => return vec!["EditAll"],
            Some("EditTags") => tags_touched = true,
            Some(o) if !out.contains(&o) => out.push(o),
            Some(_) => {}
        }
    }
    if tags_touched {
        let before = entity.cloned().unwrap_or(Value::Null);
        let mut after = before.clone();
        let applied = serde_json::from_value::<json_patch::Patch>(patch.clone())
            .ok()
            .is_some_and(|p| json_patch::patch(&mut after, &p).is_ok());
        if !applied {
            return vec!["EditAll"];
        }
        let (old, new) = (tag_labels(&before), tag_labels(&after));
        let changed = new
            .iter()
            .filter(|l| !old.contains(l))
            .chain(old.iter().filter(|l| !new.contains(l)));
        for label in changed {
            let o = tag_operation(label);
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn all_edit_all_and_view_all_cover_their_families_only() {
        assert!(covers(&ops(&["All"]), "Delete"));
        assert!(covers(&ops(&["EditAll"]), "EditOwners"));
        assert!(!covers(&ops(&["EditAll"]), "Delete"));
        assert!(covers(&ops(&["ViewAll"]), "ViewUsage"));
        assert!(!covers(&ops(&["ViewBasic"]), "ViewAll"));
        assert!(!covers(&ops(&["EditDescription"]), "EditAll"));
        assert!(covers(&ops(&["Create", "Delete"]), "Delete"));
    }

    #[test]
    fn a_patch_needs_the_operations_of_the_fields_it_edits() {
        let entity = serde_json::json!({"description": "d", "tags": [
            {"tagFQN": "PII.Sensitive", "source": "Classification"}
        ], "columns": [{"name": "c", "tags": []}]});
        let needs = |patch: Value| patch_operations(Some(&entity), &patch);
        assert_eq!(
            needs(serde_json::json!([{"op": "replace", "path": "/description", "value": "x"}])),
            ["EditDescription"]
        );
        assert_eq!(
            needs(
                serde_json::json!([{"op": "add", "path": "/columns/0/description", "value": "x"},
                {"op": "add", "path": "/owners/0", "value": {}}])
            ),
            ["EditDescription", "EditOwners"]
        );
        assert_eq!(
            needs(serde_json::json!([{"op": "replace", "path": "/name", "value": "x"}])),
            ["EditAll"]
        );
        assert_eq!(
            needs(
                serde_json::json!([{"op": "add", "path": "/columns/0/tags/0",
                "value": {"tagFQN": "Tier.Tier1", "source": "Classification"}}])
            ),
            ["EditTier"]
        );
        assert_eq!(
            needs(serde_json::json!([{"op": "add", "path": "/tags/1",
                "value": {"tagFQN": "Glossary.Term", "source": "Glossary"}}])),
            ["EditGlossaryTerms"]
        );
        assert_eq!(
            needs(serde_json::json!([{"op": "remove", "path": "/tags/0"}])),
            ["EditTags"]
        );
        let same = serde_json::json!([{"op": "replace", "path": "/tags/0",
            "value": {"tagFQN": "PII.Sensitive", "source": "Classification"}}]);
        assert!(needs(same).is_empty());
    }

    #[test]
    fn the_schema_s_operations_are_known_by_name() {
        assert_eq!(all().next(), Some("All"));
        assert!(all().any(|op| op == "EditGlossaryTerms"));
        assert_eq!(
            view_operations(&ops(&["owners", "usageSummary", "testSuite"])),
            ["ViewBasic", "ViewUsage", "ViewTests"]
        );
        assert_eq!(view_operations(&ops(&["owners", "lifeCycle"])), ["ViewAll"]);
    }
}
