//! What an ingestion run reports while it runs, kept per pipeline and run id (nothing is
//! executed here): its logs (`POST /services/ingestionPipelines/logs/{fqn}/{runId}` appends a
//! batch, gzip+base64 batches are unpacked; `.../close` ends the stream; `GET` pages the lines),
//! its progress (`PUT`/`GET .../progress/{fqn}/{runId}`) and its operation metrics
//! (`POST .../metrics/{fqn}/{runId}`).

use std::collections::BTreeMap;
use std::io::Read;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use base64::Engine as _;
use openmetadata_types::entity::services::ingestion_pipelines::operation_metrics_batch::OperationMetricsBatch;
use openmetadata_types::entity::services::ingestion_pipelines::progress_update::ProgressUpdate;
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::{Engine, now_ms};
use crate::http::extract::check;
use crate::http::extract::number;
use crate::http::extract::{blocking, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Record, insert_records};

/// The series of each kind of run report.
const LOGS: &str = "ingestionPipeline.logs";
const PROGRESS: &str = "ingestionPipeline.progress";
const METRICS: &str = "ingestionPipeline.metrics";

/// The text of a log batch, unpacked when it came gzip-compressed and base64-encoded.
fn batch_text(batch: &Value) -> Result<String, ApiError> {
    let logs = batch.get("logs").and_then(Value::as_str).unwrap_or("");
    if batch.get("compressed").and_then(Value::as_bool) != Some(true) {
        return Ok(logs.to_string());
    }
    let bad = |e: String| ApiError::bad_request(format!("Invalid compressed logs: {e}"));
    let packed = base64::engine::general_purpose::STANDARD
        .decode(logs)
        .map_err(|e| bad(e.to_string()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(packed.as_slice())
        .read_to_string(&mut text)
        .map_err(|e| bad(e.to_string()))?;
    Ok(text)
}

impl Engine {
    /// Appends a log batch to a run (a body without `logs` only opens the stream), or with
    /// `close` marks the stream closed.
    pub fn append_run_logs(
        &self,
        fqn: &str,
        run_id: &str,
        batch: &Value,
        close: bool,
    ) -> Result<Value, ApiError> {
        let pipeline = self.ingestion_pipeline(fqn)?;
        if !batch.is_object() {
            return Err(ApiError::bad_request("a log batch is a JSON object"));
        }
        let text = batch_text(batch)?;
        let (id, fqn, run) = (pipeline.id, pipeline.fqn, run_id.to_string());
        self.write(move |c| {
            use rusqlite::OptionalExtension;
            let stored: Option<String> = c
                .query_row(
                    "SELECT json FROM time_series WHERE entity_fqn = ?1 AND extension = ?2 AND key = ?3",
                    rusqlite::params![fqn, LOGS, run],
                    |r| r.get(0),
                )
                .optional()?;
            let mut log: Value = stored
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_else(|| json!({"runId": run, "logs": "", "closed": false}));
            if !text.is_empty() {
                let so_far = log["logs"].as_str().unwrap_or("");
                let joined = match so_far.is_empty() || so_far.ends_with('\n') {
                    true => format!("{so_far}{text}"),
                    false => format!("{so_far}\n{text}"),
                };
                log["logs"] = json!(joined);
            }
            if close {
                log["closed"] = json!(true);
            }
            let record = Record {
                entity_id: id,
                fqn,
                extension: LOGS.into(),
                ts: 0,
                key: run,
                json: log.to_string(),
            };
            Ok(insert_records(c, &[record])?)
        })?;
        Ok(json!({"message": "Logs received", "runId": run_id}))
    }

    /// `offset`/`limit` lines of a run's logs: `{logs, total, after?}`.
    pub fn run_logs(
        &self,
        fqn: &str,
        run_id: &str,
        q: &BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        let pipeline = self.ingestion_pipeline(fqn)?;
        let log = self
            .store
            .record_by_key(&pipeline.fqn, LOGS, run_id)?
            .ok_or_else(|| ApiError::not_found("logs of run", run_id))?;
        let offset = number(q, "offset", 0)?.max(0) as usize;
        let limit = number(q, "limit", 1000)?.max(0) as usize;
        let lines: Vec<&str> = log["logs"].as_str().unwrap_or("").lines().collect();
        let page: Vec<&str> = lines.iter().skip(offset).take(limit).copied().collect();
        let mut out = json!({
            "logs": page.join("\n"),
            "total": lines.len(),
            "compressed": false,
            "closed": log["closed"],
        });
        if offset + page.len() < lines.len() {
            out["after"] = json!((offset + page.len()).to_string());
        }
        Ok(out)
    }

    /// Stores the progress of a run, replacing the previous report.
    pub fn put_run_progress(
        &self,
        fqn: &str,
        run_id: &str,
        update: &Value,
    ) -> Result<Value, ApiError> {
        let pipeline = self.ingestion_pipeline(fqn)?;
        let update = check::<ProgressUpdate>("progress update", update)?;
        self.store.put_records(vec![Record {
            entity_id: pipeline.id,
            fqn: pipeline.fqn,
            extension: PROGRESS.into(),
            ts: 0,
            key: run_id.into(),
            json: update.to_string(),
        }])?;
        Ok(update)
    }

    /// The last progress report of a run.
    pub fn run_progress(&self, fqn: &str, run_id: &str) -> Result<Value, ApiError> {
        let pipeline = self.ingestion_pipeline(fqn)?;
        self.store
            .record_by_key(&pipeline.fqn, PROGRESS, run_id)?
            .ok_or_else(|| ApiError::not_found("progress of run", run_id))
    }

    /// Keeps a batch of operation metrics of a run.
    pub fn add_run_metrics(
        &self,
        fqn: &str,
        run_id: &str,
        batch: &Value,
    ) -> Result<Value, ApiError> {
        let pipeline = self.ingestion_pipeline(fqn)?;
        let batch = check::<OperationMetricsBatch>("operation metrics batch", batch)?;
        self.store.put_records(vec![Record {
            entity_id: pipeline.id,
            fqn: pipeline.fqn,
            extension: METRICS.into(),
            ts: now_ms(),
            key: format!("{run_id}\u{1}{}", uuid::Uuid::new_v4()),
            json: batch.to_string(),
        }])?;
        Ok(json!({"message": "Metrics received", "runId": run_id}))
    }
}

type Body = Result<Bytes, BytesRejection>;

/// The run report routes of ingestion pipelines.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    const BASE: &str = "/services/ingestionPipelines";
    api.route(
        &format!("{BASE}/logs/{{fqn}}/{{run_id}}"),
        post(
            |State(s): State<Shared>, Path((fqn, run)): Path<(String, String)>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.append_run_logs(&fqn, &run, &body, false))
                    .await
                    .map(axum::Json)
            },
        )
        .get(
            |State(s): State<Shared>,
             Path((fqn, run)): Path<(String, String)>,
             Query(q): Params| async move {
                blocking(move || s.engine.run_logs(&fqn, &run, &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        &format!("{BASE}/logs/{{fqn}}/{{run_id}}/close"),
        post(
            |State(s): State<Shared>, Path((fqn, run)): Path<(String, String)>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.append_run_logs(&fqn, &run, &body, true))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        &format!("{BASE}/progress/{{fqn}}/{{run_id}}"),
        get(
            |State(s): State<Shared>, Path((fqn, run)): Path<(String, String)>| async move {
                blocking(move || s.engine.run_progress(&fqn, &run))
                    .await
                    .map(axum::Json)
            },
        )
        .put(
            |State(s): State<Shared>, Path((fqn, run)): Path<(String, String)>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.put_run_progress(&fqn, &run, &body))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        &format!("{BASE}/metrics/{{fqn}}/{{run_id}}"),
        post(
            |State(s): State<Shared>, Path((fqn, run)): Path<(String, String)>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_run_metrics(&fqn, &run, &body))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}
