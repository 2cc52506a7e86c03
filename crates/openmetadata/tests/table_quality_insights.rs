//! The table, data-quality, query-cost, data-insight and reindex calls of the SDK against a
//! real in-process `ometa-server`.

mod common;

use openmetadata::types::analytics::basic::WebAnalyticEventType;
use openmetadata::types::analytics::report_data::{ReportData, ReportDataType};
use openmetadata::types::api::data::create_pipeline::CreatePipelineRequest;
use openmetadata::types::api::data::create_query::CreateQueryRequest;
use openmetadata::types::api::data_insight::kpi::create_kpi_request::{
    CreateKpiRequest, DataInsightChart,
};
use openmetadata::types::api::services::create_pipeline_service::CreatePipelineServiceRequest;
use openmetadata::types::api::tests::create_custom_metric::CreateCustomMetricRequest;
use openmetadata::types::api::tests::create_logical_test_cases::CreateLogicalTestCases;
use openmetadata::types::api::tests::create_test_case::CreateTestCaseRequest;
use openmetadata::types::api::tests::create_test_case_resolution_status::CreateTestCaseResolutionStatus;
use openmetadata::types::api::tests::create_test_suite::CreateTestSuiteRequest;
use openmetadata::types::data_insight::data_insight_chart_result::DataInsightChartType;
use openmetadata::types::data_insight::kpi::basic::{KpiResult, KpiTarget, KpiTargetType};
use openmetadata::types::entity::data::table::{
    DataModel, ModelType, Table, TableData, TableJoins,
};
use openmetadata::types::tests::basic::{TestCaseResult, TestCaseStatus};
use openmetadata::types::tests::test_case_resolution_status::TestCaseResolutionStatusTypes;
use openmetadata::types::type_::entity_profile::ProfileTypeEnum;
use openmetadata::{DeleteParams, QueryCost, TimeRange};
use serde_json::json;

const ALL: TimeRange = TimeRange {
    start: 0,
    end: i64::MAX,
};

#[tokio::test]
async fn table_extras() {
    let (_server, om) = common::start().await;
    common::schema(&om).await;
    let orders = common::table(&om, json!({"name": "orders"})).await;
    common::table(&om, json!({"name": "customers"})).await;

    let joins: TableJoins = serde_json::from_value(json!({
        "columnJoins": [{"columnName": "id", "joinedWith": [
            {"fullyQualifiedName": "svc.db.s.customers.id", "joinCount": 5}]}]
    }))
    .unwrap();
    let joined = om
        .publish_frequently_joined_with(&orders.id, &joins)
        .await
        .unwrap();
    let column_joins = joined.joins.unwrap().column_joins.unwrap();
    assert_eq!(
        column_joins[0].joined_with.as_ref().unwrap()[0].join_count,
        5
    );

    let model = DataModel {
        sql: Some("select * from raw.orders".into()),
        description: Some("From dbt.".into()),
        ..DataModel::new(ModelType::DBT)
    };
    let with_model = om
        .ingest_table_data_model(&orders.id, &model)
        .await
        .unwrap();
    assert_eq!(
        with_model.data_model.unwrap().sql.map(|s| s.to_string()),
        Some("select * from raw.orders".to_string())
    );

    let metric = CreateCustomMetricRequest::new("big", "count(*)");
    let t = om
        .create_or_update_custom_metric(&orders.id, &metric)
        .await
        .unwrap();
    assert_eq!(t.custom_metrics.unwrap()[0].expression, "count(*)");
    let t = om
        .delete_custom_metric(&orders.id, None, "big")
        .await
        .unwrap();
    assert_eq!(t.custom_metrics.map(|m| m.len()), Some(0));

    common::put::<CreatePipelineServiceRequest>(
        &om,
        json!({"name": "airflow", "serviceType": "Airflow"}),
    )
    .await;
    let pipeline =
        common::put::<CreatePipelineRequest>(&om, json!({"name": "load", "service": "airflow"}))
            .await;
    let item = serde_json::from_value(json!({
        "pipeline": {"id": pipeline.id, "type": "pipeline", "fullyQualifiedName": "airflow.load"},
        "scheduleInterval": "@daily"
    }))
    .unwrap();
    let t = om
        .add_pipeline_observability(&orders.id, &[item])
        .await
        .unwrap();
    assert_eq!(t.pipeline_observability.unwrap().len(), 1);
    let single = serde_json::from_value(json!({
        "pipeline": {"id": pipeline.id, "type": "pipeline", "fullyQualifiedName": "airflow.load"},
        "scheduleInterval": "@hourly"
    }))
    .unwrap();
    let t = om
        .add_single_pipeline_observability(&orders.id, &single)
        .await
        .unwrap();
    let items = t.pipeline_observability.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].schedule_interval.as_deref(), Some("@hourly"));

    let page = om
        .get_table_columns("svc.db.s.orders", 10, 0, None)
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.paging["total"], 1);

    let rows: TableData =
        serde_json::from_value(json!({"columns": ["id"], "rows": [[1]]})).unwrap();
    om.ingest_table_sample_data(&orders, &rows).await.unwrap();
    let read: Table = om.sample_data_of::<Table>(&orders.id).await.unwrap();
    assert_eq!(read.sample_data, Some(rows));
    om.delete_sample_data::<Table>(&orders.id).await.unwrap();
    let read: Table = om.sample_data_of::<Table>(&orders.id).await.unwrap();
    assert_eq!(read.sample_data, None);
}

