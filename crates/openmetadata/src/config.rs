//! How to reach a server: the equivalent of the Python SDK's `OpenMetadataConnection`.

use std::collections::BTreeMap;
use std::time::Duration;

pub use crate::auth::Auth;
use crate::error::{Error, Result};

/// When to retry a request.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first back-off; doubled each retry, with jitter.
    pub base_delay: Duration,
    /// The longest single back-off.
    pub max_delay: Duration,
    /// All attempts of one call together stop after this long.
    pub total_budget: Duration,
    /// Retry POST and PATCH too (they may not be idempotent).
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            total_budget: Duration::from_secs(120),
            retry_non_idempotent: false,
        }
    }
}

/// What to do when the server's version differs from the client's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionCheck {
    /// Fail unless major.minor match (the Python SDK's rule).
    Strict,
    /// Log a warning and go on.
    Warn,
    /// Do not ask the server.
    Off,
}

/// The client configuration.
///
/// ```
/// use openmetadata::{Auth, Config};
/// let config = Config::new("http://localhost:8585/api").auth(Auth::Jwt("eyJ...".into()));
/// assert_eq!(config.base_url(), "http://localhost:8585/api/v1");
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    /// Server URL including `/api`, e.g. `http://localhost:8585/api`.
    pub host_port: String,
    /// API version, the second path segment (`v1`).
    pub api_version: String,
    /// The token source.
    pub auth: Auth,
    /// Extra headers sent with every request.
    pub extra_headers: BTreeMap<String, String>,
    /// Connection timeout (10 s by default).
    pub connect_timeout: Duration,
    /// Read timeout of one attempt (300 s by default).
    pub read_timeout: Duration,
    /// Retries.
    pub retry: RetryPolicy,
    /// Version check on connect.
    pub version_check: VersionCheck,
    /// Skip TLS certificate verification (the Python SDK's `verifySSL: ignore`).
    pub accept_invalid_certs: bool,
    /// The user agent.
    pub user_agent: String,
}

impl Config {
    /// A configuration for `host_port` (which includes `/api`) with the defaults.
    pub fn new(host_port: impl Into<String>) -> Self {
        Config {
            host_port: host_port.into().trim_end_matches('/').to_string(),
            api_version: "v1".into(),
            auth: Auth::NoAuth,
            extra_headers: BTreeMap::new(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            version_check: VersionCheck::Strict,
            accept_invalid_certs: false,
            user_agent: format!("openmetadata-rust/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Sets the token source.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the version check.
    pub fn version_check(mut self, check: VersionCheck) -> Self {
        self.version_check = check;
        self
    }

    /// `hostPort/apiVersion`.
    pub fn base_url(&self) -> String {
        format!("{}/{}", self.host_port, self.api_version)
    }

    /// Reads the configuration from the environment: `OPENMETADATA_HOST` (or
    /// `OPENMETADATA_SERVER_URL`) with `OPENMETADATA_JWT_TOKEN`, `OPENMETADATA_VERIFY_SSL` and
    /// `OPENMETADATA_CLIENT_TIMEOUT`; or the nested form `OPENMETADATA__CONNECTION__HOSTPORT`
    /// with `OPENMETADATA__CONNECTION__SECURITYCONFIG__JWTTOKEN` (any case).
    ///
    /// A host without `/api` gets it appended.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(std::env::vars())
    }

    /// [`from_env`](Self::from_env) over any list of variables.
    ///
    /// ```
    /// let c = openmetadata::Config::from_vars([
    ///     ("OPENMETADATA_HOST".to_string(), "http://om:8585".to_string()),
    ///     ("OPENMETADATA_JWT_TOKEN".to_string(), "t".to_string()),
    /// ]).unwrap();
    /// assert_eq!(c.host_port, "http://om:8585/api");
    /// ```
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self> {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .map(|(k, v)| (k.to_ascii_uppercase(), v))
            .collect();
        let get = |k: &str| vars.get(k).filter(|v| !v.is_empty()).cloned();
        let host = get("OPENMETADATA_HOST")
            .or_else(|| get("OPENMETADATA_SERVER_URL"))
            .or_else(|| get("OPENMETADATA__CONNECTION__HOSTPORT"))
            .ok_or_else(|| {
                Error::Config(
                    "set OPENMETADATA_HOST (or OPENMETADATA__CONNECTION__HOSTPORT)".into(),
                )
            })?;
        let host = host.trim_end_matches('/').to_string();
        let host = if host.ends_with("/api") {
            host
        } else {
            format!("{host}/api")
        };
        validate_url(&host)?;
        let mut config = Config::new(host);
        if let Some(token) = get("OPENMETADATA_JWT_TOKEN")
            .or_else(|| get("OPENMETADATA_API_KEY"))
            .or_else(|| get("OPENMETADATA__CONNECTION__SECURITYCONFIG__JWTTOKEN"))
        {
            config.auth = Auth::Jwt(token);
        }
        if let Some(v) = get("OPENMETADATA_VERIFY_SSL") {
            config.accept_invalid_certs = matches!(
                v.to_ascii_lowercase().as_str(),
                "false" | "0" | "no" | "ignore"
            );
        }
        if let Some(v) = get("OPENMETADATA_CLIENT_TIMEOUT") {
            let secs: u64 = v.parse().map_err(|_| {
                Error::Config(format!(
                    "OPENMETADATA_CLIENT_TIMEOUT is not a number of seconds: {v}"
                ))
            })?;
            config.read_timeout = Duration::from_secs(secs);
        }
        Ok(config)
    }
}

/// Checks that a URL is http(s) (the Python SDK's `URL` rule).
pub fn validate_url(url: &str) -> Result<()> {
    if ["http://", "https://"].iter().any(|p| url.starts_with(p)) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "the URL must start with http:// or https://: {url}"
        )))
    }
}
