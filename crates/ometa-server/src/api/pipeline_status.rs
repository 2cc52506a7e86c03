//! Run statuses, kept as time series: pipeline statuses (`PUT /pipelines/{fqn}/status`,
//! `.../status/bulk`, `GET .../status?startTs&endTs&limit`) and ingestion pipeline statuses
//! (`PUT /services/ingestionPipelines/{fqn}/pipelineStatus`, read by run id or time range).
//! The latest pipeline status is the pipeline's `pipelineStatus` field.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use openmetadata_types::entity::data::pipeline::PipelineStatus;
use openmetadata_types::entity::services::ingestion_pipelines::ingestion_pipeline::PipelineStatus as IngestionStatus;
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::series::PIPELINE_STATUS;
use crate::engine::{Caller, Engine, Fields, Key, now_ms};
use crate::http::extract::{blocking, parse_body};
use crate::http::extract::{number, time_range};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Range, Series, listing};
use crate::store::{Include, Stored};

/// Series of ingestion pipeline run statuses.
const INGESTION_STATUS: &str = "ingestionPipeline.pipelineStatus";

/// The status routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/pipelines/{fqn}/status",
        put(
            |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, b| {
                add_pipeline_statuses(s, c, p, b, false)
            },
        )
        .get(list_pipeline_statuses),
    )
    .route(
        "/pipelines/{fqn}/status/bulk",
        put(
            |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, b| {
                add_pipeline_statuses(s, c, p, b, true)
            },
        ),
    )
    .route(
        "/services/ingestionPipelines/{fqn}/pipelineStatus",
        put(put_ingestion_status).get(list_ingestion_statuses),
    )
    .route(
        "/services/ingestionPipelines/{fqn}/pipelineStatus/{run_id}",
        get(get_ingestion_status),
    )
    .route(
        "/services/ingestionPipelines/trigger/{id}",
        axum::routing::post(
            |State(s): State<Shared>,
             axum::Extension(caller): axum::Extension<Caller>,
             Path(id): Path<String>| async move {
                blocking(move || s.engine.trigger_ingestion(&id, &caller))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}

/// `startTs`/`endTs` (default: everything) and `limit` (default: no limit).
fn range(q: &BTreeMap<String, String>) -> Result<(Range, i64), ApiError> {
    Ok((time_range(q)?, number(q, "limit", i64::MAX)?))
}

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Result<Value, ApiError> {
    openmetadata_types::wire::normalize::<T>(v).map_err(ApiError::bad_request)
}

impl Engine {
    /// Stores pipeline statuses and returns the pipeline with its latest one.
    fn add_pipeline_statuses(&self, fqn: &str, statuses: Vec<Value>) -> Result<Value, ApiError> {
        let sk = kinds::required("pipeline")?;
        let pipeline = self.find(&sk, &Key::Fqn(fqn.to_string()), Include::NonDeleted)?;
        let series = Series {
            entity_id: &pipeline.id,
            fqn: &pipeline.fqn,
            extension: PIPELINE_STATUS,
        };
        for status in &statuses {
            let status = check::<PipelineStatus>(status)?;
            let ts = status.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
            self.store.put_record(&series, ts, "", &status)?;
        }
        self.present(&sk, &pipeline, &Fields::Some(vec!["pipelineStatus".into()]))
    }

    /// Stores an ingestion pipeline status, keyed by its run id.
    fn put_ingestion_status(
        &self,
        fqn: &str,
        status: &Value,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let pipeline = self.ingestion_pipeline(fqn)?;
        let status = check::<IngestionStatus>(status)?;
        let run_id = status
            .get("runId")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("runId must not be null"))?;
        let ts = ["timestamp", "startDate"]
            .iter()
            .find_map(|k| status.get(*k).and_then(Value::as_i64))
            .unwrap_or_else(now_ms);
        let series = Series {
            entity_id: &pipeline.id,
            fqn: &pipeline.fqn,
            extension: INGESTION_STATUS,
        };
        self.store.put_keyed_record(&series, ts, run_id, &status)?;
        Ok(json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "eventType": "entityUpdated",
            "entityType": "ingestionPipeline",
            "entityId": pipeline.id,
            "entityFullyQualifiedName": pipeline.fqn,
            "userName": caller.name,
            "timestamp": now_ms(),
            "entity": status,
        }))
    }

    /// `POST /services/ingestionPipelines/trigger/{id}`: nothing runs here (there is no
    /// scheduler), but the run is recorded as a `queued` status, as the real server's
    /// scheduler would first report it; answers the ingestion pipeline.
    fn trigger_ingestion(&self, id: &str, caller: &Caller) -> Result<Value, ApiError> {
        let sk = kinds::required("ingestionPipeline")?;
        let pipeline = self.find(&sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let now = now_ms();
        let status = json!({
            "runId": uuid::Uuid::new_v4().to_string(),
            "pipelineState": "queued",
            "startDate": now,
            "timestamp": now,
        });
        self.put_ingestion_status(&pipeline.fqn, &status, caller)?;
        self.present(&sk, &pipeline, &Fields::Default)
    }

    /// The ingestion pipeline of an FQN.
    pub(crate) fn ingestion_pipeline(&self, fqn: &str) -> Result<Stored, ApiError> {
        self.find(
            &kinds::required("ingestionPipeline")?,
            &Key::Fqn(fqn.to_string()),
            Include::NonDeleted,
        )
    }

    /// The latest record of a time-series field of an entity, if any.
    pub(crate) fn latest_record(&self, s: &Stored, extension: &str) -> Result<Value, ApiError> {
        Ok(self
            .store
            .latest_record(&s.fqn, extension)?
            .unwrap_or(Value::Null))
    }
}

