//! What test cases carry beside their definition and results: incident statuses (a time
//! series per test case; statuses of one incident share a `stateId` until it is resolved),
//! the failed rows sample, the inspection query, and membership in logical test suites.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use openmetadata_types::api::tests::create_logical_test_cases::CreateLogicalTestCases;
use openmetadata_types::api::tests::create_test_case_resolution_status::CreateTestCaseResolutionStatus;
use openmetadata_types::entity::data::table::TableData;
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::series::TEST_CASE_RESULT;
use crate::engine::{Caller, Engine, Key, now_ms, text_field as text};
use crate::http::extract::check;
use crate::http::extract::{blocking, flag, parse_body};
use crate::http::extract::{number, time_range};
use crate::http::state::{Params, Shared};
use crate::store::relations::Relation;
use crate::store::timeseries::{Range, Series, listing};
use crate::store::{Include, Stored};

/// Series of incident statuses.
const INCIDENT: &str = "testCase.testCaseResolutionStatus";

fn unresolved(status: &Value) -> bool {
    text(status, "testCaseResolutionStatusType") != "Resolved"
}

impl Engine {
    fn test_case(&self, key: Key, include: Include) -> Result<Stored, ApiError> {
        self.find(&kinds::required("testCase")?, &key, include)
    }

    /// `POST /dataQuality/testCases/testCaseIncidentStatus`.
    fn add_incident_status(&self, body: &Value, caller: &Caller) -> Result<Value, ApiError> {
        let request = check::<CreateTestCaseResolutionStatus>("incident status", body)?;
        let case = self.test_case(
            Key::Fqn(text(&request, "testCaseReference").to_string()),
            Include::NonDeleted,
        )?;
        let last = self.store.latest_record(&case.fqn, INCIDENT)?;
        let open = last.as_ref().filter(|l| unresolved(l));
        let status_type = text(&request, "testCaseResolutionStatusType");
        let mut details = request
            .get("testCaseResolutionStatusDetails")
            .cloned()
            .unwrap_or(Value::Null);
        match status_type {
            "Assigned" => {
                let assignee = details
                    .get("assignee")
                    .cloned()
                    .ok_or_else(|| ApiError::bad_request("An Assigned status needs an assignee"))?;
                let who = self.resolve(&assignee, &["user", "team"])?;
                details["assignee"] = self.reference(&who);
            }
            "Resolved" => {
                if last.is_none() {
                    return Err(ApiError::bad_request(format!(
                        "Cannot find the last incident status for test case {}",
                        case.fqn
                    )));
                }
                if let Some(by) = details.get("resolvedBy").cloned() {
                    let who = self.resolve(&by, &["user"])?;
                    details["resolvedBy"] = self.reference(&who);
                }
            }
            _ => {}
        }
        let last_ts = last
            .as_ref()
            .and_then(|l| l["timestamp"].as_i64())
            .unwrap_or(i64::MIN);
        let ts = now_ms().max(last_ts.saturating_add(1));
        let updated_by = match self.store.get_by_fqn("user", &caller.name)? {
            Some(u) => self.reference(&u),
            None => json!({"type": "user", "name": caller.name}),
        };
        let severity = request
            .get("severity")
            .or_else(|| open.and_then(|o| o.get("severity")))
            .cloned();
        let mut status = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "stateId": open.map_or_else(|| json!(uuid::Uuid::new_v4().to_string()), |o| o["stateId"].clone()),
            "timestamp": ts,
            "testCaseResolutionStatusType": status_type,
            "updatedBy": updated_by,
            "updatedAt": ts,
            "testCaseReference": self.reference(&case),
        });
        if !details.is_null() {
            status["testCaseResolutionStatusDetails"] = details;
        }
        if let Some(s) = severity.filter(|s| !s.is_null()) {
            status["severity"] = s;
        }
        if status_type == "New" && open.is_some() {
            return Ok(status);
        }
        let series = Series {
            entity_id: &case.id,
            fqn: &case.fqn,
            extension: INCIDENT,
        };
        self.store
            .put_record(&series, ts, text(&status, "id"), &status)?;
        Ok(status)
    }

    /// `GET /dataQuality/testCases/testCaseIncidentStatus?startTs&endTs[&testCaseFQN]
    /// [&testCaseResolutionStatusType][&latest]`.
    fn incident_statuses(&self, q: &BTreeMap<String, String>) -> Result<Value, ApiError> {
        let range = time_range(q)?;
        let limit = number(q, "limit", 10_000)?;
        let mut statuses: Vec<Value> = match q.get("testCaseFQN") {
            Some(fqn) => {
                let case = self.test_case(Key::Fqn(fqn.clone()), Include::All)?;
                self.store.records(&case.fqn, INCIDENT, range, i64::MAX)?
            }
            None => self
                .store
                .records_of(INCIDENT, range, i64::MAX)?
                .into_iter()
                .map(|(_, v)| v)
                .collect(),
        };
        if let Some(t) = q.get("testCaseResolutionStatusType") {
            statuses.retain(|s| text(s, "testCaseResolutionStatusType") == t);
        }
        if flag(q, "latest")? {
            let mut seen = std::collections::HashSet::new();
            statuses.retain(|s| seen.insert(text(s, "stateId").to_string()));
        }
        statuses.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(listing(statuses))
    }

    /// Statuses of every test case that match `keep`, newest first.
    fn incident_statuses_where(
        &self,
        keep: impl Fn(&Value) -> bool,
    ) -> Result<Vec<Value>, ApiError> {
        Ok(self
            .store
            .records_of(INCIDENT, Range::ALL, i64::MAX)?
            .into_iter()
            .map(|(_, v)| v)
            .filter(|v| keep(v))
            .collect())
    }

    /// `PUT /dataQuality/testCases/{id}/failedRowsSample[?validate=false]`.
    fn put_failed_rows(&self, id: &str, body: &Value, validate: bool) -> Result<Value, ApiError> {
        let case = self.test_case(Key::Id(id.to_string()), Include::NonDeleted)?;
        let sample = check::<TableData>("failed rows sample", body)?;
        if validate {
            let last = self.store.latest_record(&case.fqn, TEST_CASE_RESULT)?;
            if last.as_ref().map(|r| text(r, "testCaseStatus")) != Some("Failed") {
                return Err(ApiError::bad_request(
                    "Failed rows can only be added to a failed test case.",
                ));
            }
            self.check_sample_columns(&case, &sample)?;
        }
        let case = self.set_attachment(case, "failedRowsSample", Some(sample))?;
        self.with_field(&kinds::required("testCase")?, &case, "failedRowsSample")
    }

    /// The columns of a failed rows sample must be columns of the tested table.
    fn check_sample_columns(&self, case: &Stored, sample: &Value) -> Result<(), ApiError> {
        let suite = match case.json.pointer("/testSuite/id").and_then(Value::as_str) {
            Some(id) => self.store.get(id)?,
            None => None,
        };
        let Some(table_id) = suite.as_ref().and_then(|s| {
            s.json
                .pointer("/basicEntityReference/id")
                .and_then(Value::as_str)
        }) else {
            return Ok(());
        };
        let Some(table) = self.store.get(table_id)? else {
            return Ok(());
        };
        let known: Vec<&str> = table
            .json
            .get("columns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| text(c, "name"))
            .collect();
        for c in sample
            .get("columns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !known.contains(&c) {
                return Err(ApiError::bad_request(format!("Invalid column name {c}")));
            }
        }
        Ok(())
    }

    /// `GET /dataQuality/testCases/{id}/failedRowsSample`: the sample itself.
    fn failed_rows(&self, id: &str) -> Result<Value, ApiError> {
        let case = self.test_case(Key::Id(id.to_string()), Include::All)?;
        case.json.get("failedRowsSample").cloned().ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("Failed rows sample for test case {} not found", case.fqn),
            )
        })
    }

    /// `PUT /dataQuality/testCases/{id}/inspectionQuery`: the body is the SQL text itself.
    fn put_inspection_query(&self, id: &str, sql: String) -> Result<Value, ApiError> {
        let case = self.test_case(Key::Id(id.to_string()), Include::NonDeleted)?;
        let case = self.set_attachment(case, "inspectionQuery", Some(json!(sql)))?;
        self.present(
            &kinds::required("testCase")?,
            &case,
            &crate::engine::Fields::parse(None),
        )
    }

    /// `PUT /dataQuality/testCases/logicalTestCases`: lists test cases in a logical suite.
    fn add_logical_test_cases(&self, body: &Value) -> Result<Value, ApiError> {
        let request = check::<CreateLogicalTestCases>("logical test cases", body)?;
        let suite_sk = kinds::required("testSuite")?;
        let suite = self.find(
            &suite_sk,
            &Key::Id(text(&request, "testSuiteId").to_string()),
            Include::NonDeleted,
        )?;
        if suite.json.get("basic").and_then(Value::as_bool) == Some(true) {
            return Err(ApiError::bad_request(
                "You are trying to add test cases to a basic test suite.",
            ));
        }
        let mut listed = self.reference(&suite);
        if let Some(o) = listed.as_object_mut() {
            o.remove("type");
        }
        let ids = request["testCaseIds"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut cases = Vec::new();
        for id in ids.iter().filter_map(Value::as_str) {
            cases.push(self.test_case(Key::Id(id.to_string()), Include::NonDeleted)?);
        }
        for mut case in cases {
            let suites = case
                .json
                .as_object_mut()
                .map(|o| o.entry("testSuites").or_insert_with(|| json!([])));
            if let Some(Value::Array(suites)) = suites
                && !suites.iter().any(|s| s["id"] == listed["id"])
            {
                suites.push(listed.clone());
                self.store_quietly(&case)?;
            }
        }
        self.present(
            &suite_sk,
            &suite,
            &crate::engine::Fields::parse(Some("tests")),
        )
    }

    /// The `tests` field of a test suite: references to the test cases it lists.
    pub(crate) fn suite_tests(&self, suite: &Stored) -> Result<Value, ApiError> {
        let (cases, _) = self
            .store
            .related(&suite.id, Relation::InSuite, i64::MAX, 0)?;
        Ok(Value::Array(
            cases.iter().map(|c| self.reference(c)).collect(),
        ))
    }
}

