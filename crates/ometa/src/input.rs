//! Reading documents to send: JSON (one object or an array), NDJSON, or YAML (one or many
//! documents), from files, directories (every `.json`, `.ndjson`, `.jsonl`, `.yaml`, `.yml`
//! file, in name order) or stdin (`-`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::failure::{CmdResult, Failure};

/// A document and where it came from (`file:line` or `file#n`).
#[derive(Debug, Clone)]
pub struct Doc {
    /// Where it came from.
    pub source: String,
    /// The document.
    pub value: Value,
}

const EXTENSIONS: &[&str] = &["json", "ndjson", "jsonl", "yaml", "yml"];

/// Every document of `paths`, in order.
pub fn read_all(paths: &[PathBuf]) -> CmdResult<Vec<Doc>> {
    let mut docs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| Failure::bad_input(format!("cannot read stdin: {e}")))?;
            docs.extend(parse("stdin", None, &text)?);
        } else if path.is_dir() {
            for file in files_in(path)? {
                docs.extend(read_file(&file)?);
            }
        } else {
            docs.extend(read_file(path)?);
        }
    }
    Ok(docs)
}

fn files_in(dir: &Path) -> CmdResult<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn read_file(path: &Path) -> CmdResult<Vec<Doc>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", path.display())))?;
    let ext = path.extension().and_then(|x| x.to_str());
    parse(&path.display().to_string(), ext, &text)
}

/// Parses `text` by its extension, or by trying JSON, NDJSON and YAML when it has none.
pub fn parse(source: &str, ext: Option<&str>, text: &str) -> CmdResult<Vec<Doc>> {
    match ext {
        Some("yaml" | "yml") => yaml(source, text),
        Some("ndjson" | "jsonl") => ndjson(source, text),
        Some(_) => json(source, text).or_else(|e| ndjson(source, text).map_err(|_| e)),
        None => json(source, text)
            .or_else(|e| ndjson(source, text).map_err(|_| e))
            .or_else(|e| yaml(source, text).map_err(|_| e)),
    }
}

fn spread(source: &str, value: Value) -> Vec<Doc> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, value)| Doc {
                source: format!("{source}#{}", i + 1),
                value,
            })
            .collect(),
        value => vec![Doc {
            source: source.to_string(),
            value,
        }],
    }
}

fn json(source: &str, text: &str) -> CmdResult<Vec<Doc>> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Failure::bad_input(format!("{source}: not valid JSON: {e}")))?;
    Ok(spread(source, value))
}

fn ndjson(source: &str, text: &str) -> CmdResult<Vec<Doc>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let at = format!("{source}:{}", i + 1);
            serde_json::from_str(line)
                .map(|value| Doc {
                    source: at.clone(),
                    value,
                })
                .map_err(|e| Failure::bad_input(format!("{at}: not valid JSON: {e}")))
        })
        .collect()
}

fn yaml(source: &str, text: &str) -> CmdResult<Vec<Doc>> {
    let mut docs = Vec::new();
    for (i, de) in serde_norway::Deserializer::from_str(text).enumerate() {
        let value: Value = serde::Deserialize::deserialize(de).map_err(|e| {
            Failure::bad_input(format!(
                "{source}: not valid YAML (document {}): {e}",
                i + 1
            ))
        })?;
        if !value.is_null() {
            docs.extend(spread(source, value));
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_arrays_ndjson_and_yaml_documents() {
        let docs = parse("a.json", Some("json"), r#"[{"name": "x"}, {"name": "y"}]"#).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].source, "a.json#2");
        let docs = parse("b", None, "{\"name\": \"x\"}\n{\"name\": \"y\"}\n").unwrap();
        assert_eq!(docs[1].source, "b:2");
        let docs = parse("c.yaml", Some("yaml"), "name: x\n---\nname: y\n").unwrap();
        assert_eq!(docs[1].value["name"], "y");
        let err = parse("d.json", Some("json"), "{\"name\": ").unwrap_err();
        assert!(
            err.message.starts_with("d.json: not valid JSON"),
            "{}",
            err.message
        );
    }
}
