//! The blocking client against a real `ometa-server` (run with `--features blocking`): the
//! twins of the async methods, lazy paging, and a clear error instead of a panic inside an
//! async runtime.
#![cfg(feature = "blocking")]

use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::entity::services::database_service::{
    DatabaseService, DatabaseServiceType,
};
use openmetadata::{Auth, Config, Error, ListParams};

/// A server on its own runtime, and a config for it.
fn server() -> (tokio::runtime::Runtime, ometa_server::ServerHandle, Config) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(ometa_server::spawn(ometa_server::ServerConfig::in_memory()))
        .unwrap();
    let config =
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt(server.admin_token.clone()));
    (runtime, server, config)
}

#[test]
fn scripts_call_without_async() {
    let (runtime, server, config) = server();
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
    assert_eq!(om.server_version().unwrap(), "2.0.7");
    let patched = om
        .patch_description::<DatabaseService>(created.id, "Orders.", false)
        .unwrap()
        .unwrap();
    assert_eq!(patched.description.unwrap().to_string(), "Orders.");
    let versions = om.list_versions::<DatabaseService>(created.id).unwrap();
    assert_eq!(versions.versions.len(), 2);
    let by_type = om.dynamic("databaseService").unwrap();
    let raw = by_type.get("svc", &Default::default()).unwrap().unwrap();
    assert_eq!(raw["description"], "Orders.");
    assert_eq!(by_type.list_all(ListParams::default()).count(), 1);
    drop(om);
    runtime.block_on(server.shutdown());
}

#[test]
fn paging_is_lazy_and_complete() {
    let (runtime, server, config) = server();
    let om = openmetadata::blocking::OpenMetadata::connect(config).unwrap();
    for i in 0..7 {
        om.create_or_update(&CreateDatabaseServiceRequest::new(
            format!("svc{i}"),
            DatabaseServiceType::Postgres,
        ))
        .unwrap();
    }
    let params = ListParams {
        limit: 3,
        ..Default::default()
    };
    let mut names: Vec<String> = om
        .list_all_entities::<DatabaseService>(params.clone())
        .map(|s| s.unwrap().name.to_string())
        .collect();
    names.sort();
    assert_eq!(names, (0..7).map(|i| format!("svc{i}")).collect::<Vec<_>>());
    let first_two = om
        .list_all_entities::<DatabaseService>(params)
        .take(2)
        .count();
    assert_eq!(first_two, 2);
    drop(om);
    runtime.block_on(server.shutdown());
}

#[test]
fn inside_a_runtime_it_says_so_instead_of_panicking() {
    let (runtime, server, config) = server();
    let outside = openmetadata::blocking::OpenMetadata::connect(config.clone()).unwrap();
    runtime.block_on(async {
        let inside = openmetadata::blocking::OpenMetadata::connect(config);
        assert!(matches!(inside, Err(Error::InsideRuntime)));
        assert!(matches!(
            outside.server_version(),
            Err(Error::InsideRuntime)
        ));
        let mut listing = outside.list_all_entities::<DatabaseService>(Default::default());
        assert!(matches!(listing.next(), Some(Err(Error::InsideRuntime))));
        assert!(listing.next().is_none());
        // Dropping the blocking client here does not panic either.
        drop(outside);
    });
    runtime.block_on(server.shutdown());
}
