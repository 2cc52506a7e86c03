//! The tokens the server holds for users, as the real server holds them: each bot's current
//! JWT (in its authentication mechanism; a bot token is valid only while it is the one held,
//! so regenerating or revoking it makes the old one fail) and each user's personal access
//! tokens (valid while held). Signing is the HTTP layer's; this keeps the records.

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::series::{AUTH_MECHANISM, PERSONAL_ACCESS_TOKEN};
use crate::engine::{Engine, now_ms, text_field as text};
use crate::store::Stored;
use crate::store::timeseries::{Range, Series};

/// The most personal access tokens a listing returns.
const TOKEN_LIMIT: i64 = 1_000;

fn series<'a>(user: &'a Stored, extension: &'a str) -> Series<'a> {
    Series {
        entity_id: &user.id,
        fqn: &user.fqn,
        extension,
    }
}

impl Engine {
    /// A bot user's authentication mechanism (`{authType, config: {JWTToken, ...}}`).
    pub fn auth_mechanism(&self, user: &Stored) -> Result<Option<Value>, ApiError> {
        Ok(self.store.latest_record(&user.fqn, AUTH_MECHANISM)?)
    }

    /// The JWT a bot holds now, if any (revoked: none).
    pub fn bot_token(&self, user: &Stored) -> Result<Option<String>, ApiError> {
        Ok(self
            .auth_mechanism(user)?
            .as_ref()
            .map(|m| text(&m["config"], "JWTToken").to_string())
            .filter(|t| !t.is_empty()))
    }

    /// Makes `config` (`{JWTToken, JWTTokenExpiry, JWTTokenExpiresAt}`) the bot's mechanism.
    pub fn set_bot_token(&self, user: &Stored, config: &Value) -> Result<Value, ApiError> {
        let mechanism = json!({"authType": "JWT", "config": config});
        self.store
            .put_record(&series(user, AUTH_MECHANISM), now_ms(), "", &mechanism)?;
        Ok(mechanism)
    }

    /// The user's personal access tokens, newest first.
    pub fn personal_tokens(&self, user: &Stored) -> Result<Vec<Value>, ApiError> {
        Ok(self
            .store
            .records(&user.fqn, PERSONAL_ACCESS_TOKEN, Range::ALL, TOKEN_LIMIT)?)
    }

    /// Keeps a personal access token (`{token, tokenName, userId, tokenType, expiryDate,
    /// jwtToken}`).
    pub fn add_personal_token(&self, user: &Stored, token: &Value) -> Result<(), ApiError> {
        self.store.put_keyed_record(
            &series(user, PERSONAL_ACCESS_TOKEN),
            now_ms(),
            text(token, "token"),
            token,
        )?;
        Ok(())
    }

    /// Drops the personal access tokens `ids` of the user, or all of them.
    pub fn revoke_personal_tokens(
        &self,
        user: &Stored,
        ids: Option<&[String]>,
    ) -> Result<(), ApiError> {
        match ids {
            None => {
                self.store
                    .delete_records(&user.fqn, PERSONAL_ACCESS_TOKEN, Range::ALL)?;
            }
            Some(ids) => {
                for id in ids {
                    self.store
                        .delete_keyed_record(&user.fqn, PERSONAL_ACCESS_TOKEN, id)?;
                }
            }
        }
        Ok(())
    }
}
