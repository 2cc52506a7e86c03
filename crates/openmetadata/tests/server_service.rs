//! The server and service mixins against a real in-process `ometa-server`: settings,
//! get-or-create, services from an ingestion source, references and chart lookups.

mod common;

use common::start;

use openmetadata::types::api::data::create_chart::CreateChartRequest;
use openmetadata::types::api::services::create_dashboard_service::CreateDashboardServiceRequest;
use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::entity::services::dashboard_service::DashboardServiceType;
use openmetadata::types::entity::services::database_service::{
    DatabaseService, DatabaseServiceType,
};
use openmetadata::types::metadata_ingestion::workflow::Source;
use openmetadata::types::settings::settings::{SettingType, Settings};
use openmetadata::{Auth, Config, OpenMetadata};
use serde_json::json;

#[tokio::test]
async fn settings_are_read_and_replaced() {
    let (_server, om) = start().await;
    let seeded = om.get_profiler_config_settings().await.unwrap().unwrap();
    assert_eq!(seeded.config_type, SettingType::ProfilerConfiguration);

    let wanted: Settings = serde_json::from_value(json!({
        "config_type": "profilerConfiguration",
        "config_value": {"metricConfiguration": [
            {"dataType": "INT", "metrics": ["COUNT", "MAX"], "disabled": false}
        ]}
    }))
    .unwrap();
    let stored = om.create_or_update_settings(&wanted).await.unwrap();
    assert_eq!(stored, wanted);
    let read = om
        .get_settings(SettingType::ProfilerConfiguration)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::to_value(read).unwrap(),
        serde_json::to_value(&wanted).unwrap()
    );
    assert!(
        om.get_settings(SettingType::SlackChat)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn get_or_create_creates_once_and_then_finds() {
    let (_server, om) = start().await;
    let mut request = CreateDatabaseServiceRequest::new("warehouse", DatabaseServiceType::Mysql);
    request.description = Some("first".into());
    let created = om.get_or_create(&request).await.unwrap();
    request.description = Some("second".into());
    let found = om.get_or_create(&request).await.unwrap();
    assert_eq!(created.id, found.id);
    assert_eq!(
        found.description.unwrap().0,
        "first",
        "an existing entity is not updated"
    );
}

#[tokio::test]
async fn a_service_comes_from_an_ingestion_source() {
    let (_server, om) = start().await;
    let source: Source = serde_json::from_value(json!({
        "type": "mysql",
        "serviceName": "local_mysql",
        "serviceConnection": {"config": {
            "type": "Mysql", "username": "openmetadata_user", "hostPort": "localhost:3306",
            "authType": {"password": "secret"}
        }},
        "sourceConfig": {"config": {"type": "DatabaseMetadata"}}
    }))
    .unwrap();
    let service: DatabaseService = om.get_service_or_create(&source, true).await.unwrap();
    assert_eq!(service.name.0, "local_mysql");
    assert_eq!(service.service_type, DatabaseServiceType::Mysql);
    let again: DatabaseService = om.get_service_or_create(&source, true).await.unwrap();
    assert_eq!(service.id, again.id);

    let mut bare = source.clone();
    bare.service_name = Some("no_connection".into());
    let service: DatabaseService = om.create_service_from_source(&bare, false).await.unwrap();
    assert!(service.connection.is_none());

    let mut nameless = source;
    nameless.service_name = None;
    let err = om
        .get_service_or_create::<DatabaseService>(&nameless, true)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("serviceName"), "{err}");
}

#[tokio::test]
async fn references_and_chart_fqns() {
    let (_server, om) = start().await;
    om.create_or_update(&CreateDashboardServiceRequest::new(
        "looker",
        DashboardServiceType::Looker,
    ))
    .await
    .unwrap();
    for chart in ["revenue", "churn.rate"] {
        om.create_or_update(&CreateChartRequest::new(chart, "looker"))
            .await
            .unwrap();
    }
    let fqns = om
        .get_chart_fqns(&["revenue", "missing", "churn.rate"], "looker")
        .await
        .unwrap();
    assert_eq!(fqns, ["looker.revenue", "looker.\"churn.rate\""]);

    let reference = om
        .get_entity_reference::<openmetadata::types::entity::data::chart::Chart>("looker.revenue")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reference.r#type, "chart");
    assert_eq!(reference.name.as_deref(), Some("revenue"));
    assert!(reference.href.is_some());
    assert!(
        om.get_entity_reference::<DatabaseService>("nope")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_bot_put_keeps_a_set_description_unless_it_overrides() {
    use openmetadata::types::api::services::create_dashboard_service::CreateDashboardServiceRequest;
    let (server, admin) = start().await;
    let bot = OpenMetadata::new(
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt(server.bot_token.clone())),
    )
    .unwrap();
    let mut request = CreateDashboardServiceRequest::new("looker", DashboardServiceType::Looker);
    request.description = Some("Written by a person.".into());
    admin.create_or_update(&request).await.unwrap();
    request.description = Some("From ingestion.".into());
    let kept = bot.create_or_update(&request).await.unwrap();
    assert_eq!(kept.description.unwrap().0, "Written by a person.");
    let replaced = bot.create_or_update_overriding(&request).await.unwrap();
    assert_eq!(replaced.description.unwrap().0, "From ingestion.");
}
