//! What an ingestion run reports while it runs (logs_mixin, progress_mixin): log batches, the
//! log stream's close, paged log reads, progress updates and operation metrics.

use openmetadata_types::entity::services::ingestion_pipelines::operation_metrics_batch::OperationMetricsBatch;
use openmetadata_types::entity::services::ingestion_pipelines::progress_update::ProgressUpdate;
use reqwest::Method;
use serde_json::{Value, json};

use crate::assets::body;
use crate::client::OpenMetadata;
use crate::error::Result;
use crate::fqn::path_segment;

/// One page of a run's log lines.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LogPage {
    /// The lines of the page, joined by newlines.
    pub logs: String,
    /// How many lines the run has logged.
    #[serde(default)]
    pub total: Option<u64>,
    /// The offset of the next page, when there is one.
    #[serde(default)]
    pub after: Option<String>,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Who sends the logs: `"{hostname}-{pid}"`, as the Python SDK names it.
fn connector_id() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into());
    format!("{host}-{}", std::process::id())
}

impl OpenMetadata {
    fn run_path(&self, what: &str, pipeline_fqn: &str, run_id: &str) -> String {
        format!(
            "/services/ingestionPipelines/{what}/{}/{}",
            path_segment(pipeline_fqn),
            path_segment(run_id)
        )
    }

    /// Appends log lines to a run of an ingestion pipeline.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let run = "6f1c1e0a-2b7d-4c55-9a4e-0d1f5f1b2c3d";
    /// om.send_logs("mysql.metadata", run, "started\nread 12 tables").await?;
    /// om.close_log_stream("mysql.metadata", run).await?;
    /// let page = om.get_logs("mysql.metadata", run, 0, 1000).await?;
    /// assert!(page.logs.starts_with("started"));
    /// # Ok(()) }
    /// ```
    pub async fn send_logs(&self, pipeline_fqn: &str, run_id: &str, logs: &str) -> Result<()> {
        let batch = json!({
            "logs": logs,
            "timestamp": now_ms(),
            "connectorId": connector_id(),
            "compressed": false,
            "lineCount": logs.matches('\n').count() + 1,
        });
        let path = self.run_path("logs", pipeline_fqn, run_id);
        self.call(Method::POST, &path, &[], body(&batch)?).await?;
        Ok(())
    }

    /// Marks a run's log stream closed.
    pub async fn close_log_stream(&self, pipeline_fqn: &str, run_id: &str) -> Result<()> {
        let path = format!("{}/close", self.run_path("logs", pipeline_fqn, run_id));
        let close = json!({"connectorId": connector_id(), "timestamp": now_ms()});
        self.call(Method::POST, &path, &[], body(&close)?).await?;
        Ok(())
    }

    /// `limit` log lines of a run from line `offset`.
    pub async fn get_logs(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<LogPage> {
        let path = self.run_path("logs", pipeline_fqn, run_id);
        let query = [("offset", offset.to_string()), ("limit", limit.to_string())];
        self.call(Method::GET, &path, &query, None).await?.json()
    }

    /// Reports the progress of a run; the last report replaces the previous ones.
    pub async fn send_progress_update(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
        update: &ProgressUpdate,
    ) -> Result<ProgressUpdate> {
        let path = self.run_path("progress", pipeline_fqn, run_id);
        self.call(Method::PUT, &path, &[], body(update)?)
            .await?
            .json()
    }

    /// The last progress report of a run.
    pub async fn get_progress_state(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
    ) -> Result<ProgressUpdate> {
        let path = self.run_path("progress", pipeline_fqn, run_id);
        self.call(Method::GET, &path, &[], None).await?.json()
    }

    /// Sends a batch of per-operation metrics of a run.
    pub async fn send_operation_metrics_batch(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
        batch: &OperationMetricsBatch,
    ) -> Result<Value> {
        let path = self.run_path("metrics", pipeline_fqn, run_id);
        self.call(Method::POST, &path, &[], body(batch)?)
            .await?
            .json()
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/ingestion_runs.rs"]
mod blocking_twins;
