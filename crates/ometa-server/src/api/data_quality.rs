//! Data quality: test cases placed under the entity their `entityLink` names (with the
//! entity's basic test suite, created when missing), basic ("executable") test suites bound
//! to a table, and test case results kept as a time series.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, put};
use openmetadata_types::tests::basic::TestCaseResult;
use serde_json::{Map, Value, json};

use crate::engine::create::Placement;
use crate::engine::error::ApiError;
use crate::engine::field_rules::default_view;
use crate::engine::fqn;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::series::TEST_CASE_RESULT;
use crate::engine::{Caller, Engine, Key};
use crate::http::extract::time_range;
use crate::http::extract::{blocking, flag, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Series, listing};
use crate::store::{self, Include, Stored};

/// `<#E::table::svc.db.s.t>` or `<#E::table::svc.db.s.t::columns::id>` → (type, FQN, column).
fn parse_entity_link(link: &str) -> Result<(String, String, Option<String>), ApiError> {
    let bad = || ApiError::bad_request(format!("Invalid entityLink {link}"));
    let inner = link
        .strip_prefix("<#E::")
        .and_then(|l| l.strip_suffix('>'))
        .ok_or_else(bad)?;
    let parts: Vec<&str> = inner.split("::").collect();
    match parts.as_slice() {
        [t, f] => Ok((t.to_string(), f.to_string(), None)),
        [t, f, "columns", c] => Ok((t.to_string(), f.to_string(), Some(c.to_string()))),
        _ => Err(bad()),
    }
}

impl Engine {
    /// The placement of kinds with their own rule: test cases, test suites and data
    /// contracts.
    pub(crate) fn place(
        &self,
        sk: &ServerKind,
        doc: &mut Map<String, Value>,
        name: &str,
        caller: &Caller,
    ) -> Result<Option<Placement>, ApiError> {
        match sk.kind.type_name {
            "testCase" => self.place_test_case(doc, name, caller).map(Some),
            "testSuite" => self.place_test_suite(doc, name).map(Some),
            "dataContract" => self.place_data_contract(doc, name).map(Some),
            _ => Ok(None),
        }
    }

    fn place_test_case(
        &self,
        doc: &mut Map<String, Value>,
        name: &str,
        caller: &Caller,
    ) -> Result<Placement, ApiError> {
        let link = doc
            .get("entityLink")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let (entity_type, entity_fqn, column) = parse_entity_link(&link)?;
        let entity_kind = kinds::by_type(&entity_type).ok_or_else(|| {
            ApiError::bad_request(format!("Invalid entity type {entity_type} in {link}"))
        })?;
        let entity = self.find(
            &entity_kind,
            &Key::Fqn(entity_fqn.clone()),
            Include::NonDeleted,
        )?;
        let mut target_fqn = entity.fqn.clone();
        if let Some(c) = &column {
            let known = entity
                .json
                .get("columns")
                .and_then(Value::as_array)
                .is_some_and(|cols| {
                    cols.iter()
                        .any(|x| x.get("name").and_then(Value::as_str) == Some(c))
                });
            if !known {
                return Err(ApiError::bad_request(format!("Invalid column name {c}")));
            }
            target_fqn = fqn::child(Some(&entity.fqn), c)?;
        }
        let definition = doc.get("testDefinition").cloned().unwrap_or(Value::Null);
        let definition = self.resolve(&definition, &["testDefinition"])?;
        doc.insert("testDefinition".into(), self.reference(&definition));
        doc.insert("entityFQN".into(), json!(target_fqn));
        let suite = self.basic_suite(&entity, caller)?;
        let mut listed = suite.clone();
        if let Some(o) = listed.as_object_mut() {
            // `testSuites` holds test suites, not references.
            o.remove("type");
        }
        doc.insert("testSuite".into(), suite);
        doc.insert("testSuites".into(), json!([listed]));
        Ok(Placement {
            fqn: fqn::child(Some(&target_fqn), name)?,
            parent: Some(entity),
        })
    }

    /// The basic test suite of an entity, created when it has none.
    fn basic_suite(&self, entity: &Stored, caller: &Caller) -> Result<Value, ApiError> {
        let sk = kinds::required("testSuite")?;
        let name = format!("{}.testSuite", entity.fqn);
        if let Some(s) = self.store.get_by_fqn("testSuite", &name)? {
            return Ok(self.reference(&s));
        }
        self.upsert(
            &sk,
            &json!({"name": name, "basicEntityReference": entity.fqn}),
            caller,
            true,
            false,
        )?;
        let stored = self.find(&sk, &Key::Fqn(name), Include::All)?;
        Ok(self.reference(&stored))
    }