type Body = Result<Bytes, BytesRejection>;

/// The test-case routes of this module.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/dataQuality/testCases/testCaseIncidentStatus",
        get(|State(s): State<Shared>, Query(q): Params| async move {
            blocking(move || s.engine.incident_statuses(&q))
                .await
                .map(axum::Json)
        })
        .post(
            |State(s): State<Shared>,
             axum::Extension(caller): axum::Extension<Caller>,
             body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_incident_status(&body, &caller))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/dataQuality/testCases/testCaseIncidentStatus/stateId/{state}",
        get(
            |State(s): State<Shared>, Path(state): Path<String>| async move {
                blocking(move || {
                    s.engine
                        .incident_statuses_where(|v| text(v, "stateId") == state)
                        .map(listing)
                })
                .await
                .map(axum::Json)
            },
        ),
    )
    .route(
        "/dataQuality/testCases/testCaseIncidentStatus/{id}",
        get(|State(s): State<Shared>, Path(id): Path<String>| async move {
            blocking(move || {
                s.engine
                    .store
                    .record_with_key(INCIDENT, &id)?
                    .ok_or_else(|| ApiError::not_found("testCaseResolutionStatus", &id))
            })
            .await
            .map(axum::Json)
        }),
    )
    .route(
        "/dataQuality/testCases/{id}/failedRowsSample",
        put(
            |State(s): State<Shared>,
             Path(id): Path<String>,
             Query(q): Params,
             body: Body| async move {
                let body = parse_body(body)?;
                let validate = !q.contains_key("validate") || flag(&q, "validate")?;
                blocking(move || s.engine.put_failed_rows(&id, &body, validate))
                    .await
                    .map(axum::Json)
            },
        )
        .get(|State(s): State<Shared>, Path(id): Path<String>| async move {
            blocking(move || s.engine.failed_rows(&id))
                .await
                .map(axum::Json)
        })
        .delete(|State(s): State<Shared>, Path(id): Path<String>| async move {
            blocking(move || {
                let case = s
                    .engine
                    .test_case(Key::Id(id.clone()), Include::NonDeleted)?;
                s.engine.set_attachment(case, "failedRowsSample", None)?;
                Ok(json!({}))
            })
            .await
            .map(axum::Json)
        }),
    )
    .route(
        "/dataQuality/testCases/{id}/inspectionQuery",
        put(
            |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                let bytes = body.map_err(|e| ApiError::bad_request(format!("Invalid request: {e}")))?;
                let raw = String::from_utf8(bytes.to_vec())
                    .map_err(|_| ApiError::bad_request("the inspection query must be UTF-8 text"))?;
                // The Python SDK sends the bare SQL with a JSON content type; a JSON string is
                // accepted too.
                let sql = match serde_json::from_str::<Value>(&raw) {
                    Ok(Value::String(s)) => s,
                    _ => raw,
                };
                blocking(move || s.engine.put_inspection_query(&id, sql.clone()))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/dataQuality/testCases/logicalTestCases",
        put(|State(s): State<Shared>, body: Body| async move {
            let body = parse_body(body)?;
            blocking(move || s.engine.add_logical_test_cases(&body))
                .await
                .map(axum::Json)
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_null_details_are_absent_details() {
        // The Python SDK sends unset fields as `null`.
        let v = json!({"testCaseResolutionStatusType": "New", "testCaseReference": "a.b",
                       "testCaseResolutionStatusDetails": null, "severity": null});
        let checked = check::<CreateTestCaseResolutionStatus>("incident status", &v).unwrap();
        assert!(checked.get("testCaseResolutionStatusDetails").is_none());
        for details in [
            json!({"assignee": {"id": "00000000-0000-0000-0000-000000000001", "type": "user"}}),
            json!({"testCaseFailureReason": "FalsePositive", "testCaseFailureComment": "Known."}),
        ] {
            let v = json!({"testCaseResolutionStatusType": "Ack", "testCaseReference": "a.b",
                           "testCaseResolutionStatusDetails": details});
            check::<CreateTestCaseResolutionStatus>("incident status", &v).unwrap();
        }
    }
}
