//! System endpoints: the server version, settings, the logged-in user and bots' auth
//! mechanisms.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::{Caller, Fields, Key, kinds};
use crate::http::extract::{blocking, parse_body};
use crate::http::response::with_etag;
use crate::http::state::{Params, Shared};
use crate::store::Include;

/// Adds the settings and logged-in user routes (behind authentication).
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route("/users/loggedInUser", get(logged_in_user))
        .route("/system/settings", get(list_settings).put(put_setting))
        .route("/system/settings/{config_type}", get(get_setting))
}

/// The routes every client may call without a token: the server version.
pub fn public_routes() -> Router<Shared> {
    Router::new().route("/system/version", get(version))
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
