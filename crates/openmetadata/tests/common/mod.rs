//! What the SDK's integration test files share: a real in-process `ometa-server`, a client of
//! it, and the service → database → schema → table chain most tests start from.

#![allow(dead_code)]

use openmetadata::types::CreateRequest;
use openmetadata::types::entity::data::table::Table;
use openmetadata::{Auth, Config, OpenMetadata};
use serde_json::{Value, json};

/// An in-memory server and an admin client of it (version checked).
pub async fn start() -> (ometa_server::ServerHandle, OpenMetadata) {
    let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory())
        .await
        .unwrap();
    let config =
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt(server.admin_token.clone()));
    let om = OpenMetadata::connect(config).await.unwrap();
    (server, om)
}

/// PUTs a create request given as JSON, typed as `C`.
pub async fn put<C: CreateRequest>(om: &OpenMetadata, request: Value) -> C::Entity {
    let request: C = serde_json::from_value(request).unwrap();
    om.create_or_update(&request).await.unwrap()
}

/// The MySQL service `svc` with database `db` and schema `s`.
pub async fn schema(om: &OpenMetadata) {
    use openmetadata::types::api::data::{create_database, create_database_schema};
    use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
    put::<CreateDatabaseServiceRequest>(om, json!({"name": "svc", "serviceType": "Mysql"})).await;
    put::<create_database::CreateDatabaseRequest>(om, json!({"name": "db", "service": "svc"}))
        .await;
    put::<create_database_schema::CreateDatabaseSchemaRequest>(
        om,
        json!({"name": "s", "database": "svc.db"}),
    )
    .await;
}

/// A table in `svc.db.s` with one `id` column, plus the fields of `extra` (which names it).
pub async fn table(om: &OpenMetadata, extra: Value) -> Table {
    use openmetadata::types::api::data::create_table::CreateTableRequest;
    let mut body =
        json!({"databaseSchema": "svc.db.s", "columns": [{"name": "id", "dataType": "INT"}]});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    put::<CreateTableRequest>(om, body).await
}