#[tokio::test]
async fn data_quality_extras() {
    let (_server, om) = common::start().await;
    common::schema(&om).await;
    common::table(&om, json!({"name": "orders"})).await;
    assert!(
        om.get_executable_test_suite("svc.db.s.orders")
            .await
            .unwrap()
            .is_none()
    );
    let missing = om.get_executable_test_suite("svc.db.s.nope").await;
    assert!(missing.unwrap_err().is_not_found());

    let case = om
        .get_or_create_test_case("svc.db.s.orders.enough_rows", || {
            CreateTestCaseRequest::new(
                "enough_rows",
                "tableRowCountToBeBetween",
                "<#E::table::svc.db.s.orders>",
            )
        })
        .await
        .unwrap();
    let suite = om
        .get_executable_test_suite("svc.db.s.orders")
        .await
        .unwrap()
        .unwrap();
    let case_id = case.id.unwrap();
    assert_eq!(suite.tests.unwrap()[0].id, case_id);

    let result = TestCaseResult {
        test_case_status: Some(TestCaseStatus::Failed),
        ..TestCaseResult::new(1_000_i64)
    };
    om.add_test_case_result("svc.db.s.orders.enough_rows", &result)
        .await
        .unwrap();
    let rows: TableData =
        serde_json::from_value(json!({"columns": ["id"], "rows": [[7]]})).unwrap();
    let stored = om
        .ingest_failed_rows_sample(&case_id, &rows, true)
        .await
        .unwrap();
    assert_eq!(stored, Some(rows.clone()));
    assert_eq!(
        om.get_failed_rows_sample(&case_id).await.unwrap(),
        Some(rows)
    );
    let with_query = om
        .ingest_inspection_query(&case_id, "SELECT * FROM orders WHERE id = 7")
        .await
        .unwrap();
    assert_eq!(
        with_query.inspection_query.map(|q| q.to_string()),
        Some("SELECT * FROM orders WHERE id = 7".to_string())
    );

    let new = CreateTestCaseResolutionStatus::new(
        TestCaseResolutionStatusTypes::New,
        "svc.db.s.orders.enough_rows",
    );
    let opened = om.create_test_case_resolution(&new).await.unwrap();
    let ack = CreateTestCaseResolutionStatus::new(
        TestCaseResolutionStatusTypes::Ack,
        "svc.db.s.orders.enough_rows",
    );
    let acked = om.create_test_case_resolution(&ack).await.unwrap();
    assert_eq!(acked.state_id, opened.state_id);
    let history = om
        .get_incident_statuses(opened.state_id.unwrap())
        .await
        .unwrap();
    assert_eq!(history.len(), 2);

    let logical = om
        .get_or_create_test_suite("critical", "Checks that page someone.")
        .await
        .unwrap();
    let again = om
        .get_or_create_test_suite("critical", "ignored")
        .await
        .unwrap();
    assert_eq!(again.id, logical.id);
    let listed = om
        .add_logical_test_cases(&CreateLogicalTestCases::new(
            logical.id.unwrap(),
            vec![case_id],
        ))
        .await
        .unwrap();
    assert_eq!(listed.tests.unwrap().len(), 1);

    om.delete_by_name::<openmetadata::types::tests::test_case::TestCase>(
        "svc.db.s.orders.enough_rows",
        DeleteParams::default().hard(true),
    )
    .await
    .unwrap();
    om.delete_executable_test_suite(suite.id.unwrap(), DeleteParams::default().hard(true))
        .await
        .unwrap();
    let mut request = CreateTestSuiteRequest::new("svc.db.s.orders.testSuite");
    request.basic_entity_reference = Some("svc.db.s.orders".into());
    let recreated = om
        .create_or_update_executable_test_suite(&request)
        .await
        .unwrap();
    assert_eq!(recreated.basic, Some(true));
    om.delete_executable_test_suite(recreated.id.unwrap(), DeleteParams::default().hard(true))
        .await
        .unwrap();
    assert!(
        om.get_executable_test_suite("svc.db.s.orders")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn query_cost_insights_kpis_profiles_and_reindex() {
    let (_server, om) = common::start().await;
    common::schema(&om).await;
    let sql = "select * from orders where id = 7";
    let masked = openmetadata::sql_lineage::mask_literals(sql, "mysql").unwrap();
    om.get_or_create_query(&CreateQueryRequest::new(masked.as_str(), "svc"))
        .await
        .unwrap();
    let cost = QueryCost {
        timestamp: 1_000,
        cost: 0.5,
        count: 2.0,
        total_duration: Some(3.0),
    };
    let record = om
        .publish_query_cost("svc", sql, Some("mysql"), &cost)
        .await
        .unwrap()
        .expect("the masked query is found");
    assert_eq!(record.cost, 0.5);
    assert!(
        om.publish_query_cost("svc", "select 2", None, &cost)
            .await
            .unwrap()
            .is_none()
    );

    let record: ReportData = serde_json::from_value(json!({
        "timestamp": 86_400_000_i64, "reportDataType": "webAnalyticEntityViewReportData",
        "data": {"entityFqn": "svc.db.s.orders", "entityType": "table", "views": 4}
    }))
    .unwrap();
    om.add_data_insight_report_data(&record).await.unwrap();
    let stored = om
        .get_data_insight_report_data(ALL, ReportDataType::WebAnalyticEntityViewReportData)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    let chart = om
        .get_aggregated_data_insight_results(
            ALL,
            DataInsightChartType::MostViewedEntities,
            "web_analytic_entity_view_report_data_index",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(chart.data.unwrap().len(), 1);
    om.delete_report_data_at_date(
        ReportDataType::WebAnalyticEntityViewReportData,
        "1970-01-02",
    )
    .await
    .unwrap();
    assert!(
        om.get_data_insight_report_data(ALL, ReportDataType::WebAnalyticEntityViewReportData)
            .await
            .unwrap()
            .is_empty()
    );
    om.delete_report_data(ReportDataType::EntityReportData)
        .await
        .unwrap();

    let kpi = om
        .create_kpi(&CreateKpiRequest::new(
            "owned",
            "Most assets owned.",
            DataInsightChart::PercentageOfDataAssetWithOwnerKpi,
            0_i64,
            1_900_000_000_000_i64,
            80.0,
            KpiTargetType::PERCENTAGE,
        ))
        .await
        .unwrap();
    assert_eq!(kpi.data_insight_chart.r#type, "dataInsightCustomChart");
    om.add_kpi_result(
        "owned",
        &KpiResult::new(5_i64, vec![KpiTarget::new("owned", "81")]),
    )
    .await
    .unwrap();
    let results = om.get_kpi_result("owned", ALL).await.unwrap();
    assert_eq!(results[0].target_result[0].value, "81");

    let event = serde_json::from_value(json!({
        "timestamp": 10, "eventType": "CustomEvent",
        "eventData": {"fullUrl": "http://x/", "url": "/", "hostname": "x", "sessionId": "00000000-0000-0000-0000-000000000002", "eventType": "CLICK", "eventValue": "button"}
    }))
    .unwrap();
    om.add_web_analytic_events(&event).await.unwrap();
    assert_eq!(
        om.get_web_analytic_events(WebAnalyticEventType::CustomEvent, ALL)
            .await
            .unwrap()
            .len(),
        1
    );
    om.delete_web_analytic_event_before_ts_exclusive(WebAnalyticEventType::CustomEvent, 11)
        .await
        .unwrap();
    assert!(
        om.get_web_analytic_events(WebAnalyticEventType::CustomEvent, ALL)
            .await
            .unwrap()
            .is_empty()
    );

    let orders = common::table(&om, json!({"name": "orders"})).await;
    let profile = serde_json::from_value(json!({
        "tableProfile": {"timestamp": 50, "rowCount": 3.0},
        "columnProfile": [{"name": "id", "timestamp": 50, "nullCount": 0.0}]
    }))
    .unwrap();
    om.ingest_profile_data(&orders, &profile).await.unwrap();
    let profiles = om
        .get_entity_profiles("table", ALL, Some(ProfileTypeEnum::Column))
        .await
        .unwrap();
    assert_eq!(profiles.len(), 1);
    let columns = om
        .get_column_profiles("svc.db.s.orders.id", ALL)
        .await
        .unwrap();
    assert_eq!(columns[0].null_count, Some(0.0));
    assert!(matches!(
        om.get_column_profiles("svc.db.s.orders", ALL).await,
        Err(openmetadata::Error::Config(_))
    ));
    assert!(
        om.get_system_profiles("svc.db.s.orders", ALL)
            .await
            .unwrap()
            .is_empty()
    );

    assert!(!om.is_reindex_app_running().await.unwrap(), "no run yet");
    om.reindex().await.unwrap();
    assert!(
        !om.is_reindex_app_running().await.unwrap(),
        "finished at once"
    );
}
