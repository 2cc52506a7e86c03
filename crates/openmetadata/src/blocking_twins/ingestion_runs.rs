//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `ingestion_runs.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::send_logs`](crate::OpenMetadata::send_logs).
    pub fn send_logs(&self, pipeline_fqn: &str, run_id: &str, logs: &str) -> Result<()> {
        self.call(|c| c.send_logs(pipeline_fqn, run_id, logs))
    }

    /// Blocking [`OpenMetadata::close_log_stream`](crate::OpenMetadata::close_log_stream).
    pub fn close_log_stream(&self, pipeline_fqn: &str, run_id: &str) -> Result<()> {
        self.call(|c| c.close_log_stream(pipeline_fqn, run_id))
    }

    /// Blocking [`OpenMetadata::get_logs`](crate::OpenMetadata::get_logs).
    pub fn get_logs(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
        offset: u64,
        limit: u64,
    ) -> Result<LogPage> {
        self.call(|c| c.get_logs(pipeline_fqn, run_id, offset, limit))
    }

    /// Blocking [`OpenMetadata::send_progress_update`](crate::OpenMetadata::send_progress_update).
    pub fn send_progress_update(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
        update: &ProgressUpdate,
    ) -> Result<ProgressUpdate> {
        self.call(|c| c.send_progress_update(pipeline_fqn, run_id, update))
    }

    /// Blocking [`OpenMetadata::get_progress_state`](crate::OpenMetadata::get_progress_state).
    pub fn get_progress_state(&self, pipeline_fqn: &str, run_id: &str) -> Result<ProgressUpdate> {
        self.call(|c| c.get_progress_state(pipeline_fqn, run_id))
    }

    /// Blocking [`OpenMetadata::send_operation_metrics_batch`](crate::OpenMetadata::send_operation_metrics_batch).
    pub fn send_operation_metrics_batch(
        &self,
        pipeline_fqn: &str,
        run_id: &str,
        batch: &OperationMetricsBatch,
    ) -> Result<Value> {
        self.call(|c| c.send_operation_metrics_batch(pipeline_fqn, run_id, batch))
    }
}
