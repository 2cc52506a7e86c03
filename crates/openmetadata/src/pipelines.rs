//! The pipeline and ingestion pipeline mixins beyond single run statuses: bulk statuses,
//! task lists merged or pruned by task name, ingestion run statuses and triggering a run.

use openmetadata_types::entity::data::pipeline::{Pipeline, PipelineStatus, Task};
use openmetadata_types::entity::services::ingestion_pipelines::ingestion_pipeline::{
    IngestionPipeline, PipelineStatus as IngestionStatus,
};
use reqwest::Method;
use serde_json::Value;

use crate::assets::{TimeRange, body};
use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn::path_segment;

impl OpenMetadata {
    /// Adds several run statuses to a pipeline in one call; returns the pipeline with its
    /// latest status.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, runs: Vec<openmetadata::types::entity::data::pipeline::PipelineStatus>) -> openmetadata::Result<()> {
    /// om.add_bulk_pipeline_status("airflow.daily_orders", &runs).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_bulk_pipeline_status(
        &self,
        fqn: &str,
        statuses: &[PipelineStatus],
    ) -> Result<Pipeline> {
        self.call(
            Method::PUT,
            &format!("/pipelines/{}/status/bulk", path_segment(fqn)),
            &[],
            body(statuses)?,
        )
        .await?
        .json()
    }

    /// Adds tasks to a pipeline: a task of the same name is replaced, the others are kept
    /// after the new ones (the Python SDK's `add_task_to_pipeline`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::pipeline::Task;
    /// om.add_tasks_to_pipeline(id, &[Task::new("load_orders")]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_tasks_to_pipeline(
        &self,
        pipeline_id: impl std::fmt::Display,
        tasks: &[Task],
    ) -> Result<Option<Pipeline>> {
        let incoming = serde_json::to_value(tasks).map_err(|e| Error::Config(e.to_string()))?;
        self.modify::<Pipeline>(pipeline_id, &["tasks"], |doc| {
            let incoming = incoming.as_array().cloned().unwrap_or_default();
            let name = |t: &Value| t.get("name").cloned();
            let mut merged = incoming.clone();
            for kept in doc["tasks"].as_array().into_iter().flatten() {
                if !incoming.iter().any(|t| name(t) == name(kept)) {
                    merged.push(kept.clone());
                }
            }
            doc["tasks"] = Value::Array(merged);
            Ok(())
        })
        .await
    }

    /// Keeps only the tasks of a pipeline whose names are given (the Python SDK's
    /// `clean_pipeline_tasks`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// om.clean_pipeline_tasks(id, &["extract", "load"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn clean_pipeline_tasks(
        &self,
        pipeline_id: impl std::fmt::Display,
        keep: &[&str],
    ) -> Result<Option<Pipeline>> {
        self.modify::<Pipeline>(pipeline_id, &["tasks"], |doc| {
            if let Some(tasks) = doc.get_mut("tasks").and_then(Value::as_array_mut) {
                tasks.retain(|t| {
                    t.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| keep.contains(&n))
                });
            }
            Ok(())
        })
        .await
    }

    /// Records a run status of an ingestion pipeline (by its `runId`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, status: openmetadata::types::entity::services::ingestion_pipelines::ingestion_pipeline::PipelineStatus) -> openmetadata::Result<()> {
    /// om.create_or_update_ingestion_status("mysql_prod.metadata", &status).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update_ingestion_status(
        &self,
        ingestion_pipeline_fqn: &str,
        status: &IngestionStatus,
    ) -> Result<()> {
        self.call(
            Method::PUT,
            &format!(
                "/services/ingestionPipelines/{}/pipelineStatus",
                path_segment(ingestion_pipeline_fqn)
            ),
            &[],
            body(status)?,
        )
        .await
        .map(|_| ())
    }

    /// One run status of an ingestion pipeline, or `None`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let run = om.get_ingestion_status("mysql_prod.metadata", "3f1c...").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_ingestion_status(
        &self,
        ingestion_pipeline_fqn: &str,
        run_id: &str,
    ) -> Result<Option<IngestionStatus>> {
        self.get_opt(
            &format!(
                "/services/ingestionPipelines/{}/pipelineStatus/{}",
                path_segment(ingestion_pipeline_fqn),
                path_segment(run_id)
            ),
            &[],
        )
        .await
    }

    /// Run statuses of an ingestion pipeline in a time window, newest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let runs = om.get_ingestion_statuses("mysql_prod.metadata", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_ingestion_statuses(
        &self,
        ingestion_pipeline_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<IngestionStatus>> {
        self.list_data(
            &format!(
                "/services/ingestionPipelines/{}/pipelineStatus",
                path_segment(ingestion_pipeline_fqn)
            ),
            &range.query(),
        )
        .await
    }

    /// Asks for a run of an ingestion pipeline (the Python SDK's `run_pipeline`); answers the
    /// pipeline. `ometa-server` runs nothing but records the run as `queued`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// om.run_ingestion_pipeline(id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn run_ingestion_pipeline(
        &self,
        id: impl std::fmt::Display,
    ) -> Result<IngestionPipeline> {
        self.call(
            Method::POST,
            &format!("/services/ingestionPipelines/trigger/{id}"),
            &[],
            None,
        )
        .await?
        .json()
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/pipelines.rs"]
mod blocking_twins;
