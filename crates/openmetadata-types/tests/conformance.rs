//! Wire fidelity against the official models, for every schema class.
//!
//! `compat/conformance/make_corpus.py` writes one fully populated instance of every official
//! model (and every enum value) as the Python SDK serializes it. This test deserializes each
//! into the generated Rust type, serializes it back, and requires equal JSON. It writes what
//! Rust produced to `rust-output.jsonl` next to the corpus, and
//! `compat/conformance/check_rust_output.py` validates that back into the official models.
//!
//! Run through `scripts/test.sh`, which builds the corpus first:
//! `cargo test -p openmetadata-types --test conformance -- --include-ignored`.

mod registry;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde_json::Value;

/// Deserializes into `T` and serializes back.
fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(
    doc: &Value,
) -> Result<Value, String> {
    let text = serde_json::to_string(doc).map_err(|e| e.to_string())?;
    let typed: T = serde_json::from_str(&text).map_err(|e| format!("deserialize: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("serialize: {e}"))
}

fn corpus_path() -> PathBuf {
    match std::env::var_os("OMETA_CONFORMANCE_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/conformance/corpus.jsonl")
        }
    }
}

/// Where two JSON values first differ, as a JSON pointer.
fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => first_difference(p, q, format!("{at}/{k}")),
                _ => Some(format!("{at}/{k} (present on one side only)")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} != {b}")),
    }
}

#[test]
#[ignore = "needs the corpus that scripts/test.sh builds with the official Python SDK"]
fn every_model_round_trips() {
    let path = corpus_path();
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("no corpus at {} ({e}); run scripts/test.sh", path.display()));
    let out_path = path.with_file_name("rust-output.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&out_path).expect("create output"));
    let mut passed: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut total: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let row: Value = serde_json::from_str(&line.expect("read corpus")).expect("corpus row");
        let class = format!(
            "{}.{}",
            row["module"].as_str().expect("module"),
            row["name"].as_str().expect("name")
        );
        let kind = if row["kind"] == "enum" {
            "enums"
        } else {
            "models"
        };
        total.entry(kind).or_default().insert(class.clone());
        let doc = &row["doc"];
        match registry::roundtrip(&class, doc) {
            None => failures.push(format!("{class}: no Rust type")),
            Some(Err(e)) => failures.push(format!("{class}: {e}")),
            Some(Ok(back)) => {
                match first_difference(doc, &back, String::new()) {
                    Some(diff) => failures.push(format!("{class}: differs at {diff}")),
                    None => {
                        passed.entry(kind).or_default().insert(class.clone());
                    }
                }
                let mut echo = row.clone();
                echo["doc"] = back;
                writeln!(out, "{echo}").expect("write output");
            }
        }
    }
    out.flush().expect("flush output");
    for kind in ["models", "enums"] {
        let failed: BTreeSet<&String> = failures
            .iter()
            .filter_map(|f| f.split(':').next())
            .filter_map(|c| total.get(kind).and_then(|s| s.get(c)))
            .collect();
        let all = total.get(kind).map_or(0, BTreeSet::len);
        println!("{}/{all} {kind} round-trip", all - failed.len());
    }
    for f in failures.iter().take(40) {
        println!("  {f}");
    }
    assert!(
        passed.get("models").is_some_and(|s| s.len() > 1500),
        "the corpus is too small"
    );
    assert!(
        failures.is_empty(),
        "{} documents do not round-trip",
        failures.len()
    );
}
