//! The entity commands: `get`, `list`, `put`, `patch`, `delete`, `restore`, `versions`, for
//! any entity type by its type name, through the SDK's dynamic API.

use std::path::PathBuf;

use futures_util::TryStreamExt;
use openmetadata::{DeleteParams, DynamicApi, GetParams, Include, ListParams, OpenMetadata};
use serde_json::{Value, json};

use crate::failure::{CmdResult, Failure};
use crate::input;
use crate::output::{self, Format};

/// `--include`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum IncludeArg {
    /// Live entities only.
    NonDeleted,
    /// Soft-deleted ones only.
    Deleted,
    /// Both.
    All,
}

impl From<IncludeArg> for Include {
    fn from(i: IncludeArg) -> Self {
        match i {
            IncludeArg::NonDeleted => Include::NonDeleted,
            IncludeArg::Deleted => Include::Deleted,
            IncludeArg::All => Include::All,
        }
    }
}

/// The entities of `type_name`.
pub fn api(om: &OpenMetadata, type_name: &str) -> CmdResult<DynamicApi> {
    Ok(om.dynamic(type_name)?)
}

fn get_params(fields: &[String], include: Option<IncludeArg>) -> GetParams {
    let mut p = GetParams::default().fields(fields.iter().cloned());
    if let Some(i) = include {
        p = p.include(i.into());
    }
    p
}

/// Reads one entity by id or FQN; not found is a failure with its own exit code.
pub async fn fetch(api: &DynamicApi, key: &str, params: &GetParams) -> CmdResult<Value> {
    api.get(key, params).await?.ok_or_else(|| Failure {
        code: crate::failure::NOT_FOUND,
        message: format!("{} {key} not found", api.kind().type_name),
        detail: None,
    })
}

/// `ometa get TYPE KEY`.
pub async fn get(
    om: &OpenMetadata,
    type_name: &str,
    key: &str,
    fields: &[String],
    include: Option<IncludeArg>,
    format: Format,
) -> CmdResult {
    let api = api(om, type_name)?;
    let doc = fetch(&api, key, &get_params(fields, include)).await?;
    output::print_one(format, &doc)
}

/// What `ometa list` asks for.
pub struct ListArgs {
    /// Page size (or, with `all`, the size of each page fetched).
    pub limit: u32,
    /// Every page.
    pub all: bool,
    /// Relationship fields.
    pub fields: Vec<String>,
    /// Deleted ones too?
    pub include: Option<IncludeArg>,
    /// `name=value` filters (`service=mysql`).
    pub filters: Vec<(String, String)>,
    /// Start after this cursor.
    pub after: Option<String>,
}

/// `ometa list TYPE`.
pub async fn list(om: &OpenMetadata, type_name: &str, args: ListArgs, format: Format) -> CmdResult {
    let api = api(om, type_name)?;
    let mut params = ListParams::default()
        .limit(args.limit)
        .fields(args.fields.iter().cloned());
    if let Some(i) = args.include {
        params = params.include(i.into());
    }
    for (k, v) in args.filters {
        params = params.filter(k, v);
    }
    if let Some(a) = args.after {
        params = params.after(a);
    }
    if args.all {
        if format == Format::Ndjson {
            // Streams: each entity is printed as its page arrives.
            let mut stream = std::pin::pin!(api.list_all(params));
            while let Some(doc) = stream.try_next().await? {
                output::print_many(format, &[doc])?;
            }
            return Ok(());
        }
        let docs: Vec<Value> = api.list_all(params).try_collect().await?;
        return output::print_many(format, &docs);
    }
    let page = api.list(&params).await?;
    output::print_many(format, &page.entities)?;
    if format == Format::Table {
        let mut note = format!("{} of {}", page.entities.len(), page.total);
        if let Some(after) = page.after {
            note.push_str(&format!("; next page: --after {after}"));
        }
        eprintln!("{note}");
    }
    Ok(())
}

