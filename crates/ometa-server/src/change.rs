//! Versions: the change between two versions of an entity, version numbers, ETags.

use serde_json::{Map, Value, json};

use crate::engine::BOOKKEEPING;

/// Array fields whose items are identified by `name`; losing an item is a major change.
const NAMED_ARRAYS: &[&str] = &["columns", "tasks", "fields", "schemaFields", "mlFeatures"];

/// Rounds a version to one decimal (`0.1 + 0.2` is `0.3`).
pub fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `W/"<version>"` of an entity document.
pub fn etag(doc: &Value) -> String {
    etag_of(doc.get("version").and_then(Value::as_f64).unwrap_or(0.1))
}

/// `W/"<version>"` of a version number.
pub fn etag_of(version: f64) -> String {
    format!("W/\"{}\"", java_double(version))
}

/// Renders a version like Java's `Double.toString` (`0.1`, `1.0`).
fn java_double(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// The change between two versions of a document, and whether it is major (an item of a
/// named array, such as a column, went away); `None` when nothing changed.
pub fn describe_change(old: &Value, new: &Value) -> Option<(Value, bool)> {
    let empty = Map::new();
    let o = old.as_object().unwrap_or(&empty);
    let n = new.as_object().unwrap_or(&empty);
    let (mut added, mut updated, mut deleted) = (Vec::new(), Vec::new(), Vec::new());
    let mut major = false;
    let keys: std::collections::BTreeSet<&String> = o.keys().chain(n.keys()).collect();
    for k in keys {
        if BOOKKEEPING.contains(&k.as_str()) {
            continue;
        }
        // Absent, null and an empty list are the same "nothing".
        let present = |v: &&Value| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty());
        let (a, b) = (o.get(k).filter(present), n.get(k).filter(present));
        match (a, b) {
            (None, Some(b)) => added.push(json!({"name": k, "newValue": b.to_string()})),
            (Some(a), None) => deleted.push(json!({"name": k, "oldValue": a.to_string()})),
            (Some(a), Some(b)) if a != b => {
                if NAMED_ARRAYS.contains(&k.as_str()) && lost_named_item(a, b) {
                    major = true;
                }
                updated
                    .push(json!({"name": k, "oldValue": a.to_string(), "newValue": b.to_string()}));
            }
            _ => {}
        }
    }
    if added.is_empty() && updated.is_empty() && deleted.is_empty() {
        return None;
    }
    Some((
        json!({"fieldsAdded": added, "fieldsUpdated": updated, "fieldsDeleted": deleted}),
        major,
    ))
}

fn lost_named_item(old: &Value, new: &Value) -> bool {
    let names = |v: &Value| -> std::collections::BTreeSet<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i.get("name").and_then(Value::as_str).map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    !names(old).is_subset(&names(new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_column_is_a_major_change_and_a_description_a_minor_one() {
        let old =
            json!({"description": "a", "columns": [{"name": "x"}, {"name": "y"}], "version": 0.1});
        let (change, major) = describe_change(
            &old,
            &json!({"description": "b", "columns": [{"name": "x"}, {"name": "y"}]}),
        )
        .unwrap();
        assert!(!major);
        assert_eq!(change["fieldsUpdated"][0]["name"], "description");
        let (_, major) = describe_change(
            &old,
            &json!({"description": "a", "columns": [{"name": "x"}]}),
        )
        .unwrap();
        assert!(major);
        assert!(
            describe_change(
                &old,
                &json!({"description": "a", "columns": [{"name": "x"}, {"name": "y"}], "tags": []})
            )
            .is_none()
        );
        assert_eq!(round1(0.1 + 0.2), 0.3);
        assert_eq!(etag_of(1.0), "W/\"1.0\"");
    }
}
