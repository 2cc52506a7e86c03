//! Identity-provider auth flows against a local token endpoint that checks the grant
//! parameters and verifies client-assertion signatures, and an API that accepts only the
//! token it issued last: caching, refresh before expiry, refresh after a 401.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use openmetadata::{Auth, Config, Error, OpenMetadata, VersionCheck};
use serde_json::{Value, json};

const PUBLIC_KEY: &str = include_str!("fixtures/test-client-key.pub.pem");
const PRIVATE_KEY: &str = include_str!("fixtures/test-client-key.pem");

#[derive(Default)]
struct Idp {
    issued: Vec<String>,
    expires_in: u64,
    last_form: Vec<(String, String)>,
    reject_next_api_call: bool,
}

type Shared = Arc<Mutex<Idp>>;

fn verify(assertion: &str, audience: &str) -> Result<Value, String> {
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.set_audience(&[audience]);
    jsonwebtoken::decode::<Value>(assertion, &key, &v)
        .map(|d| d.claims)
        .map_err(|e| e.to_string())
}

async fn token(
    State(idp): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let audience = format!("http://{host}/token");
    let ok = match get("grant_type").as_str() {
        "client_credentials" if !get("client_secret").is_empty() => {
            get("client_id") == "cid" && get("client_secret") == "s3cret"
        }
        "client_credentials" => {
            get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                && verify(&get("client_assertion"), &audience)
                    .is_ok_and(|c| c["iss"] == "okta-client" && c["sub"] == "okta-client")
        }
        "urn:ietf:params:oauth:grant-type:jwt-bearer" => verify(&get("assertion"), &audience)
            .is_ok_and(|c| {
                c["iss"] == "sa@p.iam.gserviceaccount.com" && c["target_audience"] == "om-client"
            }),
        _ => false,
    };
    let mut idp = idp.lock().unwrap();
    idp.last_form = form.clone();
    if !ok {
        return (StatusCode::UNAUTHORIZED, r#"{"error": "invalid_client"}"#).into_response();
    }
    let t = format!("tok-{}", idp.issued.len() + 1);
    idp.issued.push(t.clone());
    let field = if get("grant_type").starts_with("urn:") {
        "id_token"
    } else {
        "access_token"
    };
    axum::Json(json!({field: t, "expires_in": idp.expires_in, "token_type": "Bearer"}))
        .into_response()
}

async fn api(State(idp): State<Shared>, headers: HeaderMap) -> axum::response::Response {
    let mut idp = idp.lock().unwrap();
    let bearer = headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let current = idp
        .issued
        .last()
        .map(|t| format!("Bearer {t}"))
        .unwrap_or_default();
    if std::mem::take(&mut idp.reject_next_api_call) || bearer != current {
        return (
            StatusCode::UNAUTHORIZED,
            r#"{"code": 401, "message": "Token expired"}"#,
        )
            .into_response();
    }
    axum::Json(json!({"version": "2.0.7"})).into_response()
}

async fn start(expires_in: u64) -> (String, Shared) {
    let idp: Shared = Arc::new(Mutex::new(Idp {
        expires_in,
        ..Idp::default()
    }));
    let app = Router::new()
        .route("/token", post(token))
        .route("/api/v1/system/version", get(api))
        .with_state(idp.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), idp)
}

fn client(base: &str, auth: Auth) -> OpenMetadata {
    OpenMetadata::new(
        Config::new(format!("{base}/api"))
            .auth(auth)
            .version_check(VersionCheck::Off),
    )
    .unwrap()
}

fn issued(idp: &Shared) -> usize {
    idp.lock().unwrap().issued.len()
}

#[tokio::test]
async fn client_credentials_are_cached_until_120_s_before_expiry_and_refreshed_on_401() {
    let (base, idp) = start(3600).await;
    let om = client(
        &base,
        Auth::custom_oidc(&format!("{base}/token"), "cid", "s3cret"),
    );
    om.server_version().await.unwrap();
    om.server_version().await.unwrap();
    assert_eq!(issued(&idp), 1, "a token good for an hour is reused");
    idp.lock().unwrap().reject_next_api_call = true;
    om.server_version().await.unwrap();
    assert_eq!(
        issued(&idp),
        2,
        "a 401 fetches a new token once and retries"
    );

    let (base, idp) = start(90).await;
    let om = client(
        &base,
        Auth::custom_oidc(&format!("{base}/token"), "cid", "s3cret"),
    );
    om.server_version().await.unwrap();
    om.server_version().await.unwrap();
    assert_eq!(
        issued(&idp),
        2,
        "a token expiring within 120 s is replaced before use"
    );

    let (base, idp) = start(3600).await;
    let mut auth0 = Auth::auth0("ignored.example", "cid", "s3cret");
    if let Auth::ClientCredentials(c) = &mut auth0 {
        c.token_url = format!("{base}/token");
    }
    client(&base, auth0).server_version().await.unwrap();
    let form = idp.lock().unwrap().last_form.clone();
    assert!(
        form.contains(&("audience".into(), "https://ignored.example/api/v2/".into())),
        "{form:?}"
    );

    let (base, idp) = start(3600).await;
    let mut azure = Auth::azure(
        "https://login.example/tenant",
        "cid",
        "s3cret",
        vec!["api://om/.default".into()],
    );
    if let Auth::ClientCredentials(c) = &mut azure {
        assert_eq!(
            c.token_url,
            "https://login.example/tenant/oauth2/v2.0/token"
        );
        c.token_url = format!("{base}/token");
    }
    client(&base, azure).server_version().await.unwrap();
    assert!(
        idp.lock()
            .unwrap()
            .last_form
            .contains(&("scope".into(), "api://om/.default".into()))
    );

    let (base, _) = start(3600).await;
    let err = client(
        &base,
        Auth::custom_oidc(&format!("{base}/token"), "cid", "wrong"),
    )
    .server_version()
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    assert!(err.to_string().contains("invalid_client"), "{err}");
}

#[tokio::test]
async fn okta_signs_a_client_assertion_the_endpoint_verifies() {
    let (base, idp) = start(3600).await;
    let mut okta = Auth::okta(
        "https://org.okta.com/oauth2/default",
        "okta-client",
        PRIVATE_KEY,
        vec!["om".into()],
    );
    if let Auth::PrivateKeyJwt(c) = &mut okta {
        assert_eq!(c.token_url, "https://org.okta.com/oauth2/default/v1/token");
        c.token_url = format!("{base}/token");
    }
    client(&base, okta).server_version().await.unwrap();
    assert_eq!(issued(&idp), 1);

    let bad = Auth::okta(&base, "okta-client", "not a key", vec![]);
    let err = client(&base, bad).server_version().await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
}

#[tokio::test]
async fn google_service_accounts_get_an_id_token_for_the_audience() {
    let (base, idp) = start(3600).await;
    let key = json!({
        "type": "service_account", "client_email": "sa@p.iam.gserviceaccount.com",
        "private_key": PRIVATE_KEY, "private_key_id": "k1", "token_uri": format!("{base}/token")
    });
    let auth = Auth::from_provider(
        "google",
        &json!({"secretKey": key.to_string(), "audience": "om-client"}),
    )
    .unwrap();
    client(&base, auth).server_version().await.unwrap();
    assert_eq!(issued(&idp), 1);
    let wrong = Auth::from_provider(
        "google",
        &json!({"secretKey": key.to_string(), "audience": "someone-else"}),
    )
    .unwrap();
    assert!(client(&base, wrong).server_version().await.is_err());
}