/// `ometa put TYPE FILE...`: create or update every document, reporting each.
pub async fn put(
    om: &OpenMetadata,
    type_name: &str,
    paths: &[PathBuf],
    format: Format,
) -> CmdResult {
    let api = api(om, type_name)?;
    let docs = input::read_all(paths)?;
    if docs.is_empty() {
        return Err(Failure::bad_input("no documents to put"));
    }
    for doc in &docs {
        api.check_create(&doc.value)
            .map_err(|e| Failure::bad_input(format!("{}: {e}", doc.source)))?;
    }
    let mut written = Vec::with_capacity(docs.len());
    for doc in &docs {
        let entity = api.create_or_update(&doc.value).await.map_err(|e| {
            let mut f = Failure::from(e);
            f.message = format!("{}: {}", doc.source, f.message);
            f
        })?;
        written.push(entity);
    }
    if written.len() == 1 {
        output::print_one(format, &written[0])
    } else {
        output::print_many(format, &written)
    }
}

/// Turns `--set a.b=value`, `--set-json a=json` and `--unset a` into JSON Patch operations.
pub fn edits_to_patch(set: &[String], set_json: &[String], unset: &[String]) -> CmdResult<Value> {
    let pointer = |key: &str| -> String {
        key.split('.')
            .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
            .collect()
    };
    let split = |s: &str| -> CmdResult<(String, String)> {
        s.split_once('=')
            .map(|(k, v)| (k.trim().to_string(), v.to_string()))
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| Failure::bad_input(format!("expected FIELD=VALUE, got {s:?}")))
    };
    let mut ops = Vec::new();
    for s in set {
        let (k, v) = split(s)?;
        ops.push(json!({"op": "add", "path": pointer(&k), "value": v}));
    }
    for s in set_json {
        let (k, v) = split(s)?;
        let value: Value = serde_json::from_str(&v)
            .map_err(|e| Failure::bad_input(format!("--set-json {k}: not valid JSON: {e}")))?;
        ops.push(json!({"op": "add", "path": pointer(&k), "value": value}));
    }
    for k in unset {
        ops.push(json!({"op": "remove", "path": pointer(k)}));
    }
    Ok(Value::Array(ops))
}

/// `ometa patch TYPE KEY`: a JSON Patch document from a file or stdin, or `--set` edits.
pub async fn patch(
    om: &OpenMetadata,
    type_name: &str,
    key: &str,
    file: Option<PathBuf>,
    edits: Value,
    format: Format,
) -> CmdResult {
    let api = api(om, type_name)?;
    let ops = match file {
        Some(path) => {
            let docs = input::read_all(&[path])?;
            Value::Array(docs.into_iter().map(|d| d.value).collect())
        }
        None => edits,
    };
    if ops.as_array().is_none_or(Vec::is_empty) {
        return Err(Failure::bad_input(
            "nothing to patch: give a JSON Patch file (or - for stdin) or --set/--set-json/--unset",
        ));
    }
    let current = fetch(&api, key, &GetParams::default().fields(["*"])).await?;
    let version = current.get("version").and_then(Value::as_f64);
    let id = current.get("id").and_then(Value::as_str).unwrap_or(key);
    let patched = api.patch(id, &ops, version).await?;
    output::print_one(format, &patched)
}

/// `ometa delete TYPE KEY`.
pub async fn delete(
    om: &OpenMetadata,
    type_name: &str,
    key: &str,
    hard: bool,
    recursive: bool,
) -> CmdResult {
    let api = api(om, type_name)?;
    api.delete(key, DeleteParams::default().hard(hard).recursive(recursive))
        .await?;
    let how = if hard {
        "deleted for good"
    } else {
        "soft-deleted (ometa restore brings it back)"
    };
    eprintln!("{type_name} {key} {how}");
    Ok(())
}

/// `ometa restore TYPE KEY`: finds the soft-deleted entity, then restores it.
pub async fn restore(om: &OpenMetadata, type_name: &str, key: &str, format: Format) -> CmdResult {
    let api = api(om, type_name)?;
    let found = fetch(&api, key, &GetParams::default().include(Include::All)).await?;
    let id = found.get("id").and_then(Value::as_str).unwrap_or(key);
    let restored = api.restore(id).await?;
    output::print_one(format, &restored)
}

