//! One error type for every SDK call.

use std::time::Duration;

/// What went wrong. Lookups return `Ok(None)` only for a 404; every other failure is an error.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// use openmetadata::types::entity::data::table::Table;
/// use openmetadata::Error;
/// match om.create(&openmetadata::types::api::data::create_database::CreateDatabaseRequest::new("sales", "svc")).await {
///     Ok(db) => println!("created {}", db.id),
///     Err(Error::Conflict { .. }) => println!("already there"),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The entity (or route) does not exist: HTTP 404.
    #[error("not found: {message}")]
    NotFound {
        /// The server's message, e.g. `table instance for x.y not found`.
        message: String,
    },
    /// The entity already exists: HTTP 409.
    #[error("conflict: {message}")]
    Conflict {
        /// The server's message.
        message: String,
    },
    /// `If-Match` did not match the entity's current version: HTTP 412.
    #[error("precondition failed: {message}")]
    PreconditionFailed {
        /// The server's message.
        message: String,
    },
    /// Too many requests: HTTP 429, after the retries allowed.
    #[error("rate limited (retry after {retry_after:?}): {message}")]
    RateLimited {
        /// The server's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
        /// The server's message.
        message: String,
    },
    /// The token is missing, expired or refused: HTTP 401.
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// The server's message.
        message: String,
    },
    /// The caller may not do this: HTTP 403. `principal` and `operations` are read from the
    /// real server's message (`Principal: CatalogPrincipal{name='alice'} operations [Delete]
    /// not allowed`, `... operation EditDisplayName denied by role R, policy P, rule N`,
    /// `... is not admin`, where `operations` is empty).
    #[error("forbidden: {message}")]
    Forbidden {
        /// The user refused, if the message names one.
        principal: Option<String>,
        /// The operations refused.
        operations: Vec<String>,
        /// The server's message.
        message: String,
    },
    /// Any other error answer of the server.
    #[error("HTTP {status}: {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// OpenMetadata's `code` field (it carries the HTTP status too).
        code: Option<i64>,
        /// OpenMetadata's `message`, or the start of the body.
        message: String,
    },
    /// The server's major.minor version differs from the one this SDK speaks.
    #[error(
        "server version {server} does not match client version {client} (major.minor must match)"
    )]
    VersionMismatch {
        /// The server's version.
        server: String,
        /// The version this SDK speaks.
        client: String,
    },
    /// The call did not finish within its time budget.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// The request could not be sent or its answer read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// An HTML page came back where JSON was expected (a `hostPort` missing `/api` does this).
    #[error("expected JSON from {url} but got HTML (HTTP {status}); does hostPort end with /api?")]
    Html {
        /// The URL called.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer did not match the expected type.
    #[error("cannot decode the response at `{path}`: {message}; body starts: {snippet}")]
    Decode {
        /// JSON path of the first mismatch.
        path: String,
        /// What did not match.
        message: String,
        /// The first 200 characters of the body.
        snippet: String,
    },
    /// No entity type has this name (see `openmetadata::types::ENTITY_KINDS`).
    #[error("unknown entity type `{0}`; `ometa kinds` lists them")]
    UnknownEntityType(String),
    /// A request failed the schema check before it was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client is misconfigured (bad URL, unreadable token file, ...).
    #[error("configuration error: {0}")]
    Config(String),
    /// The blocking client was used on a thread that runs an async runtime, where blocking
    /// would stall it: use the async [`OpenMetadata`](crate::OpenMetadata) there (or call
    /// from `tokio::task::spawn_blocking`).
    #[error(
        "the blocking client cannot run inside an async runtime: use openmetadata::OpenMetadata \
         (async) there, or call it from tokio::task::spawn_blocking"
    )]
    InsideRuntime,
}

