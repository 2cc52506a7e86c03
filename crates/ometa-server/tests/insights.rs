//! Data insights, web analytic events, KPIs, query cost records, incident statuses, failed
//! rows, inspection queries and logical test suites, over HTTP.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DAY: i64 = 86_400_000;

#[tokio::test]
async fn report_data_charts_web_events_and_kpis() {
    let api = Api::start().await;
    let day1 = 20_000 * DAY;
    let day2 = day1 + DAY;
    for (ts, user, user_id, sessions, views) in [
        (day1, "ann", "00000000-0000-4000-8000-00000000000a", 2, 10),
        (day1, "bob", "00000000-0000-4000-8000-00000000000b", 1, 3),
        (day2, "ann", "00000000-0000-4000-8000-00000000000a", 4, 7),
    ] {
        api.ok(
            Method::POST,
            "/analytics/dataInsights/data",
            Some(
                json!({"timestamp": ts, "reportDataType": "webAnalyticUserActivityReportData",
                        "data": {"userName": user, "userId": user_id,
                                 "totalSessions": sessions, "totalSessionDuration": 60 * sessions,
                                 "totalPageView": views, "lastSession": ts}}),
            ),
        )
        .await;
    }
    let listed = api
        .ok(
            Method::GET,
            &format!("/analytics/dataInsights/data?startTs={day1}&endTs={day2}&reportDataType=webAnalyticUserActivityReportData"),
            None,
        )
        .await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 3);
    let chart = |name: &str| {
        format!(
            "/analytics/dataInsights/charts/aggregate?startTs={day1}&endTs={day2}&dataInsightChartName={name}&dataReportIndex=web_analytic_user_activity_report_data_index"
        )
    };
    let active = api.ok(Method::GET, &chart("MostActiveUsers"), None).await;
    assert_eq!(active["chartType"], "MostActiveUsers");
    assert_eq!(active["data"][0]["userName"], "ann");
    assert_eq!(active["data"][0]["sessions"], 6.0);
    assert_eq!(active["data"][0]["lastSession"], day2);
    let daily = api.ok(Method::GET, &chart("DailyActiveUsers"), None).await;
    assert_eq!(
        daily["data"],
        json!([{"timestamp": day1, "activeUsers": 2}, {"timestamp": day2, "activeUsers": 1}]),
        "distinct users per day: ann and bob, then ann"
    );
    let (status, _) = api.call(Method::GET, &chart("NoSuchChart"), None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    api.ok(
        Method::DELETE,
        "/analytics/dataInsights/data/webAnalyticUserActivityReportData/2024-10-04",
        None,
    )
    .await;
    let after = api
        .ok(
            Method::GET,
            "/analytics/dataInsights/data?reportDataType=webAnalyticUserActivityReportData",
            None,
        )
        .await;
    assert_eq!(
        after["data"].as_array().unwrap().len(),
        1,
        "day 20000 is 2024-10-04: its two records are gone"
    );
    api.ok(
        Method::DELETE,
        "/analytics/dataInsights/data/webAnalyticUserActivityReportData",
        None,
    )
    .await;
    let none = api
        .ok(
            Method::GET,
            "/analytics/dataInsights/data?reportDataType=webAnalyticUserActivityReportData",
            None,
        )
        .await;
    assert_eq!(none["data"], json!([]));
    for (path, body) in [
        (
            "/analytics/dataInsights/data",
            json!({"timestamp": 1, "reportDataType": "nope"}),
        ),
        (
            "/analytics/dataInsights/data",
            json!({"reportDataType": "entityReportData"}),
        ),
    ] {
        let (status, _) = api.call(Method::POST, path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let (status, _) = api
        .call(Method::GET, "/analytics/dataInsights/data", None)
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "reportDataType is required"
    );

    for ts in [1_000, 2_000, 3_000] {
        let event = api
            .ok(
                Method::PUT,
                "/analytics/web/events/collect",
                Some(json!({"timestamp": ts, "eventType": "PageView",
                            "eventData": {"fullUrl": "http://x/table/a", "url": "/table/a", "hostname": "x", "language": "en", "screenSize": "1x1", "userId": "00000000-0000-0000-0000-000000000001", "sessionId": "00000000-0000-0000-0000-000000000002", "pageLoadTime": 1.0, "referrer": ""}})),
            )
            .await;
        assert!(event["eventId"].is_string());
    }
    api.ok(
        Method::DELETE,
        "/analytics/web/events/PageView/2000/collect",
        None,
    )
    .await;
    let events = api
        .ok(
            Method::GET,
            "/analytics/web/events/collect?eventType=PageView&startTs=0&endTs=9999",
            None,
        )
        .await;
    let stamps: Vec<i64> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["timestamp"].as_i64().unwrap())
        .collect();
    assert_eq!(stamps, vec![3_000, 2_000], "deleted strictly before 2000");

    let kpi = api
        .ok(
            Method::POST,
            "/kpi",
            Some(
                json!({"name": "described", "description": "Half described.",
                        "dataInsightChart": "percentage_of_data_asset_with_description_kpi",
                        "startDate": 0, "endDate": 9_999_999, "targetValue": 50.0,
                        "metricType": "PERCENTAGE"}),
            ),
        )
        .await;
    assert_eq!(kpi["dataInsightChart"]["type"], "dataInsightCustomChart");
    for (ts, value) in [(10, "40"), (20, "55")] {
        api.ok(
            Method::PUT,
            "/kpi/described/kpiResult",
            Some(json!({"timestamp": ts, "targetResult": [{"name": "described", "value": value, "targetMet": value == "55"}]})),
        )
        .await;
    }
    let results = api
        .ok(
            Method::GET,
            "/kpi/described/kpiResult?startTs=0&endTs=100&orderBy=ASC",
            None,
        )
        .await;
    assert_eq!(results["data"][0]["timestamp"], 10);
    assert_eq!(results["data"][1]["kpiFqn"], "described");
    let latest = api
        .ok(Method::GET, "/kpi/described/latestKpiResult", None)
        .await;
    assert_eq!(latest["timestamp"], 20);
    let with = api
        .ok(Method::GET, "/kpi/name/described?fields=kpiResult", None)
        .await;
    assert_eq!(with["kpiResult"]["timestamp"], 20);
    let (status, _) = api
        .call(
            Method::POST,
            "/kpi",
            Some(
                json!({"name": "bad", "description": "x", "dataInsightChart": "nope",
                        "startDate": 0, "endDate": 1, "targetValue": 1.0, "metricType": "NUMBER"}),
            ),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "not one of the chart names"
    );
    let (status, _) = api
        .call(
            Method::PUT,
            "/kpi/missing/kpiResult",
            Some(json!({"timestamp": 1, "targetResult": []})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn query_cost_records_belong_to_their_query() {
    let api = Api::start().await;
    api.schema().await;
    let query = api
        .ok(
            Method::PUT,
            "/queries",
            Some(json!({"query": "select 1", "service": "mysql_prod"})),
        )
        .await;
    let record = api
        .ok(
            Method::POST,
            "/queryCostRecord",
            Some(json!({"timestamp": 1_000, "jsonSchema": "queryCostRecord",
                        "queryReference": {"id": query["id"], "type": "query"},
                        "cost": 1.5, "count": 3.0, "totalDuration": 12.0})),
        )
        .await;
    assert_eq!(
        record["queryReference"]["fullyQualifiedName"],
        query["fullyQualifiedName"]
    );
    let read = api
        .ok(
            Method::GET,
            &format!("/queryCostRecord/{}", record["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(read["cost"], 1.5);
    let (status, _) = api
        .call(
            Method::POST,
            "/queryCostRecord",
            Some(json!({"timestamp": 1, "queryReference": {"id": "00000000-0000-0000-0000-000000000009", "type": "query"}, "cost": 1.0, "count": 1.0})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn failing_case(api: &Api, schema: &str) -> Value {
    api.table(schema, "orders").await;
    let case = api
        .ok(
            Method::PUT,
            "/dataQuality/testCases",
            Some(
                json!({"name": "rows", "entityLink": format!("<#E::table::{schema}.orders>"),
                        "testDefinition": "tableRowCountToBeBetween",
                        "parameterValues": [{"name": "minValue", "value": "1"}]}),
            ),
        )
        .await;
    api.ok(
        Method::POST,
        &format!(
            "/dataQuality/testCases/testCaseResults/{}",
            enc(case["fullyQualifiedName"].as_str().unwrap())
        ),
        Some(json!({"timestamp": 1_000, "testCaseStatus": "Failed", "result": "0 rows"})),
    )
    .await;
    case
}

#[tokio::test]
async fn incidents_share_a_state_until_resolved() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let case = failing_case(&api, &schema).await;
    let fqn = case["fullyQualifiedName"].as_str().unwrap();
    let admin = api.ok(Method::GET, "/users/name/admin", None).await;
    let admin_ref = json!({"id": admin["id"], "type": "user"});
    let post = |status: &str, details: Value| {
        json!({"testCaseResolutionStatusType": status, "testCaseReference": fqn,
               "testCaseResolutionStatusDetails": details})
    };
    let (s, _) = api
        .call(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post(
                "Resolved",
                json!({"testCaseFailureReason": "FalsePositive", "testCaseFailureComment": "Known."}),
            )),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "nothing to resolve yet");
    let new = api
        .ok(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post("New", Value::Null)),
        )
        .await;
    assert_eq!(new["testCaseReference"]["id"], case["id"]);
    assert_eq!(new["updatedBy"]["name"], "admin");
    let again = api
        .ok(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post("New", Value::Null)),
        )
        .await;
    assert_eq!(
        again["stateId"], new["stateId"],
        "an open incident is not reopened"
    );
    let (s, _) = api
        .call(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post("Assigned", json!({}))),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "an assignment names an assignee"
    );
    let assigned = api
        .ok(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post("Assigned", json!({"assignee": admin_ref}))),
        )
        .await;
    assert_eq!(assigned["stateId"], new["stateId"]);
    assert_eq!(
        assigned["testCaseResolutionStatusDetails"]["assignee"]["fullyQualifiedName"],
        "admin"
    );
    let resolved = api
        .ok(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post("Resolved", json!({"testCaseFailureReason": "FalsePositive", "testCaseFailureComment": "Known.", "resolvedBy": admin_ref}))),
        )
        .await;
    assert_eq!(resolved["stateId"], new["stateId"]);
    let next = api
        .ok(
            Method::POST,
            "/dataQuality/testCases/testCaseIncidentStatus",
            Some(post("New", Value::Null)),
        )
        .await;
    assert_ne!(
        next["stateId"], new["stateId"],
        "a resolved incident ends its state"
    );

    let by_state = api
        .ok(
            Method::GET,
            &format!(
                "/dataQuality/testCases/testCaseIncidentStatus/stateId/{}",
                new["stateId"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(
        by_state["data"].as_array().unwrap().len(),
        3,
        "New, Assigned, Resolved"
    );
    let latest = api
        .ok(
            Method::GET,
            &format!(
                "/dataQuality/testCases/testCaseIncidentStatus?latest=true&testCaseFQN={}",
                enc(fqn)
            ),
            None,
        )
        .await;
    assert_eq!(
        latest["data"].as_array().unwrap().len(),
        2,
        "one per incident"
    );
    let one = api
        .ok(
            Method::GET,
            &format!(
                "/dataQuality/testCases/testCaseIncidentStatus/{}",
                assigned["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(one["testCaseResolutionStatusType"], "Assigned");
}

#[tokio::test]
async fn failed_rows_inspection_queries_and_logical_suites() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let case = failing_case(&api, &schema).await;
    let id = case["id"].as_str().unwrap();
    let rows = json!({"columns": ["id", "status"], "rows": [[1, null]]});
    let r = api
        .ok(
            Method::PUT,
            &format!("/dataQuality/testCases/{id}/failedRowsSample"),
            Some(rows.clone()),
        )
        .await;
    assert_eq!(r["failedRowsSample"], rows);
    let read = api
        .ok(
            Method::GET,
            &format!("/dataQuality/testCases/{id}/failedRowsSample"),
            None,
        )
        .await;
    assert_eq!(read, rows);
    let plain = api
        .ok(Method::GET, &format!("/dataQuality/testCases/{id}"), None)
        .await;
    assert!(plain.get("failedRowsSample").is_none());
    let (s, _) = api
        .call(
            Method::PUT,
            &format!("/dataQuality/testCases/{id}/failedRowsSample"),
            Some(json!({"columns": ["nope"], "rows": [[1]]})),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "columns of the tested table only"
    );
    api.ok(
        Method::PUT,
        &format!("/dataQuality/testCases/{id}/failedRowsSample?validate=false"),
        Some(json!({"columns": ["nope"], "rows": [[1]]})),
    )
    .await;
    api.ok(
        Method::DELETE,
        &format!("/dataQuality/testCases/{id}/failedRowsSample"),
        None,
    )
    .await;
    let (s, _) = api
        .call(
            Method::GET,
            &format!("/dataQuality/testCases/{id}/failedRowsSample"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let url = format!(
        "{}/api/v1/dataQuality/testCases/{id}/inspectionQuery",
        api.server.base_url
    );
    let resp = api
        .http
        .put(&url)
        .bearer_auth(&api.server.admin_token)
        .header("Content-Type", "application/json")
        .body("SELECT * FROM orders WHERE id IS NULL")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let r: Value = resp.json().await.unwrap();
    assert_eq!(
        r["inspectionQuery"],
        "SELECT * FROM orders WHERE id IS NULL"
    );

    let logical = api
        .ok(
            Method::PUT,
            "/dataQuality/testSuites",
            Some(json!({"name": "critical", "description": "Critical checks."})),
        )
        .await;
    let r = api
        .ok(
            Method::PUT,
            "/dataQuality/testCases/logicalTestCases",
            Some(json!({"testSuiteId": logical["id"], "testCaseIds": [id]})),
        )
        .await;
    assert_eq!(r["tests"][0]["id"], json!(id));
    let listed = api
        .ok(
            Method::GET,
            &format!("/dataQuality/testCases/{id}?fields=testSuites"),
            None,
        )
        .await;
    let suites: Vec<&str> = listed["testSuites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(suites.contains(&"critical"), "{suites:?}");
    let basic = case["testSuite"]["id"].clone();
    let (s, _) = api
        .call(
            Method::PUT,
            "/dataQuality/testCases/logicalTestCases",
            Some(json!({"testSuiteId": basic, "testCaseIds": [id]})),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "basic suites hold their own table's cases only"
    );
}
