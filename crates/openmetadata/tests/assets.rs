//! Sample data, profiles, pipeline statuses and data quality against a real in-process
//! `ometa-server`.

mod common;

use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
use openmetadata::types::api::data::create_database_schema::CreateDatabaseSchemaRequest;
use openmetadata::types::api::data::create_pipeline::CreatePipelineRequest;
use openmetadata::types::api::data::create_table::CreateTableRequest;
use openmetadata::types::api::data::create_table_profile::CreateTableProfileRequest;
use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::api::services::create_pipeline_service::CreatePipelineServiceRequest;
use openmetadata::types::api::tests::create_test_case::CreateTestCaseRequest;
use openmetadata::types::api::tests::create_test_definition::CreateTestDefinitionRequest;
use openmetadata::types::entity::data::pipeline::{PipelineStatus, StatusType};
use openmetadata::types::entity::data::table::{
    Column, DataType, Table, TableData, TableProfile, TableProfilerConfig,
};
use openmetadata::types::entity::services::database_service::DatabaseServiceType;
use openmetadata::types::entity::services::pipeline_service::PipelineServiceType;
use openmetadata::types::tests::basic::{TestCaseResult, TestCaseStatus};
use openmetadata::types::tests::test_definition::{EntityType, TestPlatform};
use openmetadata::{GetParams, OpenMetadata, TimeRange};

async fn start() -> (ometa_server::ServerHandle, OpenMetadata, Table) {
    let (server, om) = common::start().await;
    om.create_or_update(&CreateDatabaseServiceRequest::new(
        "svc",
        DatabaseServiceType::Mysql,
    ))
    .await
    .unwrap();
    om.create_or_update(&CreateDatabaseRequest::new("db", "svc"))
        .await
        .unwrap();
    om.create_or_update(&CreateDatabaseSchemaRequest::new("s", "svc.db"))
        .await
        .unwrap();
    let table = om
        .create_or_update(&CreateTableRequest::new(
            "orders",
            vec![Column::new("id", DataType::BIGINT)],
            "svc.db.s",
        ))
        .await
        .unwrap();
    (server, om, table)
}

#[tokio::test]
async fn sample_data_profiles_and_profiler_config() {
    let (server, om, table) = start().await;
    let data = TableData {
        columns: Some(vec!["id".into()]),
        rows: Some(vec![vec![1.into()], vec![2.into()]]),
    };
    let with = om.ingest_table_sample_data(&table, &data).await.unwrap();
    assert_eq!(with.sample_data, Some(data.clone()));
    assert_eq!(
        om.get_sample_data(&table).await.unwrap().sample_data,
        Some(data)
    );

    let profile = TableProfile {
        row_count: Some(2.0),
        ..TableProfile::new(1_000)
    };
    om.ingest_profile_data(&table, &CreateTableProfileRequest::new(profile.clone()))
        .await
        .unwrap();
    let latest = om
        .get_latest_table_profile("svc.db.s.orders")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.profile, Some(profile));
    let window = TimeRange {
        start: 0,
        end: 2_000,
    };
    assert_eq!(
        om.get_table_profiles("svc.db.s.orders", window)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        om.get_latest_table_profile("svc.db.s.nope")
            .await
            .unwrap()
            .is_none()
    );

    let config = TableProfilerConfig {
        sample_data_count: Some(25),
        ..Default::default()
    };
    let t = om
        .create_or_update_table_profiler_config(&table, &config)
        .await
        .unwrap();
    assert_eq!(t.table_profiler_config.unwrap().sample_data_count, Some(25));
    server.shutdown().await;
}

#[tokio::test]
async fn pipeline_statuses_and_test_results() {
    let (server, om, _) = start().await;
    om.create_or_update(&CreatePipelineServiceRequest::new(
        "airflow",
        PipelineServiceType::Airflow,
    ))
    .await
    .unwrap();
    om.create_or_update(&CreatePipelineRequest::new("etl", "airflow"))
        .await
        .unwrap();
    let p = om
        .add_pipeline_status(
            "airflow.etl",
            &PipelineStatus::new(5_000, StatusType::Successful),
        )
        .await
        .unwrap();
    assert_eq!(
        p.pipeline_status.unwrap().execution_status,
        StatusType::Successful
    );
    let statuses = om
        .list_pipeline_statuses(
            "airflow.etl",
            TimeRange {
                start: 0,
                end: 10_000,
            },
        )
        .await
        .unwrap();
    assert_eq!(statuses.len(), 1);

    let definition = om
        .get_or_create_test_definition("rowsAbove", || {
            CreateTestDefinitionRequest::new(
                "rowsAbove",
                EntityType::TABLE,
                vec![TestPlatform::OpenMetadata],
            )
        })
        .await
        .unwrap();
    let again = om
        .get_or_create_test_definition("rowsAbove", || unreachable!("it exists"))
        .await
        .unwrap();
    assert_eq!(again.id, definition.id);
    let suite = om
        .get_or_create_executable_test_suite("svc.db.s.orders")
        .await
        .unwrap();
    assert_eq!(suite.basic, Some(true));
    let case = om
        .get_or_create_test_case("svc.db.s.orders.enough_rows", || {
            CreateTestCaseRequest::new("enough_rows", "rowsAbove", "<#E::table::svc.db.s.orders>")
        })
        .await
        .unwrap();
    assert_eq!(Some(case.test_suite.id), suite.id);
    let result = TestCaseResult {
        test_case_status: Some(TestCaseStatus::Failed),
        result: Some("0 rows".into()),
        ..TestCaseResult::new(7_000)
    };
    om.add_test_case_result("svc.db.s.orders.enough_rows", &result)
        .await
        .unwrap();
    let results = om
        .get_test_case_results(
            "svc.db.s.orders.enough_rows",
            TimeRange {
                start: 0,
                end: 8_000,
            },
        )
        .await
        .unwrap();
    assert_eq!(results[0].result.as_deref(), Some("0 rows"));
    let with = om
        .get_by_name::<openmetadata::types::tests::test_case::TestCase>(
            "svc.db.s.orders.enough_rows",
            &GetParams::default().fields(["testCaseResult"]),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        with.test_case_result.unwrap().test_case_status,
        Some(TestCaseStatus::Failed)
    );
    server.shutdown().await;
}
