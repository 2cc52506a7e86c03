//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `table_extras.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::publish_frequently_joined_with`](crate::OpenMetadata::publish_frequently_joined_with).
    pub fn publish_frequently_joined_with(
        &self,
        table_id: impl std::fmt::Display,
        joins: &TableJoins,
    ) -> Result<Table> {
        self.call(|c| c.publish_frequently_joined_with(table_id, joins))
    }

    /// Blocking [`OpenMetadata::ingest_table_data_model`](crate::OpenMetadata::ingest_table_data_model).
    pub fn ingest_table_data_model(
        &self,
        table_id: impl std::fmt::Display,
        model: &DataModel,
    ) -> Result<Table> {
        self.call(|c| c.ingest_table_data_model(table_id, model))
    }

    /// Blocking [`OpenMetadata::create_or_update_custom_metric`](crate::OpenMetadata::create_or_update_custom_metric).
    pub fn create_or_update_custom_metric(
        &self,
        table_id: impl std::fmt::Display,
        metric: &CreateCustomMetricRequest,
    ) -> Result<Table> {
        self.call(|c| c.create_or_update_custom_metric(table_id, metric))
    }

    /// Blocking [`OpenMetadata::delete_custom_metric`](crate::OpenMetadata::delete_custom_metric).
    pub fn delete_custom_metric(
        &self,
        table_id: impl std::fmt::Display,
        column: Option<&str>,
        name: &str,
    ) -> Result<Table> {
        self.call(|c| c.delete_custom_metric(table_id, column, name))
    }

    /// Blocking [`OpenMetadata::add_pipeline_observability`](crate::OpenMetadata::add_pipeline_observability).
    pub fn add_pipeline_observability(
        &self,
        table_id: impl std::fmt::Display,
        items: &[PipelineObservability],
    ) -> Result<Table> {
        self.call(|c| c.add_pipeline_observability(table_id, items))
    }

    /// Blocking [`OpenMetadata::add_single_pipeline_observability`](crate::OpenMetadata::add_single_pipeline_observability).
    pub fn add_single_pipeline_observability(
        &self,
        table_id: impl std::fmt::Display,
        item: &PipelineObservability,
    ) -> Result<Table> {
        self.call(|c| c.add_single_pipeline_observability(table_id, item))
    }

    /// Blocking [`OpenMetadata::get_table_columns`](crate::OpenMetadata::get_table_columns).
    pub fn get_table_columns(
        &self,
        table_fqn: &str,
        limit: u32,
        offset: u32,
        fields: Option<&str>,
    ) -> Result<ColumnPage> {
        self.call(|c| c.get_table_columns(table_fqn, limit, offset, fields))
    }

    /// Blocking [`OpenMetadata::sample_data_of`](crate::OpenMetadata::sample_data_of).
    pub fn sample_data_of<E: Entity>(&self, id: impl std::fmt::Display) -> Result<E> {
        self.call(|c| c.sample_data_of::<E>(id))
    }

    /// Blocking [`OpenMetadata::delete_sample_data`](crate::OpenMetadata::delete_sample_data).
    pub fn delete_sample_data<E: Entity>(&self, id: impl std::fmt::Display) -> Result<()> {
        self.call(|c| c.delete_sample_data::<E>(id))
    }
}
