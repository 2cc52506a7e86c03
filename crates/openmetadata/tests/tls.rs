//! TLS against a local HTTPS server with a test CA (fixtures from `tests/fixtures/tls/gen.sh`):
//! the CA bundle is trusted, the platform roots are not enough, `ignore` skips the check, and a
//! client certificate reaches a server that asks for one.

use std::sync::Arc;

use openmetadata::{ClientCertificate, Config, Error, OpenMetadata, Pem, VerifySsl, VersionCheck};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{RootCertStore, ServerConfig};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// An HTTPS server on 127.0.0.1:0 that accepts a client certificate signed by the test CA
/// (or none) and answers every request with the server version and whether one was shown.
async fn serve() -> String {
    let _ = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider().install_default();
    let ca = CertificateDer::from_pem_file(fixture("ca.pem")).unwrap();
    let mut roots = RootCertStore::empty();
    roots.add(ca).unwrap();
    let verifier = WebPkiClientVerifier::builder(Arc::new(roots))
        .allow_unauthenticated()
        .build()
        .unwrap();
    let chain = vec![CertificateDer::from_pem_file(fixture("server.pem")).unwrap()];
    let key = PrivateKeyDer::from_pem_file(fixture("server.key")).unwrap();
    let tls = ServerConfig::builder()
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(tls));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let client = stream.get_ref().1.peer_certificates().is_some();
                let body = format!(r#"{{"version":"2.0.7","clientCertificate":{client}}}"#);
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("https://127.0.0.1:{}/api", addr.port())
}

async fn client_certificate_shown(config: Config) -> Result<bool, Error> {
    let om = OpenMetadata::new(config.version_check(VersionCheck::Off))?;
    let answer = om
        .raw(openmetadata::Method::GET, "/system/version", None)
        .await?;
    Ok(answer["clientCertificate"].as_bool().unwrap())
}

#[tokio::test]
async fn a_ca_bundle_is_trusted_and_a_client_certificate_is_shown() {
    let url = serve().await;
    let bundle = VerifySsl::CaBundle(Pem::File(fixture("ca.pem")));
    let shown = client_certificate_shown(Config::new(&url).verify_ssl(bundle.clone()))
        .await
        .unwrap();
    assert!(!shown, "no client certificate was configured");

    let with_cert = Config::new(&url)
        .verify_ssl(bundle)
        .client_certificate(ClientCertificate {
            certificate: Pem::File(fixture("client.pem")),
            key: Pem::Text(std::fs::read_to_string(fixture("client.key")).unwrap()),
        });
    assert!(client_certificate_shown(with_cert).await.unwrap());
}

#[tokio::test]
async fn the_platform_roots_refuse_the_test_ca_and_ignore_skips_the_check() {
    let url = serve().await;
    let err = client_certificate_shown(Config::new(&url))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");

    let ignored = Config::new(&url).verify_ssl(VerifySsl::Ignore);
    assert!(!client_certificate_shown(ignored).await.unwrap());
}

#[tokio::test]
async fn the_environment_names_the_ca_bundle() {
    let url = serve().await;
    let config = Config::from_vars([
        ("OPENMETADATA_HOST".to_string(), url.clone()),
        (
            "OPENMETADATA_CA_BUNDLE".to_string(),
            fixture("ca.pem").display().to_string(),
        ),
    ])
    .unwrap();
    assert!(!client_certificate_shown(config).await.unwrap());
}

#[test]
fn unreadable_or_malformed_tls_material_is_a_config_error() {
    let missing = Config::new("https://127.0.0.1:1/api")
        .verify_ssl(VerifySsl::CaBundle(Pem::File("/nonexistent/ca.pem".into())));
    let err = OpenMetadata::new(missing).err().unwrap();
    assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");

    let not_pem = Config::new("https://127.0.0.1:1/api")
        .verify_ssl(VerifySsl::CaBundle(Pem::Text("not a certificate".into())));
    let err = OpenMetadata::new(not_pem).err().unwrap();
    assert!(err.to_string().contains("CA bundle"), "{err}");

    let validate_without_ca = Config::from_vars([
        (
            "OPENMETADATA__CONNECTION__HOSTPORT".to_string(),
            "https://om/api".to_string(),
        ),
        (
            "OPENMETADATA__CONNECTION__VERIFYSSL".to_string(),
            "validate".to_string(),
        ),
    ]);
    assert!(
        validate_without_ca
            .unwrap_err()
            .to_string()
            .contains("caCertificate")
    );
}
