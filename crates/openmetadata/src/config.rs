//! How to reach a server: the equivalent of the Python SDK's `OpenMetadataConnection`.

use std::collections::BTreeMap;
use std::time::Duration;

pub use crate::auth::Auth;
use serde_json::{Value, json};

use crate::error::{Error, Result};
pub use crate::tls::{ClientCertificate, Pem, VerifySsl};
use crate::types::entity::services::connections::metadata::open_metadata_connection::OpenMetadataConnection;

/// When to retry a request.
///
/// ```
/// use std::time::Duration;
/// let retry = openmetadata::RetryPolicy { max_retries: 5, total_budget: Duration::from_secs(30), ..Default::default() };
/// let config = openmetadata::Config::new("http://om:8585/api").retry(retry);
/// assert_eq!(config.retry.max_retries, 5);
/// ```
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
///
/// ```
/// use openmetadata::{Config, VersionCheck};
/// let config = Config::new("http://om:8585/api").version_check(VersionCheck::Warn);
/// assert_eq!(config.version_check, VersionCheck::Warn);
/// ```
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
    /// Which server certificates to trust (`verifySSL`).
    pub verify_ssl: VerifySsl,
    /// The certificate shown to servers that ask for mutual TLS.
    pub client_certificate: Option<ClientCertificate>,
    /// The user agent.
    pub user_agent: String,
}

