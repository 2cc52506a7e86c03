//! Where tokens come from: a static OpenMetadata JWT (inline or a file), or an identity
//! provider: OAuth2 client credentials (Auth0, Azure, custom OIDC), a private-key JWT client
//! assertion (Okta) or a Google service account (a Google-signed ID token for an audience).
//! Tokens are cached and fetched again 120 s before they expire, and once after a 401.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::error::{Error, Result};

/// How long before its expiry a token is replaced.
///
/// ```
/// assert_eq!(openmetadata::REFRESH_MARGIN.as_secs(), 120);
/// ```
pub const REFRESH_MARGIN: Duration = Duration::from_secs(120);

/// OAuth2 client credentials at a token endpoint.
///
/// ```
/// let auth = openmetadata::Auth::ClientCredentials(openmetadata::ClientCredentials {
///     token_url: "https://idp.example.com/oauth2/token".into(),
///     client_id: "ingestion".into(),
///     client_secret: "s3cret".into(),
///     scopes: vec!["openid".into()],
///     audience: None,
/// });
/// ```
#[derive(Clone)]
pub struct ClientCredentials {
    /// The token endpoint.
    pub token_url: String,
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Scopes (`scope`, space-separated on the wire).
    pub scopes: Vec<String>,
    /// `audience`, for providers that want one (Auth0).
    pub audience: Option<String>,
}

/// A client that proves itself with a JWT signed by its private key (RFC 7523), as Okta's
/// service apps do.
///
/// ```no_run
/// let auth = openmetadata::Auth::PrivateKeyJwt(openmetadata::PrivateKeyJwt {
///     token_url: "https://org.okta.com/oauth2/default/v1/token".into(),
///     client_id: "0oa1".into(),
///     private_key_pem: std::fs::read_to_string("okta.pem").unwrap(),
///     key_id: Some("kid-1".into()),
///     scopes: vec!["openid".into()],
/// });
/// ```
#[derive(Clone)]
pub struct PrivateKeyJwt {
    /// The token endpoint (also the assertion's audience).
    pub token_url: String,
    /// Client id (the assertion's issuer and subject).
    pub client_id: String,
    /// The RSA private key, PEM.
    pub private_key_pem: String,
    /// Key id, sent as `kid`.
    pub key_id: Option<String>,
    /// Scopes.
    pub scopes: Vec<String>,
}

/// A Google service account: its key signs an assertion exchanged for a Google-signed ID token.
///
/// ```no_run
/// let auth = openmetadata::Auth::Google(openmetadata::GoogleServiceAccount {
///     key_json: std::fs::read_to_string("service-account.json").unwrap(),
///     audience: "openmetadata-client-id".into(),
/// });
/// ```
#[derive(Clone)]
pub struct GoogleServiceAccount {
    /// The service account key file's JSON (`client_email`, `private_key`, `token_uri`).
    pub key_json: String,
    /// The audience of the ID token (the OpenMetadata client id).
    pub audience: String,
}

/// Where the token comes from.
///
/// ```
/// use openmetadata::{Auth, Config};
/// let config = Config::new("http://om:8585/api").auth(Auth::Jwt("eyJ...".into()));
/// assert!(matches!(config.auth, Auth::Jwt(_)));
/// ```
#[derive(Clone)]
pub enum Auth {
    /// No `Authorization` header.
    NoAuth,
    /// An OpenMetadata JWT (a bot or personal access token).
    Jwt(String),
    /// A file holding the JWT; it is read when first needed (and again after a 401).
    JwtFile(PathBuf),
    /// OAuth2 client credentials (Auth0, Azure, custom OIDC).
    ClientCredentials(ClientCredentials),
    /// A private-key JWT client assertion, then client credentials (Okta).
    PrivateKeyJwt(PrivateKeyJwt),
    /// A Google service account.
    Google(GoogleServiceAccount),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::NoAuth => f.write_str("NoAuth"),
            Auth::Jwt(_) => f.write_str("Jwt(**********)"),
            Auth::JwtFile(p) => f.debug_tuple("JwtFile").field(p).finish(),
            Auth::ClientCredentials(c) => {
                write!(f, "ClientCredentials({} at {})", c.client_id, c.token_url)
            }
            Auth::PrivateKeyJwt(c) => {
                write!(f, "PrivateKeyJwt({} at {})", c.client_id, c.token_url)
            }
            Auth::Google(g) => write!(f, "Google(audience {})", g.audience),
        }
    }
}

