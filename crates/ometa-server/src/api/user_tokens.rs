//! Tokens of users, as the real `UserResource` hands them out: an admin generates, reads and
//! revokes a bot's JWT (`/users/generateToken/{id}`, `/users/token/{id}`,
//! `/users/revokeToken`, `/users/auth-mechanism/{id}`); a user creates, lists and revokes
//! their personal access tokens (`/users/security/token`). A regenerated or revoked token,
//! or a revoked personal access token, is refused from then on (401).

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::routing::{get, put};
use serde_json::{Value, json};

use crate::engine::authorization::require_admin;
use crate::engine::error::ApiError;
use crate::engine::{Caller, Fields, Key, kinds, text_field as text};
use crate::http::extract::{blocking, flag, parse_body};
use crate::http::jwt::{PERSONAL_ACCESS, now_secs};
use crate::http::state::{Params, Shared};
use crate::store::{Include, Stored};

type CallerExt = axum::Extension<Caller>;

/// Adds the token routes to `api`.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route("/users/generateToken/{id}", put(generate))
        .route("/users/revokeToken", put(revoke))
        .route("/users/token/{id}", get(bot_token))
        .route("/users/auth-mechanism/{id}", get(auth_mechanism))
        .route(
            "/users/security/token",
            get(personal_tokens).put(create_personal_token),
        )
        .route("/users/security/token/revoke", put(revoke_personal_tokens))
}

/// Seconds a `JWTTokenExpiry` lasts (`None`: unlimited).
fn lifetime(expiry: &str) -> Result<Option<i64>, ApiError> {
    const DAY: i64 = 86_400;
    Ok(Some(match expiry {
        "Unlimited" => return Ok(None),
        "OneHour" => 3_600,
        "1" | "7" | "30" | "60" | "90" => expiry.parse::<i64>().unwrap_or(1) * DAY,
        other => {
            return Err(ApiError::bad_request(format!(
                "JWTTokenExpiry must be one of OneHour, 1, 7, 30, 60, 90, Unlimited; got {other}"
            )));
        }
    }))
}

/// The live user `key`, or a 404.
fn user(s: &Shared, key: Key) -> Result<Stored, ApiError> {
    s.engine
        .find(&kinds::required("user")?, &key, Include::NonDeleted)
}

/// A token for `user` lasting `expiry` (a `JWTTokenExpiry`), of `token_type`; and when it
/// expires (Unix seconds, none if unlimited).
fn sign_for(
    s: &Shared,
    user: &Stored,
    expiry: &str,
    token_type: &str,
) -> Result<(String, Option<i64>), ApiError> {
    let exp = lifetime(expiry)?.map(|secs| now_secs() + secs);
    let email = text(&user.json, "email");
    let is_bot = token_type == "BOT";
    let jwt = s
        .tokens
        .sign_typed(&user.name, is_bot, email, exp, token_type);
    Ok((jwt, exp))
}

fn is_bot(user: &Stored) -> bool {
    user.json.get("isBot").and_then(Value::as_bool) == Some(true)
}

/// The bot user `id`, or the real 400 for a user who is not one.
fn bot(s: &Shared, id: &str) -> Result<Stored, ApiError> {
    let user = user(s, Key::Id(id.to_string()))?;
    if !is_bot(&user) {
        return Err(ApiError::bad_request(
            "JWT token is only supported for bot users",
        ));
    }
    Ok(user)
}

fn admin(s: &Shared, caller: &Caller) -> Result<(), ApiError> {
    require_admin(&*s.authorizer.subject(&s.engine, &caller.name)?)
}

/// `PUT /users/generateToken/{id}`: a new JWT for the bot, which replaces the one it held.
async fn generate(
    State(s): State<Shared>,
    c: CallerExt,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || {
        admin(&s, &c)?;
        let user = bot(&s, &id)?;
        let expiry = match body.get("JWTTokenExpiry") {
            Some(Value::String(e)) => e.clone(),
            _ => return Err(ApiError::bad_request("JWTTokenExpiry must not be null")),
        };
        let (token, exp) = sign_for(&s, &user, &expiry, "BOT")?;
        let config = json!({
            "JWTToken": token,
            "JWTTokenExpiry": expiry,
            "JWTTokenExpiresAt": exp.map(|e| e * 1000),
        });
        s.engine.set_bot_token(&user, &config)?;
        s.authorizer.access_changed();
        Ok(config)
    })
    .await
    .map(axum::Json)
}