impl Config {
    /// A configuration for a server with the defaults. `host_port` may be the server
    /// (`http://om:8585`), its API (`…/api`, the Python SDK's `hostPort`) or the versioned API
    /// the server's banner prints (`…/api/v1`): all mean the same server.
    ///
    /// ```
    /// let c = openmetadata::Config::new("http://om:8585/api/");
    /// assert_eq!((c.host_port.as_str(), c.connect_timeout.as_secs(), c.read_timeout.as_secs()), ("http://om:8585/api", 10, 300));
    /// for given in ["http://om:8585", "http://om:8585/api", "http://om:8585/api/v1/"] {
    ///     assert_eq!(openmetadata::Config::new(given).base_url(), "http://om:8585/api/v1");
    /// }
    /// ```
    pub fn new(host_port: impl Into<String>) -> Self {
        Config {
            host_port: api_root(&host_port.into()),
            api_version: "v1".into(),
            auth: Auth::NoAuth,
            extra_headers: BTreeMap::new(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            version_check: VersionCheck::Strict,
            verify_ssl: VerifySsl::System,
            client_certificate: None,
            user_agent: format!("openmetadata-rust/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Sets the token source.
    ///
    /// ```
    /// let c = openmetadata::Config::new("http://om:8585/api").auth(openmetadata::Auth::JwtFile("/run/secrets/om.jwt".into()));
    /// assert!(matches!(c.auth, openmetadata::Auth::JwtFile(_)));
    /// ```
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Sets the retry policy.
    ///
    /// ```
    /// let c = openmetadata::Config::new("http://om:8585/api").retry(openmetadata::RetryPolicy { max_retries: 0, ..Default::default() });
    /// assert_eq!(c.retry.max_retries, 0);
    /// ```
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the version check.
    ///
    /// ```
    /// let c = openmetadata::Config::new("http://om:8585/api").version_check(openmetadata::VersionCheck::Off);
    /// assert_eq!(c.version_check, openmetadata::VersionCheck::Off);
    /// ```
    pub fn version_check(mut self, check: VersionCheck) -> Self {
        self.version_check = check;
        self
    }

    /// Sets which server certificates to trust.
    ///
    /// ```
    /// let c = openmetadata::Config::new("https://om/api").verify_ssl(openmetadata::VerifySsl::Ignore);
    /// assert_eq!(c.verify_ssl, openmetadata::VerifySsl::Ignore);
    /// ```
    pub fn verify_ssl(mut self, verify: VerifySsl) -> Self {
        self.verify_ssl = verify;
        self
    }

    /// Sets the client certificate for mutual TLS.
    ///
    /// ```
    /// use openmetadata::{ClientCertificate, Pem};
    /// let c = openmetadata::Config::new("https://om/api").client_certificate(ClientCertificate {
    ///     certificate: Pem::File("client.pem".into()),
    ///     key: Pem::File("client.key".into()),
    /// });
    /// assert!(c.client_certificate.is_some());
    /// ```
    pub fn client_certificate(mut self, certificate: ClientCertificate) -> Self {
        self.client_certificate = Some(certificate);
        self
    }

    /// Adds a header sent with every request.
    ///
    /// ```
    /// let c = openmetadata::Config::new("http://om:8585/api").header("X-Team", "data");
    /// assert_eq!(c.extra_headers["X-Team"], "data");
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.insert(name.into(), value.into());
        self
    }

    /// `hostPort/apiVersion`.
    ///
    /// ```
    /// assert_eq!(openmetadata::Config::new("http://om:8585/api").base_url(), "http://om:8585/api/v1");
    /// ```
    pub fn base_url(&self) -> String {
        format!("{}/{}", self.host_port, self.api_version)
    }

    /// Reads the configuration from the environment, in either convention:
    ///
    /// - flat: `OPENMETADATA_HOST` (or `OPENMETADATA_SERVER_URL`), `OPENMETADATA_JWT_TOKEN`,
    ///   `OPENMETADATA_VERIFY_SSL` (`false`/`ignore` skips the check), `OPENMETADATA_CA_BUNDLE`
    ///   (trust only this CA bundle), `OPENMETADATA_CLIENT_TIMEOUT` (read timeout, seconds);
    /// - nested, the Python SDK's `from_env()`: `OPENMETADATA__CONNECTION__<FIELD>__<FIELD>`
    ///   for any field [`from_connection`](Self::from_connection) reads, in any case, e.g.
    ///   `OPENMETADATA__CONNECTION__HOSTPORT` and
    ///   `OPENMETADATA__CONNECTION__SECURITYCONFIG__JWTTOKEN`.
    ///
    /// A flat variable wins over its nested twin. A host without `/api` gets it appended.
    ///
    /// ```no_run
    /// let config = openmetadata::Config::from_env().expect("set OPENMETADATA_HOST");
    /// ```
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
    ///
    /// let c = openmetadata::Config::from_vars([
    ///     ("openmetadata__connection__hostPort".to_string(), "https://om/api".to_string()),
    ///     ("OPENMETADATA__CONNECTION__VERIFYSSL".to_string(), "ignore".to_string()),
    /// ]).unwrap();
    /// assert_eq!(c.verify_ssl, openmetadata::VerifySsl::Ignore);
    /// ```
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self> {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_ascii_uppercase(), v))
            .collect();
        let get = |k: &str| vars.get(k).cloned();
        let mut connection = nested_connection(&vars);
        if let Some(host) = get("OPENMETADATA_HOST").or_else(|| get("OPENMETADATA_SERVER_URL")) {
            connection.insert("hostPort".into(), Value::String(host));
        }
        let Some(Value::String(host)) = connection.get("hostPort").cloned() else {
            return Err(Error::Config(
                "set OPENMETADATA_HOST (or OPENMETADATA__CONNECTION__HOSTPORT)".into(),
            ));
        };
        let host = host.trim_end_matches('/');
        let host = if host.ends_with("/api") {
            host.to_string()
        } else {
            format!("{host}/api")
        };
        connection.insert("hostPort".into(), Value::String(host));
        if let Some(token) = get("OPENMETADATA_JWT_TOKEN").or_else(|| get("OPENMETADATA_API_KEY")) {
            connection.insert("authProvider".into(), "openmetadata".into());
            connection.insert("securityConfig".into(), json!({ "jwtToken": token }));
        }
        if let Some(v) = get("OPENMETADATA_VERIFY_SSL") {
            let mode = match v.to_ascii_lowercase().as_str() {
                "false" | "0" | "no" | "ignore" => "ignore",
                _ => "no-ssl",
            };
            connection.insert("verifySSL".into(), mode.into());
        }
        if let Some(bundle) = get("OPENMETADATA_CA_BUNDLE") {
            connection.insert("verifySSL".into(), "validate".into());
            connection.insert("sslConfig".into(), json!({ "caCertificate": bundle }));
        }
        let mut config = Self::from_connection_value(&Value::Object(connection))?;
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

    /// The configuration an `OpenMetadataConnection` describes, as the Python SDK's
    /// `OpenMetadata(config)` reads it: `hostPort`, `apiVersion`, `authProvider` with its
    /// `securityConfig` (see [`Auth::from_provider`]; without a provider, a `jwtToken` is used if
    /// there is one), `verifySSL` with `sslConfig.caCertificate` (a path or PEM text),
    /// `extraHeaders` and `enableVersionValidation`. Unlike the Python SDK, a client certificate
    /// in `sslConfig.sslCertificate` / `sslKey` is used too.
    ///
    /// ```
    /// use openmetadata::types::entity::services::connections::metadata::open_metadata_connection::OpenMetadataConnection;
    /// let connection: OpenMetadataConnection = serde_json::from_value(serde_json::json!({
    ///     "hostPort": "http://localhost:8585/api",
    ///     "authProvider": "openmetadata",
    ///     "securityConfig": {"jwtToken": "eyJ..."},
    ///     "enableVersionValidation": false
    /// })).unwrap();
    /// let config = openmetadata::Config::from_connection(&connection).unwrap();
    /// assert_eq!(config.version_check, openmetadata::VersionCheck::Off);
    /// ```
    pub fn from_connection(connection: &OpenMetadataConnection) -> Result<Self> {
        let value = serde_json::to_value(connection)
            .map_err(|e| Error::Config(format!("cannot read the connection: {e}")))?;
        Self::from_connection_value(&value)
    }

    fn from_connection_value(c: &Value) -> Result<Self> {
        let text = |path: &str| c.pointer(path).and_then(Value::as_str);
        let host = text("/hostPort")
            .ok_or_else(|| Error::Config("the connection has no hostPort".into()))?;
        validate_url(host)?;
        let mut config = Config::new(host);
        if let Some(version) = text("/apiVersion") {
            config.api_version = version.to_string();
        }
        let security = c.get("securityConfig").cloned().unwrap_or(Value::Null);
        config.auth = match text("/authProvider") {
            Some(provider) => Auth::from_provider(provider, &security)?,
            None => match security.get("jwtToken").and_then(Value::as_str) {
                Some(_) => Auth::from_provider("openmetadata", &security)?,
                None => Auth::NoAuth,
            },
        };
        config.verify_ssl = match text("/verifySSL").unwrap_or("no-ssl") {
            "no-ssl" => VerifySsl::System,
            "ignore" => VerifySsl::Ignore,
            "validate" => VerifySsl::CaBundle(Pem::from_setting(
                text("/sslConfig/caCertificate").ok_or_else(|| {
                    Error::Config(
                        "verifySSL is validate but sslConfig.caCertificate is not set".into(),
                    )
                })?,
            )),
            other => {
                return Err(Error::Config(format!(
                    "verifySSL must be no-ssl, ignore or validate, not {other}"
                )));
            }
        };
        if let (Some(cert), Some(key)) =
            (text("/sslConfig/sslCertificate"), text("/sslConfig/sslKey"))
        {
            config.client_certificate = Some(ClientCertificate {
                certificate: Pem::from_setting(cert),
                key: Pem::from_setting(key),
            });
        }
        if let Some(Value::Object(headers)) = c.get("extraHeaders") {
            for (name, value) in headers {
                let value = value.as_str().ok_or_else(|| {
                    Error::Config(format!("the extra header {name} is not a string"))
                })?;
                config.extra_headers.insert(name.clone(), value.to_string());
            }
        }
        if matches!(c.get("enableVersionValidation"), Some(Value::Bool(false)))
            || text("/enableVersionValidation").is_some_and(|v| v.eq_ignore_ascii_case("false"))
        {
            config.version_check = VersionCheck::Off;
        }
        Ok(config)
    }
}

/// The field names of an `OpenMetadataConnection` (and of its security and SSL settings)
/// that the nested environment form may spell in any case.
const CONNECTION_FIELDS: &[&str] = &[
    "hostPort",
    "apiVersion",
    "authProvider",
    "securityConfig",
    "jwtToken",
    "clientId",
    "secretKey",
    "clientSecret",
    "authority",
    "tenantId",
    "scopes",
    "tokenEndpoint",
    "audience",
    "domain",
    "orgURL",
    "privateKey",
    "email",
    "serverUrl",
    "verifySSL",
    "sslConfig",
    "caCertificate",
    "sslCertificate",
    "sslKey",
    "extraHeaders",
    "enableVersionValidation",
];

/// The `OPENMETADATA__CONNECTION__...` variables as a connection object, each `__` a level.
fn nested_connection(vars: &BTreeMap<String, String>) -> serde_json::Map<String, Value> {
    let mut root = serde_json::Map::new();
    for (name, value) in vars {
        let Some(rest) = name.strip_prefix("OPENMETADATA__CONNECTION__") else {
            continue;
        };
        let keys: Vec<String> = rest
            .split("__")
            .map(|segment| {
                CONNECTION_FIELDS
                    .iter()
                    .find(|f| f.eq_ignore_ascii_case(segment))
                    .map_or_else(|| segment.to_string(), |f| f.to_string())
            })
            .collect();
        let (last, parents) = keys.split_last().expect("split yields one segment");
        let mut node = &mut root;
        for key in parents {
            let child = node
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Default::default()));
            if !child.is_object() {
                *child = Value::Object(Default::default());
            }
            node = child.as_object_mut().expect("made an object above");
        }
        node.insert(last.clone(), Value::String(value.clone()));
    }
    root
}

/// The API root (`…/api`) of a server URL given as the server, its API or its versioned API.
fn api_root(given: &str) -> String {
    let url = given.trim().trim_end_matches('/');
    let versioned = url
        .rsplit_once('/')
        .filter(|(head, last)| head.ends_with("/api") && is_api_version(last));
    match versioned {
        Some((head, _)) => head.to_string(),
        None if url.ends_with("/api") => url.to_string(),
        None => format!("{url}/api"),
    }
}

/// `v1`, `v2`, ...
fn is_api_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks that a URL is http(s) (the Python SDK's `URL` rule).
///
/// ```
/// assert!(openmetadata::validate_url("https://om/api").is_ok());
/// assert!(openmetadata::validate_url("om:8585").is_err());
/// ```
pub fn validate_url(url: &str) -> Result<()> {
    if ["http://", "https://"].iter().any(|p| url.starts_with(p)) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "the URL must start with http:// or https://: {url}"
        )))
    }
}
