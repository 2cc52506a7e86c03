//! Extractors and parsers of request parts: the JSON body (checked against a schema type),
//! flags, numbers and time ranges of the query; and the blocking-task runner of handlers.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use serde_json::Value;
use std::collections::BTreeMap;

use crate::engine::error::ApiError;
use crate::engine::stale::rerun_while_stale;
use crate::store::timeseries::Range;

/// A numeric query parameter, or `default` when absent.
pub fn number(q: &BTreeMap<String, String>, name: &str, default: i64) -> Result<i64, ApiError> {
    q.get(name).map_or(Ok(default), |v| {
        v.parse()
            .map_err(|_| ApiError::bad_request(format!("{name} must be a number, got {v}")))
    })
}

/// A query parameter that must be given (400 `query param {name} must not be null`).
pub fn required<'a>(q: &'a BTreeMap<String, String>, name: &str) -> Result<&'a str, ApiError> {
    q.get(name)
        .map(String::as_str)
        .ok_or_else(|| ApiError::bad_request(format!("query param {name} must not be null")))
}

/// A timestamp path segment (milliseconds since the epoch).
pub fn timestamp_segment(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::bad_request(format!("timestamp must be a number, got {text}")))
}

/// `startTs` / `endTs` of a query as a time range (each end defaults to the open end).
pub fn time_range(q: &BTreeMap<String, String>) -> Result<Range, ApiError> {
    Ok(Range {
        start: number(q, "startTs", i64::MIN)?,
        end: number(q, "endTs", i64::MAX)?,
    })
}

/// Checks a request body against a schema type; a mismatch is a 400 naming `what`.
pub fn check<T: serde::de::DeserializeOwned + serde::Serialize>(
    what: &str,
    v: &Value,
) -> Result<Value, ApiError> {
    openmetadata_types::wire::normalize::<T>(v)
        .map_err(|e| ApiError::bad_request(format!("Invalid {what}: {e}")))
}

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Runs a request's work on a blocking thread; work whose write found the entity changed
/// since it was read runs again on the current entity ([`rerun_while_stale`]).
pub async fn blocking<T: Send + 'static>(
    f: impl FnMut() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(move || rerun_while_stale(f))
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}

/// The JSON body of a request; one too large is a 413, one that is not JSON a 400.
pub fn parse_body(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
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

/// A `true`/`false` query parameter (absent: false); anything else is a 400.
pub fn flag(q: &BTreeMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match q.get(name).map(String::as_str) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(ApiError::bad_request(format!(
            "{name} must be true or false, got {v}"
        ))),
    }
}
