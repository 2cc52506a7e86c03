//! Sample data, profiles, profiler configuration and data quality over HTTP.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn sample_data_profiles_and_profiler_config() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let data =
        json!({"columns": ["id", "status"], "rows": [[1, "new"], [2, "[base64]AP8="], [3, null]]});
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/sampleData"),
            Some(data.clone()),
        )
        .await;
    assert_eq!(r["sampleData"], data);
    let r = api
        .ok(Method::GET, &format!("/tables/{id}/sampleData"), None)
        .await;
    assert_eq!(r["sampleData"], data);
    assert_eq!(r["version"], 0.1, "sample data is not a new version");
    let second = json!({"columns": ["id"], "rows": [[9]]});
    api.ok(
        Method::PUT,
        &format!("/tables/{id}/sampleData"),
        Some(second.clone()),
    )
    .await;
    assert_eq!(
        api.ok(Method::GET, &format!("/tables/{id}/sampleData"), None)
            .await["sampleData"],
        second
    );
    let plain = api.ok(Method::GET, &format!("/tables/{id}"), None).await;
    assert!(plain.get("sampleData").is_none());
    api.ok(Method::DELETE, &format!("/tables/{id}/sampleData"), None)
        .await;
    assert!(
        api.ok(Method::GET, &format!("/tables/{id}/sampleData"), None)
            .await
            .get("sampleData")
            .is_none()
    );
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/sampleData"),
            Some(json!({"rows": "nope"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let fqn = enc(&format!("{schema}.orders"));
    for ts in [1_000, 2_000] {
        let r = api
            .ok(
                Method::PUT,
                &format!("/tables/{id}/tableProfile"),
                Some(json!({
                    "tableProfile": {"timestamp": ts, "columnCount": 2.0, "rowCount": ts as f64},
                    "columnProfile": [{"name": "id", "timestamp": ts, "nullCount": 0.0}],
                    "systemProfile": [{"timestamp": ts, "operation": "INSERT", "rowsAffected": 5}]
                })),
            )
            .await;
        assert_eq!(
            r["profile"],
            json!({"timestamp": ts, "columnCount": 2.0, "rowCount": ts as f64})
        );
    }
    let latest = api
        .ok(
            Method::GET,
            &format!("/tables/{fqn}/tableProfile/latest"),
            None,
        )
        .await;
    assert_eq!(latest["profile"]["timestamp"], 2_000);
    assert_eq!(
        latest["columns"][0]["profile"],
        json!({"name": "id", "timestamp": 2_000, "nullCount": 0.0})
    );
    let list = api
        .ok(
            Method::GET,
            &format!("/tables/{fqn}/tableProfile?startTs=0&endTs=1500"),
            None,
        )
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let column = enc(&format!("{schema}.orders.id"));
    let list = api
        .ok(
            Method::GET,
            &format!("/tables/{column}/columnProfile?startTs=0&endTs=5000"),
            None,
        )
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    let list = api
        .ok(Method::GET, &format!("/tables/{fqn}/systemProfile"), None)
        .await;
    assert_eq!(list["data"][0]["operation"], "INSERT");
    let with = api
        .ok(Method::GET, &format!("/tables/{id}?fields=profile"), None)
        .await;
    assert_eq!(with["profile"]["rowCount"], 2000.0);

    let created = api
        .ok(
            Method::GET,
            &format!("/tables/{id}?fields=tableProfilerConfig"),
            None,
        )
        .await;
    assert!(created.get("tableProfilerConfig").is_none());
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/tableProfilerConfig"),
            Some(json!({"sampleDataCount": 50})),
        )
        .await;
    assert_eq!(r["tableProfilerConfig"]["sampleDataCount"], 50);
    let read = api
        .ok(
            Method::GET,
            &format!("/tables/{id}?fields=tableProfilerConfig"),
            None,
        )
        .await;
    assert_eq!(read["tableProfilerConfig"]["sampleDataCount"], 50);
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/tableProfilerConfig"),
            Some(json!({"sampleDataCount": "many"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.server.shutdown().await;
}

#[tokio::test]
async fn test_cases_suites_and_results() {
    let api = Api::start().await;
    let schema = api.schema().await;
    api.table(&schema, "orders").await;
    let table_fqn = format!("{schema}.orders");
    let case = api
        .ok(
            Method::PUT,
            "/dataQuality/testCases",
            Some(json!({
                "name": "testCase:With/Special&Characters",
                "entityLink": format!("<#E::table::{table_fqn}>"),
                "testDefinition": "tableRowCountToBeBetween",
                "parameterValues": [{"name": "minValue", "value": "1"}]
            })),
        )
        .await;
    assert_eq!(
        case["fullyQualifiedName"],
        format!("{table_fqn}.testCase:With/Special&Characters")
    );
    assert_eq!(
        case["testSuite"]["fullyQualifiedName"],
        format!("{table_fqn}.testSuite")
    );
    assert_eq!(case["testDefinition"]["name"], "tableRowCountToBeBetween");
    let suite = api
        .ok(
            Method::GET,
            &format!(
                "/dataQuality/testSuites/name/{}",
                enc(&format!("{table_fqn}.testSuite"))
            ),
            None,
        )
        .await;
    assert_eq!(suite["basic"], true);
    let table = api
        .ok(
            Method::GET,
            &format!("/tables/name/{}?fields=testSuite", enc(&table_fqn)),
            None,
        )
        .await;
    assert_eq!(table["testSuite"]["id"], suite["id"]);

    let column_case = api.ok(Method::PUT, "/dataQuality/testCases", Some(json!({
        "name": "id_regex", "entityLink": format!("<#E::table::{table_fqn}::columns::id>"),
        "testDefinition": "columnValuesToMatchRegex", "parameterValues": [{"name": "regex", "value": "^[0-9]+$"}]
    }))).await;
    assert_eq!(
        column_case["fullyQualifiedName"],
        format!("{table_fqn}.id.id_regex")
    );
    let (status, _) = api.call(Method::PUT, "/dataQuality/testCases", Some(json!({
        "name": "x", "entityLink": format!("<#E::table::{table_fqn}::columns::nope>"), "testDefinition": "columnValuesToMatchRegex"
    }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api.call(Method::PUT, "/dataQuality/testCases", Some(json!({
        "name": "x", "entityLink": "<#E::table::no.such.table>", "testDefinition": "columnValuesToMatchRegex"
    }))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let case_fqn = enc(case["fullyQualifiedName"].as_str().unwrap());
    let result = api.ok(Method::POST, &format!("/dataQuality/testCases/testCaseResults/{case_fqn}"), Some(json!({
        "timestamp": 1_000, "testCaseStatus": "Success", "result": "3 rows", "testResultValue": [{"name": "rows", "value": "3"}]
    }))).await;
    assert_eq!(result["testCaseStatus"], "Success");
    let list = api
        .ok(
            Method::GET,
            &format!("/dataQuality/testCases/testCaseResults/{case_fqn}?startTs=0&endTs=2000"),
            None,
        )
        .await;
    assert_eq!(list["data"][0]["result"], "3 rows");
    let read = api
        .ok(
            Method::GET,
            &format!("/dataQuality/testCases/name/{case_fqn}?fields=testCaseResult"),
            None,
        )
        .await;
    assert_eq!(read["testCaseResult"]["testCaseStatus"], "Success");
    let (status, _) = api
        .call(
            Method::POST,
            &format!("/dataQuality/testCases/testCaseResults/{case_fqn}"),
            Some(json!({"timestamp": 1, "testCaseStatus": "Maybe"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let exec = api
        .ok(
            Method::PUT,
            "/dataQuality/testSuites/executable",
            Some(json!({
                "name": format!("{table_fqn}.TestSuite"), "basicEntityReference": table_fqn
            })),
        )
        .await;
    assert_eq!(exec["fullyQualifiedName"], format!("{table_fqn}.TestSuite"));
    let (status, _) = api
        .call(
            Method::PUT,
            "/dataQuality/testSuites/executable",
            Some(json!({"name": "loose"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.ok(
        Method::DELETE,
        &format!(
            "/dataQuality/testSuites/executable/{}?recursive=true&hardDelete=true",
            exec["id"].as_str().unwrap()
        ),
        None,
    )
    .await;
    let (status, _) = api
        .call(
            Method::GET,
            "/dataQuality/testCases/name/no.such.case?fields=*",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}
