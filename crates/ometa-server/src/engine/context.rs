//! `GET {route}/name/{fqn}/context`: an entity as a short Markdown document, for people and
//! for language models (what the SDK's `get_context` reads).

use std::fmt::Write;

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::kinds::ServerKind;
use crate::engine::{Engine, Fields, Key};
use crate::store::Include;

impl Engine {
    /// The Markdown context document of an entity.
    pub fn context(&self, sk: &ServerKind, fqn: &str) -> Result<String, ApiError> {
        let stored = self.find(sk, &Key::Fqn(fqn.to_string()), Include::NonDeleted)?;
        let doc = self.present(sk, &stored, &Fields::All)?;
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        let mut out = String::new();
        let title = text(&doc, "displayName").unwrap_or_else(|| stored.name.clone());
        let _ = writeln!(out, "# {title}\n");
        let _ = writeln!(out, "- Type: {}", sk.kind.type_name);
        let _ = writeln!(out, "- Fully qualified name: `{}`", stored.fqn);
        let names = |k: &str, field: &str| -> Vec<String> {
            match doc.get(k) {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|x| {
                        x.get(field)
                            .or_else(|| x.get("name"))
                            .and_then(Value::as_str)
                            .map(String::from)
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        for (label, key, field) in [
            ("Owners", "owners", "name"),
            ("Domains", "domains", "fullyQualifiedName"),
            ("Tags", "tags", "tagFQN"),
        ] {
            let list = names(key, field);
            if !list.is_empty() {
                let _ = writeln!(out, "- {label}: {}", list.join(", "));
            }
        }
        if let Some(d) = text(&doc, "description").filter(|d| !d.is_empty()) {
            let _ = writeln!(out, "\n{d}");
        }
        if let Some(Value::Array(columns)) = doc.get("columns") {
            let _ = writeln!(
                out,
                "\n## Columns\n\n| Name | Type | Description |\n|---|---|---|"
            );
            for c in columns {
                let cell = |k: &str| text(c, k).unwrap_or_default().replace('|', "\\|");
                let shown = cell("dataTypeDisplay");
                let data_type = if shown.is_empty() {
                    cell("dataType")
                } else {
                    shown
                };
                let description = cell("description").replace('\n', " ");
                let _ = writeln!(out, "| {} | {data_type} | {description} |", cell("name"));
            }
        }
        Ok(out)
    }
}
