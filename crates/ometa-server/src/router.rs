//! The HTTP surface: `/api/v1` routes for every entity collection, system endpoints, and the
//! token check in front of them.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::api::collection_ops;
use crate::api::data_quality;
use crate::api::lineage;
use crate::api::pipeline_status;
use crate::api::search;
use crate::api::table_data;
use crate::engine::change::{etag, etag_of};
use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::stale::rerun_while_stale;
use crate::engine::{Caller, Engine, Fields, Key, ListQuery};
use crate::http::jwt::TokenKey;
use crate::store::Include;

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

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

/// Kinds whose collection is not a plain entity collection (time series, settings, secrets).
const NOT_GENERIC: &[&str] = &[
    "authenticationMechanism",
    "testCaseResult",
    "webAnalyticEvent",
    "settings",
    "entityProfile",
    "queryCostRecord",
];

/// Shared state of the handlers.
pub struct AppState {
    /// The collection engine.
    pub engine: Engine,
    /// The token key.
    pub tokens: TokenKey,
    /// The version `/system/version` reports.
    pub version: String,
    /// The data directory held while the server runs (none in memory).
    pub(crate) _data_dir: Option<crate::store::data_dir::DataDirLock>,
}

/// The state handlers share.
pub(crate) type Shared = Arc<AppState>;
/// Query parameters.
pub(crate) type Params = Query<BTreeMap<String, String>>;

/// Builds the router.
pub fn router(state: Shared) -> Router {
    let mut api = Router::new();
    for sk in kinds::all().filter(|k| !NOT_GENERIC.contains(&k.kind.type_name)) {
        api = collection_routes(api, sk);
        api = collection_ops::routes(api, sk);
    }
    api = api
        .route("/users/auth-mechanism/{id}", get(auth_mechanism))
        .route("/users/loggedInUser", get(logged_in_user))
        .route("/system/settings", get(list_settings).put(put_setting))
        .route("/system/settings/{config_type}", get(get_setting));
    api = pipeline_status::routes(api);
    api = lineage::routes(api);
    api = search::routes(api);
    api = crate::api::queries::routes(api);
    api = crate::api::usage::routes(api);
    api = data_quality::routes(api);
    api = table_data::routes(api);
    api = crate::api::insights::routes(api);
    api = crate::api::table_extras::routes(api);
    api = crate::api::test_case_data::routes(api);
    api = crate::api::apps::routes(api);
    api = crate::api::data_products::routes(api);
    api = crate::api::ingestion_runs::routes(api);
    api = crate::api::events::routes(api);
    let api = api
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            authenticate,
        ))
        .route("/system/version", get(version));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(|| async { "ok" }))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "HTTP 404 Not Found") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(
            crate::http::request_log::log_requests,
        ))
        .with_state(state)
}

/// The answer to a request whose handler panicked: a 500 in the usual body; the server
/// goes on serving.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("The server failed while handling this request (a bug; it was logged)")
        .into_response()
}

fn collection_routes(api: Router<Shared>, sk: ServerKind) -> Router<Shared> {
    use axum::routing::{get, put};
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
    .route(&format!("{base}/restore"), put(move |s: State<Shared>, c: axum::Extension<Caller>, q: Params, b| restore(s, sk, c, q, b)))
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

/// Runs engine work off the async threads (SQLite is synchronous).
/// Runs a request's work on a blocking thread; work whose write found the entity changed
/// since it was read runs again on the current entity ([`rerun_while_stale`]).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnMut() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || rerun_while_stale(f))
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}

pub(crate) fn parse_body(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Request entity size exceeds the maximum allowed size of {MAX_BODY_BYTES} bytes"
                ),
            )
        } else {
            ApiError::bad_request(format!("Invalid request: {e}"))
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request(format!("Unable to process JSON: {e}")))
}

pub(crate) fn flag(q: &BTreeMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match q.get(name).map(String::as_str) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(ApiError::bad_request(format!(
            "{name} must be true or false, got {v}"
        ))),
    }
}

