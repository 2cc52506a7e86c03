//! The router composition: the one place that knows every endpoint family; it mounts them
//! under `/api/v1` behind authentication and authorization, with the body limit, panic catcher
//! and request log.

use crate::api::{
    apps, collection_ops, data_contracts, data_products, data_quality, entities, events,
    ingestion_runs, insights, lineage, permissions, pipeline_status, queries, search, system,
    table_data, table_extras, test_case_data, usage, user_tokens,
};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::http::auth::authenticate;
use crate::http::authorize::authorize;
use crate::http::error::panicked;
use crate::http::extract::MAX_BODY_BYTES;
use crate::http::request_log::log_requests;
use crate::http::state::Shared;

/// Kinds whose collection is not a plain entity collection (time series, settings, secrets).
const NOT_GENERIC: &[&str] = &[
    "authenticationMechanism",
    "testCaseResult",
    "webAnalyticEvent",
    "settings",
    "entityProfile",
    "queryCostRecord",
];

/// An endpoint family: adds its routes to the API router.
type Family = fn(Router<Shared>) -> Router<Shared>;

/// The endpoint families that are not per-kind.
const FAMILIES: &[Family] = &[
    system::routes,
    pipeline_status::routes,
    lineage::routes,
    search::routes,
    queries::routes,
    usage::routes,
    data_quality::routes,
    table_data::routes,
    insights::routes,
    table_extras::routes,
    test_case_data::routes,
    apps::routes,
    data_products::routes,
    ingestion_runs::routes,
    events::routes,
    permissions::routes,
    user_tokens::routes,
    data_contracts::routes,
];

/// Builds the router.
pub fn router(state: Shared) -> Router {
    let mut api = Router::new();
    for sk in kinds::all().filter(|k| !NOT_GENERIC.contains(&k.kind.type_name)) {
        api = entities::routes(api, sk);
        api = collection_ops::routes(api, sk);
    }
    for family in FAMILIES {
        api = family(api);
    }
    let api = api
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            authorize,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            authenticate,
        ))
        .merge(system::public_routes());
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(|| async { "ok" }))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "HTTP 404 Not Found") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(log_requests))
        .with_state(state)
}