async fn add_pipeline_statuses(
    State(s): State<Shared>,
    axum::Extension(_caller): axum::Extension<Caller>,
    Path(fqn): Path<String>,
    body: Result<Bytes, BytesRejection>,
    bulk: bool,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    let statuses = match (bulk, body) {
        (true, Value::Array(items)) => items,
        (true, _) => return Err(ApiError::bad_request("expected a JSON array of statuses")),
        (false, one) => vec![one],
    };
    blocking(move || s.engine.add_pipeline_statuses(&fqn, statuses.clone()))
        .await
        .map(axum::Json)
}

async fn list_pipeline_statuses(
    State(s): State<Shared>,
    Path(fqn): Path<String>,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let (range, limit) = range(&q)?;
    blocking(move || {
        let pipeline = s.engine.find(
            &kinds::required("pipeline")?,
            &Key::Fqn(fqn.clone()),
            Include::NonDeleted,
        )?;
        let data = s
            .engine
            .store
            .records(&pipeline.fqn, PIPELINE_STATUS, range, limit)?;
        Ok(listing(data))
    })
    .await
    .map(axum::Json)
}

async fn put_ingestion_status(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(fqn): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || s.engine.put_ingestion_status(&fqn, &body, &caller))
        .await
        .map(axum::Json)
}

async fn list_ingestion_statuses(
    State(s): State<Shared>,
    Path(fqn): Path<String>,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let (range, limit) = range(&q)?;
    blocking(move || {
        let pipeline = s.engine.ingestion_pipeline(&fqn)?;
        let data = s
            .engine
            .store
            .records(&pipeline.fqn, INGESTION_STATUS, range, limit)?;
        Ok(listing(data))
    })
    .await
    .map(axum::Json)
}

async fn get_ingestion_status(
    State(s): State<Shared>,
    Path((fqn, run_id)): Path<(String, String)>,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let pipeline = s.engine.ingestion_pipeline(&fqn)?;
        s.engine
            .store
            .record_by_key(&pipeline.fqn, INGESTION_STATUS, &run_id)?
            .ok_or_else(|| ApiError::not_found("pipelineStatus", &run_id))
    })
    .await
    .map(axum::Json)
}
