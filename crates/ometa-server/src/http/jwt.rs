//! HS256 JSON Web Tokens: the server signs the tokens it hands out and verifies every request's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

/// Why a token was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    /// Not three base64url parts of JSON.
    #[error("the token is malformed")]
    Malformed,
    /// The signature does not match this server's key.
    #[error("the token signature is invalid")]
    BadSignature,
    /// `exp` is in the past.
    #[error("the token has expired")]
    Expired,
}

/// The claims this server reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The user name (`sub`).
    pub subject: String,
    /// Whether the user is a bot.
    pub is_bot: bool,
    /// `tokenType` (`BOT`, `PERSONAL_ACCESS`, `OM_USER`), if the token says.
    pub token_type: Option<String>,
}

/// The `tokenType` of personal access tokens.
pub const PERSONAL_ACCESS: &str = "PERSONAL_ACCESS";

/// Signs and verifies tokens with one secret key.
#[derive(Clone)]
pub struct TokenKey {
    key: Vec<u8>,
}

impl TokenKey {
    /// A key from raw bytes.
    pub fn new(key: Vec<u8>) -> Self {
        TokenKey { key }
    }

    fn mac(&self, data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    /// Signs a token for `subject`, without expiry (like OpenMetadata's bot tokens) or
    /// expiring at `exp` (Unix seconds).
    pub fn sign(&self, subject: &str, is_bot: bool, email: &str, exp: Option<i64>) -> String {
        let token_type = if is_bot { "BOT" } else { "OM_USER" };
        self.sign_typed(subject, is_bot, email, exp, token_type)
    }

    /// Signs a token of `token_type` (`BOT`, `OM_USER`, `PERSONAL_ACCESS`).
    pub fn sign_typed(
        &self,
        subject: &str,
        is_bot: bool,
        email: &str,
        exp: Option<i64>,
        token_type: &str,
    ) -> String {
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let mut claims = json!({
            "sub": subject,
            "isBot": is_bot,
            "iss": "open-metadata.org",
            "iat": now_secs(),
            "email": email,
            "tokenType": token_type,
            "jti": uuid::Uuid::new_v4().to_string(),
        });
        if let Some(exp) = exp {
            claims["exp"] = json!(exp);
        }
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let sig = URL_SAFE_NO_PAD.encode(self.mac(signing_input.as_bytes()));
        format!("{signing_input}.{sig}")
    }

    /// Verifies a token and returns its claims.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(h), Some(c), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let sig = URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(format!("{h}.{c}").as_bytes());
        mac.verify_slice(&sig)
            .map_err(|_| TokenError::BadSignature)?;
        let claims: Value = URL_SAFE_NO_PAD
            .decode(c)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or(TokenError::Malformed)?;
        if let Some(exp) = claims.get("exp").and_then(Value::as_i64)
            && exp <= now_secs()
        {
            return Err(TokenError::Expired);
        }
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .ok_or(TokenError::Malformed)?;
        Ok(Claims {
            subject: subject.to_string(),
            is_bot: claims
                .get("isBot")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            token_type: claims
                .get("tokenType")
                .and_then(Value::as_str)
                .map(String::from),
        })
    }
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_tokens_verify_and_forged_ones_do_not() {
        let key = TokenKey::new(b"k".to_vec());
        let t = key.sign("admin", false, "admin@x", None);
        assert_eq!(key.verify(&t).unwrap().subject, "admin");
        let other = TokenKey::new(b"other".to_vec());
        assert_eq!(other.verify(&t), Err(TokenError::BadSignature));
        assert_eq!(key.verify("a.b"), Err(TokenError::Malformed));
        let expired = key.sign("admin", false, "admin@x", Some(now_secs() - 5));
        assert_eq!(key.verify(&expired), Err(TokenError::Expired));
    }
}