/// Masks connection secrets for everyone but bots.
fn mask(sk: &ServerKind, caller: &Caller, mut v: Value) -> Value {
    if caller.is_bot
        || !(kinds::is_service(sk.kind.type_name)
            || ["ingestionPipeline", "workflow"].contains(&sk.kind.type_name))
    {
        return v;
    }
    fn walk(v: &mut Value) {
        match v {
            Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    if openmetadata_types::SECRET_FIELDS.contains(&k.as_str()) && x.is_string() {
                        *x = json!("*********");
                    } else {
                        walk(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
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

fn with_etag(status: StatusCode, entity: Value) -> Response {
    let tag = etag(&entity);
    let mut resp = (status, axum::Json(entity)).into_response();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

/// Whether responses of this kind to this caller have secrets to mask.
fn needs_mask(sk: &ServerKind, caller: &Caller) -> bool {
    !caller.is_bot
        && (kinds::is_service(sk.kind.type_name)
            || ["ingestionPipeline", "workflow"].contains(&sk.kind.type_name))
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
        return collection_ops::restore_async(s, sk, caller, id).await;
    }
    let entity = blocking(move || s.engine.restore(&sk, &id, &caller)).await?;
    Ok(axum::Json(entity).into_response())
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

async fn list_settings(State(s): State<Shared>) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || s.engine.settings()).await.map(axum::Json)
}

async fn get_setting(
    State(s): State<Shared>,
    Path(config_type): Path<String>,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || s.engine.setting(&config_type))
        .await
        .map(axum::Json)
}

async fn put_setting(
    State(s): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || s.engine.put_setting(&body))
        .await
        .map(axum::Json)
}

async fn version(State(s): State<Shared>) -> axum::Json<Value> {
    axum::Json(json!({"version": s.version, "revision": "ometa-server", "timestamp": 0}))
}

/// `GET /users/loggedInUser`: the user the token names, with the requested `fields`.
async fn logged_in_user(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    Query(q): Params,
) -> Result<Response, ApiError> {
    let fields = Fields::parse(q.get("fields").map(String::as_str));
    let sk = kinds::by_type("user").ok_or_else(|| ApiError::internal("no user kind"))?;
    let entity = blocking(move || {
        let user = s
            .engine
            .find(&sk, &Key::Fqn(caller.name.clone()), Include::NonDeleted)?;
        s.engine.present(&sk, &user, &fields)
    })
    .await?;
    Ok(with_etag(StatusCode::OK, entity))
}

async fn auth_mechanism(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<String>,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let user = s
            .engine
            .store
            .get(&id)?
            .filter(|u| u.kind == "user")
            .ok_or_else(|| ApiError::not_found("user", &id))?;
        let is_bot = user
            .json
            .get("isBot")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !is_bot {
            return Err(ApiError::bad_request(format!(
                "User {} is not a bot",
                user.name
            )));
        }
        if !caller.is_bot && caller.name != "admin" && caller.name != user.name {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                format!(
                    "Principal {} is not allowed to read the auth mechanism of {}",
                    caller.name, user.name
                ),
            ));
        }
        let email = user
            .json
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let token = s.tokens.sign(&user.name, true, email, None);
        Ok(json!({"authType": "JWT", "config": {"JWTToken": token, "JWTTokenExpiry": "Unlimited"}}))
    })
    .await
    .map(axum::Json)
}

/// Verifies the bearer token of every API call and hands the caller to the handlers.
async fn authenticate(State(s): State<Shared>, mut req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(token) = token else {
        return ApiError::unauthorized("Not authorized; the request has no bearer token")
            .into_response();
    };
    match s.tokens.verify(token) {
        Ok(claims) => {
            let name = crate::http::request_log::CallerName(claims.subject.clone());
            req.extensions_mut().insert(Caller {
                name: claims.subject,
                is_bot: claims.is_bot,
            });
            let mut resp = next.run(req).await;
            resp.extensions_mut().insert(name);
            resp
        }
        Err(e) => ApiError::unauthorized(format!("Not authorized; {e}")).into_response(),
    }
}
