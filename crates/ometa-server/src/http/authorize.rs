//! Authorization: the layer between authentication and the endpoint families. Each request
//! is mapped to what it needs ([`access`](crate::http::access)) and answered by the engine's
//! authorizer before any handler runs; a refusal is the real server's 403. Writes that change
//! users, teams, roles or policies make the authorizer read its subjects afresh.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::engine::Caller;
use crate::engine::authorization::AuthorizerMode;
use crate::engine::error::ApiError;
use crate::http::access::{Call, changes_access, decide, decide_offline};
use crate::http::extract::{MAX_BODY_BYTES, blocking};
use crate::http::state::Shared;

/// The path's segments below `/api/v1`, percent-decoded.
fn segments(path: &str) -> Vec<String> {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// Refuses a request its caller may not make; passes the others on unchanged.
pub(crate) async fn authorize(State(s): State<Shared>, req: Request, next: Next) -> Response {
    if s.authorizer.mode() == AuthorizerMode::Noop {
        return next.run(req).await;
    }
    let Some(caller) = req.extensions().get::<Caller>().cloned() else {
        return next.run(req).await;
    };
    let method = req.method().clone();
    let segs = segments(req.uri().path());
    let resp = if s
        .authorizer
        .cached(&caller.name)
        .is_some_and(|c| c.is_admin)
    {
        next.run(req).await
    } else {
        match checked(&s, caller, req, &segs).await {
            Ok(req) => next.run(req).await,
            Err(refusal) => return refusal,
        }
    };
    if method != Method::GET && resp.status().is_success() && changes_access(&segs) {
        s.authorizer.access_changed();
    }
    resp
}

/// The request back if its caller may make it, else the refusal.
async fn checked(
    s: &Shared,
    caller: Caller,
    req: Request,
    segs: &[String],
) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let has_body = !matches!(method, Method::GET | Method::HEAD);
    let bytes = if has_body {
        match to_bytes(body, MAX_BODY_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "Request entity size exceeds the maximum allowed size of {MAX_BODY_BYTES} bytes"
                    ),
                )
                .into_response());
            }
        }
    } else {
        axum::body::Bytes::new()
    };
    let query: std::collections::BTreeMap<String, String> =
        form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let body_json: Value = if has_body {
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    // Most requests of a known caller are decided without reading the store.
    if let Some(subject) = s.authorizer.cached(&caller.name) {
        let call = Call {
            method: &method,
            segments: segs,
            query: &query,
            body: &body_json,
        };
        let allowed = call
            .needs(&s.engine, &caller, true)
            .ok()
            .and_then(|need| decide_offline(&s.engine, &subject, &need));
        if let Some(Ok(())) = allowed {
            return Ok(Request::from_parts(parts, Body::from(bytes)));
        }
    }
    let verdict = {
        let (s, segs) = (s.clone(), segs.to_vec());
        blocking(move || {
            let subject = s.authorizer.subject(&s.engine, &caller.name)?;
            if subject.is_admin {
                return Ok(());
            }
            let call = Call {
                method: &method,
                segments: &segs,
                query: &query,
                body: &body_json,
            };
            let need = call
                .needs(&s.engine, &caller, false)
                .map_err(ApiError::from)?;
            decide(&s.engine, &subject, &need)
        })
        .await
    };
    match verdict {
        Ok(()) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Err(e) => Err(e.into_response()),
    }
}
