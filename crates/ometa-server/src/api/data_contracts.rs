//! Data contract results (the real `DataContractResource`'s result routes): `PUT` and `GET
//! /dataContracts/{id}/results`, `…/results/latest`, `…/results/{resultId}`, and deletes at a
//! timestamp or before one.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get};
use serde_json::{Value, json};

use crate::engine::contract_results::ResultPlace;
use crate::engine::error::ApiError;
use crate::engine::{Caller, Fields, now_ms};
use crate::http::extract::{blocking, number, parse_body, required, timestamp_segment};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::Range;

/// The result routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/dataContracts/entity",
        get(|State(s): State<Shared>, Query(q): Params| async move {
            let id = required(&q, "entityId")?.to_string();
            let kind = required(&q, "entityType")?.to_string();
            let fields = Fields::parse(q.get("fields").map(String::as_str));
            blocking(move || s.engine.entity_data_contract(&id, &kind, &fields))
                .await
                .map(axum::Json)
        }),
    )
    .route(
        "/dataContracts/{id}/results",
        get(list_results).put(put_result),
    )
    .route(
        "/dataContracts/{id}/results/latest",
        get(
            |State(s): State<Shared>, Path(id): Path<String>| async move {
                // The real resource returns null without a result: JAX-RS answers 204.
                let latest = blocking(move || s.engine.latest_contract_result(&id)).await?;
                Ok::<_, ApiError>(match latest {
                    Value::Null => StatusCode::NO_CONTENT.into_response(),
                    latest => axum::Json(latest).into_response(),
                })
            },
        ),
    )
    .route(
        "/dataContracts/{id}/results/{key}",
        get(
            |State(s): State<Shared>, Path((id, key)): Path<(String, String)>| async move {
                blocking(move || s.engine.contract_result(&id, &key))
                    .await
                    .map(axum::Json)
            },
        )
        .delete(
            |State(s): State<Shared>, Path((id, ts)): Path<(String, String)>| async move {
                let ts = timestamp_segment(&ts)?;
                let range = Range { start: ts, end: ts };
                blocking(move || s.engine.delete_contract_results(&id, range)).await
            },
        ),
    )
    .route(
        "/dataContracts/{id}/results/before/{ts}",
        delete(
            |State(s): State<Shared>, Path((id, ts)): Path<(String, String)>| async move {
                let end = timestamp_segment(&ts)?.saturating_sub(1);
                let range = Range {
                    start: i64::MIN,
                    end,
                };
                blocking(move || s.engine.delete_contract_results(&id, range)).await
            },
        ),
    )
}

/// `PUT /dataContracts/{id}/results`: 200 when the result is (or re-reports) the latest,
/// 201 when it fills in an older one.
async fn put_result(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, axum::Json<Value>), ApiError> {
    let body = parse_body(body)?;
    let (place, result) =
        blocking(move || s.engine.add_contract_result(&id, &body, &caller)).await?;
    let status = match place {
        ResultPlace::Latest => StatusCode::OK,
        ResultPlace::Backfilled => StatusCode::CREATED,
    };
    Ok((status, axum::Json(result)))
}

/// `GET /dataContracts/{id}/results?startTs&endTs&limit`: newest first; `startTs` defaults
/// to 0, `endTs` to now, `limit` to 10; the paging echoes the range as the real one does.
async fn list_results(
    State(s): State<Shared>,
    Path(id): Path<String>,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let range = Range {
        start: number(&q, "startTs", 0)?,
        end: number(&q, "endTs", now_ms())?,
    };
    let limit = number(&q, "limit", 10)?;
    if !(0..=10_000).contains(&limit) {
        return Err(ApiError::bad_request(
            "query param limit must be between 0 and 10000",
        ));
    }
    let echo = |name: &str| q.get(name).cloned().unwrap_or_else(|| "null".into());
    let (before, after) = (echo("startTs"), echo("endTs"));
    let data = blocking(move || s.engine.contract_results(&id, range, limit)).await?;
    Ok(axum::Json(json!({
        "data": data,
        "paging": {"before": before, "after": after, "total": data.len()},
    })))
}
