//! Every collection round-trips through the Rust SDK's dynamic API against a real in-process
//! `ometa-server`, driven by the fixture the compatibility suite uses
//! (`compat/fixtures/collections.json`): create, get by id and by name, list, patch the
//! description, versions, soft delete, restore, hard delete.

mod common;

use std::collections::HashMap;

use common::start;
use openmetadata::{DeleteParams, GetParams, ListParams, OpenMetadata};
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("../../../compat/fixtures/collections.json");

/// Replaces `${...}` placeholders: name forms, `${key}` (FQN), `${key.id}`, `${key.name}`.
fn fill(v: &Value, names: &HashMap<&str, String>, made: &HashMap<String, Value>) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), fill(x, names, made)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, names, made)).collect()),
        Value::String(s) => {
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let end = start + rest[start..].find('}').expect("a closed placeholder");
                let key = &rest[start + 2..end];
                let value = match names.get(key) {
                    Some(n) => n.clone(),
                    None => {
                        let (entry, field) = match key.rsplit_once('.') {
                            Some((e, f @ ("id" | "name"))) => (e, f),
                            _ => (key, "fullyQualifiedName"),
                        };
                        made[entry][field].as_str().unwrap().to_string()
                    }
                };
                out.push_str(&value);
                rest = &rest[end + 1..];
            }
            out.push_str(rest);
            Value::String(out)
        }
        other => other.clone(),
    }
}

async fn round_trip(
    om: &OpenMetadata,
    entry: &Value,
    i: usize,
    made: &HashMap<String, Value>,
) -> Result<Value, String> {
    let type_name = entry["type"].as_str().unwrap();
    let api = om.dynamic(type_name).map_err(|e| e.to_string())?;
    let tag = format!("{:08x}", fastrand_u32(i));
    let names = HashMap::from([
        ("name", format!("rs {tag}.v{i}")),
        ("nameAlnum", format!("rs{tag}{i}")),
        ("nameWord", format!("rs_{tag}_{i}")),
    ]);
    let step = |what: &str, e: openmetadata::Error| format!("{what}: {e}");
    let entity = match entry.get("create").filter(|c| !c.is_null()) {
        Some(create) => api
            .create_or_update(&fill(create, &names, made))
            .await
            .map_err(|e| step("create", e))?,
        None => api
            .get(entry["seeded"].as_str().unwrap(), &GetParams::default())
            .await
            .map_err(|e| step("get seeded", e))?
            .ok_or("no seeded entity")?,
    };
    let id = entity["id"].as_str().unwrap().to_string();
    let fqn = entity["fullyQualifiedName"].as_str().unwrap().to_string();
    for key in [&id, &fqn] {
        let got = api
            .get(key, &GetParams::default())
            .await
            .map_err(|e| step("get", e))?;
        if got.as_ref().and_then(|g| g["id"].as_str()) != Some(&id) {
            return Err(format!("get {key} answered {got:?}"));
        }
    }
    let mut listed = false;
    let mut params = ListParams::default().limit(1000);
    loop {
        let page = api.list(&params).await.map_err(|e| step("list", e))?;
        listed |= page.entities.iter().any(|e| e["id"] == json!(id));
        match page.after {
            Some(after) if !listed => params = ListParams::default().limit(1000).after(after),
            _ => break,
        }
    }
    if !listed {
        return Err("not listed".into());
    }
    let text = format!("Rust round trip of {type_name}.");
    let patched = api
        .patch(
            &id,
            &json!([{"op": "add", "path": "/description", "value": text}]),
            None,
        )
        .await
        .map_err(|e| step("patch", e))?;
    if patched["description"] != json!(text) {
        return Err(format!("patch answered {patched}"));
    }
    let versions = api.versions(&id).await.map_err(|e| step("versions", e))?;
    if versions.versions.len() < 2 {
        return Err("the patch made no version".into());
    }
    let soft = entry
        .get("softDelete")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    if soft && entry.get("create").is_some_and(|c| !c.is_null()) {
        api.delete(&id, DeleteParams::default())
            .await
            .map_err(|e| step("soft delete", e))?;
        if api
            .get(&id, &GetParams::default())
            .await
            .map_err(|e| step("get", e))?
            .is_some()
        {
            return Err("readable after a soft delete".into());
        }
        let back = api.restore(&id).await.map_err(|e| step("restore", e))?;
        if back["deleted"] != json!(false) {
            return Err(format!("restore answered {back}"));
        }
    }
    Ok(entity)
}

/// A deterministic per-entry number for names (no two entries share one).
fn fastrand_u32(i: usize) -> u32 {
    (i as u32).wrapping_mul(2_654_435_761) ^ 0x5bd1_e995
}

#[tokio::test]
async fn every_collection_round_trips_through_the_dynamic_api() {
    let (_server, om) = start().await;
    let fixture: Value = serde_json::from_str(FIXTURE).unwrap();
    let entries = fixture["entries"].as_array().unwrap();
    let mut made: HashMap<String, Value> = HashMap::new();
    let mut failures = Vec::new();
    let mut covered = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if entry.get("skip").is_some_and(|s| !s.is_null()) {
            continue;
        }
        let key = entry
            .get("key")
            .and_then(Value::as_str)
            .unwrap_or_else(|| entry["type"].as_str().unwrap())
            .to_string();
        match round_trip(&om, entry, i, &made).await {
            Ok(entity) => {
                covered.push(entry["collection"].as_str().unwrap().to_string());
                made.insert(key, entity);
            }
            Err(e) => failures.push(format!("{}: {e}", entry["collection"])),
        }
    }
    for entry in entries.iter().rev() {
        let key = entry
            .get("key")
            .and_then(Value::as_str)
            .unwrap_or_else(|| entry["type"].as_str().unwrap());
        let (Some(entity), Some(_)) = (made.get(key), entry.get("create").filter(|c| !c.is_null()))
        else {
            continue;
        };
        let api = om.dynamic(entry["type"].as_str().unwrap()).unwrap();
        let id = entity["id"].as_str().unwrap();
        let gone = api
            .delete(id, DeleteParams::default().hard(true).recursive(true))
            .await;
        let after = api
            .get(
                id,
                &GetParams::default().include(openmetadata::Include::All),
            )
            .await;
        if gone.is_err() || !matches!(after, Ok(None)) {
            failures.push(format!(
                "{} hard delete: {gone:?} then {after:?}",
                entry["collection"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let skipped = entries
        .iter()
        .filter(|e| e.get("skip").is_some_and(|s| !s.is_null()))
        .count();
    covered.sort();
    covered.dedup();
    assert_eq!(covered.len() + skipped, 61, "{covered:?}");
}