/// `PUT /users/revokeToken` `{"id": ...}`: the bot holds no token any more; answers the user.
async fn revoke(
    State(s): State<Shared>,
    c: CallerExt,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || {
        admin(&s, &c)?;
        let user = user(&s, Key::Id(text(&body, "id").to_string()))?;
        if !is_bot(&user) {
            return Err(ApiError::bad_request(
                "Revoke Token can only be applied to Bot Users.",
            ));
        }
        s.engine.set_bot_token(
            &user,
            &json!({"JWTToken": "", "JWTTokenExpiry": "Unlimited"}),
        )?;
        s.authorizer.access_changed();
        s.engine
            .present(&kinds::required("user")?, &user, &Fields::Default)
    })
    .await
    .map(axum::Json)
}

/// `GET /users/token/{id}`: the bot's token (`{}` if it holds none).
async fn bot_token(
    State(s): State<Shared>,
    c: CallerExt,
    Path(id): Path<String>,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let user = bot(&s, &id)?;
        admin(&s, &c)?;
        Ok(s.engine
            .auth_mechanism(&user)?
            .map_or_else(|| json!({}), |m| m["config"].clone()))
    })
    .await
    .map(axum::Json)
}

/// `GET /users/auth-mechanism/{id}`: the bot's authentication mechanism, for an admin or
/// the bot itself.
async fn auth_mechanism(
    State(s): State<Shared>,
    c: CallerExt,
    Path(id): Path<String>,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let user = bot(&s, &id)?;
        if c.name != user.name {
            admin(&s, &c)?;
        }
        Ok(s.engine
            .auth_mechanism(&user)?
            .unwrap_or_else(|| json!({"authType": "JWT", "config": {}})))
    })
    .await
    .map(axum::Json)
}

/// The user whose personal tokens are meant: the caller, or `?username=` (admins only).
fn token_owner(s: &Shared, c: &Caller, q: &Params) -> Result<Stored, ApiError> {
    let name = match q.get("username").filter(|u| **u != c.name) {
        Some(other) => {
            admin(s, c)?;
            other.clone()
        }
        None => c.name.clone(),
    };
    user(s, Key::Fqn(name))
}

fn token_list(tokens: Vec<Value>) -> Value {
    json!({"data": tokens, "paging": {"total": tokens.len()}})
}

/// `GET /users/security/token`: the personal access tokens.
async fn personal_tokens(
    State(s): State<Shared>,
    c: CallerExt,
    q: Params,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let user = token_owner(&s, &c, &q)?;
        Ok(token_list(s.engine.personal_tokens(&user)?))
    })
    .await
    .map(axum::Json)
}

/// `PUT /users/security/token` `{tokenName, JWTTokenExpiry}`: a new personal access token of
/// the caller (bots have none).
async fn create_personal_token(
    State(s): State<Shared>,
    c: CallerExt,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || {
        let user = token_owner(&s, &c, &Default::default())?;
        if is_bot(&user) {
            return Err(ApiError::bad_request(
                "Bots cannot have a Personal Access Token.",
            ));
        }
        let (Some(Value::String(name)), Some(Value::String(expiry))) =
            (body.get("tokenName"), body.get("JWTTokenExpiry"))
        else {
            return Err(ApiError::bad_request(
                "tokenName and JWTTokenExpiry must not be null",
            ));
        };
        let (jwt, exp) = sign_for(&s, &user, expiry, PERSONAL_ACCESS)?;
        let token = json!({
            "token": uuid::Uuid::new_v4().to_string(),
            "tokenName": name,
            "userId": user.id,
            "tokenType": PERSONAL_ACCESS,
            "expiryDate": exp.map(|e| e * 1000),
            "jwtToken": jwt,
        });
        s.engine.add_personal_token(&user, &token)?;
        s.authorizer.access_changed();
        Ok(token)
    })
    .await
    .map(axum::Json)
}

/// `PUT /users/security/token/revoke` `{tokenIds}` (or `?removeAll=true`): drops personal
/// access tokens; answers those left.
async fn revoke_personal_tokens(
    State(s): State<Shared>,
    c: CallerExt,
    q: Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    blocking(move || {
        let user = token_owner(&s, &c, &q)?;
        let ids: Vec<String> = body
            .get("tokenIds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        let all = flag(&q, "removeAll")?;
        s.engine
            .revoke_personal_tokens(&user, (!all).then_some(ids.as_slice()))?;
        s.authorizer.access_changed();
        Ok(token_list(s.engine.personal_tokens(&user)?))
    })
    .await
    .map(axum::Json)
}
