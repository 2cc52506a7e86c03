//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `assets.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::ingest_table_sample_data`](crate::OpenMetadata::ingest_table_sample_data).
    pub fn ingest_table_sample_data(&self, table: &Table, data: &TableData) -> Result<Table> {
        self.call(|c| c.ingest_table_sample_data(table, data))
    }

    /// Blocking [`OpenMetadata::ingest_sample_data`](crate::OpenMetadata::ingest_sample_data).
    pub fn ingest_sample_data<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        data: &Value,
    ) -> Result<E> {
        self.call(|c| c.ingest_sample_data::<E>(id, data))
    }

    /// Blocking [`OpenMetadata::get_sample_data`](crate::OpenMetadata::get_sample_data).
    pub fn get_sample_data(&self, table: &Table) -> Result<Table> {
        self.call(|c| c.get_sample_data(table))
    }

    /// Blocking [`OpenMetadata::ingest_profile_data`](crate::OpenMetadata::ingest_profile_data).
    pub fn ingest_profile_data(
        &self,
        table: &Table,
        profile: &CreateTableProfileRequest,
    ) -> Result<Table> {
        self.call(|c| c.ingest_profile_data(table, profile))
    }

    /// Blocking [`OpenMetadata::get_latest_table_profile`](crate::OpenMetadata::get_latest_table_profile).
    pub fn get_latest_table_profile(&self, fqn: &str) -> Result<Option<Table>> {
        self.call(|c| c.get_latest_table_profile(fqn))
    }

    /// Blocking [`OpenMetadata::get_table_profiles`](crate::OpenMetadata::get_table_profiles).
    pub fn get_table_profiles(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::TableProfile>> {
        self.call(|c| c.get_table_profiles(fqn, range))
    }

    /// Blocking [`OpenMetadata::get_column_profiles`](crate::OpenMetadata::get_column_profiles).
    pub fn get_column_profiles(
        &self,
        column_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::ColumnProfile>> {
        self.call(|c| c.get_column_profiles(column_fqn, range))
    }

    /// Blocking [`OpenMetadata::get_system_profiles`](crate::OpenMetadata::get_system_profiles).
    pub fn get_system_profiles(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::SystemProfile>> {
        self.call(|c| c.get_system_profiles(fqn, range))
    }

    /// Blocking [`OpenMetadata::create_or_update_table_profiler_config`](crate::OpenMetadata::create_or_update_table_profiler_config).
    pub fn create_or_update_table_profiler_config(
        &self,
        table: &Table,
        config: &TableProfilerConfig,
    ) -> Result<Table> {
        self.call(|c| c.create_or_update_table_profiler_config(table, config))
    }

    /// Blocking [`OpenMetadata::add_pipeline_status`](crate::OpenMetadata::add_pipeline_status).
    pub fn add_pipeline_status(&self, fqn: &str, status: &PipelineStatus) -> Result<Pipeline> {
        self.call(|c| c.add_pipeline_status(fqn, status))
    }

    /// Blocking [`OpenMetadata::list_pipeline_statuses`](crate::OpenMetadata::list_pipeline_statuses).
    pub fn list_pipeline_statuses(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<PipelineStatus>> {
        self.call(|c| c.list_pipeline_statuses(fqn, range))
    }

    /// Blocking [`OpenMetadata::get_or_create_test_definition`](crate::OpenMetadata::get_or_create_test_definition).
    pub fn get_or_create_test_definition(
        &self,
        name: &str,
        create: impl FnOnce() -> CreateTestDefinitionRequest,
    ) -> Result<TestDefinition> {
        self.call(|c| c.get_or_create_test_definition(name, create))
    }

    /// Blocking [`OpenMetadata::get_or_create_test_case`](crate::OpenMetadata::get_or_create_test_case).
    pub fn get_or_create_test_case(
        &self,
        fqn: &str,
        create: impl FnOnce() -> CreateTestCaseRequest,
    ) -> Result<TestCase> {
        self.call(|c| c.get_or_create_test_case(fqn, create))
    }

    /// Blocking [`OpenMetadata::get_or_create_executable_test_suite`](crate::OpenMetadata::get_or_create_executable_test_suite).
    pub fn get_or_create_executable_test_suite(&self, table_fqn: &str) -> Result<TestSuite> {
        self.call(|c| c.get_or_create_executable_test_suite(table_fqn))
    }

    /// Blocking [`OpenMetadata::add_test_case_result`](crate::OpenMetadata::add_test_case_result).
    pub fn add_test_case_result(
        &self,
        test_case_fqn: &str,
        result: &TestCaseResult,
    ) -> Result<Value> {
        self.call(|c| c.add_test_case_result(test_case_fqn, result))
    }

    /// Blocking [`OpenMetadata::get_test_case_results`](crate::OpenMetadata::get_test_case_results).
    pub fn get_test_case_results(
        &self,
        test_case_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<TestCaseResult>> {
        self.call(|c| c.get_test_case_results(test_case_fqn, range))
    }
}
