//! The relationships an entity document states, as rows of the `relationship` and
//! `tag_usage` tables: who owns, follows or holds an entity, and which tags and glossary
//! terms are applied to it (on the entity or on any nested item, such as a column).

use serde_json::Value;

/// A relationship kind, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The container holds the entity.
    Contains,
    /// A user or team owns the entity.
    Owns,
    /// A user follows the entity.
    Follows,
    /// A domain holds the entity.
    HasDomain,
    /// A data product holds the entity.
    HasAsset,
    /// The entity is used by a query (the query's `queryUsedIn`).
    UsedIn,
    /// A test suite lists the test case (the test case's `testSuites`).
    InSuite,
    /// A team has the user as a member (the user's `teams`).
    HasMember,
    /// A user is listed by a team or a query (their `users`).
    ListedIn,
    /// A glossary term is named by another's `relatedTerms`.
    RelatedTerm,
    /// A user has the role (the user's `roles`).
    HasRole,
    /// A team gives the role to its members (the team's `defaultRoles`).
    DefaultRole,
}

impl Relation {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Contains => "contains",
            Relation::Owns => "owns",
            Relation::Follows => "follows",
            Relation::HasDomain => "hasDomain",
            Relation::HasAsset => "hasAsset",
            Relation::UsedIn => "usedIn",
            Relation::InSuite => "inSuite",
            Relation::HasMember => "hasMember",
            Relation::ListedIn => "listedIn",
            Relation::RelatedTerm => "relatedTerm",
            Relation::HasRole => "hasRole",
            Relation::DefaultRole => "defaultRole",
        }
    }

    /// The document field whose references state this relationship, if any.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Relation::Contains => None,
            Relation::Owns => Some("owners"),
            Relation::Follows => Some("followers"),
            Relation::HasDomain => Some("domains"),
            Relation::HasAsset => Some("dataProducts"),
            Relation::UsedIn => Some("queryUsedIn"),
            Relation::InSuite => Some("testSuites"),
            Relation::HasMember => Some("teams"),
            Relation::ListedIn => Some("users"),
            Relation::RelatedTerm => Some("relatedTerms"),
            Relation::HasRole => Some("roles"),
            Relation::DefaultRole => Some("defaultRoles"),
        }
    }
}

/// The relationships stated by reference lists of a document.
pub const BY_FIELD: &[Relation] = &[
    Relation::Owns,
    Relation::Follows,
    Relation::HasDomain,
    Relation::HasAsset,
    Relation::UsedIn,
    Relation::InSuite,
    Relation::HasMember,
    Relation::ListedIn,
    Relation::RelatedTerm,
    Relation::HasRole,
    Relation::DefaultRole,
];

/// The references a document's list field holds (none when it is absent).
pub fn references(doc: &Value, field: &str) -> Vec<Value> {
    doc.get(field)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Appends each reference of `more` that names an entity not yet in `out`, marked
/// `inherited: true` when `inherited`.
pub fn merge_references(out: &mut Vec<Value>, more: Vec<Value>, inherited: bool) {
    for mut r in more {
        if out.iter().any(|o| referenced_id(o) == referenced_id(&r)) {
            continue;
        }
        if inherited {
            r["inherited"] = Value::Bool(true);
        }
        out.push(r);
    }
}

/// The id a reference of a relationship field names: its own, or its `term`'s (a related
/// term is `{term, relationType}`).
pub fn referenced_id(r: &Value) -> Option<&str> {
    r.get("id")
        .or_else(|| r.pointer("/term/id"))
        .and_then(Value::as_str)
}

/// `(related id, relation)` for every reference of the document's relationship fields.
pub fn stated(doc: &Value) -> Vec<(String, Relation)> {
    let mut out = Vec::new();
    for relation in BY_FIELD {
        let Some(Value::Array(refs)) = relation.field().and_then(|f| doc.get(f)) else {
            continue;
        };
        for r in refs {
            if r.get("inherited").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            if let Some(id) = referenced_id(r) {
                out.push((id.to_string(), *relation));
            }
        }
    }
    out
}

/// Every tag or glossary term FQN applied anywhere in the document.
pub fn tag_fqns(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_tags(doc, &mut out);
    out.sort();
    out.dedup();
    out
}

fn collect_tags(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "tags"
                    && let Value::Array(labels) = x
                {
                    out.extend(
                        labels
                            .iter()
                            .filter_map(|l| l.get("tagFQN").and_then(Value::as_str))
                            .map(String::from),
                    );
                } else {
                    collect_tags(x, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_tags(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_references_and_nested_tags() {
        let doc = json!({
            "owners": [{"id": "u1", "type": "user"}, {"id": "t0", "type": "team", "inherited": true}],
            "followers": [{"id": "u2"}],
            "domains": [{"id": "d1"}],
            "tags": [{"tagFQN": "PII.Sensitive"}],
            "columns": [{"name": "c", "tags": [{"tagFQN": "Tier.Tier1"}, {"tagFQN": "PII.Sensitive"}]}]
        });
        assert_eq!(
            stated(&doc),
            vec![
                ("u1".to_string(), Relation::Owns),
                ("u2".to_string(), Relation::Follows),
                ("d1".to_string(), Relation::HasDomain)
            ]
        );
        assert_eq!(tag_fqns(&doc), vec!["PII.Sensitive", "Tier.Tier1"]);
    }
}
