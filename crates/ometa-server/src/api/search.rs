//! Search, answering like Elasticsearch: `GET /search/query` (query string, DSL filter,
//! index, paging with `from`/`size` or `search_after`, sorting, source filtering) and
//! `GET /search/fieldQuery`. Candidates come from the FTS5 index (or, for a query that
//! cannot narrow, from the entity table by type); every candidate is then checked exactly.

use crate::http::extract::blocking;
use crate::http::state::Shared;
use crate::search::request::SearchRequest;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::routing::get;

/// The search routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/search/query",
        get(
            |State(s): State<Shared>, RawQuery(raw): RawQuery| async move {
                blocking(move || {
                    let req = SearchRequest::parse(raw.as_deref())?;
                    s.engine.search(&req)
                })
                .await
                .map(axum::Json)
            },
        ),
    )
    .route(
        "/search/fieldQuery",
        get(
            |State(s): State<Shared>, RawQuery(raw): RawQuery| async move {
                blocking(move || s.engine.field_query(raw.as_deref()))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}
