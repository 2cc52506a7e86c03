//! Errors as answers: OpenMetadata's body `{"code": <status>, "message": "..."}` (with
//! `errorType` where the real server gives one), and the 500 of a handler that panicked.

use axum::response::{IntoResponse, Response};

use crate::engine::error::ApiError;
use crate::http::request_log::ErrorMessage;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({"code": self.status.as_u16(), "message": self.message});
        if let Some(error_type) = self.error_type() {
            body["errorType"] = serde_json::json!(error_type);
        }
        let mut resp = (self.status, axum::Json(body)).into_response();
        resp.extensions_mut().insert(ErrorMessage(self.message));
        resp
    }
}

/// The answer to a request whose handler panicked: a 500 in the usual body; the server
/// goes on serving.
pub fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("The server failed while handling this request (a bug; it was logged)")
        .into_response()
}
