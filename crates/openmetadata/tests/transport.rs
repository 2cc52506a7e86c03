//! Transport corner cases against a local mock HTTP server: retries and their waits,
//! non-idempotent verbs, token refresh on 401, HTML where JSON was expected.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use openmetadata::{Auth, Config, Error, Method, OpenMetadata, RetryPolicy, VersionCheck};

/// Serves `app` on 127.0.0.1:0 and returns its `/api` URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/api")
}

fn fast(url: String) -> Config {
    Config::new(url)
        .version_check(VersionCheck::Off)
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
}

/// A route that fails with `status` for the first `failures` hits, then answers `{}`.
fn flaky(
    status: StatusCode,
    failures: usize,
    hits: Arc<AtomicUsize>,
    retry_after: Option<&'static str>,
) -> axum::routing::MethodRouter {
    let handler = move || {
        let hits = hits.clone();
        async move {
            let n = hits.fetch_add(1, Ordering::SeqCst);
            if n < failures {
                let mut headers = HeaderMap::new();
                if let Some(r) = retry_after {
                    headers.insert("retry-after", r.parse().unwrap());
                }
                (status, headers, r#"{"code": 0, "message": "busy"}"#).into_response()
            } else {
                (StatusCode::OK, "{}").into_response()
            }
        }
    };
    get(handler.clone()).post(handler)
}

#[tokio::test]
async fn gets_are_retried_on_503_until_they_succeed() {
    let hits = Arc::new(AtomicUsize::new(0));
    let url = serve(Router::new().route(
        "/api/v1/x",
        flaky(StatusCode::SERVICE_UNAVAILABLE, 2, hits.clone(), None),
    ))
    .await;
    let om = OpenMetadata::new(fast(url)).unwrap();
    om.raw(Method::GET, "/x", None).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_stop_after_the_policy_allows() {
    let hits = Arc::new(AtomicUsize::new(0));
    let url = serve(Router::new().route(
        "/api/v1/x",
        flaky(StatusCode::BAD_GATEWAY, 100, hits.clone(), None),
    ))
    .await;
    let om = OpenMetadata::new(fast(url)).unwrap();
    let err = om.raw(Method::GET, "/x", None).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 502, .. }), "{err}");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        4,
        "one attempt and three retries"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let hits = Arc::new(AtomicUsize::new(0));
    let url = serve(Router::new().route(
        "/api/v1/x",
        flaky(StatusCode::TOO_MANY_REQUESTS, 1, hits.clone(), Some("1")),
    ))
    .await;
    let om = OpenMetadata::new(fast(url)).unwrap();
    let began = Instant::now();
    om.raw(Method::GET, "/x", None).await.unwrap();
    assert!(
        began.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        began.elapsed()
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn posts_are_not_retried_unless_asked() {
    let hits = Arc::new(AtomicUsize::new(0));
    let url = serve(Router::new().route(
        "/api/v1/x",
        flaky(StatusCode::SERVICE_UNAVAILABLE, 1, hits.clone(), None),
    ))
    .await;
    let om = OpenMetadata::new(fast(url.clone())).unwrap();
    let err = om
        .raw(Method::POST, "/x", Some(serde_json::json!({})))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let mut config = fast(url);
    config.retry.retry_non_idempotent = true;
    OpenMetadata::new(config)
        .unwrap()
        .raw(Method::POST, "/x", Some(serde_json::json!({})))
        .await
        .unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_rereads_the_token_once_and_retries() {
    let dir = std::env::temp_dir().join(format!("om-token-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, "old").unwrap();
    let app = Router::new().route(
        "/api/v1/x",
        get(|headers: HeaderMap| async move {
            match headers.get("authorization").and_then(|v| v.to_str().ok()) {
                Some("Bearer new") => (StatusCode::OK, "{}").into_response(),
                _ => (
                    StatusCode::UNAUTHORIZED,
                    r#"{"code": 401, "message": "expired"}"#,
                )
                    .into_response(),
            }
        }),
    );
    let url = serve(app).await;
    let om = OpenMetadata::new(fast(url).auth(Auth::JwtFile(file.clone()))).unwrap();
    let err = om.raw(Method::GET, "/x", None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    std::fs::write(&file, "new\n").unwrap();
    om.raw(Method::GET, "/x", None).await.unwrap();
}

#[tokio::test]
async fn html_where_json_was_expected_says_so() {
    let app = Router::new().route(
        "/api/v1/x",
        get(|| async { axum::response::Html("<!doctype html><html><body>UI</body></html>") }),
    );
    let url = serve(app).await;
    let err = OpenMetadata::new(fast(url))
        .unwrap()
        .raw(Method::GET, "/x", None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Html { status: 200, .. }), "{err}");
    assert!(err.to_string().contains("/api"));
}

#[tokio::test]
async fn a_connection_refused_is_a_transport_error_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let om = OpenMetadata::new(fast(format!("http://{addr}/api"))).unwrap();
    let err = om.raw(Method::GET, "/x", None).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err}");
}

#[tokio::test]
async fn a_bad_body_names_the_json_path() {
    let app = Router::new().route(
        "/api/v1/system/version",
        get(|| async { r#"{"version": 7}"# }),
    );
    let url = serve(app).await;
    let err = OpenMetadata::new(fast(url))
        .unwrap()
        .server_version()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
}
