//! Authentication: the bearer token of every API call is verified and its caller handed to
//! the handlers.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::engine::Caller;
use crate::engine::error::ApiError;
use crate::http::state::Shared;

/// Verifies the bearer token of every API call and hands the caller to the handlers.
pub(crate) async fn authenticate(
    State(s): State<Shared>,
    mut req: Request,
    next: Next,
) -> Response {
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