/// `ometa versions TYPE KEY [--diff FROM TO]`.
pub async fn versions(
    om: &OpenMetadata,
    type_name: &str,
    key: &str,
    diff: Option<Vec<String>>,
    format: Format,
) -> CmdResult {
    let api = api(om, type_name)?;
    let found = fetch(&api, key, &GetParams::default().include(Include::All)).await?;
    let id = found.get("id").and_then(Value::as_str).unwrap_or(key);
    let history = api.versions(id).await?;
    let docs: Vec<Value> = history
        .versions
        .iter()
        .map(|v| match v {
            Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
            other => other.clone(),
        })
        .collect();
    if let Some(pair) = diff {
        let find = |v: &str| -> CmdResult<&Value> {
            let wanted: f64 = v
                .parse()
                .map_err(|_| Failure::bad_input(format!("not a version: {v}")))?;
            docs.iter()
                .find(|d| {
                    d.get("version")
                        .and_then(Value::as_f64)
                        .is_some_and(|x| (x - wanted).abs() < 1e-9)
                })
                .ok_or_else(|| Failure {
                    code: crate::failure::NOT_FOUND,
                    message: format!("{type_name} {key} has no version {v}"),
                    detail: None,
                })
        };
        let (from, to) = (find(&pair[0])?, find(&pair[1])?);
        let ops = serde_json::to_value(json_patch::diff(from, to)).unwrap_or(Value::Null);
        let ops: Vec<Value> = ops
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|op| {
                let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
                !["/version", "/updatedAt", "/updatedBy", "/changeDescription"]
                    .iter()
                    .any(|p| path.starts_with(p))
            })
            .collect();
        return match format {
            Format::Table => {
                let rows: Vec<Vec<String>> = ops
                    .iter()
                    .map(|op| {
                        vec![
                            output::cell(op.get("op")),
                            output::cell(op.get("path")),
                            output::cell(op.get("value")),
                        ]
                    })
                    .collect();
                println!(
                    "{}",
                    output::table(&["OP", "PATH", "VALUE"], &rows).trim_end()
                );
                Ok(())
            }
            _ => output::print_one(format, &Value::Array(ops)),
        };
    }
    if format != Format::Table {
        return output::print_many(format, &docs);
    }
    let rows: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            let change = d.get("changeDescription");
            let names = |k: &str| -> Vec<String> {
                change
                    .and_then(|c| c.get(k))
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|f| f.get("name").and_then(Value::as_str))
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let mut summary = Vec::new();
            for (sign, k) in [
                ("+", "fieldsAdded"),
                ("~", "fieldsUpdated"),
                ("-", "fieldsDeleted"),
            ] {
                summary.extend(names(k).into_iter().map(|n| format!("{sign}{n}")));
            }
            vec![
                output::cell(d.get("version")),
                output::cell(d.get("updatedBy")),
                output::cell(d.get("updatedAt")),
                summary.join(" "),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(&["VERSION", "UPDATED BY", "UPDATED AT", "CHANGE"], &rows)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_edits_become_patch_operations() {
        let ops = edits_to_patch(
            &[
                "description=Orders, one per row".into(),
                "extension.a/b=x".into(),
            ],
            &["tags=[]".into()],
            &["displayName".into()],
        )
        .unwrap();
        assert_eq!(
            ops,
            json!([
                {"op": "add", "path": "/description", "value": "Orders, one per row"},
                {"op": "add", "path": "/extension/a~1b", "value": "x"},
                {"op": "add", "path": "/tags", "value": []},
                {"op": "remove", "path": "/displayName"}
            ])
        );
        assert!(edits_to_patch(&["novalue".into()], &[], &[]).is_err());
        assert!(edits_to_patch(&[], &["tags=[".into()], &[]).is_err());
    }
}
