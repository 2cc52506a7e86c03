//! One log line per request (`tracing`, target `ometa_server::request`): method, path,
//! status, caller, latency and, for an error, its message. Server errors log at `error`,
//! refusals (401, 403, 413) at `warn`, the rest (a 404 is an answer, not a fault) at `debug`;
//! `ometa serve -v` or `RUST_LOG=ometa_server=debug` shows every request.

use std::time::Instant;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// The message of an error answer, carried on the response for the log line.
#[derive(Debug, Clone)]
pub struct ErrorMessage(pub String);

/// Who made the request, carried on the response for the log line.
#[derive(Debug, Clone)]
pub struct CallerName(pub String);

/// The middleware that writes the line.
pub async fn log_requests(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    let status = resp.status();
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let caller = resp
        .extensions()
        .get::<CallerName>()
        .map_or("-", |c| c.0.as_str());
    let error = resp
        .extensions()
        .get::<ErrorMessage>()
        .map_or("", |e| e.0.as_str());
    macro_rules! line {
        ($level:ident) => {
            tracing::$level!(
                target: "ometa_server::request",
                %method, path, status = status.as_u16(), caller, latency_ms, error
            )
        };
    }
    match status {
        s if s.is_server_error() => line!(error),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::PAYLOAD_TOO_LARGE => {
            line!(warn)
        }
        _ => line!(debug),
    }
    resp
}
