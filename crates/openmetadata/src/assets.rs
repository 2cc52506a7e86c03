//! What tables, pipelines and test cases carry beyond their definition: sample data,
//! profiles and the profiler configuration; pipeline run statuses; test definitions, test
//! suites, test cases and their results.

use openmetadata_types::Entity;
use openmetadata_types::api::data::create_table_profile::CreateTableProfileRequest;
use openmetadata_types::api::tests::create_test_case::CreateTestCaseRequest;
use openmetadata_types::api::tests::create_test_definition::CreateTestDefinitionRequest;
use openmetadata_types::api::tests::create_test_suite::CreateTestSuiteRequest;
use openmetadata_types::entity::data::pipeline::{Pipeline, PipelineStatus};
use openmetadata_types::entity::data::table::{Table, TableData, TableProfilerConfig};
use openmetadata_types::tests::basic::TestCaseResult;
use openmetadata_types::tests::test_case::TestCase;
use openmetadata_types::tests::test_definition::TestDefinition;
use openmetadata_types::tests::test_suite::TestSuite;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn::path_segment;
use crate::transport::Body;

/// A time window in milliseconds since the epoch, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
}

fn body<T: serde::Serialize>(v: &T) -> Result<Option<Body>> {
    serde_json::to_value(v)
        .map(|v| Some(Body::Json(v)))
        .map_err(|e| Error::Config(e.to_string()))
}

#[derive(serde::Deserialize)]
struct Data<T> {
    data: Vec<T>,
}

impl OpenMetadata {
    async fn list_data<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>> {
        Ok(self
            .call(Method::GET, path, query, None)
            .await?
            .json::<Data<T>>()?
            .data)
    }

    /// Replaces the sample data of a table; returns the table with it.
    pub async fn ingest_table_sample_data(&self, table: &Table, data: &TableData) -> Result<Table> {
        self.call(
            Method::PUT,
            &format!("/tables/{}/sampleData", table.id),
            &[],
            body(data)?,
        )
        .await?
        .json()
    }

    /// Replaces the sample data of a topic, container or search index (`E`); returns the
    /// entity with it.
    pub async fn ingest_sample_data<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        data: &Value,
    ) -> Result<E> {
        self.call(
            Method::PUT,
            &format!("/{}/{id}/sampleData", E::COLLECTION),
            &[],
            body(data)?,
        )
        .await?
        .json()
    }

    /// The table with its sample data.
    pub async fn get_sample_data(&self, table: &Table) -> Result<Table> {
        self.call(
            Method::GET,
            &format!("/tables/{}/sampleData", table.id),
            &[],
            None,
        )
        .await?
        .json()
    }

    /// Adds a table profile (and its column and system profiles).
    pub async fn ingest_profile_data(
        &self,
        table: &Table,
        profile: &CreateTableProfileRequest,
    ) -> Result<Table> {
        self.call(
            Method::PUT,
            &format!("/tables/{}/tableProfile", table.id),
            &[],
            body(profile)?,
        )
        .await?
        .json()
    }

    /// The table with its latest profile and each column's; `None` when there is no table.
    pub async fn get_latest_table_profile(&self, fqn: &str) -> Result<Option<Table>> {
        self.get_opt(
            &format!("/tables/{}/tableProfile/latest", path_segment(fqn)),
            &[],
        )
        .await
    }

    /// Table profiles of a table in a time window, newest first.
    pub async fn get_table_profiles(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::TableProfile>> {
        let window = [
            ("startTs", range.start.to_string()),
            ("endTs", range.end.to_string()),
        ];
        self.list_data(
            &format!("/tables/{}/tableProfile", path_segment(fqn)),
            &window,
        )
        .await
    }

    /// Sets the profiler configuration of a table.
    pub async fn create_or_update_table_profiler_config(
        &self,
        table: &Table,
        config: &TableProfilerConfig,
    ) -> Result<Table> {
        self.call(
            Method::PUT,
            &format!("/tables/{}/tableProfilerConfig", table.id),
            &[],
            body(config)?,
        )
        .await?
        .json()
    }

    /// Adds a run status to a pipeline; returns the pipeline with its latest status.
    pub async fn add_pipeline_status(
        &self,
        fqn: &str,
        status: &PipelineStatus,
    ) -> Result<Pipeline> {
        self.call(
            Method::PUT,
            &format!("/pipelines/{}/status", path_segment(fqn)),
            &[],
            body(status)?,
        )
        .await?
        .json()
    }

    /// Run statuses of a pipeline in a time window, newest first.
    pub async fn list_pipeline_statuses(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<PipelineStatus>> {
        let window = [
            ("startTs", range.start.to_string()),
            ("endTs", range.end.to_string()),
        ];
        self.list_data(&format!("/pipelines/{}/status", path_segment(fqn)), &window)
            .await
    }

    /// The test definition with this name, created from `create` when missing.
    pub async fn get_or_create_test_definition(
        &self,
        name: &str,
        create: impl FnOnce() -> CreateTestDefinitionRequest,
    ) -> Result<TestDefinition> {
        self.find_or_put(name, &format!("/{}", TestDefinition::COLLECTION), || {
            Ok(create())
        })
        .await
    }

    /// The test case with this FQN, created from `create` when missing.
    pub async fn get_or_create_test_case(
        &self,
        fqn: &str,
        create: impl FnOnce() -> CreateTestCaseRequest,
    ) -> Result<TestCase> {
        self.find_or_put(fqn, &format!("/{}", TestCase::COLLECTION), || Ok(create()))
            .await
    }

    /// The basic (executable) test suite of a table, created when it has none.
    pub async fn get_or_create_executable_test_suite(&self, table_fqn: &str) -> Result<TestSuite> {
        let name = format!("{table_fqn}.testSuite");
        self.find_or_put(&name, "/dataQuality/testSuites/executable", || {
            let mut r = CreateTestSuiteRequest::new(name.as_str());
            r.basic_entity_reference = Some(table_fqn.into());
            Ok(r)
        })
        .await
    }

    /// Adds a result to a test case.
    pub async fn add_test_case_result(
        &self,
        test_case_fqn: &str,
        result: &TestCaseResult,
    ) -> Result<Value> {
        self.call(
            Method::POST,
            &format!(
                "/dataQuality/testCases/testCaseResults/{}",
                path_segment(test_case_fqn)
            ),
            &[],
            body(result)?,
        )
        .await?
        .json()
    }

    /// Results of a test case in a time window, newest first.
    pub async fn get_test_case_results(
        &self,
        test_case_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<TestCaseResult>> {
        let window = [
            ("startTs", range.start.to_string()),
            ("endTs", range.end.to_string()),
        ];
        self.list_data(
            &format!(
                "/dataQuality/testCases/testCaseResults/{}",
                path_segment(test_case_fqn)
            ),
            &window,
        )
        .await
    }
}
