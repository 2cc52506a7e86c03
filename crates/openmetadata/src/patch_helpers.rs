//! Named edits, like the Python SDK's `patch_*` helpers: each reads the entity, changes its
//! JSON, and sends the difference as a JSON Patch guarded by `If-Match` (re-read and re-applied
//! after a 412). Array items are matched by identity (a tag by `tagFQN`, an owner by `id`, a
//! column by `name`), so an edit never depends on positions the server may have changed.

use openmetadata_types::Entity;
use openmetadata_types::entity::data::table::{Table, TableConstraint};
use openmetadata_types::entity::policies::access_control::rule::Rule;
use openmetadata_types::entity::policies::policy::Policy;
use openmetadata_types::entity::teams::role::Role;
use openmetadata_types::tests::test_case::{TestCase, TestCaseParameterValue};
use openmetadata_types::type_::entity_reference::EntityReference;
use openmetadata_types::type_::life_cycle::LifeCycle;
use openmetadata_types::type_::tag_label::TagLabel;
use serde_json::Value;

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::params::Force;

/// Add or remove.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
/// use openmetadata::types::entity::data::table::Table;
/// use openmetadata::PatchOperation;
/// use openmetadata::types::type_::tag_label::TagLabel;
/// let pii: TagLabel = serde_json::from_value(serde_json::json!({"tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"})).unwrap();
/// om.patch_tags::<Table>(id, &[pii], PatchOperation::Remove).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchOperation {
    /// Add the items that are not there yet.
    Add,
    /// Remove the items that are there.
    Remove,
}

fn to_value<T: serde::Serialize + ?Sized>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Config(e.to_string()))
}

/// Adds or removes `items` in the array at `field`, matching items by `key`.
fn edit_list(doc: &mut Value, field: &str, items: &[Value], key: &str, op: PatchOperation) {
    let list = doc
        .as_object_mut()
        .map(|o| o.entry(field).or_insert_with(|| Value::Array(Vec::new())));
    let Some(Value::Array(list)) = list else {
        return;
    };
    for item in items {
        let id = item.get(key);
        let at = list.iter().position(|x| x.get(key) == id);
        match (op, at) {
            (PatchOperation::Add, None) => list.push(item.clone()),
            (PatchOperation::Remove, Some(i)) => {
                list.remove(i);
            }
            _ => {}
        }
    }
}

/// Where an entity type keeps its columns, and the fields to read with them.
fn column_home(type_name: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match type_name {
        "container" => (&["dataModel", "columns"], &["dataModel", "tags"]),
        "topic" => (
            &["messageSchema", "schemaFields"],
            &["messageSchema", "tags"],
        ),
        "dashboardDataModel" => (&["columns"], &["columns", "tags"]),
        _ => (&["columns"], &["columns", "tags"]),
    }
}

/// The column named `column` (its name, or its FQN in any case), searched through nested
/// children too.
fn find_column<'a>(columns: &'a mut [Value], column: &str) -> Option<&'a mut Value> {
    for c in columns.iter_mut() {
        let hit = c.get("name").and_then(Value::as_str) == Some(column)
            || c.get("fullyQualifiedName")
                .and_then(Value::as_str)
                .is_some_and(|f| f.eq_ignore_ascii_case(column));
        if hit {
            return Some(c);
        }
        if let Some(found) = c
            .get_mut("children")
            .and_then(Value::as_array_mut)
            .and_then(|children| find_column(children, column))
        {
            return Some(found);
        }
    }
    None
}

fn column_mut<'a>(doc: &'a mut Value, home: &[&str], column: &str) -> Result<&'a mut Value> {
    let mut node = Some(doc);
    for key in home {
        node = node.and_then(|n| n.get_mut(*key));
    }
    node.and_then(Value::as_array_mut)
        .and_then(|cols| find_column(cols, column))
        .ok_or_else(|| Error::InvalidRequest(format!("no column {column}")))
}

/// Sets `field` of `item` to `text` unless it has a non-empty one and not `force`.
fn set_text(item: &mut Value, field: &str, text: &str, force: bool) {
    let has = item
        .get(field)
        .and_then(Value::as_str)
        .is_some_and(|d| !d.is_empty());
    if force || !has {
        item[field] = Value::String(text.to_string());
    }
}

