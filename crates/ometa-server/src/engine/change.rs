//! Versions: the change between two versions of an entity, version numbers, ETags.

use serde_json::{Map, Value, json};

use crate::engine::field_rules::BOOKKEEPING;

/// Array fields whose items are identified by `name`; losing an item is a major change.
const NAMED_ARRAYS: &[&str] = &["columns", "tasks", "fields", "schemaFields", "mlFeatures"];

/// Rounds a version to one decimal (`0.1 + 0.2` is `0.3`).
pub fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The ETag of an entity document, as the real server's `EntityETag.generateETag`: the
/// first 16 hex digits of the SHA-256 of `"<version>-<updatedAt>"`, quoted (strong).
pub fn etag(doc: &Value) -> String {
    etag_of(
        doc.get("version").and_then(Value::as_f64).unwrap_or(0.1),
        doc.get("updatedAt").and_then(Value::as_i64).unwrap_or(0),
    )
}

/// The ETag of a version and `updatedAt` (see [`etag`]).
pub fn etag_of(version: f64, updated_at: i64) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{}-{updated_at}", java_double(version)));
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-Match` header admits the entity `doc`, as the real server's
/// `EntityETag.validateETag`: any of its comma-separated tags is `*`, the strong ETag, or the
/// weak `W/"<version>"`.
pub fn if_match_admits(header: &str, doc: &Value) -> bool {
    let strong = etag(doc);
    let version = doc.get("version").and_then(Value::as_f64).unwrap_or(0.1);
    let weak = format!("W/\"{}\"", java_double(version));
    header
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag == strong || tag == weak)
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
    }

    #[test]
    fn etags_are_the_real_servers_and_if_match_takes_its_weak_form_too() {
        let doc = json!({"version": 1.0, "updatedAt": 123456});
        let strong = etag(&doc);
        assert_eq!(strong, etag_of(1.0, 123456));
        assert_eq!(strong.len(), 18, "16 hex digits, quoted: {strong}");
        assert_ne!(strong, etag_of(1.0, 123457), "updatedAt is part of it");
        assert!(if_match_admits("W/\"1.0\"", &doc));
        assert!(if_match_admits(&format!("\"x\", {strong}"), &doc));
        assert!(if_match_admits("*", &doc));
        assert!(!if_match_admits("W/\"0.9\"", &doc));
    }
}
