//! What the real server refuses in a create, PUT or PATCH of an entity, with its status and
//! message: columns (`DatabaseUtil.validateColumns`), tag labels (`EntityRepository.validateTags`,
//! `TagLabelUtil`), owners (`EntityRepository.validateOwners`), and the default platform rules
//! of its `RuleEngine` (owners, domains).

use serde_json::Value;

use crate::engine::Engine;
use crate::engine::error::ApiError;
use crate::engine::fqn;

/// Kinds whose columns `DatabaseUtil.validateColumns` checks (the table and dashboard data
/// model mappers and updaters).
const COLUMN_CHECKED: &[&str] = &["table", "dashboardDataModel"];

/// Column types that need a `dataLength` (`DatabaseUtil.validateColumnDataLength`).
const SIZED_TYPES: &[&str] = &["CHAR", "VARCHAR", "BINARY", "VARBINARY"];

/// Kinds the single-domain rule ignores (its `ignoredEntities`).
const MULTI_DOMAIN_KINDS: &[&str] = &["user", "team", "persona", "bot", "query"];

/// The real rule's name and context: at most one team, and not teams and users together.
const OWNERSHIP_RULE: (&str, &str) = (
    "Multiple Users or Single Team Ownership",
    "Validates that an entity has either multiple owners or a single team as the owner.",
);

/// The real rule's name and context: one domain per entity.
const DOMAIN_RULE: (&str, &str) = (
    "Multiple Domains are not allowed",
    "By default, we only allow entities to be assigned to a single domain, except for Users and Teams.",
);

/// `EntityRepository.validateOwners`, first step: an owner reference names a user or a team.
pub fn check_owner_type(owner: &Value) -> Result<(), ApiError> {
    match owner.get("type").and_then(Value::as_str) {
        None | Some("user") | Some("team") => Ok(()),
        Some(kind) => Err(ApiError::bad_request(format!(
            "Entity of type {kind} can't be the owner. Only Team of type Group or a User can own entities."
        ))),
    }
}

/// The columns of `doc`, checked as `DatabaseUtil.validateColumns` does: the top level for
/// lengths, array and struct types and precision; names unique on each level of structs.
pub fn check_columns(kind: &str, doc: &Value) -> Result<(), ApiError> {
    if !COLUMN_CHECKED.contains(&kind) {
        return Ok(());
    }
    let Some(Value::Array(columns)) = doc.get("columns") else {
        return Ok(());
    };
    for column in columns {
        check_column(column)?;
    }
    unique_names(columns)
}

fn check_column(column: &Value) -> Result<(), ApiError> {
    let data_type = column.get("dataType").and_then(Value::as_str).unwrap_or("");
    let absent = |field: &str| column.get(field).is_none_or(Value::is_null);
    if SIZED_TYPES.contains(&data_type) && absent("dataLength") {
        return Err(ApiError::bad_request(
            "For column data types char, varchar, binary, varbinary dataLength must not be null",
        ));
    }
    if data_type == "ARRAY" && absent("arrayDataType") {
        return Err(ApiError::bad_request(
            "For column data type array, arrayDataType must not be null",
        ));
    }
    if data_type == "STRUCT" {
        match column.get("children") {
            Some(Value::Array(children)) => unique_names(children)?,
            _ => {
                return Err(ApiError::bad_request(
                    "For column data type struct, children must not be null",
                ));
            }
        }
    }
    let name = column.get("name").and_then(Value::as_str).unwrap_or("");
    let number = |field: &str| column.get(field).and_then(Value::as_i64);
    match (number("precision"), number("scale")) {
        (None, Some(_)) => Err(ApiError::bad_request(format!(
            "Scale is set but precision is not set for the column {name}"
        ))),
        (Some(precision), Some(scale)) if scale > precision => Err(ApiError::bad_request(format!(
            "Scale can't be greater than the precision for the column {name}"
        ))),
        _ => Ok(()),
    }
}

/// `DatabaseUtil.validateColumnNames`: names are unique on one level (case-sensitive).
fn unique_names(columns: &[Value]) -> Result<(), ApiError> {
    let mut seen: Vec<&str> = Vec::new();
    for name in columns
        .iter()
        .filter_map(|c| c.get("name").and_then(Value::as_str))
    {
        if seen.contains(&name) {
            return Err(ApiError::bad_request(format!(
                "Column name {name} is repeated"
            )));
        }
        seen.push(name);
    }
    Ok(())
}

