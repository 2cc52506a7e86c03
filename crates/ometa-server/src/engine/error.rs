//! API errors, answered with OpenMetadata's body `{"code": <status>, "message": "..."}`.

use http::StatusCode;

use crate::store::StoreError;

/// An error the API answers with; never a panic, never a bare 500 for bad input.
#[derive(Debug, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The message, in the real server's wording where there is one.
    pub message: String,
    /// The write was computed from a state that changed before it committed.
    stale: bool,
    /// The `errorType` of the body, for the kinds of error that have one (`RULE_VIOLATION`).
    error_type: Option<&'static str>,
}

impl ApiError {
    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            stale: false,
            error_type: None,
        }
    }

    /// 400 for an entity that breaks one of the platform's entity rules, as the real
    /// `RuleValidationException` answers: `errorType: RULE_VIOLATION` and
    /// `Rule [<name>] validation failed: Entity does not satisfy the rule. Rule context: <context>`.
    pub fn rule_violation(rule: &str, context: &str) -> Self {
        ApiError {
            error_type: Some("RULE_VIOLATION"),
            ..Self::bad_request(format!(
                "Rule [{rule}] validation failed: Entity does not satisfy the rule. Rule context: {context}"
            ))
        }
    }

    /// A write computed from an entity that another write changed before this one committed:
    /// the request is run again on the current entity (a 409 only if it never gets a turn).
    pub fn stale() -> Self {
        ApiError {
            stale: true,
            ..Self::conflict(
                "The entity was changed by another request while this one was written; retry",
            )
        }
    }

    /// The `errorType` of the body, where the kind of error has one.
    pub fn error_type(&self) -> Option<&'static str> {
        self.error_type
    }

    /// Whether this is [`ApiError::stale`].
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// 400 Bad Request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 in the real server's form: `table instance for x.y not found`.
    pub fn not_found(entity_type: &str, what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            format!("{entity_type} instance for {what} not found"),
        )
    }

    /// 409 Conflict.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    /// 401 Unauthorized.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403 Forbidden: the caller may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 500, for storage failures only.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(e).into()
    }
}

impl From<StoreError> for ApiError {
    /// A conflict of names is the real server's 409, a stale write reruns, a bad value is a
    /// 400; anything else storage meets is a 500.
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Exists => ApiError::conflict(e.to_string()),
            StoreError::Stale => ApiError::stale(),
            StoreError::Invalid(message) => ApiError::bad_request(message),
            StoreError::Sqlite(_) | StoreError::Failed(_) => ApiError::internal(e.to_string()),
        }
    }
}
