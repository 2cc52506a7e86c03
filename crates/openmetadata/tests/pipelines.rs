//! Pipelines and ingestion pipelines against a real in-process `ometa-server`: task lists
//! merged and pruned by name, bulk run statuses, ingestion run statuses, triggering a run, and
//! what a run reports (logs, progress, metrics).

mod common;

use common::{put, start};

use openmetadata::TimeRange;
use openmetadata::types::entity::data::pipeline::{Pipeline, PipelineStatus, Task};
use openmetadata::types::entity::services::ingestion_pipelines::ingestion_pipeline::PipelineStatus as IngestionStatus;
use serde_json::json;

fn names(p: &Pipeline) -> Vec<String> {
    p.tasks.iter().flatten().map(|t| t.name.clone()).collect()
}

#[tokio::test]
async fn tasks_are_merged_and_pruned_by_name_and_statuses_go_in_bulk() {
    use openmetadata::types::api::data::create_pipeline::CreatePipelineRequest;
    use openmetadata::types::api::services::create_pipeline_service::CreatePipelineServiceRequest;
    let (_server, om) = start().await;
    put::<CreatePipelineServiceRequest>(&om, json!({"name": "airflow", "serviceType": "Airflow"}))
        .await;
    let pipeline: Pipeline = put::<CreatePipelineRequest>(
        &om,
        json!({"name": "daily", "service": "airflow", "tasks": [{"name": "a"}, {"name": "b"}]}),
    )
    .await;
    let mut b = Task::new("b");
    b.description = Some("Loads orders.".into());
    let merged = om
        .add_tasks_to_pipeline(&pipeline.id, &[b, Task::new("c")])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(names(&merged), ["b", "c", "a"]);
    assert_eq!(
        merged.tasks.as_ref().unwrap()[0]
            .description
            .as_ref()
            .unwrap()
            .0,
        "Loads orders."
    );
    let pruned = om
        .clean_pipeline_tasks(&pipeline.id, &["a", "c"])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(names(&pruned), ["c", "a"]);

    let runs: Vec<PipelineStatus> = (1..=3)
        .map(|i| {
            serde_json::from_value(json!({"executionStatus": "Successful", "timestamp": i * 1000}))
                .unwrap()
        })
        .collect();
    om.add_bulk_pipeline_status("airflow.daily", &runs)
        .await
        .unwrap();
    let listed = om
        .list_pipeline_statuses(
            "airflow.daily",
            TimeRange {
                start: 0,
                end: 2_500,
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
}

#[tokio::test]
async fn ingestion_runs_are_triggered_and_recorded() {
    use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
    use openmetadata::types::api::services::ingestion_pipelines::create_ingestion_pipeline::CreateIngestionPipelineRequest;
    let (_server, om) = start().await;
    let service =
        put::<CreateDatabaseServiceRequest>(&om, json!({"name": "mysql", "serviceType": "Mysql"}))
            .await;
    let ingestion = put::<CreateIngestionPipelineRequest>(
        &om,
        json!({"name": "metadata", "pipelineType": "metadata",
               "service": {"id": service.id, "type": "databaseService"},
               "sourceConfig": {"config": {"type": "DatabaseMetadata"}}, "airflowConfig": {}}),
    )
    .await;
    let fqn = ingestion.fully_qualified_name.as_ref().unwrap().to_string();
    let triggered = om
        .run_ingestion_pipeline(ingestion.id.unwrap())
        .await
        .unwrap();
    assert_eq!(triggered.id, ingestion.id);
    let all = TimeRange {
        start: 0,
        end: i64::MAX,
    };
    let runs = om.get_ingestion_statuses(&fqn, all).await.unwrap();
    assert_eq!(runs.len(), 1);
    let queued = serde_json::to_value(&runs[0]).unwrap();
    assert_eq!(queued["pipelineState"], "queued");
    let run_id = queued["runId"].as_str().unwrap().to_string();

    let mut finished = queued.clone();
    finished["pipelineState"] = json!("success");
    let done: IngestionStatus = serde_json::from_value(finished).unwrap();
    om.create_or_update_ingestion_status(&fqn, &done)
        .await
        .unwrap();
    let read = om
        .get_ingestion_status(&fqn, &run_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::to_value(read).unwrap()["pipelineState"],
        "success"
    );
    assert_eq!(om.get_ingestion_statuses(&fqn, all).await.unwrap().len(), 1);
    assert!(
        om.get_ingestion_status(&fqn, "nope")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn ingestion_runs_report_logs_progress_and_metrics() {
    use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
    use openmetadata::types::api::services::ingestion_pipelines::create_ingestion_pipeline::CreateIngestionPipelineRequest;
    use openmetadata::types::entity::services::ingestion_pipelines::operation_metrics_batch::OperationMetricsBatch;
    use openmetadata::types::entity::services::ingestion_pipelines::progress_update::ProgressUpdate;
    let (_server, om) = start().await;
    let service =
        put::<CreateDatabaseServiceRequest>(&om, json!({"name": "pg", "serviceType": "Postgres"}))
            .await;
    put::<CreateIngestionPipelineRequest>(
        &om,
        json!({"name": "metadata", "pipelineType": "metadata",
               "service": {"id": service.id, "type": "databaseService"},
               "sourceConfig": {"config": {"type": "DatabaseMetadata"}}, "airflowConfig": {}}),
    )
    .await;
    let (fqn, run) = ("pg.metadata", "7d0c2a4e-1111-4c55-9a4e-0d1f5f1b2c3d");

    om.send_logs(fqn, run, "started\nread schema public")
        .await
        .unwrap();
    om.send_logs(fqn, run, "read 12 tables").await.unwrap();
    om.close_log_stream(fqn, run).await.unwrap();
    let all = om.get_logs(fqn, run, 0, 1000).await.unwrap();
    assert_eq!(all.logs, "started\nread schema public\nread 12 tables");
    assert_eq!((all.total, all.after), (Some(3), None));
    let page = om.get_logs(fqn, run, 1, 1).await.unwrap();
    assert_eq!(page.logs, "read schema public");
    assert_eq!(page.after.as_deref(), Some("2"));
    let unknown = om.send_logs("pg.nope", run, "x").await.unwrap_err();
    assert_eq!(unknown.status(), Some(404));

    let update: ProgressUpdate = serde_json::from_value(json!({
        "runId": run, "timestamp": 1_700_000_000_000_i64, "updateType": "PROCESSING",
        "stepName": "metadata", "totalAssetsIngested": 12
    }))
    .unwrap();
    om.send_progress_update(fqn, run, &update).await.unwrap();
    let state = om.get_progress_state(fqn, run).await.unwrap();
    assert_eq!(state, update);
    let metrics = OperationMetricsBatch::new(run, "metadata", Vec::new());
    om.send_operation_metrics_batch(fqn, run, &metrics)
        .await
        .unwrap();
}
