//! The one chokepoint every request goes through: auth header, timeouts, retries with
//! exponential back-off and jitter (honouring `Retry-After`), token refresh on 401, error
//! mapping, HTML detection.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use crate::auth::{self, Token};
use crate::config::{Auth, Config};
use crate::error::{Error, Result};

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// `application/json`.
    Json(serde_json::Value),
    /// `application/json-patch+json`.
    JsonPatch(serde_json::Value),
    /// Text sent as it is under `application/json` (an inspection query: the real server reads
    /// the bare SQL).
    RawJson(String),
}

/// A successful answer.
#[derive(Debug)]
pub struct Answer {
    /// The body.
    pub body: bytes::Bytes,
}

impl Answer {
    /// Decodes the body as JSON, naming the path of the first mismatch.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        // Decoded again only to name where it failed, which the fast path does not track.
        let de = &mut serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(de).map_err(|e| Error::Decode {
            path: e.path().to_string(),
            message: e.inner().to_string(),
            snippet: String::from_utf8_lossy(&self.body[..self.body.len().min(200)]).into_owned(),
        })
    }
}

/// Sends requests for one client.
pub(crate) struct Transport {
    http: reqwest::Client,
    config: Config,
    token: Mutex<Option<Token>>,
}

impl Transport {
    pub(crate) fn new(config: Config) -> Result<Self> {
        crate::config::validate_url(&config.host_port)?;
        let mut headers = reqwest::header::HeaderMap::new();
        for (k, v) in &config.extra_headers {
            let name = reqwest::header::HeaderName::from_bytes(k.as_bytes())
                .map_err(|e| Error::Config(format!("bad header name {k}: {e}")))?;
            let value = reqwest::header::HeaderValue::from_str(v)
                .map_err(|e| Error::Config(format!("bad header value for {k}: {e}")))?;
            headers.insert(name, value);
        }
        let builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .tcp_keepalive(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(config.user_agent.clone())
            .default_headers(headers);
        let http = crate::tls::configure(
            builder,
            &config.verify_ssl,
            config.client_certificate.as_ref(),
        )?
        .build()
        .map_err(Error::Transport)?;
        Ok(Transport {
            http,
            config,
            token: Mutex::new(None),
        })
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// The token: cached; read or fetched again when there is none, when it is within
    /// [`REFRESH_MARGIN`](crate::REFRESH_MARGIN) of its expiry, or when `refresh` (after a 401).
    async fn token(&self, refresh: bool) -> Result<Option<String>> {
        let mut cached = self.token.lock().await;
        if cached.is_none() || refresh || cached.as_ref().is_some_and(Token::stale) {
            *cached = match &self.config.auth {
                Auth::NoAuth => None,
                Auth::Jwt(t) => Some(Token {
                    value: t.clone(),
                    expires: None,
                }),
                Auth::JwtFile(path) => Some(Token {
                    value: std::fs::read_to_string(path)
                        .map_err(|e| {
                            Error::Config(format!(
                                "cannot read the token file {}: {e}",
                                path.display()
                            ))
                        })?
                        .trim()
                        .to_string(),
                    expires: None,
                }),
                provider => Some(auth::fetch(&self.http, provider).await?),
            };
        }
        Ok(cached.as_ref().map(|t| t.value.clone()))
    }

    /// Sends one call: `path` is below `/api/v1` and starts with `/`.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Body>,
        headers: &[(&str, String)],
    ) -> Result<Answer> {
        let url = format!("{}{}", self.config.base_url(), path);
        let policy = &self.config.retry;
        let idempotent = !matches!(method, Method::POST | Method::PATCH);
        let may_retry = idempotent || policy.retry_non_idempotent;
        let started = Instant::now();
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut req = self.http.request(method.clone(), &url).query(query);
            if let Some(token) = self.token(false).await? {
                req = req.bearer_auth(token);
            }
            for (k, v) in headers {
                req = req.header(*k, v);
            }
            req = match body {
                Some(Body::Json(v)) => req.json(v),
                Some(Body::JsonPatch(v)) => req
                    .header(reqwest::header::CONTENT_TYPE, "application/json-patch+json")
                    .body(v.to_string()),
                Some(Body::RawJson(text)) => req
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(text.clone()),
                None => req,
            };
            let outcome = req.send().await;
            let budget_left = policy.total_budget.saturating_sub(started.elapsed());
            let can_retry = may_retry && attempt <= policy.max_retries && !budget_left.is_zero();
            let resp = match outcome {
                Ok(r) => r,
                Err(e) => {
                    let transient = e.is_connect() || e.is_timeout();
                    tracing::debug!(%method, %url, attempt, error = %e, "request failed");
                    if transient && can_retry {
                        tokio::time::sleep(self.backoff(attempt, None).min(budget_left)).await;
                        continue;
                    }
                    return Err(if e.is_timeout() {
                        Error::Timeout(started.elapsed())
                    } else {
                        Error::Transport(e)
                    });
                }
            };
            let status = resp.status();
            tracing::debug!(%method, %url, attempt, status = status.as_u16(), "response");
            let retry_after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            if matches!(status.as_u16(), 429 | 502 | 503 | 504) && can_retry {
                let wait = self.backoff(attempt, retry_after);
                if wait <= budget_left {
                    tracing::info!(%method, %url, attempt, status = status.as_u16(), ?wait, "retrying");
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            if status == StatusCode::UNAUTHORIZED
                && !refreshed
                && !matches!(self.config.auth, Auth::NoAuth)
            {
                refreshed = true;
                self.token(true).await?;
                attempt -= 1;
                continue;
            }
            let content_type = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let bytes = resp.bytes().await.map_err(Error::Transport)?;
            if looks_like_html(&content_type, &bytes) {
                return Err(Error::Html {
                    url,
                    status: status.as_u16(),
                });
            }
            if !status.is_success() {
                return Err(Error::from_answer(
                    status.as_u16(),
                    &String::from_utf8_lossy(&bytes),
                    retry_after,
                ));
            }
            return Ok(Answer { body: bytes });
        }
    }

    /// Exponential back-off with full jitter, or the server's `Retry-After`.
    fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(d) = retry_after {
            return d.min(self.config.retry.max_delay);
        }
        let base = self
            .config
            .retry
            .base_delay
            .saturating_mul(1u32 << (attempt - 1).min(16));
        let capped = base.min(self.config.retry.max_delay);
        capped.mul_f64(0.5 + fastrand::f64() * 0.5)
    }
}

fn looks_like_html(content_type: &str, body: &[u8]) -> bool {
    if content_type.contains("html") {
        return true;
    }
    let head = String::from_utf8_lossy(&body[..body.len().min(2048)])
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with('<') && head.contains("<html")
}
