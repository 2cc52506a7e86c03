//! The time series the engine reads entity fields from (a pipeline's `pipelineStatus`, a test
//! case's `testCaseResult`, ...); the endpoint families that write them use the same names.

/// Series of test case results.
pub const TEST_CASE_RESULT: &str = "testCase.testCaseResult";

/// Series of KPI results.
pub const KPI_RESULT: &str = "kpi.kpiResult";

/// Series of pipeline run statuses.
pub const PIPELINE_STATUS: &str = "pipeline.pipelineStatus";

/// Series of table profiles.
pub const TABLE_PROFILE: &str = "table.tableProfile";

/// The series of daily usage records.
pub const USAGE: &str = "entity.usage";

/// The series holding a bot's authentication mechanism (its current token); the newest
/// record is the one in force.
pub const AUTH_MECHANISM: &str = "user.authenticationMechanism";

/// The series of a user's personal access tokens, one record per token id.
pub const PERSONAL_ACCESS_TOKEN: &str = "user.personalAccessToken";
