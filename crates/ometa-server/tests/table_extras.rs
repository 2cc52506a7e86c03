//! Table joins, data model, custom metrics, pipeline observability, column listing and
//! entity profiles by type, over HTTP.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn joins_are_recorded_on_both_sides_and_summed() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let orders = api.table(&schema, "orders").await;
    api.table(&schema, "customers").await;
    let id = orders["id"].as_str().unwrap();
    // Without a start date, the counts are today's.
    let joins = json!({
        "dayCount": 1,
        "columnJoins": [{"columnName": "id", "joinedWith": [
            {"fullyQualifiedName": format!("{schema}.customers.id"), "joinCount": 2}
        ]}],
        "directTableJoins": [{"fullyQualifiedName": format!("{schema}.customers"), "joinCount": 3}]
    });
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/joins"),
            Some(joins.clone()),
        )
        .await;
    assert_eq!(r["joins"]["dayCount"], 30);
    assert_eq!(
        r["joins"]["columnJoins"],
        json!([{"columnName": "id", "joinedWith": [
            {"fullyQualifiedName": format!("{schema}.customers.id"), "joinCount": 2}
        ]}])
    );
    // The same day reported again replaces that day's counts.
    api.ok(Method::PUT, &format!("/tables/{id}/joins"), Some(joins))
        .await;
    let other = api
        .ok(
            Method::GET,
            &format!(
                "/tables/name/{}?fields=joins",
                enc(&format!("{schema}.customers"))
            ),
            None,
        )
        .await;
    assert_eq!(
        other["joins"]["columnJoins"][0]["joinedWith"][0],
        json!({"fullyQualifiedName": format!("{schema}.orders.id"), "joinCount": 2})
    );
    assert_eq!(
        other["joins"]["directTableJoins"],
        json!([{"fullyQualifiedName": format!("{schema}.orders"), "joinCount": 3}])
    );
    let plain = api.ok(Method::GET, &format!("/tables/{id}"), None).await;
    assert!(plain.get("joins").is_none());
    assert_eq!(plain["version"], 0.1);

    let bad = [
        json!({"startDate": "2001-01-01", "columnJoins": []}),
        json!({"columnJoins": [{"columnName": "nope", "joinedWith": []}]}),
        json!({"columnJoins": [{"columnName": "id", "joinedWith": [
            {"fullyQualifiedName": format!("{schema}.customers.nope"), "joinCount": 1}]}]}),
        json!({"startDate": "yesterday"}),
    ];
    for body in bad {
        let (status, err) = api
            .call(Method::PUT, &format!("/tables/{id}/joins"), Some(body))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    }
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/joins"),
            Some(json!({"directTableJoins": [
                {"fullyQualifiedName": "no.such.table.here", "joinCount": 1}]})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn data_model_custom_metrics_observability_and_columns() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let model = json!({
        "modelType": "DBT", "sql": "select * from raw_orders", "description": "Orders from dbt.",
        "columns": [{"name": "id", "dataType": "BIGINT", "description": "Order id.",
                     "tags": [{"tagFQN": "PII.NonSensitive", "source": "Classification",
                               "labelType": "Automated", "state": "Suggested"}]}]
    });
    let r = api
        .ok(Method::PUT, &format!("/tables/{id}/dataModel"), Some(model))
        .await;
    assert_eq!(r["dataModel"]["sql"], "select * from raw_orders");
    assert_eq!(r["description"], "Orders from dbt.");
    assert_eq!(r["columns"][0]["description"], "Order id.");
    assert_eq!(r["columns"][0]["tags"][0]["tagFQN"], "PII.NonSensitive");
    assert_eq!(r["version"], 0.1);

    let metric = json!({"name": "big_orders", "expression": "count(*) where amount > 100"});
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/customMetric"),
            Some(metric),
        )
        .await;
    let first_id = r["customMetrics"][0]["id"].clone();
    assert_eq!(r["customMetrics"][0]["updatedBy"], "admin");
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/customMetric"),
            Some(json!({"name": "big_orders", "expression": "count(*)"})),
        )
        .await;
    assert_eq!(
        r["customMetrics"].as_array().unwrap().len(),
        1,
        "replaced by name"
    );
    assert_eq!(r["customMetrics"][0]["id"], first_id);
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/customMetric"),
            Some(json!({"name": "nulls", "columnName": "status", "expression": "count(status is null)"})),
        )
        .await;
    assert_eq!(r["columns"][1]["customMetrics"][0]["name"], "nulls");
    api.ok(
        Method::DELETE,
        &format!("/tables/{id}/customMetric/status/nulls"),
        None,
    )
    .await;
    let r = api
        .ok(
            Method::DELETE,
            &format!("/tables/{id}/customMetric/big_orders"),
            None,
        )
        .await;
    assert_eq!(r["customMetrics"], json!([]));
    let (status, _) = api
        .call(
            Method::DELETE,
            &format!("/tables/{id}/customMetric/big_orders"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/customMetric"),
            Some(json!({"name": "x", "columnName": "nope", "expression": "1"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    api.ok(
        Method::PUT,
        "/services/pipelineServices",
        Some(json!({"name": "airflow", "serviceType": "Airflow"})),
    )
    .await;
    api.ok(
        Method::PUT,
        "/pipelines",
        Some(json!({"name": "load_orders", "service": "airflow"})),
    )
    .await;
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/pipelineObservability"),
            Some(json!([{"pipeline": {"type": "pipeline", "fullyQualifiedName": "airflow.load_orders"},
                         "scheduleInterval": "@daily"}])),
        )
        .await;
    assert_eq!(
        r["pipelineObservability"][0]["pipeline"]["name"],
        "load_orders"
    );
    let r = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/pipelineObservability/airflow.load_orders"),
            Some(json!({"pipeline": {"type": "pipeline", "fullyQualifiedName": "airflow.load_orders"},
                        "scheduleInterval": "@hourly"})),
        )
        .await;
    let items = r["pipelineObservability"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one entry per pipeline");
    assert_eq!(items[0]["scheduleInterval"], "@hourly");
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/pipelineObservability"),
            Some(json!({"not": "a list"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let page = api
        .ok(
            Method::GET,
            &format!(
                "/tables/name/{}/columns?limit=1&offset=1",
                enc(&format!("{schema}.orders"))
            ),
            None,
        )
        .await;
    assert_eq!(page["paging"]["total"], 2);
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["name"], "status");
    let (status, _) = api
        .call(Method::GET, &format!("/tables/{id}/columns?limit=-1"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn entity_profiles_by_type() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    api.ok(
        Method::PUT,
        &format!("/tables/{id}/tableProfile"),
        Some(json!({
            "tableProfile": {"timestamp": 5_000, "rowCount": 10.0},
            "columnProfile": [{"name": "id", "timestamp": 5_000, "nullCount": 0.0}]
        })),
    )
    .await;
    let all = api
        .ok(
            Method::GET,
            "/entity/profiles/table?startTs=0&endTs=10000",
            None,
        )
        .await;
    assert_eq!(all["data"].as_array().unwrap().len(), 2);
    assert!(all["paging"].get("after").is_some());
    let columns = api
        .ok(
            Method::GET,
            "/entity/profiles/table?startTs=0&endTs=10000&profileType=column",
            None,
        )
        .await;
    let data = columns["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["entityReference"]["id"], json!(id));
    assert_eq!(data[0]["profileData"]["nullCount"], 0.0);
    let (status, _) = api
        .call(
            Method::GET,
            "/entity/profiles/table?profileType=bogus",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let none: Value = api
        .ok(
            Method::GET,
            "/entity/profiles/table?startTs=0&endTs=10",
            None,
        )
        .await;
    assert_eq!(none["data"], json!([]));
}