/// An error when removing `item` would leave `field` empty.
fn refuse_emptying(
    doc: &Value,
    field: &str,
    item: &Value,
    key: &str,
    op: PatchOperation,
    why: &str,
) -> Result<()> {
    let list = doc.get(field).and_then(Value::as_array);
    let only_this = list.is_some_and(|l| l.len() == 1 && l[0].get(key) == item.get(key));
    if op == PatchOperation::Remove && only_this {
        return Err(Error::InvalidRequest(format!(
            "{why}: cannot remove the last of its {field}"
        )));
    }
    Ok(())
}

impl OpenMetadata {
    /// Reads the entity with `fields` as JSON, lets `change` edit it, and patches the
    /// difference with `If-Match`; after a 412 it reads again and re-applies `change` (3
    /// attempts). `None` when nothing changed.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.modify::<Table>(id, &["tags"], |doc| {
    ///     doc["displayName"] = serde_json::json!("Orders");
    ///     Ok(())
    /// }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn modify<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        fields: &[&str],
        mut change: impl FnMut(&mut Value) -> Result<()>,
    ) -> Result<Option<E>> {
        let path = format!("/{}/{}", E::COLLECTION, id);
        let query = [("fields", fields.join(","))];
        let mut attempt = 0;
        loop {
            attempt += 1;
            let current: Value = self
                .call(reqwest::Method::GET, &path, &query, None)
                .await?
                .json()?;
            let mut edited = current.clone();
            change(&mut edited)?;
            let ops = to_value(&json_patch::diff(&current, &edited))?;
            if ops.as_array().is_none_or(Vec::is_empty) {
                return Ok(None);
            }
            let version = current.get("version").and_then(Value::as_f64);
            match self.patch_at::<E>(&path, ops, version).await {
                Err(e) if e.is_precondition_failed() && attempt < 3 => continue,
                other => return other.map(Some),
            }
        }
    }

    /// Sets the description; with `force` false, only when there is none yet.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.patch_description::<Table>(id, "Orders, one row per order.", false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_description<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        description: &str,
        force: impl Into<Force>,
    ) -> Result<Option<E>> {
        let force = force.into().is_yes();
        self.modify::<E>(id, &[], |doc| {
            set_text(doc, "description", description, force);
            Ok(())
        })
        .await
    }

    /// Adds or removes tags (matched by `tagFQN`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::tag_label::TagLabel;
    /// let tier: TagLabel = serde_json::from_value(serde_json::json!({"tagFQN": "Tier.Tier1", "source": "Classification", "labelType": "Manual", "state": "Confirmed"})).unwrap();
    /// om.patch_tags::<Table>(id, &[tier], openmetadata::PatchOperation::Add).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_tags<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        tags: &[TagLabel],
        op: PatchOperation,
    ) -> Result<Option<E>> {
        let items: Vec<Value> = tags.iter().map(to_value).collect::<Result<_>>()?;
        self.modify::<E>(id, &["tags"], |doc| {
            edit_list(doc, "tags", &items, "tagFQN", op);
            Ok(())
        })
        .await
    }

    /// Replaces the owners (an empty list removes them).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::entity_reference::EntityReference;
    /// # let team_id = id;
    /// om.patch_owners::<Table>(id, &[EntityReference::new(team_id, "team")]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_owners<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        owners: &[EntityReference],
    ) -> Result<Option<E>> {
        let owners = to_value(&owners)?;
        self.modify::<E>(id, &["owners"], |doc| {
            doc["owners"] = owners.clone();
            Ok(())
        })
        .await
    }

    /// Sets a column's description; with `force` false, only when it has none yet. The
    /// column is named by its name or FQN, nested columns included; containers and topics
    /// are edited in their data model and message schema.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.patch_column_description::<Table>(id, "status", "Order status.", false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_column_description<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        column: &str,
        description: &str,
        force: impl Into<Force>,
    ) -> Result<Option<E>> {
        self.patch_column_descriptions::<E>(id, &[(column, description)], force)
            .await
    }

    /// Sets the descriptions of several columns in one patch (`(column, description)` pairs);
    /// with `force` false, a column that has a description keeps it.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.patch_column_descriptions::<Table>(id, &[("id", "Order id."), ("svc.db.s.orders.status", "State.")], true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_column_descriptions<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        descriptions: &[(&str, &str)],
        force: impl Into<Force>,
    ) -> Result<Option<E>> {
        let force = force.into().is_yes();
        let (home, fields) = column_home(E::TYPE_NAME);
        self.modify::<E>(id, fields, |doc| {
            for (column, description) in descriptions {
                set_text(
                    column_mut(doc, home, column)?,
                    "description",
                    description,
                    force,
                );
            }
            Ok(())
        })
        .await
    }

    /// Adds or removes tags of a column (matched by `tagFQN`); the column is found as
    /// [`patch_column_description`](Self::patch_column_description) finds it.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::tag_label::TagLabel;
    /// let pii: TagLabel = serde_json::from_value(serde_json::json!({"tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"})).unwrap();
    /// om.patch_column_tags::<Table>(id, "email", &[pii], openmetadata::PatchOperation::Add).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_column_tags<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        column: &str,
        tags: &[TagLabel],
        op: PatchOperation,
    ) -> Result<Option<E>> {
        let items: Vec<Value> = tags.iter().map(to_value).collect::<Result<_>>()?;
        let (home, fields) = column_home(E::TYPE_NAME);
        self.modify::<E>(id, fields, |doc| {
            edit_list(column_mut(doc, home, column)?, "tags", &items, "tagFQN", op);
            Ok(())
        })
        .await
    }

    /// Replaces the domains; nothing is sent when the stored domains are the same ones.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::entity_reference::EntityReference;
    /// # let domain_id = id;
    /// om.patch_domains::<Table>(id, &[EntityReference::new(domain_id, "domain")]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_domains<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        domains: &[EntityReference],
    ) -> Result<Option<E>> {
        let wanted = to_value(&domains)?;
        self.modify::<E>(id, &["domains"], |doc| {
            let ids = |v: &Value| {
                let mut ids: Vec<String> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d.get("id").and_then(Value::as_str).map(String::from))
                    .collect();
                ids.sort();
                ids
            };
            if ids(doc.get("domains").unwrap_or(&Value::Null)) != ids(&wanted) {
                doc["domains"] = wanted.clone();
            }
            Ok(())
        })
        .await
    }

    /// Replaces a table's constraints (primary, unique and foreign keys).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::TableConstraint;
    /// let pk: TableConstraint = serde_json::from_value(serde_json::json!({"constraintType": "PRIMARY_KEY", "columns": ["id"]})).unwrap();
    /// om.patch_table_constraints(id, &[pk]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_table_constraints(
        &self,
        id: impl std::fmt::Display,
        constraints: &[TableConstraint],
    ) -> Result<Option<Table>> {
        let constraints = to_value(&constraints)?;
        self.modify::<Table>(id, &["tableConstraints"], |doc| {
            doc["tableConstraints"] = constraints.clone();
            Ok(())
        })
        .await
    }

    /// Sets the life cycle (created, updated and accessed stamps).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::life_cycle::LifeCycle;
    /// let life: LifeCycle = serde_json::from_value(serde_json::json!({"created": {"timestamp": 1_700_000_000_000_i64}})).unwrap();
    /// om.patch_life_cycle::<Table>(id, &life).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_life_cycle<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        life_cycle: &LifeCycle,
    ) -> Result<Option<E>> {
        let life_cycle = to_value(life_cycle)?;
        self.modify::<E>(id, &["lifeCycle"], |doc| {
            doc["lifeCycle"] = life_cycle.clone();
            Ok(())
        })
        .await
    }

    /// Points a test case at another entity link and sets its parameter values, and
    /// whether passed and failed rows are counted.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// om.patch_test_case_definition(id, "<#E::table::svc.db.s.orders::columns::id>", None, Some(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_test_case_definition(
        &self,
        id: impl std::fmt::Display,
        entity_link: &str,
        parameter_values: Option<&[TestCaseParameterValue]>,
        compute_row_count: Option<bool>,
    ) -> Result<Option<TestCase>> {
        let values = parameter_values.map(to_value).transpose()?;
        self.modify::<TestCase>(id, &["testDefinition", "testSuite"], |doc| {
            doc["entityLink"] = Value::String(entity_link.to_string());
            if let Some(values) = &values {
                doc["parameterValues"] = values.clone();
            }
            if let Some(count) = compute_row_count {
                doc["computePassedFailedRowCount"] = Value::Bool(count);
            }
            Ok(())
        })
        .await
    }

    /// Adds a policy to a role, or removes it; a role keeps at least one policy, so removing
    /// the last is an [`Error::InvalidRequest`] and nothing is sent.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// # let policy_id = id;
    /// om.patch_role_policy(id, policy_id, openmetadata::PatchOperation::Add).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_role_policy(
        &self,
        role_id: impl std::fmt::Display,
        policy_id: impl std::fmt::Display,
        op: PatchOperation,
    ) -> Result<Option<Role>> {
        let policy = serde_json::json!({ "id": policy_id.to_string(), "type": "policy" });
        self.modify::<Role>(role_id, &["policies"], |doc| {
            refuse_emptying(doc, "policies", &policy, "id", op, "a role needs a policy")?;
            edit_list(doc, "policies", std::slice::from_ref(&policy), "id", op);
            Ok(())
        })
        .await
    }

    /// Adds a rule to a policy (after the others), or removes the rule of that name; a policy
    /// keeps at least one rule, so removing the last is an [`Error::InvalidRequest`].
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::PatchOperation;
    /// use openmetadata::types::entity::policies::access_control::rule::Rule;
    /// let rule: Rule = serde_json::from_value(serde_json::json!({
    ///     "name": "owners-edit", "effect": "allow", "condition": "isOwner()",
    ///     "operations": ["EditAll"], "resources": ["table"]
    /// })).unwrap();
    /// om.patch_policy_rule(id, &rule, PatchOperation::Add).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_policy_rule(
        &self,
        policy_id: impl std::fmt::Display,
        rule: &Rule,
        op: PatchOperation,
    ) -> Result<Option<Policy>> {
        let rule = to_value(rule)?;
        self.modify::<Policy>(policy_id, &[], |doc| {
            refuse_emptying(doc, "rules", &rule, "name", op, "a policy needs a rule")?;
            edit_list(doc, "rules", std::slice::from_ref(&rule), "name", op);
            Ok(())
        })
        .await
    }

    /// Sets custom property values (merged into `extension`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let mut values = serde_json::Map::new();
    /// values.insert("dataSteward".into(), serde_json::json!("ana"));
    /// om.patch_custom_properties::<Table>(id, &values).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_custom_properties<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        values: &serde_json::Map<String, Value>,
    ) -> Result<Option<E>> {
        self.modify::<E>(id, &["extension"], |doc| {
            let ext = doc.as_object_mut().map(|o| {
                o.entry("extension")
                    .or_insert_with(|| Value::Object(Default::default()))
            });
            if let Some(Value::Object(ext)) = ext {
                for (k, v) in values {
                    ext.insert(k.clone(), v.clone());
                }
            }
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_edits_match_items_by_identity() {
        let mut doc = json!({"tags": [{"tagFQN": "A"}, {"tagFQN": "B"}]});
        edit_list(
            &mut doc,
            "tags",
            &[json!({"tagFQN": "B"}), json!({"tagFQN": "C"})],
            "tagFQN",
            PatchOperation::Add,
        );
        assert_eq!(
            doc["tags"],
            json!([{"tagFQN": "A"}, {"tagFQN": "B"}, {"tagFQN": "C"}])
        );
        edit_list(
            &mut doc,
            "tags",
            &[json!({"tagFQN": "A"})],
            "tagFQN",
            PatchOperation::Remove,
        );
        assert_eq!(doc["tags"], json!([{"tagFQN": "B"}, {"tagFQN": "C"}]));
        let mut empty = json!({});
        edit_list(
            &mut empty,
            "tags",
            &[json!({"tagFQN": "X"})],
            "tagFQN",
            PatchOperation::Add,
        );
        assert_eq!(empty["tags"], json!([{"tagFQN": "X"}]));
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/patch_helpers.rs"]
mod blocking_twins;
