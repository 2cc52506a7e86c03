//! HTTP handlers for the operations every collection has beyond CRUD: bulk create or update,
//! stale deletion, asynchronous delete and restore, followers, the context document and,
//! for holders, assets.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use serde_json::{Value, json};

use crate::engine::assets::HOLDERS;
use crate::engine::error::ApiError;
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Key};
use crate::http::extract::{blocking, flag, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::Include;

type CallerExt = axum::Extension<Caller>;

/// Adds the collection-wide operations of `sk` to `api`.
pub fn routes(api: Router<Shared>, sk: ServerKind) -> Router<Shared> {
    let base = format!("/{}", sk.kind.collection);
    let mut api = api
        .route(
            &format!("{base}/restore"),
            put(move |s: State<Shared>, c: CallerExt, q: Params, b| restore(s, sk, c, q, b)),
        )
        .route(
            &format!("{base}/bulk"),
            put(move |s: State<Shared>, c: CallerExt, q: Params, b| bulk(s, sk, c, q, b)),
        )
        .route(
            &format!("{base}/deleteStale"),
            delete(move |s: State<Shared>, c: CallerExt, b| delete_stale(s, sk, c, b)),
        )
        .route(
            &format!("{base}/async/{{id}}"),
            delete(
                move |s: State<Shared>, c: CallerExt, p: Path<String>, q: Params| {
                    delete_async(s, sk, c, p, q)
                },
            ),
        )
        .route(
            &format!("{base}/{{id}}/followers"),
            put(move |s: State<Shared>, c: CallerExt, p: Path<String>, b| follow(s, sk, c, p, b)),
        )
        .route(
            &format!("{base}/{{id}}/followers/{{user}}"),
            delete(
                move |s: State<Shared>, c: CallerExt, p: Path<(String, String)>| {
                    unfollow(s, sk, c, p)
                },
            ),
        )
        .route(
            &format!("{base}/name/{{fqn}}/context"),
            get(move |s: State<Shared>, p: Path<String>| context(s, sk, p)),
        );
    if HOLDERS.iter().any(|(k, _)| *k == sk.kind.type_name) {
        api = api.route(
            &format!("{base}/name/{{fqn}}/assets"),
            get(move |s: State<Shared>, p: Path<String>, q: Params| assets(s, sk, p, q)),
        );
    }
    api
}

/// The answer of an operation started in the background.
fn accepted(message: String) -> Response {
    let job = uuid::Uuid::new_v4().to_string();
    (
        StatusCode::ACCEPTED,
        axum::Json(json!({"jobId": job, "message": message})),
    )
        .into_response()
}

async fn bulk(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): CallerExt,
    axum::extract::Query(q): Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let items = parse_body(body)?;
    let override_metadata = flag(&q, "overrideMetadata")?;
    if !items.is_array() {
        return Err(ApiError::bad_request(
            "A bulk request is a JSON array of create requests",
        ));
    }
    if flag(&q, "async")? {
        let count = items.as_array().map_or(0, Vec::len);
        tokio::task::spawn_blocking(move || {
            if let Err(e) = s
                .engine
                .bulk_upsert(&sk, &items, &caller, override_metadata)
            {
                tracing::warn!(error = %e.message, "bulk request failed");
            }
        });
        let result = json!({"status": "running", "numberOfRowsProcessed": count});
        return Ok((StatusCode::ACCEPTED, axum::Json(result)).into_response());
    }
    let outcome = blocking(move || {
        s.engine
            .bulk_upsert(&sk, &items, &caller, override_metadata)
    })
    .await?;
    Ok(axum::Json(outcome.into_result()).into_response())
}

async fn delete_stale(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): CallerExt,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || s.engine.delete_stale(&sk, &body, &caller))
        .await
        .map(|o| axum::Json(o.into_result()))
}

async fn delete_async(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): CallerExt,
    Path(id): Path<String>,
    axum::extract::Query(q): Params,
) -> Result<Response, ApiError> {
    let recursive = flag(&q, "recursive")?;
    let hard = flag(&q, "hardDelete")?;
    let key = Key::Id(id);
    let engine = s.clone();
    let target = blocking(move || engine.engine.find(&sk, &key, Include::All)).await?;
    let fqn = target.fqn.clone();
    tokio::task::spawn_blocking(move || {
        let key = Key::Id(target.id);
        if let Err(e) = s.engine.delete(&sk, &key, recursive, hard, &caller) {
            tracing::warn!(error = %e.message, "background delete failed");
        }
    });
    Ok(accepted(format!("Delete operation initiated for {fqn}")))
}

/// `PUT {route}/restore`: restores a soft-deleted entity (in the background with `async=true`).
async fn restore(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): axum::Extension<Caller>,
    Query(q): Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = parse_body(body)?;
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| ApiError::bad_request("id must not be null"))?;
    if flag(&q, "async")? {
        return restore_async(s, sk, caller, id).await;
    }
    let entity = blocking(move || s.engine.restore(&sk, &id, &caller)).await?;
    Ok(axum::Json(entity).into_response())
}

/// `PUT {route}/restore?async=true`: the restore runs in the background.
async fn restore_async(
    s: Shared,
    sk: ServerKind,
    caller: Caller,
    id: String,
) -> Result<Response, ApiError> {
    let engine = s.clone();
    let key = Key::Id(id.clone());
    let target = blocking(move || engine.engine.find(&sk, &key, Include::All)).await?;
    tokio::task::spawn_blocking(move || {
        if let Err(e) = s.engine.restore(&sk, &id, &caller) {
            tracing::warn!(error = %e.message, "background restore failed");
        }
    });
    Ok(accepted(format!(
        "Restore operation initiated for {}",
        target.fqn
    )))
}

/// The user id of a follow request: a JSON string, or the bare id.
fn user_id(body: Result<Bytes, BytesRejection>) -> Result<String, ApiError> {
    let bytes = body.map_err(|e| ApiError::bad_request(format!("Invalid request: {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let id = match serde_json::from_str::<Value>(&text) {
        Ok(Value::String(s)) => s,
        _ => text.trim().to_string(),
    };
    uuid::Uuid::parse_str(&id)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::bad_request(format!("Invalid user id {id}")))
}

async fn follow(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): CallerExt,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let user = user_id(body)?;
    blocking(move || s.engine.set_follower(&sk, &id, &user, true, &caller))
        .await
        .map(axum::Json)
}

async fn unfollow(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): CallerExt,
    Path((id, user)): Path<(String, String)>,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || s.engine.set_follower(&sk, &id, &user, false, &caller))
        .await
        .map(axum::Json)
}

async fn context(
    State(s): State<Shared>,
    sk: ServerKind,
    Path(fqn): Path<String>,
) -> Result<Response, ApiError> {
    let doc = blocking(move || s.engine.context(&sk, &fqn)).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        doc,
    )
        .into_response())
}

fn number(
    q: &std::collections::BTreeMap<String, String>,
    name: &str,
    default: i64,
) -> Result<i64, ApiError> {
    match q.get(name) {
        None => Ok(default),
        Some(v) => {
            v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                ApiError::bad_request(format!("{name} must be a number ≥ 0, got {v}"))
            })
        }
    }
}

async fn assets(
    State(s): State<Shared>,
    sk: ServerKind,
    Path(fqn): Path<String>,
    axum::extract::Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let limit = number(&q, "limit", 10)?;
    let offset = number(&q, "offset", 0)?;
    blocking(move || s.engine.assets(sk.kind.type_name, &fqn, limit, offset))
        .await
        .map(axum::Json)
}
