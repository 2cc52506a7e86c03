//! The second half of `ometa demo`: lineage through a pipeline and from SQL, sample data, a
//! profile, a test case with a result, and a search.

use openmetadata::types::api::data::create_pipeline::CreatePipelineRequest;
use openmetadata::types::api::data::create_table_profile::CreateTableProfileRequest;
use openmetadata::types::api::lineage::add_lineage::AddLineageRequest;
use openmetadata::types::api::services::create_pipeline_service::CreatePipelineServiceRequest;
use openmetadata::types::api::tests::create_test_case::CreateTestCaseRequest;
use openmetadata::types::entity::data::pipeline::{Pipeline, PipelineStatus, StatusType, Task};
use openmetadata::types::entity::data::table::{Table, TableData, TableProfile};
use openmetadata::types::entity::services::pipeline_service::PipelineServiceType;
use openmetadata::types::tests::basic::{TestCaseResult, TestCaseStatus};
use openmetadata::types::tests::test_case::TestCaseParameterValue;
use openmetadata::types::type_::entity_lineage::{ColumnLineage, EntitiesEdge, LineageDetails};
use openmetadata::types::type_::entity_reference::EntityReference;
use openmetadata::{GetParams, Node, OpenMetadata, QueryContext, Search};

const PIPELINES: &str = "demo_airflow";

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

async fn table(om: &OpenMetadata, fqn: &str) -> openmetadata::Result<Table> {
    om.get_by_name(fqn, &GetParams::default())
        .await?
        .ok_or_else(|| openmetadata::Error::NotFound {
            message: format!("table instance for {fqn} not found"),
        })
}

fn columns(pairs: &[(&str, &str)]) -> Vec<ColumnLineage> {
    pairs
        .iter()
        .map(|(from, to)| ColumnLineage {
            from_columns: Some(vec![(*from).into()]),
            to_column: Some((*to).into()),
            ..Default::default()
        })
        .collect()
}

/// Runs the lineage, profiling, data-quality and search steps on the demo's tables.
pub async fn run(om: &OpenMetadata, service: &str) -> openmetadata::Result<()> {
    let sales = format!("{service}.shop.sales");
    let (orders, revenue) = (
        table(om, &format!("{sales}.orders")).await?,
        table(om, &format!("{sales}.daily_revenue")).await?,
    );

    om.create_or_update(&CreatePipelineServiceRequest::new(
        PIPELINES,
        PipelineServiceType::Airflow,
    ))
    .await?;
    let pipeline: Pipeline = om
        .create_or_update(&CreatePipelineRequest {
            description: Some("Builds daily revenue from orders.".into()),
            tasks: Some(vec![Task::new("aggregate")]),
            ..CreatePipelineRequest::new("daily_revenue_etl", PIPELINES)
        })
        .await?;
    let mut edge = EntitiesEdge::new(
        EntityReference::new(orders.id, "table"),
        EntityReference::new(revenue.id, "table"),
    );
    edge.lineage_details = Some(LineageDetails {
        pipeline: Some(EntityReference::new(pipeline.id, "pipeline")),
        columns_lineage: Some(columns(&[
            (
                &format!("{sales}.orders.placed_at"),
                &format!("{sales}.daily_revenue.day"),
            ),
            (
                &format!("{sales}.orders.amount"),
                &format!("{sales}.daily_revenue.revenue"),
            ),
        ])),
        ..Default::default()
    });
    om.add_lineage(&AddLineageRequest::new(edge), true).await?;
    let pipeline_fqn = format!("{PIPELINES}.daily_revenue_etl");
    om.add_pipeline_status(
        &pipeline_fqn,
        &PipelineStatus::new(now_ms(), StatusType::Successful),
    )
    .await?;
    println!("\npipeline          {pipeline_fqn} (last run: Successful)");
    println!(
        "lineage           {sales}.orders → {sales}.daily_revenue through the pipeline, 2 column mappings"
    );

    let sql = "INSERT INTO sales.daily_revenue (day, revenue)
               SELECT o.placed_at, o.amount FROM sales.orders o
               JOIN sales.customers c ON c.customer_id = o.customer_id";
    let context = QueryContext {
        service,
        dialect: "mysql",
        database: Some("shop"),
        schema: None,
    };
    let report = om.add_lineage_by_query(sql, context).await?;
    for (from, to) in &report.edges {
        println!("lineage from SQL  {from} → {to}");
    }
    let graph = om
        .get_lineage(&Node::Id("table", revenue.id.to_string()), 2, 0)
        .await?;
    println!(
        "upstream of daily_revenue: {} tables, {} edges",
        graph.nodes.as_ref().map_or(0, Vec::len),
        graph.upstream_edges.as_ref().map_or(0, Vec::len)
    );

    let sample = TableData {
        columns: Some(vec![
            "order_id".into(),
            "customer_id".into(),
            "amount".into(),
        ]),
        rows: Some(vec![
            vec![1.into(), 7.into(), 19.99.into()],
            vec![2.into(), 9.into(), 5.5.into()],
        ]),
    };
    om.ingest_table_sample_data(&orders, &sample).await?;
    let profile = TableProfile {
        row_count: Some(2.0),
        column_count: Some(4.0),
        ..TableProfile::new(now_ms())
    };
    om.ingest_profile_data(&orders, &CreateTableProfileRequest::new(profile))
        .await?;
    let latest = om
        .get_latest_table_profile(&format!("{sales}.orders"))
        .await?;
    println!(
        "\nsample data       2 rows on orders; profile: {} rows, {} columns",
        latest
            .as_ref()
            .and_then(|t| t.profile.as_ref())
            .and_then(|p| p.row_count)
            .unwrap_or_default(),
        latest
            .as_ref()
            .and_then(|t| t.profile.as_ref())
            .and_then(|p| p.column_count)
            .unwrap_or_default()
    );

    let case_fqn = format!("{sales}.orders.row_count_between");
    om.get_or_create_test_case(&case_fqn, || CreateTestCaseRequest {
        parameter_values: Some(vec![
            TestCaseParameterValue {
                name: Some("minValue".into()),
                value: Some("1".into()),
            },
            TestCaseParameterValue {
                name: Some("maxValue".into()),
                value: Some("1000".into()),
            },
        ]),
        ..CreateTestCaseRequest::new(
            "row_count_between",
            "tableRowCountToBeBetween",
            format!("<#E::table::{sales}.orders>"),
        )
    })
    .await?;
    let result = TestCaseResult {
        test_case_status: Some(TestCaseStatus::Success),
        result: Some("2 rows, between 1 and 1000".into()),
        ..TestCaseResult::new(now_ms())
    };
    om.add_test_case_result(&case_fqn, &result).await?;
    println!("test case         {case_fqn}: Success (2 rows, between 1 and 1000)");

    let hits = om
        .search(
            &Search::new("table_search_index")
                .query("revenue")
                .sort("_score", true),
        )
        .await?;
    let found: Vec<&str> = hits
        .hits
        .hits
        .iter()
        .filter_map(|h| h.source.get("fullyQualifiedName").and_then(|v| v.as_str()))
        .collect();
    println!(
        "search 'revenue'  {} hits: {}",
        hits.hits.total.value,
        found.join(", ")
    );
    Ok(())
}
