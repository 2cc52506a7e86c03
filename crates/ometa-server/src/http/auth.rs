//! Authentication: the bearer token of every API call is verified and its caller handed to
//! the handlers.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::engine::Caller;
use crate::engine::error::ApiError;
use crate::http::extract::blocking;
use crate::http::jwt::{Claims, PERSONAL_ACCESS};
use crate::http::state::Shared;

/// Verifies the bearer token of every API call and hands the caller to the handlers.
pub(crate) async fn authenticate(State(s): State<Shared>, req: Request, next: Next) -> Response {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let Some(token) = token else {
        return ApiError::unauthorized("Not authorized; the request has no bearer token")
            .into_response();
    };
    match s.tokens.verify(&token) {
        Ok(claims) if claims.is_bot || claims.token_type.as_deref() == Some(PERSONAL_ACCESS) => {
            if let Err(e) = held(&s, &claims, &token).await {
                return e.into_response();
            }
            pass(req, next, claims).await
        }
        Ok(claims) => pass(req, next, claims).await,
        Err(e) => ApiError::unauthorized(format!("Not authorized; {e}")).into_response(),
    }
}

/// Hands the verified caller to the handlers and its name to the request log.
async fn pass(mut req: Request, next: Next, claims: Claims) -> Response {
    let name = crate::http::request_log::CallerName(claims.subject.clone());
    req.extensions_mut().insert(Caller {
        name: claims.subject,
        is_bot: claims.is_bot,
    });
    let mut resp = next.run(req).await;
    resp.extensions_mut().insert(name);
    resp
}

/// A bot token must be the one the server holds for the bot, a personal access token one
/// the user holds, as the real `JwtFilter` checks them.
async fn held(s: &Shared, claims: &Claims, token: &str) -> Result<(), ApiError> {
    let subject = match s.authorizer.cached(&claims.subject) {
        Some(subject) => subject,
        None => {
            let (s, name) = (s.clone(), claims.subject.clone());
            blocking(move || s.authorizer.subject(&s.engine, &name)).await?
        }
    };
    if claims.is_bot {
        if subject.bot_token.as_deref() != Some(token) {
            return Err(ApiError::unauthorized(
                "Not Authorized! The given token does not match the current bot's token!",
            ));
        }
    } else if !subject.personal_tokens.iter().any(|t| t == token) {
        return Err(ApiError::unauthorized(
            "Not Authorized! Invalid personal access token!",
        ));
    }
    Ok(())
}
