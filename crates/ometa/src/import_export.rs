//! `ometa import` (bulk create-or-update from files, with bounded concurrency, a progress bar
//! on a terminal and a summary of what failed) and `ometa export` (every entity of a type as
//! NDJSON).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use futures_util::{StreamExt, TryStreamExt};
use openmetadata::{ListParams, OpenMetadata};
use serde_json::Value;

use crate::entity_cmds::api;
use crate::failure::{CmdResult, Failure, SERVER};
use crate::input;

/// How many failures the summary lists.
const SHOWN_FAILURES: usize = 20;

/// `ometa import TYPE PATH...`. Every document is a create request; the PUTs make a re-run
/// safe. Returns a failure (exit 1) when any document failed.
pub async fn import(
    om: &OpenMetadata,
    type_name: &str,
    paths: &[PathBuf],
    concurrency: usize,
) -> CmdResult {
    let api = api(om, type_name)?;
    let docs = input::read_all(paths)?;
    if docs.is_empty() {
        return Err(Failure::bad_input("no documents to import"));
    }
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(docs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = Instant::now();
    let total = docs.len();
    let results: Vec<(String, Result<(), String>)> = futures_util::stream::iter(docs)
        .map(|doc| {
            let api = api.clone();
            let bar = bar.clone();
            async move {
                let outcome = match api.create_or_update(&doc.value).await {
                    Ok(_) => Ok(()),
                    Err(e) => Err(e.to_string()),
                };
                bar.inc(1);
                (doc.source, outcome)
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let failed: Vec<(String, String)> = results
        .into_iter()
        .filter_map(|(source, r)| r.err().map(|e| (source, e)))
        .collect();
    let ok = total - failed.len();
    eprintln!(
        "imported {ok} of {total} {type_name} in {secs:.2} s ({:.0}/s, concurrency {concurrency})",
        ok as f64 / secs.max(1e-9)
    );
    if failed.is_empty() {
        return Ok(());
    }
    let mut sorted = failed;
    sorted.sort();
    for (source, e) in sorted.iter().take(SHOWN_FAILURES) {
        eprintln!("  {source}: {e}");
    }
    if sorted.len() > SHOWN_FAILURES {
        eprintln!("  ... and {} more", sorted.len() - SHOWN_FAILURES);
    }
    Err(Failure {
        code: SERVER,
        message: format!("{} of {total} documents failed", sorted.len()),
        detail: None,
    })
}

/// `ometa export TYPE`: every entity (with `fields`, under the filters) as NDJSON, to `out` or
/// stdout.
pub async fn export(
    om: &OpenMetadata,
    type_name: &str,
    fields: &[String],
    filters: Vec<(String, String)>,
    out: Option<PathBuf>,
) -> CmdResult {
    let api = api(om, type_name)?;
    let mut params = ListParams::default()
        .limit(500)
        .fields(fields.iter().cloned());
    for (k, v) in filters {
        params = params.filter(k, v);
    }
    let mut sink: Box<dyn Write> = match &out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| Failure::bad_input(format!("cannot write {}: {e}", path.display())))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut stream = std::pin::pin!(api.list_all(params));
    let mut count = 0usize;
    let write_failed = |e: std::io::Error| Failure {
        code: SERVER,
        message: format!("cannot write the export: {e}"),
        detail: None,
    };
    while let Some(doc) = stream.try_next().await? {
        let line: Value = doc;
        match writeln!(sink, "{line}") {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other.map_err(write_failed)?,
        }
        count += 1;
    }
    sink.flush().map_err(write_failed)?;
    if let Some(path) = out {
        eprintln!("exported {count} {type_name} to {}", path.display());
    }
    Ok(())
}