/// Every list of tag labels in `doc` (the entity's own first, then those of its columns,
/// fields and tasks at any depth), with whether it is the entity's own.
fn label_lists(doc: &Value) -> Vec<(&[Value], bool)> {
    fn walk<'a>(v: &'a Value, own: bool, out: &mut Vec<(&'a [Value], bool)>) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    match x {
                        Value::Array(labels) if k == "tags" => out.push((labels, own)),
                        _ if k == "extension" => {}
                        _ => walk(x, false, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, false, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, true, &mut out);
    out
}

fn label_fqn(label: &Value) -> &str {
    label.get("tagFQN").and_then(Value::as_str).unwrap_or("")
}

/// The kind a label's FQN names: a classification tag or a glossary term.
fn label_kind(label: &Value) -> Result<&'static str, ApiError> {
    match label.get("source").and_then(Value::as_str) {
        None | Some("Classification") => Ok("tag"),
        Some("Glossary") => Ok("glossaryTerm"),
        Some(other) => Err(ApiError::bad_request(format!(
            "Invalid source type {other}"
        ))),
    }
}

/// `EntityRepository.validateReviewers`: the reviewers (their own, not inherited ones) are
/// users, or one team. Checked before they are looked up, and again once names are resolved.
pub fn check_reviewer_types(reviewers: &Value) -> Result<(), ApiError> {
    let types: Vec<&str> = reviewers
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| !crate::engine::glossary::is_inherited(r))
        .filter_map(|r| r.get("type").and_then(Value::as_str))
        .collect();
    let teams = types.iter().filter(|t| **t == "team").count();
    if !(teams == types.len() || types.iter().all(|t| *t == "user")) {
        return Err(ApiError::bad_request(
            "Invalid Reviewer Type. Only one team or multiple users can be assigned as reviewer.",
        ));
    }
    if teams > 1 {
        return Err(ApiError::bad_request(
            "Only one team can be assigned as reviewer.",
        ));
    }
    Ok(())
}

impl Engine {
    /// [`check_owner_type`] of every owner of a list, before the owners are looked up.
    pub(crate) fn check_owner_types(owners: &Value) -> Result<(), ApiError> {
        owners
            .as_array()
            .into_iter()
            .flatten()
            .try_for_each(check_owner_type)
    }

    /// The entity rules of the real server a write must keep, in its order: owners, the
    /// platform rules, columns, tag labels. `old` is the entity before an update: as the
    /// real `RuleEngine.evaluateUpdate`, an update is refused by a platform rule only when
    /// it breaks at least as many as the entity did.
    pub(crate) fn check_entity_rules(
        &self,
        kind: &str,
        doc: &Value,
        old: Option<&Value>,
    ) -> Result<(), ApiError> {
        self.check_owners(doc)?;
        let broken = platform_rules_broken(kind, doc);
        if let Some(&(rule, context)) = broken.first() {
            let before = old.map_or(0, |o| platform_rules_broken(kind, o).len());
            if old.is_none() || broken.len() >= before.max(1) {
                return Err(ApiError::rule_violation(rule, context));
            }
        }
        check_columns(kind, doc)?;
        self.check_labels(doc)
    }

    /// `EntityRepository.validateOwners`: owners are users or teams of type Group, and exist.
    fn check_owners(&self, doc: &Value) -> Result<(), ApiError> {
        let Some(Value::Array(owners)) = doc.get("owners") else {
            return Ok(());
        };
        for owner in owners {
            check_owner_type(owner)?;
            let kind = owner.get("type").and_then(Value::as_str).unwrap_or("");
            let id = owner.get("id").and_then(Value::as_str).unwrap_or("");
            let stored = self
                .store
                .get(id)?
                .filter(|s| s.kind == kind)
                .ok_or_else(|| ApiError::not_found(kind, id))?;
            let team_type = stored.json.get("teamType").and_then(Value::as_str);
            if kind == "team" && team_type != Some("Group") {
                return Err(ApiError::bad_request(format!(
                    "Team of type {} can't own entities. Only Team of type Group can own entities.",
                    team_type.unwrap_or("Group")
                )));
            }
        }
        Ok(())
    }

    /// `EntityRepository.validateTags`: every label names a tag or glossary term that exists;
    /// no two labels of one list share a mutually exclusive parent; the entity's own labels
    /// name no disabled tag.
    fn check_labels(&self, doc: &Value) -> Result<(), ApiError> {
        for (labels, own) in label_lists(doc) {
            let mut sorted: Vec<&Value> = labels.iter().collect();
            sorted.sort_by_key(|l| label_fqn(l));
            let mut exclusive_parents: Vec<(&str, &Value)> = Vec::new();
            for label in sorted {
                let kind = label_kind(label)?;
                let name = label_fqn(label);
                let target = self
                    .store
                    .get_by_fqn(kind, name)?
                    .filter(|s| !s.deleted)
                    .ok_or_else(|| ApiError::not_found(kind, name))?;
                if own && kind == "tag" && target.json.get("disabled") == Some(&Value::Bool(true)) {
                    return Err(ApiError::bad_request(format!(
                        "Tag label {name} is disabled and can't be assigned to a data asset."
                    )));
                }
                let Some((parent, _)) = fqn::split_last(name) else {
                    continue;
                };
                if !self.is_mutually_exclusive(kind, parent)? {
                    continue;
                }
                if let Some((_, earlier)) = exclusive_parents.iter().find(|(p, _)| *p == parent) {
                    return Err(ApiError::bad_request(format!(
                        "Tag labels {name} and {} are mutually exclusive and can't be assigned together",
                        label_fqn(earlier)
                    )));
                }
                exclusive_parents.push((parent, label));
            }
        }
        Ok(())
    }

