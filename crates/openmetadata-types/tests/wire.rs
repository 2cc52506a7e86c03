//! What the generated types promise on the wire, case by case.

use openmetadata_types::api::data::create_table::CreateTableRequest;
use openmetadata_types::entity::data::table::{Column, DataType, Table};
use openmetadata_types::entity::services::database_service::{
    DatabaseConnectionConfig, DatabaseService,
};
use openmetadata_types::prelude::*;
use openmetadata_types::type_::basic::Uuid;
use openmetadata_types::{ENTITY_KINDS, EntityKind};
use serde_json::json;

#[test]
fn unset_optional_fields_are_left_out() {
    let req = CreateTableRequest::new("orders", vec![Column::new("id", DataType::BIGINT)], "s.d.x");
    let json = serde_json::to_value(&req).unwrap();
    assert_eq!(
        json,
        json!({"name": "orders", "columns": [{"name": "id", "dataType": "BIGINT"}], "databaseSchema": "s.d.x"})
    );
}

#[test]
fn unknown_fields_in_a_response_are_ignored() {
    let table: Table = serde_json::from_value(json!({
        "id": "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11",
        "name": "orders",
        "columns": [],
        "fieldFromANewerServer": {"x": 1}
    }))
    .unwrap();
    assert_eq!(table.name.as_str(), "orders");
}

#[test]
fn an_unknown_enum_value_is_kept_not_rejected() {
    let col: Column = serde_json::from_value(json!({"name": "c", "dataType": "QUANTUM"})).unwrap();
    assert_eq!(col.data_type, DataType::Unknown("QUANTUM".into()));
    assert_eq!(serde_json::to_value(&col).unwrap()["dataType"], "QUANTUM");
    assert_eq!("VARCHAR".parse::<DataType>().unwrap(), DataType::VARCHAR);
    assert_eq!(DataType::VARCHAR.to_string(), "VARCHAR");
}

#[test]
fn enums_carry_exact_wire_strings() {
    use openmetadata_types::entity::domains::domain::DomainType;
    let v = serde_json::to_value(DomainType::ConsumerAligned).unwrap();
    assert_eq!(v, "Consumer-aligned");
    assert!(DomainType::VALUES.contains(&DomainType::ConsumerAligned));
}

#[test]
fn root_types_are_newtypes_with_display_and_parse() {
    let id: Uuid = "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11".parse().unwrap();
    assert_eq!(id.to_string(), "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11");
    let fqn = FullyQualifiedEntityName::from("svc.db.\"a.b\"");
    assert_eq!(fqn.as_str(), "svc.db.\"a.b\"");
    assert_eq!(serde_json::to_value(&fqn).unwrap(), json!("svc.db.\"a.b\""));
    assert_eq!(Timestamp::from(5).to_string(), "5");
}

#[test]
fn a_union_picks_the_variant_whose_enums_know_the_input() {
    let service: DatabaseService = serde_json::from_value(json!({
        "id": "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11",
        "name": "mysql_prod",
        "serviceType": "Mysql",
        "connection": {"config": {
            "type": "Mysql",
            "username": "ingest",
            "authType": {"password": "hunter2"},
            "hostPort": "localhost:3306"
        }}
    }))
    .unwrap();
    let config = service.connection.unwrap().config.unwrap();
    assert!(
        matches!(config, DatabaseConnectionConfig::MysqlConnection(_)),
        "picked {config:?}"
    );
    let pg: DatabaseConnectionConfig = serde_json::from_value(
        json!({"type": "Postgres", "username": "u", "hostPort": "h:5432", "database": "d"}),
    )
    .unwrap();
    assert!(
        matches!(pg, DatabaseConnectionConfig::PostgresConnection(_)),
        "picked {pg:?}"
    );
}

#[test]
fn secrets_travel_in_clear_but_never_print() {
    let config: DatabaseConnectionConfig = serde_json::from_value(
        json!({"type": "Mysql", "username": "u", "hostPort": "h:1", "authType": {"password": "hunter2"}}),
    )
    .unwrap();
    assert!(!format!("{config:?}").contains("hunter2"));
    assert!(serde_json::to_string(&config).unwrap().contains("hunter2"));
}

#[test]
fn every_route_has_an_entity_kind() {
    assert_eq!(ENTITY_KINDS.len(), 67);
    assert_eq!(Table::COLLECTION, "tables");
    assert_eq!(
        <CreateTableRequest as CreateRequest>::Entity::TYPE_NAME,
        "table"
    );
    let names: std::collections::BTreeSet<_> = ENTITY_KINDS.iter().map(|k| k.type_name).collect();
    assert_eq!(names.len(), ENTITY_KINDS.len(), "type names are unique");
    let kind = EntityKind::by_type_name("TESTCASE").unwrap();
    assert_eq!(kind.collection, "dataQuality/testCases");
}

#[test]
fn entity_accessors_read_the_common_fields() {
    let table: Table = serde_json::from_value(json!({
        "id": "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11",
        "name": "orders",
        "fullyQualifiedName": "s.d.x.orders",
        "version": 0.2,
        "deleted": false,
        "href": "http://localhost:8585/api/v1/tables/1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11",
        "columns": []
    }))
    .unwrap();
    assert_eq!(
        table.id().unwrap().to_string(),
        "1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11"
    );
    assert_eq!(Entity::name(&table), Some("orders"));
    assert_eq!(table.fully_qualified_name(), Some("s.d.x.orders"));
    assert_eq!(table.version(), Some(0.2));
    assert_eq!(table.deleted(), Some(false));
    assert!(
        table
            .href()
            .unwrap()
            .ends_with("/tables/1c5e9a3e-5b0d-4a4c-9a0e-3f8e6f4b2a11")
    );
}
