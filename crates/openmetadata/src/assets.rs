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
///
/// ```
/// let last_day = openmetadata::TimeRange { start: 1_700_000_000_000 - 86_400_000, end: 1_700_000_000_000 };
/// assert!(last_day.start < last_day.end);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
}

impl TimeRange {
    /// The `startTs` / `endTs` query parameters.
    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("startTs", self.start.to_string()),
            ("endTs", self.end.to_string()),
        ]
    }
}

/// A JSON request body.
pub(crate) fn body<T: serde::Serialize + ?Sized>(v: &T) -> Result<Option<Body>> {
    serde_json::to_value(v)
        .map(|v| Some(Body::Json(v)))
        .map_err(|e| Error::Config(e.to_string()))
}

#[derive(serde::Deserialize)]
struct Data<T> {
    data: Vec<T>,
}

impl OpenMetadata {
    pub(crate) async fn list_data<T: DeserializeOwned>(
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::entity::data::table::TableData;
    /// let table: Table = om.get_by_name("svc.db.s.orders", &Default::default()).await?.unwrap();
    /// let data: TableData = serde_json::from_value(serde_json::json!({"columns": ["id"], "rows": [[1], [2]]})).unwrap();
    /// om.ingest_table_sample_data(&table, &data).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::topic::Topic;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let topic: Topic = om.ingest_sample_data::<Topic>(id, &serde_json::json!({"messages": ["{\"id\": 1}"]})).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let table: Table = om.get_by_name("svc.db.s.orders", &Default::default()).await?.unwrap();
    /// let rows = om.get_sample_data(&table).await?.sample_data;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::api::data::create_table_profile::CreateTableProfileRequest;
    /// let table: Table = om.get_by_name("svc.db.s.orders", &Default::default()).await?.unwrap();
    /// let profile: CreateTableProfileRequest = serde_json::from_value(serde_json::json!({
    ///     "tableProfile": {"timestamp": 1_700_000_000_000_i64, "rowCount": 1200.0, "columnCount": 4.0}
    /// })).unwrap();
    /// om.ingest_profile_data(&table, &profile).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let with_profile = om.get_latest_table_profile("svc.db.s.orders").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_latest_table_profile(&self, fqn: &str) -> Result<Option<Table>> {
        self.get_opt(
            &format!("/tables/{}/tableProfile/latest", path_segment(fqn)),
            &[],
        )
        .await
    }

    /// Table profiles of a table in a time window, newest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let profiles = om.get_table_profiles("svc.db.s.orders", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_table_profiles(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::TableProfile>> {
        self.profiles(fqn, "tableProfile", range).await
    }

    /// Profiles of one column (`service.database.schema.table.column`) in a time window,
    /// newest first; an FQN of fewer than five parts is an [`Error::Config`], as Python's
    /// `ValueError`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let profiles = om.get_column_profiles("svc.db.s.orders.id", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_column_profiles(
        &self,
        column_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::ColumnProfile>> {
        if crate::fqn::split(column_fqn).len() < 5 {
            return Err(Error::Config(format!(
                "{column_fqn} is not a column FQN (service.database.schema.table.column)"
            )));
        }
        self.profiles(column_fqn, "columnProfile", range).await
    }

    /// System profiles (inserts, updates, deletes) of a table in a time window, newest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let operations = om.get_system_profiles("svc.db.s.orders", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_system_profiles(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<openmetadata_types::entity::data::table::SystemProfile>> {
        self.profiles(fqn, "systemProfile", range).await
    }

    async fn profiles<T: DeserializeOwned>(
        &self,
        fqn: &str,
        series: &str,
        range: TimeRange,
    ) -> Result<Vec<T>> {
        self.list_data(
            &format!("/tables/{}/{series}", path_segment(fqn)),
            &range.query(),
        )
        .await
    }

    /// Sets the profiler configuration of a table.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::entity::data::table::TableProfilerConfig;
    /// let table: Table = om.get_by_name("svc.db.s.orders", &Default::default()).await?.unwrap();
    /// let config: TableProfilerConfig = serde_json::from_value(serde_json::json!({"profileSampleType": "PERCENTAGE", "profileSample": 50.0})).unwrap();
    /// om.create_or_update_table_profiler_config(&table, &config).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::pipeline::PipelineStatus;
    /// let status: PipelineStatus = serde_json::from_value(serde_json::json!({
    ///     "executionStatus": "Successful", "timestamp": 1_700_000_000_000_i64
    /// })).unwrap();
    /// om.add_pipeline_status("airflow.daily_orders", &status).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let runs = om.list_pipeline_statuses("airflow.daily_orders", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn list_pipeline_statuses(
        &self,
        fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<PipelineStatus>> {
        let window = range.query();
        self.list_data(&format!("/pipelines/{}/status", path_segment(fqn)), &window)
            .await
    }

    /// The test definition with this name, created from `create` when missing.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::tests::create_test_definition::CreateTestDefinitionRequest;
    /// use openmetadata::types::tests::test_definition::{EntityType, TestPlatform};
    /// let definition = om.get_or_create_test_definition("rowsAbove", || {
    ///     CreateTestDefinitionRequest::new("rowsAbove", EntityType::TABLE, vec![TestPlatform::OpenMetadata])
    /// }).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::tests::create_test_case::CreateTestCaseRequest;
    /// let case = om.get_or_create_test_case("svc.db.s.orders.enough_rows", || {
    ///     CreateTestCaseRequest::new("enough_rows", "tableRowCountToBeBetween", "<#E::table::svc.db.s.orders>")
    /// }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_or_create_test_case(
        &self,
        fqn: &str,
        create: impl FnOnce() -> CreateTestCaseRequest,
    ) -> Result<TestCase> {
        self.find_or_put(fqn, &format!("/{}", TestCase::COLLECTION), || Ok(create()))
            .await
    }

    /// The basic (executable) test suite of a table, created when it has none.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let suite = om.get_or_create_executable_test_suite("svc.db.s.orders").await?;
    /// assert_eq!(suite.basic, Some(true));
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::tests::basic::{TestCaseResult, TestCaseStatus};
    /// let result = TestCaseResult { test_case_status: Some(TestCaseStatus::Success), ..TestCaseResult::new(1_700_000_000_000_i64) };
    /// om.add_test_case_result("svc.db.s.orders.enough_rows", &result).await?;
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let results = om.get_test_case_results("svc.db.s.orders.enough_rows", openmetadata::TimeRange { start: 0, end: i64::MAX }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_test_case_results(
        &self,
        test_case_fqn: &str,
        range: TimeRange,
    ) -> Result<Vec<TestCaseResult>> {
        let window = range.query();
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

#[cfg(feature = "blocking")]
#[path = "blocking_twins/assets.rs"]
mod blocking_twins;
