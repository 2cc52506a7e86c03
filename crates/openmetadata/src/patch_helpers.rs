//! Named edits, like the Python SDK's `patch_*` helpers: each reads the entity, changes its
//! JSON, and sends the difference as a JSON Patch guarded by `If-Match` (re-read and re-applied
//! after a 412). Array items are matched by identity (a tag by `tagFQN`, an owner by `id`, a
//! column by `name`), so an edit never depends on positions the server may have changed.

use openmetadata_types::Entity;
use openmetadata_types::type_::entity_reference::EntityReference;
use openmetadata_types::type_::tag_label::TagLabel;
use serde_json::Value;

use crate::client::OpenMetadata;
use crate::error::{Error, Result};

/// Add or remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchOperation {
    /// Add the items that are not there yet.
    Add,
    /// Remove the items that are there.
    Remove,
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
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

fn column_mut<'a>(doc: &'a mut Value, column: &str) -> Result<&'a mut Value> {
    doc.get_mut("columns")
        .and_then(Value::as_array_mut)
        .and_then(|cols| {
            cols.iter_mut()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(column))
        })
        .ok_or_else(|| Error::InvalidRequest(format!("no column {column}")))
}

impl OpenMetadata {
    /// Reads the entity with `fields` as JSON, lets `change` edit it, and patches the
    /// difference with `If-Match`; after a 412 it reads again and re-applies `change` (3
    /// attempts). `None` when nothing changed.
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
    pub async fn patch_description<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        description: &str,
        force: bool,
    ) -> Result<Option<E>> {
        self.modify::<E>(id, &[], |doc| {
            let has = doc
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.is_empty());
            if force || !has {
                doc["description"] = Value::String(description.to_string());
            }
            Ok(())
        })
        .await
    }

    /// Adds or removes tags (matched by `tagFQN`).
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

    /// Sets a column's description; with `force` false, only when it has none yet.
    pub async fn patch_column_description<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        column: &str,
        description: &str,
        force: bool,
    ) -> Result<Option<E>> {
        self.modify::<E>(id, &["columns"], |doc| {
            let c = column_mut(doc, column)?;
            let has = c
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.is_empty());
            if force || !has {
                c["description"] = Value::String(description.to_string());
            }
            Ok(())
        })
        .await
    }

    /// Adds or removes tags of a column (matched by `tagFQN`).
    pub async fn patch_column_tags<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        column: &str,
        tags: &[TagLabel],
        op: PatchOperation,
    ) -> Result<Option<E>> {
        let items: Vec<Value> = tags.iter().map(to_value).collect::<Result<_>>()?;
        self.modify::<E>(id, &["columns", "tags"], |doc| {
            edit_list(column_mut(doc, column)?, "tags", &items, "tagFQN", op);
            Ok(())
        })
        .await
    }

    /// Sets custom property values (merged into `extension`).
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
