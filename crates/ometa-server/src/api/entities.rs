//! The entity collections: `/api/v1/<collection>` for every entity kind the generic engine
//! serves (list, create, upsert, read by id or FQN, patch, delete, versions).

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

use crate::engine::change::etag_of;
use crate::engine::error::ApiError;
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Fields, Key, ListQuery};
use crate::http::extract::{blocking, flag, parse_body};
use crate::http::response::{mask, needs_mask, with_etag};
use crate::http::state::{Params, Shared};
use crate::store::Include;

/// Query parameters that name an ancestor by FQN in listings.
const ANCESTOR_FILTERS: &[&str] = &[
    "service",
    "database",
    "databaseSchema",
    "parent",
    "apiCollection",
    "classification",
    "glossary",
    "spreadsheet",
];

/// Adds the entity collection of `sk` to `api`: list, create, upsert, read by id or FQN,
/// patch, delete, versions.
pub fn routes(api: Router<Shared>, sk: ServerKind) -> Router<Shared> {
    let base = format!("/{}", sk.kind.collection);
    let mut by_id = get(
        move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, q: Params| {
            read(s, sk, c, Key::Id(p.0), q)
        },
    )
    .patch(
        move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, h: HeaderMap, b| {
            patch_entity(s, sk, c, Key::Id(p.0), h, b)
        },
    )
    .delete(
        move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, q: Params| {
            delete_entity(s, sk, c, Key::Id(p.0), q)
        },
    );
    if sk.kind.type_name == "type" {
        by_id = by_id.put(
            move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, b| {
                add_custom_property(s, sk, c, p.0, b)
            },
        );
    }
    api.route(
        &base,
        get(move |s: State<Shared>, q: Params| list(s, sk, q))
            .post(move |s: State<Shared>, c: axum::Extension<Caller>, q: Params, b| write(s, sk, c, q, b, false))
            .put(move |s: State<Shared>, c: axum::Extension<Caller>, q: Params, b| write(s, sk, c, q, b, true)),
    )
    .route(&format!("{base}/{{id}}"), by_id)
    .route(
        &format!("{base}/name/{{fqn}}"),
        get(move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, q: Params| read(s, sk, c, Key::Fqn(p.0), q))
            .patch(move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, h: HeaderMap, b| {
                patch_entity(s, sk, c, Key::Fqn(p.0), h, b)
            })
            .delete(move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<String>, q: Params| {
                delete_entity(s, sk, c, Key::Fqn(p.0), q)
            }),
    )
    .route(
        &format!("{base}/{{id}}/versions"),
        get(move |s: State<Shared>, p: Path<String>| async move { blocking(move || s.engine.versions(&sk, &p.0)).await.map(axum::Json) }),
    )
    .route(
        &format!("{base}/{{id}}/versions/{{version}}"),
        get(move |s: State<Shared>, c: axum::Extension<Caller>, p: Path<(String, String)>| async move {
            let caller = c.0;
            blocking(move || {
                let v = s.engine.version(&sk, &p.0.0, &p.0.1)?;
                Ok(mask(&sk, &caller, v))
            })
            .await
            .map(axum::Json)
        }),
    )
}

async fn list(
    State(s): State<Shared>,
    sk: ServerKind,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let limit = match q.get("limit") {
            None => 10,
            Some(l) => l
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=1_000_000).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(format!("limit must be between 0 and 1000000, got {l}"))
                })?,
        };
        let include = Include::parse(q.get("include").map(String::as_str))?;
        let fields = Fields::parse(q.get("fields").map(String::as_str));
        let under = ANCESTOR_FILTERS
            .iter()
            .find_map(|f| q.get(*f))
            .map(String::as_str);
        let query = ListQuery {
            under: under.map(String::from),
            used_in: q
                .get("entityId")
                .filter(|_| sk.kind.type_name == "query")
                .cloned(),
            include,
            limit,
            after: q.get("after").cloned(),
            before: q.get("before").cloned(),
            fields,
            flag: match (sk.kind.type_name, q.get("isBot")) {
                ("user", Some(_)) => Some(("isBot", flag(&q, "isBot")?)),
                _ => None,
            },
        };
        s.engine.list(&sk, &query)
    })
    .await
    .map(axum::Json)
}

async fn write(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): axum::Extension<Caller>,
    Query(q): Params,
    body: Result<Bytes, BytesRejection>,
    put: bool,
) -> Result<Response, ApiError> {
    let body = parse_body(body)?;
    let override_metadata = flag(&q, "overrideMetadata")?;
    let (status, entity) = blocking(move || {
        let (status, entity) = s
            .engine
            .upsert(&sk, &body, &caller, put, override_metadata)?;
        Ok((status, mask(&sk, &caller, entity)))
    })
    .await?;
    Ok(with_etag(status, entity))
}

async fn read(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): axum::Extension<Caller>,
    key: Key,
    Query(q): Params,
) -> Result<Response, ApiError> {
    let include = Include::parse(q.get("include").map(String::as_str))?;
    let fields = Fields::parse(q.get("fields").map(String::as_str));
    if matches!(fields, Fields::Default) && !needs_mask(&sk, &caller) {
        // One indexed row from a pooled connection, already serialized: shorter than the two
        // thread hand-offs of a blocking task, so it runs on the async worker.
        let view = s.engine.read_view(&sk, &key, include)?;
        let tag = etag_of(view.version, view.updated_at);
        let mut resp = (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            view.json,
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&tag) {
            resp.headers_mut().insert(header::ETAG, v);
        }
        return Ok(resp);
    }
    let entity = blocking(move || {
        let stored = s.engine.find(&sk, &key, include)?;
        Ok(mask(&sk, &caller, s.engine.present(&sk, &stored, &fields)?))
    })
    .await?;
    Ok(with_etag(StatusCode::OK, entity))
}

async fn patch_entity(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): axum::Extension<Caller>,
    key: Key,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let ops = parse_body(body)?;
    let if_match = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    let entity = blocking(move || {
        let e = s
            .engine
            .patch(&sk, &key, &ops, if_match.as_deref(), &caller)?;
        Ok(mask(&sk, &caller, e))
    })
    .await?;
    Ok(with_etag(StatusCode::OK, entity))
}

async fn delete_entity(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): axum::Extension<Caller>,
    key: Key,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let recursive = flag(&q, "recursive")?;
    let hard = flag(&q, "hardDelete")?;
    blocking(move || s.engine.delete(&sk, &key, recursive, hard, &caller))
        .await
        .map(axum::Json)
}

async fn add_custom_property(
    State(s): State<Shared>,
    sk: ServerKind,
    axum::Extension(caller): axum::Extension<Caller>,
    id: String,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let property = parse_body(body)?;
    blocking(move || s.engine.add_custom_property(&sk, &id, &property, &caller))
        .await
        .map(axum::Json)
}
