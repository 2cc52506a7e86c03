//! Data quality beyond definitions, cases and results (tests_mixin): test suites (logical and
//! executable), incident statuses, failed rows samples and inspection queries.

use openmetadata_types::Entity;
use openmetadata_types::api::tests::create_logical_test_cases::CreateLogicalTestCases;
use openmetadata_types::api::tests::create_test_case_resolution_status::CreateTestCaseResolutionStatus;
use openmetadata_types::api::tests::create_test_suite::CreateTestSuiteRequest;
use openmetadata_types::entity::data::table::{Table, TableData};
use openmetadata_types::tests::test_case::TestCase;
use openmetadata_types::tests::test_case_resolution_status::TestCaseResolutionStatus;
use openmetadata_types::tests::test_suite::TestSuite;
use reqwest::Method;

use crate::assets::body;
use crate::client::OpenMetadata;
use crate::error::Result;
use crate::fqn::path_segment;
use crate::params::{DeleteParams, GetParams, Validate};
use crate::transport::Body;

impl OpenMetadata {
    /// The (logical) test suite with this name, created with `description` when missing.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let suite = om.get_or_create_test_suite("critical", "Checks that page someone.").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_or_create_test_suite(
        &self,
        name: &str,
        description: &str,
    ) -> Result<TestSuite> {
        self.find_or_put(name, &format!("/{}", TestSuite::COLLECTION), || {
            let mut r = CreateTestSuiteRequest::new(name);
            r.description = Some(description.into());
            Ok(r)
        })
        .await
    }

    /// The executable (basic) test suite of a table, with its `tests`; `None` when the table
    /// has none. A missing table is an [`crate::Error::NotFound`].
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// if let Some(suite) = om.get_executable_test_suite("svc.db.s.orders").await? {
    ///     println!("{} tests", suite.tests.map_or(0, |t| t.len()));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_executable_test_suite(&self, table_fqn: &str) -> Result<Option<TestSuite>> {
        // Read by path so that a missing table is the server's 404, not `None`.
        let table: Table = self
            .call(
                Method::GET,
                &format!("/{}/name/{}", Table::COLLECTION, path_segment(table_fqn)),
                &GetParams::default().fields(["testSuite"]).query(),
                None,
            )
            .await?
            .json()?;
        let Some(suite) = table.test_suite.and_then(|s| s.fully_qualified_name) else {
            return Ok(None);
        };
        self.get_by_name(&suite, &GetParams::default().fields(["tests"]))
            .await
    }

    /// Creates or updates an executable (basic) test suite bound to the table its request names.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::tests::create_test_suite::CreateTestSuiteRequest;
    /// let mut request = CreateTestSuiteRequest::new("svc.db.s.orders.testSuite");
    /// request.basic_entity_reference = Some("svc.db.s.orders".into());
    /// let suite = om.create_or_update_executable_test_suite(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update_executable_test_suite(
        &self,
        request: &CreateTestSuiteRequest,
    ) -> Result<TestSuite> {
        self.put_json("/dataQuality/testSuites/executable", request)
            .await
    }

    /// Deletes an executable test suite (its test cases go with it when `recursive`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, suite_id: &str) -> openmetadata::Result<()> {
    /// om.delete_executable_test_suite(suite_id, openmetadata::DeleteParams::default().recursive(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_executable_test_suite(
        &self,
        suite_id: impl std::fmt::Display,
        params: DeleteParams,
    ) -> Result<()> {
        self.delete_at(
            &format!("/dataQuality/testSuites/executable/{suite_id}"),
            params,
        )
        .await
    }

    /// Lists test cases in a logical test suite; answers the suite with its `tests`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, suite: openmetadata::types::type_::basic::Uuid, case: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::tests::create_logical_test_cases::CreateLogicalTestCases;
    /// om.add_logical_test_cases(&CreateLogicalTestCases::new(suite, vec![case])).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_logical_test_cases(
        &self,
        request: &CreateLogicalTestCases,
    ) -> Result<TestSuite> {
        self.put_json("/dataQuality/testCases/logicalTestCases", request)
            .await
    }

    /// Records a status of a test case's incident (New, Ack, Assigned, Resolved); statuses
    /// of one incident share its `stateId`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::tests::create_test_case_resolution_status::CreateTestCaseResolutionStatus;
    /// use openmetadata::types::tests::test_case_resolution_status::TestCaseResolutionStatusTypes;
    /// let new = CreateTestCaseResolutionStatus::new(TestCaseResolutionStatusTypes::New, "svc.db.s.orders.enough_rows");
    /// let status = om.create_test_case_resolution(&new).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_test_case_resolution(
        &self,
        request: &CreateTestCaseResolutionStatus,
    ) -> Result<TestCaseResolutionStatus> {
        self.call(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            &[],
            body(request)?,
        )
        .await?
        .json()
    }

    /// Every status of one incident, newest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, state_id: &str) -> openmetadata::Result<()> {
    /// let history = om.get_incident_statuses(state_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_incident_statuses(
        &self,
        state_id: impl std::fmt::Display,
    ) -> Result<Vec<TestCaseResolutionStatus>> {
        self.list_data(
            &format!("/dataQuality/testCases/testCaseIncidentStatus/stateId/{state_id}"),
            &[],
        )
        .await
    }

    /// Stores the rows a test case failed on; with `validate`, the server checks that the
    /// case's last result failed and that the columns are the table's. Answers the sample.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, case_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::TableData;
    /// let rows: TableData = serde_json::from_value(serde_json::json!({"columns": ["id"], "rows": [[7]]})).unwrap();
    /// om.ingest_failed_rows_sample(case_id, &rows, true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn ingest_failed_rows_sample(
        &self,
        test_case_id: impl std::fmt::Display,
        rows: &TableData,
        validate: impl Into<Validate>,
    ) -> Result<Option<TableData>> {
        let query = if validate.into().is_yes() {
            vec![]
        } else {
            vec![("validate", "false".to_string())]
        };
        let case: TestCase = self
            .call(
                Method::PUT,
                &format!("/dataQuality/testCases/{test_case_id}/failedRowsSample"),
                &query,
                body(rows)?,
            )
            .await?
            .json()?;
        Ok(case.failed_rows_sample)
    }

    /// The failed rows sample of a test case, if it has one.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, case_id: &str) -> openmetadata::Result<()> {
    /// let rows = om.get_failed_rows_sample(case_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_failed_rows_sample(
        &self,
        test_case_id: impl std::fmt::Display,
    ) -> Result<Option<TableData>> {
        self.get_opt(
            &format!("/dataQuality/testCases/{test_case_id}/failedRowsSample"),
            &[],
        )
        .await
    }

    /// Stores the SQL that shows a test case's failing rows; sent as the bare text, as the
    /// real server reads it.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, case_id: &str) -> openmetadata::Result<()> {
    /// let case = om.ingest_inspection_query(case_id, "SELECT * FROM orders WHERE id IS NULL").await?;
    /// # Ok(()) }
    /// ```
    pub async fn ingest_inspection_query(
        &self,
        test_case_id: impl std::fmt::Display,
        sql: &str,
    ) -> Result<TestCase> {
        self.call(
            Method::PUT,
            &format!("/dataQuality/testCases/{test_case_id}/inspectionQuery"),
            &[],
            Some(Body::RawJson(sql.to_string())),
        )
        .await?
        .json()
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/data_quality.rs"]
mod blocking_twins;