    fn place_test_suite(
        &self,
        doc: &mut Map<String, Value>,
        name: &str,
    ) -> Result<Placement, ApiError> {
        let bound = ["basicEntityReference", "executableEntityReference"]
            .iter()
            .find_map(|k| doc.get(*k).and_then(Value::as_str).map(String::from));
        let parent = match bound {
            Some(entity_fqn) => {
                let entity = self.resolve(&json!(entity_fqn), &["table"])?;
                doc.insert("basicEntityReference".into(), self.reference(&entity));
                doc.remove("executableEntityReference");
                doc.insert("basic".into(), json!(true));
                doc.insert("executable".into(), json!(true));
                Some(entity)
            }
            None => {
                doc.insert("basic".into(), json!(false));
                None
            }
        };
        Ok(Placement {
            parent,
            fqn: name.to_string(),
        })
    }

    /// Points a table at its basic test suite (`testSuite`), without a new table version.
    pub(crate) fn link_basic_suite(&self, suite: &Value) -> Result<(), ApiError> {
        let Some(table_id) = suite
            .pointer("/basicEntityReference/id")
            .and_then(Value::as_str)
        else {
            return Ok(());
        };
        let Some(mut table) = self.store.get(table_id)? else {
            return Ok(());
        };
        let Some(stored_suite) = suite.get("id").and_then(Value::as_str).map(String::from) else {
            return Ok(());
        };
        let Some(suite) = self.store.get(&stored_suite)? else {
            return Ok(());
        };
        table.json["testSuite"] = self.reference(&suite);
        let prepared = store::Prepared::new(table.clone(), default_view(&table));
        self.write(move |c| Ok(store::rewrite(c, &prepared)?))
    }

    /// `POST /dataQuality/testCases/testCaseResults/{fqn}`.
    fn add_test_case_result(&self, fqn: &str, result: &Value) -> Result<Value, ApiError> {
        let case = self.find(
            &kinds::required("testCase")?,
            &Key::Fqn(fqn.to_string()),
            Include::NonDeleted,
        )?;
        let mut result = openmetadata_types::wire::normalize::<TestCaseResult>(result)
            .map_err(|e| ApiError::bad_request(format!("Invalid test case result: {e}")))?;
        result["testCaseFQN"] = json!(case.fqn);
        let ts = result.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
        let series = Series {
            entity_id: &case.id,
            fqn: &case.fqn,
            extension: TEST_CASE_RESULT,
        };
        self.store.put_record(&series, ts, "", &result)?;
        Ok(result)
    }
}

async fn put_suite(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<Value>, ApiError> {
    let body = parse_body(body)?;
    if ["basicEntityReference", "executableEntityReference"]
        .iter()
        .all(|k| body.get(*k).is_none_or(Value::is_null))
    {
        return Err(ApiError::bad_request(
            "basicEntityReference must not be null",
        ));
    }
    blocking(move || {
        s.engine
            .upsert(&kinds::required("testSuite")?, &body, &caller, true, false)
            .map(|(_, e)| e)
    })
    .await
    .map(axum::Json)
}

/// The data-quality routes beyond the generic collections.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/dataQuality/testSuites/executable",
        put(put_suite).post(put_suite),
    )
    .route(
        "/dataQuality/testSuites/basic",
        put(put_suite).post(put_suite),
    )
    .route(
        "/dataQuality/testSuites/executable/{id}",
        delete(
            |State(s): State<Shared>,
             axum::Extension(caller): axum::Extension<Caller>,
             Path(id): Path<String>,
             Query(q): Params| async move {
                let (recursive, hard) = (flag(&q, "recursive")?, flag(&q, "hardDelete")?);
                blocking(move || {
                    s.engine.delete(
                        &kinds::required("testSuite")?,
                        &Key::Id(id.clone()),
                        recursive,
                        hard,
                        &caller,
                    )
                })
                .await
                .map(axum::Json)
            },
        ),
    )
    .route(
        "/dataQuality/testCases/testCaseResults/{fqn}",
        get(
            |State(s): State<Shared>, Path(fqn): Path<String>, Query(q): Params| async move {
                let range = time_range(&q)?;
                blocking(move || {
                    let case = s.engine.find(
                        &kinds::required("testCase")?,
                        &Key::Fqn(fqn.clone()),
                        Include::All,
                    )?;
                    let data =
                        s.engine
                            .store
                            .records(&case.fqn, TEST_CASE_RESULT, range, i64::MAX)?;
                    Ok(listing(data))
                })
                .await
                .map(axum::Json)
            },
        )
        .post(
            |State(s): State<Shared>,
             Path(fqn): Path<String>,
             body: Result<Bytes, BytesRejection>| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_test_case_result(&fqn, &body))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_links_name_an_entity_and_maybe_a_column() {
        assert_eq!(
            parse_entity_link("<#E::table::svc.db.s.t>").unwrap(),
            ("table".into(), "svc.db.s.t".into(), None)
        );
        assert_eq!(
            parse_entity_link("<#E::table::svc.db.s.t::columns::id>")
                .unwrap()
                .2,
            Some("id".into())
        );
        assert!(parse_entity_link("table::x").is_err());
        assert!(parse_entity_link("<#E::table::x::rows::1>").is_err());
    }
}
