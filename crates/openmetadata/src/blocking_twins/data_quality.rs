//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `data_quality.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::get_or_create_test_suite`](crate::OpenMetadata::get_or_create_test_suite).
    pub fn get_or_create_test_suite(&self, name: &str, description: &str) -> Result<TestSuite> {
        self.call(|c| c.get_or_create_test_suite(name, description))
    }

    /// Blocking [`OpenMetadata::get_executable_test_suite`](crate::OpenMetadata::get_executable_test_suite).
    pub fn get_executable_test_suite(&self, table_fqn: &str) -> Result<Option<TestSuite>> {
        self.call(|c| c.get_executable_test_suite(table_fqn))
    }

    /// Blocking [`OpenMetadata::create_or_update_executable_test_suite`](crate::OpenMetadata::create_or_update_executable_test_suite).
    pub fn create_or_update_executable_test_suite(
        &self,
        request: &CreateTestSuiteRequest,
    ) -> Result<TestSuite> {
        self.call(|c| c.create_or_update_executable_test_suite(request))
    }

    /// Blocking [`OpenMetadata::delete_executable_test_suite`](crate::OpenMetadata::delete_executable_test_suite).
    pub fn delete_executable_test_suite(
        &self,
        suite_id: impl std::fmt::Display,
        params: DeleteParams,
    ) -> Result<()> {
        self.call(|c| c.delete_executable_test_suite(suite_id, params))
    }

    /// Blocking [`OpenMetadata::add_logical_test_cases`](crate::OpenMetadata::add_logical_test_cases).
    pub fn add_logical_test_cases(&self, request: &CreateLogicalTestCases) -> Result<TestSuite> {
        self.call(|c| c.add_logical_test_cases(request))
    }

    /// Blocking [`OpenMetadata::create_test_case_resolution`](crate::OpenMetadata::create_test_case_resolution).
    pub fn create_test_case_resolution(
        &self,
        request: &CreateTestCaseResolutionStatus,
    ) -> Result<TestCaseResolutionStatus> {
        self.call(|c| c.create_test_case_resolution(request))
    }

    /// Blocking [`OpenMetadata::get_incident_statuses`](crate::OpenMetadata::get_incident_statuses).
    pub fn get_incident_statuses(
        &self,
        state_id: impl std::fmt::Display,
    ) -> Result<Vec<TestCaseResolutionStatus>> {
        self.call(|c| c.get_incident_statuses(state_id))
    }

    /// Blocking [`OpenMetadata::ingest_failed_rows_sample`](crate::OpenMetadata::ingest_failed_rows_sample).
    pub fn ingest_failed_rows_sample(
        &self,
        test_case_id: impl std::fmt::Display,
        rows: &TableData,
        validate: impl Into<Validate>,
    ) -> Result<Option<TableData>> {
        self.call(|c| c.ingest_failed_rows_sample(test_case_id, rows, validate))
    }

    /// Blocking [`OpenMetadata::get_failed_rows_sample`](crate::OpenMetadata::get_failed_rows_sample).
    pub fn get_failed_rows_sample(
        &self,
        test_case_id: impl std::fmt::Display,
    ) -> Result<Option<TableData>> {
        self.call(|c| c.get_failed_rows_sample(test_case_id))
    }

    /// Blocking [`OpenMetadata::ingest_inspection_query`](crate::OpenMetadata::ingest_inspection_query).
    pub fn ingest_inspection_query(
        &self,
        test_case_id: impl std::fmt::Display,
        sql: &str,
    ) -> Result<TestCase> {
        self.call(|c| c.ingest_inspection_query(test_case_id, sql))
    }
}