fn text(config: &Value, key: &str) -> Result<String> {
    config
        .get(key)
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| Error::Config(format!("securityConfig.{key} is required")))
}

fn scopes(config: &Value) -> Vec<String> {
    config
        .get("scopes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

impl Auth {
    /// Auth0: client credentials at `https://{domain}/oauth/token` for the management API
    /// audience.
    ///
    /// ```
    /// let auth = openmetadata::Auth::auth0("tenant.eu.auth0.com", "client", "secret");
    /// assert!(matches!(auth, openmetadata::Auth::ClientCredentials(ref c) if c.token_url == "https://tenant.eu.auth0.com/oauth/token"));
    /// ```
    pub fn auth0(domain: &str, client_id: &str, client_secret: &str) -> Auth {
        let domain = domain.trim_start_matches("https://").trim_end_matches('/');
        Auth::ClientCredentials(ClientCredentials {
            token_url: format!("https://{domain}/oauth/token"),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            audience: Some(format!("https://{domain}/api/v2/")),
        })
    }

    /// Azure AD: client credentials at the v2 endpoint of `authority`
    /// (`https://login.microsoftonline.com/{tenant}`) with `scopes`.
    ///
    /// ```
    /// let auth = openmetadata::Auth::azure("https://login.microsoftonline.com/my-tenant", "client", "secret", vec!["api://om/.default".into()]);
    /// assert!(matches!(auth, openmetadata::Auth::ClientCredentials(ref c) if c.token_url.ends_with("/oauth2/v2.0/token")));
    /// ```
    pub fn azure(
        authority: &str,
        client_id: &str,
        client_secret: &str,
        scopes: Vec<String>,
    ) -> Auth {
        Auth::ClientCredentials(ClientCredentials {
            token_url: format!("{}/oauth2/v2.0/token", authority.trim_end_matches('/')),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes,
            audience: None,
        })
    }

    /// Any OIDC provider: client credentials at its token endpoint.
    ///
    /// ```
    /// let auth = openmetadata::Auth::custom_oidc("https://keycloak/realms/om/protocol/openid-connect/token", "client", "secret");
    /// assert!(matches!(auth, openmetadata::Auth::ClientCredentials(_)));
    /// ```
    pub fn custom_oidc(token_endpoint: &str, client_id: &str, client_secret: &str) -> Auth {
        Auth::ClientCredentials(ClientCredentials {
            token_url: token_endpoint.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            audience: None,
        })
    }

    /// Okta: a client assertion signed with the private key, at `{org_url}/v1/token`.
    ///
    /// ```no_run
    /// let key = std::fs::read_to_string("okta.pem").unwrap();
    /// let auth = openmetadata::Auth::okta("https://org.okta.com/oauth2/default", "0oa1", &key, vec!["openid".into()]);
    /// ```
    pub fn okta(
        org_url: &str,
        client_id: &str,
        private_key_pem: &str,
        scopes: Vec<String>,
    ) -> Auth {
        Auth::PrivateKeyJwt(PrivateKeyJwt {
            token_url: format!("{}/v1/token", org_url.trim_end_matches('/')),
            client_id: client_id.into(),
            private_key_pem: private_key_pem.into(),
            key_id: None,
            scopes,
        })
    }

    /// The provider an `OpenMetadataConnection` names (`authProvider` and its
    /// `securityConfig`), as the Python SDK's provider registry did. `basic`, `ldap` and `saml`
    /// were never supported by clients: they log that and send no token.
    ///
    /// ```
    /// use openmetadata::Auth;
    /// let auth = Auth::from_provider("openmetadata", &serde_json::json!({"jwtToken": "t"})).unwrap();
    /// assert!(matches!(auth, Auth::Jwt(_)));
    /// assert!(Auth::from_provider("kerberos", &serde_json::json!({})).is_err());
    /// ```
    pub fn from_provider(provider: &str, security_config: &Value) -> Result<Auth> {
        let c = security_config;
        let deprecated = || {
            tracing::warn!(
                provider,
                "the {provider} auth provider is deprecated for clients; use an OpenMetadata JWT (a bot token)"
            )
        };
        Ok(match provider {
            "openmetadata" => {
                let token = text(c, "jwtToken")?;
                if std::path::Path::new(&token).is_file() {
                    Auth::JwtFile(token.into())
                } else {
                    Auth::Jwt(token)
                }
            }
            "no-auth" => Auth::NoAuth,
            "basic" | "ldap" | "saml" => {
                deprecated();
                tracing::warn!(
                    provider,
                    "the {provider} auth provider is not supported by clients; sending no token"
                );
                Auth::NoAuth
            }
            "google" => {
                deprecated();
                let key = text(c, "secretKey")?;
                let key_json = if std::path::Path::new(&key).is_file() {
                    std::fs::read_to_string(&key)
                        .map_err(|e| Error::Config(format!("cannot read {key}: {e}")))?
                } else {
                    key
                };
                Auth::Google(GoogleServiceAccount {
                    key_json,
                    audience: text(c, "audience")?,
                })
            }
            "okta" => {
                deprecated();
                Auth::okta(
                    &text(c, "orgURL")?,
                    &text(c, "clientId")?,
                    &text(c, "privateKey")?,
                    scopes(c),
                )
            }
            "auth0" => {
                deprecated();
                Auth::auth0(
                    &text(c, "domain")?,
                    &text(c, "clientId")?,
                    &text(c, "secretKey")?,
                )
            }
            "azure" => {
                deprecated();
                Auth::azure(
                    &text(c, "authority")?,
                    &text(c, "clientId")?,
                    &text(c, "clientSecret")?,
                    scopes(c),
                )
            }
            "custom-oidc" => {
                deprecated();
                Auth::custom_oidc(
                    &text(c, "tokenEndpoint")?,
                    &text(c, "clientId")?,
                    &text(c, "secretKey")?,
                )
            }
            other => return Err(Error::Config(format!("invalid auth provider {other}"))),
        })
    }
}

/// A token and when it stops being good.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) value: String,
    pub(crate) expires: Option<Instant>,
}

impl Token {
    /// Whether it should be replaced now.
    pub(crate) fn stale(&self) -> bool {
        self.expires
            .is_some_and(|e| Instant::now() + REFRESH_MARGIN >= e)
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn sign(claims: &Value, pem: &str, key_id: Option<&str>) -> Result<String> {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes())
        .map_err(|e| Error::Config(format!("not an RSA private key (PEM): {e}")))?;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = key_id.map(String::from);
    jsonwebtoken::encode(&header, claims, &key)
        .map_err(|e| Error::Config(format!("cannot sign the assertion: {e}")))
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Fetches a token from an identity provider.
pub(crate) async fn fetch(http: &reqwest::Client, auth: &Auth) -> Result<Token> {
    let (url, body, field) = match auth {
        Auth::ClientCredentials(c) => {
            let scope = c.scopes.join(" ");
            let mut pairs = vec![
                ("grant_type", "client_credentials"),
                ("client_id", c.client_id.as_str()),
                ("client_secret", c.client_secret.as_str()),
            ];
            if !scope.is_empty() {
                pairs.push(("scope", &scope));
            }
            if let Some(a) = &c.audience {
                pairs.push(("audience", a));
            }
            (c.token_url.clone(), form(&pairs), "access_token")
        }
        Auth::PrivateKeyJwt(c) => {
            let now = now_secs();
            let claims = serde_json::json!({
                "iss": c.client_id, "sub": c.client_id, "aud": c.token_url,
                "iat": now, "exp": now + 300, "jti": uuid_like(now),
            });
            let assertion = sign(&claims, &c.private_key_pem, c.key_id.as_deref())?;
            let scope = c.scopes.join(" ");
            let mut pairs = vec![
                ("grant_type", "client_credentials"),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", assertion.as_str()),
            ];
            if !scope.is_empty() {
                pairs.push(("scope", &scope));
            }
            (c.token_url.clone(), form(&pairs), "access_token")
        }
        Auth::Google(g) => {
            let key: Value = serde_json::from_str(&g.key_json)
                .map_err(|e| Error::Config(format!("not a service account key: {e}")))?;
            let email = text(&key, "client_email")?;
            let token_uri = key
                .get("token_uri")
                .and_then(Value::as_str)
                .unwrap_or("https://oauth2.googleapis.com/token")
                .to_string();
            let now = now_secs();
            let claims = serde_json::json!({
                "iss": email, "sub": email, "aud": token_uri,
                "iat": now, "exp": now + 3600, "target_audience": g.audience,
            });
            let assertion = sign(
                &claims,
                &text(&key, "private_key")?,
                key.get("private_key_id").and_then(Value::as_str),
            )?;
            let pairs = [
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                ("assertion", assertion.as_str()),
            ];
            (token_uri, form(&pairs), "id_token")
        }
        Auth::NoAuth | Auth::Jwt(_) | Auth::JwtFile(_) => {
            return Err(Error::Config(
                "not an identity-provider configuration".into(),
            ));
        }
    };
    let started = Instant::now();
    let resp = http
        .post(&url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(body)
        .send()
        .await
        .map_err(Error::Transport)?;
    let status = resp.status();
    let text_body = resp.text().await.map_err(Error::Transport)?;
    if !status.is_success() {
        return Err(Error::Unauthorized {
            message: format!(
                "the token endpoint {url} answered {status}: {}",
                text_body.chars().take(200).collect::<String>()
            ),
        });
    }
    let answer: Value = serde_json::from_str(&text_body).map_err(|e| Error::Decode {
        path: String::new(),
        message: e.to_string(),
        snippet: text_body.chars().take(200).collect(),
    })?;
    let value = text(&answer, field).map_err(|_| Error::Unauthorized {
        message: format!("the token endpoint {url} gave no {field}"),
    })?;
    let expires = answer
        .get("expires_in")
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .or_else(|| jwt_lifetime(&value))
        .map(|secs| started + Duration::from_secs(secs));
    tracing::debug!(url, "fetched a token");
    Ok(Token { value, expires })
}

/// Seconds until a JWT's `exp`, read without verifying it (the server verifies).
fn jwt_lifetime(token: &str) -> Option<u64> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let exp = serde_json::from_slice::<Value>(&bytes)
        .ok()?
        .get("exp")?
        .as_u64()?;
    Some(exp.saturating_sub(now_secs()))
}

/// A unique enough `jti` for one assertion.
fn uuid_like(now: u64) -> String {
    format!("{now:x}-{:016x}", fastrand::u64(..))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_go_stale_120_s_before_they_expire() {
        let t = |secs: u64| Token {
            value: "x".into(),
            expires: Some(Instant::now() + Duration::from_secs(secs)),
        };
        assert!(t(60).stale());
        assert!(!t(600).stale());
        assert!(
            !Token {
                value: "x".into(),
                expires: None
            }
            .stale()
        );
    }

    #[test]
    fn the_registry_maps_every_provider_name() {
        let c = serde_json::json!({
            "jwtToken": "t", "secretKey": "{}", "audience": "a", "orgURL": "https://o.okta.com/oauth2/default",
            "clientId": "id", "privateKey": "pem", "domain": "d.auth0.com", "authority": "https://login.microsoftonline.com/t",
            "clientSecret": "s", "tokenEndpoint": "https://idp/token", "scopes": ["api://x/.default"]
        });
        for (name, debug) in [
            ("openmetadata", "Jwt"),
            ("no-auth", "NoAuth"),
            ("basic", "NoAuth"),
            ("ldap", "NoAuth"),
            ("saml", "NoAuth"),
            ("google", "Google"),
            (
                "okta",
                "PrivateKeyJwt(id at https://o.okta.com/oauth2/default/v1/token)",
            ),
            (
                "auth0",
                "ClientCredentials(id at https://d.auth0.com/oauth/token)",
            ),
            (
                "azure",
                "ClientCredentials(id at https://login.microsoftonline.com/t/oauth2/v2.0/token)",
            ),
            ("custom-oidc", "ClientCredentials(id at https://idp/token)"),
        ] {
            let auth = Auth::from_provider(name, &c).unwrap();
            assert!(format!("{auth:?}").starts_with(debug), "{name}: {auth:?}");
        }
        assert!(Auth::from_provider("auth0", &serde_json::json!({})).is_err());
    }
}
