//! Connecting to a real in-process `ometa-server` with the URL in any of the forms users
//! copy (the server, its API, the versioned API the banner prints), and a clear error for a
//! URL that is not an OpenMetadata API.

use openmetadata::{Auth, Config, Error, OpenMetadata};

#[tokio::test]
async fn the_server_its_api_and_the_versioned_api_all_connect() {
    let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory())
        .await
        .unwrap();
    let base = server.base_url.clone();
    for given in [
        base.clone(),
        format!("{base}/api"),
        format!("{base}/api/v1/"),
    ] {
        let config = Config::new(given.as_str()).auth(Auth::Jwt(server.admin_token.clone()));
        let om = OpenMetadata::connect(config).await.unwrap();
        assert_eq!(om.server_version().await.unwrap(), "2.0.7", "{given}");
    }
    let wrong =
        Config::new(format!("{base}/catalog/api")).auth(Auth::Jwt(server.admin_token.clone()));
    match OpenMetadata::connect(wrong).await {
        Err(Error::Config(message)) => {
            assert!(
                message.contains(&format!("{base}/catalog/api/v1/system/version")),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    server.shutdown().await;
}