    /// Whether the parent (`parent_fqn`) of a label of `kind` makes its children mutually
    /// exclusive: a classification or parent tag, a glossary or parent term.
    fn is_mutually_exclusive(&self, kind: &str, parent_fqn: &str) -> Result<bool, ApiError> {
        let top = fqn::split_last(parent_fqn).is_none();
        let parent_kind = match (kind, top) {
            ("tag", true) => "classification",
            ("tag", false) => "tag",
            (_, true) => "glossary",
            (_, false) => "glossaryTerm",
        };
        Ok(self
            .store
            .get_by_fqn(parent_kind, parent_fqn)?
            .is_some_and(|p| p.json.get("mutuallyExclusive") == Some(&Value::Bool(true))))
    }
}

/// The default platform rules (the real `entityRulesSettings`) that `doc` breaks.
fn platform_rules_broken(kind: &str, doc: &Value) -> Vec<(&'static str, &'static str)> {
    let mut broken = Vec::new();
    let count = |field: &str, of_type: Option<&str>| {
        doc.get(field).and_then(Value::as_array).map_or(0, |refs| {
            refs.iter()
                .filter(|r| {
                    of_type.is_none_or(|t| r.get("type").and_then(Value::as_str) == Some(t))
                })
                .count()
        })
    };
    let teams = count("owners", Some("team"));
    if teams > 1 || (teams == 1 && count("owners", None) > 1) {
        broken.push(OWNERSHIP_RULE);
    }
    if !MULTI_DOMAIN_KINDS.contains(&kind) && count("domains", None) > 1 {
        broken.push(DOMAIN_RULE);
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn columns(cols: Value) -> Result<(), ApiError> {
        check_columns("table", &json!({ "columns": cols }))
    }

    #[test]
    fn columns_follow_database_util() {
        let err = columns(json!([{"name": "a", "dataType": "VARCHAR"}])).unwrap_err();
        assert_eq!(
            err.message,
            "For column data types char, varchar, binary, varbinary dataLength must not be null"
        );
        assert!(columns(json!([{"name": "a", "dataType": "VARCHAR", "dataLength": 8}])).is_ok());
        let err = columns(json!([{"name": "a", "dataType": "ARRAY"}])).unwrap_err();
        assert_eq!(
            err.message,
            "For column data type array, arrayDataType must not be null"
        );
        let err = columns(json!([{"name": "s", "dataType": "STRUCT"}])).unwrap_err();
        assert_eq!(
            err.message,
            "For column data type struct, children must not be null"
        );
        let err =
            columns(json!([{"name": "id", "dataType": "INT"}, {"name": "id", "dataType": "INT"}]))
                .unwrap_err();
        assert_eq!(err.message, "Column name id is repeated");
        let nested = json!([{"name": "s", "dataType": "STRUCT", "children": [
            {"name": "x", "dataType": "INT"}, {"name": "x", "dataType": "INT"}]}]);
        assert_eq!(
            columns(nested).unwrap_err().message,
            "Column name x is repeated"
        );
        let err =
            columns(json!([{"name": "amount", "dataType": "DECIMAL", "precision": 4, "scale": 6}]))
                .unwrap_err();
        assert_eq!(
            err.message,
            "Scale can't be greater than the precision for the column amount"
        );
        assert!(
            check_columns(
                "topic",
                &json!({"columns": [{"name": "a", "dataType": "VARCHAR"}]})
            )
            .is_ok(),
            "only tables and data models have their columns checked"
        );
        let child_without_length = json!([{"name": "s", "dataType": "STRUCT", "children": [
            {"name": "x", "dataType": "VARCHAR"}]}]);
        assert!(
            columns(child_without_length).is_ok(),
            "children are not length-checked"
        );
    }

    #[test]
    fn platform_rules_count_owners_and_domains() {
        let team = json!({"type": "team", "id": "t"});
        let user = json!({"type": "user", "id": "u"});
        assert!(platform_rules_broken("table", &json!({"owners": [user, user]})).is_empty());
        assert_eq!(
            platform_rules_broken("table", &json!({"owners": [team, user]})),
            [OWNERSHIP_RULE]
        );
        assert_eq!(
            platform_rules_broken("table", &json!({"domains": [{"id": "a"}, {"id": "b"}]})),
            [DOMAIN_RULE]
        );
        assert!(
            platform_rules_broken("user", &json!({"domains": [{"id": "a"}, {"id": "b"}]}))
                .is_empty()
        );
    }
}
