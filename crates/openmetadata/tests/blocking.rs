//! The blocking client against a real `ometa-server` (run with `--features blocking`).
#![cfg(feature = "blocking")]

use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::entity::services::database_service::{
    DatabaseService, DatabaseServiceType,
};
use openmetadata::{Auth, Config, ListParams};

#[test]
fn scripts_call_without_async() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(ometa_server::spawn(ometa_server::ServerConfig::in_memory()))
        .unwrap();
    let config =
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt(server.admin_token.clone()));
    let om = openmetadata::blocking::OpenMetadata::connect(config).unwrap();
    let created = om
        .create_or_update(&CreateDatabaseServiceRequest::new(
            "svc",
            DatabaseServiceType::Mysql,
        ))
        .unwrap();
    let found: DatabaseService = om.get_by_name("svc", &Default::default()).unwrap().unwrap();
    assert_eq!(found.id, created.id);
    let all: Vec<DatabaseService> = om.list_all(ListParams::default()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(om.run(|c| c.server_version()).unwrap(), "2.0.7");
    drop(om);
    runtime.block_on(server.shutdown());
}