impl Error {
    /// Whether the server said 404.
    ///
    /// ```
    /// let e = openmetadata::Error::NotFound { message: "table instance for x not found".into() };
    /// assert!(e.is_not_found());
    /// ```
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// Whether the server said 409.
    ///
    /// ```
    /// let e = openmetadata::Error::Conflict { message: "exists".into() };
    /// assert!(e.is_conflict());
    /// ```
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict { .. })
    }

    /// Whether the server said 412.
    ///
    /// ```
    /// let e = openmetadata::Error::PreconditionFailed { message: "stale".into() };
    /// assert!(e.is_precondition_failed());
    /// ```
    pub fn is_precondition_failed(&self) -> bool {
        matches!(self, Error::PreconditionFailed { .. })
    }

    /// Whether the server refused the call for lack of permission (403).
    ///
    /// ```
    /// let e = openmetadata::Error::Forbidden {
    ///     principal: Some("alice".into()),
    ///     operations: vec!["Delete".into()],
    ///     message: "Principal: CatalogPrincipal{name='alice'} operations [Delete] not allowed".into(),
    /// };
    /// assert!(e.is_forbidden());
    /// ```
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Error::Forbidden { .. })
    }

    /// The HTTP status the server answered with, if any.
    ///
    /// ```
    /// let e = openmetadata::Error::Conflict { message: "exists".into() };
    /// assert_eq!(e.status(), Some(409));
    /// ```
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            Error::NotFound { .. } => 404,
            Error::Conflict { .. } => 409,
            Error::PreconditionFailed { .. } => 412,
            Error::RateLimited { .. } => 429,
            Error::Unauthorized { .. } => 401,
            Error::Forbidden { .. } => 403,
            Error::Api { status, .. } | Error::Html { status, .. } => *status,
            _ => return None,
        })
    }

    /// Builds the error for an error answer.
    pub(crate) fn from_answer(status: u16, body: &str, retry_after: Option<Duration>) -> Self {
        let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
        let message = parsed
            .as_ref()
            .and_then(|v| v.get("message"))
            .and_then(|m| m.as_str())
            .map(String::from)
            .unwrap_or_else(|| body.chars().take(200).collect());
        let code = parsed
            .as_ref()
            .and_then(|v| v.get("code"))
            .and_then(|c| c.as_i64());
        match status {
            401 => Error::Unauthorized { message },
            403 => {
                let (principal, operations) = refusal(&message);
                Error::Forbidden {
                    principal,
                    operations,
                    message,
                }
            }
            404 => Error::NotFound { message },
            409 => Error::Conflict { message },
            412 => Error::PreconditionFailed { message },
            429 => Error::RateLimited {
                retry_after,
                message,
            },
            _ => Error::Api {
                status,
                code,
                message,
            },
        }
    }
}

/// The principal and operations of a refusal message of the real server.
fn refusal(message: &str) -> (Option<String>, Vec<String>) {
    let Some(rest) = message.strip_prefix("Principal: CatalogPrincipal{name='") else {
        return (None, Vec::new());
    };
    let Some((name, rest)) = rest.split_once("'}") else {
        return (None, Vec::new());
    };
    let rest = rest.trim_start();
    let operations = if let Some(list) = rest.strip_prefix("operations [") {
        list.split_once(']')
            .map(|(ops, _)| {
                ops.split(',')
                    .map(|o| o.trim().to_string())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    } else if let Some(op) = rest.strip_prefix("operation ") {
        op.split_whitespace()
            .next()
            .map(String::from)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    (Some(name.to_string()), operations)
}

/// The SDK's result type.
///
/// ```
/// fn parse(v: &str) -> openmetadata::Result<()> { openmetadata::validate_url(v) }
/// assert!(parse("http://om/api").is_ok());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn forbidden(message: &str) -> (Option<String>, Vec<String>) {
        match Error::from_answer(
            403,
            &serde_json::json!({"code": 403, "message": message}).to_string(),
            None,
        ) {
            Error::Forbidden {
                principal,
                operations,
                ..
            } => (principal, operations),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_real_refusals_give_principal_and_operations() {
        assert_eq!(
            forbidden(
                "Principal: CatalogPrincipal{name='alice'} operations [EditDescription, EditTags] not allowed"
            ),
            (
                Some("alice".into()),
                vec!["EditDescription".into(), "EditTags".into()]
            )
        );
        assert_eq!(
            forbidden(
                "Principal: CatalogPrincipal{name='ingestion-bot'} operation EditDisplayName denied by role IngestionBotRole, policy DefaultBotPolicy, rule DisplayName-Deny"
            ),
            (Some("ingestion-bot".into()), vec!["EditDisplayName".into()])
        );
        assert_eq!(
            forbidden("Principal: CatalogPrincipal{name='bob'} is not admin"),
            (Some("bob".into()), vec![])
        );
        assert_eq!(forbidden("nope"), (None, vec![]));
    }
}
