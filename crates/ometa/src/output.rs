//! How results are printed: aligned tables on a terminal, JSON, YAML or NDJSON for scripts.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::failure::{CmdResult, Failure};

/// An output format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns (the default on a terminal).
    Table,
    /// Pretty JSON (the default when piped).
    Json,
    /// YAML.
    Yaml,
    /// One JSON document per line.
    Ndjson,
}

impl Format {
    /// The format asked for, or the default for where stdout goes.
    pub fn resolve(asked: Option<Format>) -> Format {
        asked.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        })
    }
}

fn write_out(text: &str) -> CmdResult {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`ometa list ... | head`) ends the output quietly.
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure {
            code: crate::failure::SERVER,
            message: format!("cannot write the output: {e}"),
            detail: None,
        }),
        _ => Ok(()),
    }
}

/// A short rendering of a field value for a table cell.
pub fn cell(v: Option<&Value>) -> String {
    let text = match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => {
            let names: Vec<String> = a
                .iter()
                .filter_map(|x| {
                    ["name", "tagFQN", "fullyQualifiedName"]
                        .iter()
                        .find_map(|k| x.get(*k).and_then(Value::as_str))
                        .map(String::from)
                })
                .collect();
            if names.len() == a.len() {
                names.join(", ")
            } else {
                format!("[{} items]", a.len())
            }
        }
        Some(Value::Object(o)) => ["fullyQualifiedName", "name"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str))
            .map_or_else(|| format!("{{{} fields}}", o.len()), String::from),
        Some(other) => other.to_string(),
    };
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(59).collect::<String>())
    } else {
        one_line
    }
}

/// Rows under a header, columns padded to their widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    out
}

/// The columns of an entity listing.
const LIST_COLUMNS: &[(&str, &str)] = &[
    ("NAME", "name"),
    ("FQN", "fullyQualifiedName"),
    ("VERSION", "version"),
    ("DESCRIPTION", "description"),
];

/// Prints many documents (a listing, an export).
pub fn print_many(format: Format, docs: &[Value]) -> CmdResult {
    match format {
        Format::Table => {
            let header: Vec<&str> = LIST_COLUMNS.iter().map(|(h, _)| *h).collect();
            let rows: Vec<Vec<String>> = docs
                .iter()
                .map(|d| LIST_COLUMNS.iter().map(|(_, k)| cell(d.get(*k))).collect())
                .collect();
            write_out(&table(&header, &rows))
        }
        Format::Json => write_out(&format!("{}\n", pretty(&Value::Array(docs.to_vec())))),
        Format::Yaml => write_out(&yaml(&Value::Array(docs.to_vec()))?),
        Format::Ndjson => {
            let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
            write_out(&text)
        }
    }
}

/// Prints one document: on a terminal, its fields as `field  value` lines.
pub fn print_one(format: Format, doc: &Value) -> CmdResult {
    match format {
        Format::Table => {
            let rows: Vec<Vec<String>> = doc
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(_, v)| !v.is_null())
                        .map(|(k, v)| vec![k.clone(), cell(Some(v))])
                        .collect()
                })
                .unwrap_or_default();
            write_out(&table(&["FIELD", "VALUE"], &rows))
        }
        Format::Json => write_out(&format!("{}\n", pretty(doc))),
        Format::Yaml => write_out(&yaml(doc)?),
        Format::Ndjson => write_out(&format!("{doc}\n")),
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

fn yaml(v: &Value) -> CmdResult<String> {
    serde_norway::to_string(v).map_err(|e| Failure {
        code: crate::failure::SERVER,
        message: format!("cannot render YAML: {e}"),
        detail: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tables_align_and_cells_summarize() {
        let text = table(
            &["NAME", "FQN"],
            &[
                vec!["a".into(), "s.a".into()],
                vec!["longer".into(), "s.longer".into()],
            ],
        );
        assert_eq!(text, "NAME    FQN\na       s.a\nlonger  s.longer\n");
        assert_eq!(
            cell(Some(&json!([{"name": "x"}, {"tagFQN": "PII.Sensitive"}]))),
            "x, PII.Sensitive"
        );
        assert_eq!(
            cell(Some(&json!({"fullyQualifiedName": "svc.db"}))),
            "svc.db"
        );
        assert_eq!(cell(Some(&json!("line\nbreak"))), "line break");
        assert_eq!(cell(Some(&json!("x".repeat(100)))).chars().count(), 60);
    }
}
