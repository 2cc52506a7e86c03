//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `pipelines.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::add_bulk_pipeline_status`](crate::OpenMetadata::add_bulk_pipeline_status).
    pub fn add_bulk_pipeline_status(
        &self,
        fqn: &str,
        statuses: &[PipelineStatus],
    ) -> Result<Pipeline> {
        self.call(|c| c.add_bulk_pipeline_status(fqn, statuses))
    }

    /// Blocking [`OpenMetadata::add_tasks_to_pipeline`](crate::OpenMetadata::add_tasks_to_pipeline).
    pub fn add_tasks_to_pipeline(
        &self,
        pipeline_id: impl std::fmt::Display,
        tasks: &[Task],
    ) -> Result<Option<Pipeline>> {
        self.call(|c| c.add_tasks_to_pipeline(pipeline_id, tasks))
    }

    /// Blocking [`OpenMetadata::clean_pipeline_tasks`](crate::OpenMetadata::clean_pipeline_tasks).
    pub fn clean_pipeline_tasks(
        &self,
        pipeline_id: impl std::fmt::Display,
        keep: &[&str],
    ) -> Result<Option<Pipeline>> {
        self.call(|c| c.clean_pipeline_tasks(pipeline_id, keep))
    }

    /// Blocking [`OpenMetadata::create_or_update_ingestion_status`](crate::OpenMetadata::create_or_update_ingestion_status).
    pub fn create_or_update_ingestion_status(
        &self,
        ingestion_pipeline_fqn: &str,
        status: &IngestionStatus,
    ) -> Result<()> {
        self.call(|c| c.create_or_update_ingestion_status(ingestion_pipeline_fqn, status))
    }

    /// Blocking [`OpenMetadata::get_ingestion_status`](crate::OpenMetadata::get_ingestion_status).
    pub fn get_ingestion_status(
        &self,
        ingestion_pipeline_fqn: &str,
        run_id: &str,
    ) -> Result<Option<IngestionStatus>> {
        self.call(|c| c.get_ingestion_status(ingestion_pipeline_fqn, run_id))
    }

    /// Blocking [`OpenMetadata::get_ingestion_statuses`](crate::OpenMetadata::get_ingestion_statuses).
    pub fn get_ingestion_statuses(
        &self,
        ingestion_pipeline_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<IngestionStatus>> {
        self.call(|c| c.get_ingestion_statuses(ingestion_pipeline_fqn, range))
    }

    /// Blocking [`OpenMetadata::run_ingestion_pipeline`](crate::OpenMetadata::run_ingestion_pipeline).
    pub fn run_ingestion_pipeline(&self, id: impl std::fmt::Display) -> Result<IngestionPipeline> {
        self.call(|c| c.run_ingestion_pipeline(id))
    }
}
