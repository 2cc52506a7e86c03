//! Collection-wide operations and relationship-backed reads: bulk, deleteStale, async
//! delete and restore, followers, context, assets, run statuses.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn user(api: &Api, name: &str) -> Value {
    api.ok(
        Method::POST,
        "/users",
        Some(json!({"name": name, "email": format!("{name}@example.com")})),
    )
    .await
}

#[tokio::test]
async fn bulk_put_reports_each_item_and_keeps_going() {
    let api = Api::start().await;
    let schema = api.schema().await;
    api.table(&schema, "existing").await;
    let body = json!([
        {"name": "fresh", "databaseSchema": schema, "columns": [{"name": "id", "dataType": "INT"}]},
        {"name": "existing", "databaseSchema": schema, "description": "now described",
         "columns": [{"name": "id", "dataType": "BIGINT"}, {"name": "status", "dataType": "VARCHAR", "dataLength": 10}]},
        {"name": "broken", "databaseSchema": schema, "columns": [{"name": "id", "dataType": "NOT_A_TYPE"}]},
        {"name": "orphan", "databaseSchema": "no.such.schema", "columns": []}
    ]);
    let (status, r) = api.call(Method::PUT, "/tables/bulk", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["status"], "partialSuccess");
    assert_eq!(r["numberOfRowsProcessed"], 4);
    assert_eq!(r["numberOfRowsPassed"], 2);
    assert_eq!(r["numberOfRowsFailed"], 2);
    assert_eq!(r["successRequest"][0]["status"], 201);
    assert_eq!(r["successRequest"][1]["status"], 200);
    assert_eq!(r["failedRequest"][0]["status"], 400);
    assert_eq!(r["failedRequest"][1]["status"], 404);
    let t = api
        .ok(
            Method::GET,
            &format!("/tables/name/{}", enc(&format!("{schema}.existing"))),
            None,
        )
        .await;
    assert_eq!(t["description"], "now described");

    let (status, r) = api
        .call(Method::PUT, "/tables/bulk", Some(json!({"name": "x"})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{r}");

    let (status, r) = api
        .call(
            Method::PUT,
            "/tables/bulk?async=true",
            Some(json!([{"name": "later", "databaseSchema": schema, "columns": []}])),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{r}");
    assert_eq!(r["status"], "running");
    let fqn = enc(&format!("{schema}.later"));
    let mut found = false;
    for _ in 0..100 {
        if api
            .call(Method::GET, &format!("/tables/name/{fqn}"), None)
            .await
            .0
            == StatusCode::OK
        {
            found = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(found, "the asynchronous bulk request never landed");
    api.server.shutdown().await;
}

#[tokio::test]
async fn delete_stale_removes_what_was_not_seen() {
    let api = Api::start().await;
    let schema = api.schema().await;
    for name in ["keep", "stale_a", "stale_b"] {
        api.table(&schema, name).await;
    }
    let request = |dry: bool| {
        json!({"scopeFqn": schema, "scopeEntityType": "databaseSchema",
               "seenFqns": [format!("{schema}.keep")], "dryRun": dry})
    };
    let r = api
        .ok(Method::DELETE, "/tables/deleteStale", Some(request(true)))
        .await;
    assert_eq!(r["dryRun"], true);
    assert_eq!(r["numberOfRowsPassed"], 2);
    let page = api
        .ok(
            Method::GET,
            &format!("/tables?databaseSchema={}", enc(&schema)),
            None,
        )
        .await;
    assert_eq!(page["paging"]["total"], 3, "a dry run deletes nothing");

    let r = api
        .ok(Method::DELETE, "/tables/deleteStale", Some(request(false)))
        .await;
    assert_eq!(r["status"], "success");
    let deleted: Vec<&str> = r["successRequest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["request"].as_str().unwrap())
        .collect();
    assert_eq!(
        deleted,
        [format!("{schema}.stale_a"), format!("{schema}.stale_b")]
    );
    let page = api
        .ok(
            Method::GET,
            &format!("/tables?databaseSchema={}", enc(&schema)),
            None,
        )
        .await;
    assert_eq!(page["paging"]["total"], 1);
    assert_eq!(page["data"][0]["name"], "keep");

    let (status, _) = api
        .call(
            Method::DELETE,
            "/tables/deleteStale",
            Some(json!({"scopeFqn": "nope", "scopeEntityType": "databaseSchema", "seenFqns": []})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .call(
            Method::DELETE,
            "/tables/deleteStale",
            Some(json!({"scopeFqn": schema})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.server.shutdown().await;
}

#[tokio::test]
async fn async_delete_and_restore_answer_202_with_a_job() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let (status, r) = api
        .call(Method::DELETE, &format!("/tables/async/{id}"), None)
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{r}");
    assert!(r["jobId"].as_str().is_some_and(|j| !j.is_empty()));
    assert!(r["message"].as_str().unwrap().contains("orders"));
    let gone = async || {
        for _ in 0..100 {
            let (s, v) = api
                .call(Method::GET, &format!("/tables/{id}?include=all"), None)
                .await;
            if s == StatusCode::OK && v["deleted"] == true {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        false
    };
    assert!(gone().await);
    let (status, r) = api
        .call(
            Method::PUT,
            "/tables/restore?async=true",
            Some(json!({"id": id})),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{r}");
    let mut restored = false;
    for _ in 0..100 {
        if api
            .call(Method::GET, &format!("/tables/{id}"), None)
            .await
            .0
            == StatusCode::OK
        {
            restored = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(restored);
    let missing = uuid_like();
    let (status, _) = api
        .call(Method::DELETE, &format!("/tables/async/{missing}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}

fn uuid_like() -> &'static str {
    "00000000-0000-4000-8000-000000000000"
}

#[tokio::test]
async fn followers_are_added_removed_and_dropped_with_the_user() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let alice = user(&api, "alice").await;
    let alice_id = alice["id"].as_str().unwrap();

    let event = api
        .ok(
            Method::PUT,
            &format!("/tables/{id}/followers"),
            Some(json!(alice_id)),
        )
        .await;
    assert_eq!(event["eventType"], "entityUpdated");
    assert_eq!(
        event["entityFullyQualifiedName"],
        format!("{schema}.orders")
    );
    assert_eq!(
        event["changeDescription"]["fieldsAdded"][0]["name"],
        "followers"
    );
    let read = api
        .ok(Method::GET, &format!("/tables/{id}?fields=followers"), None)
        .await;
    assert_eq!(read["followers"][0]["name"], "alice");
    assert_eq!(read["version"], 0.1, "following is not a new version");

    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/followers"),
            Some(json!(uuid_like())),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/tables/{id}/followers"),
            Some(json!("not-a-uuid")),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    api.ok(
        Method::DELETE,
        &format!("/tables/{id}/followers/{alice_id}"),
        None,
    )
    .await;
    let read = api
        .ok(Method::GET, &format!("/tables/{id}?fields=followers"), None)
        .await;
    assert_eq!(read["followers"], json!([]));

    api.ok(
        Method::PUT,
        &format!("/tables/{id}/followers"),
        Some(json!(alice_id)),
    )
    .await;
    api.ok(
        Method::PATCH,
        &format!("/tables/{id}"),
        Some(
            json!([{"op": "add", "path": "/owners/0", "value": {"id": alice_id, "type": "user"}}]),
        ),
    )
    .await;
    let before = api
        .ok(
            Method::GET,
            &format!("/tables/{id}?fields=owners,followers"),
            None,
        )
        .await;
    assert_eq!(before["owners"][0]["name"], "alice");
    api.ok(
        Method::DELETE,
        &format!("/users/{alice_id}?hardDelete=true"),
        None,
    )
    .await;
    let after = api
        .ok(
            Method::GET,
            &format!("/tables/{id}?fields=owners,followers"),
            None,
        )
        .await;
    assert_eq!(after["owners"], json!([]), "a removed owner no longer owns");
    assert_eq!(after["followers"], json!([]));
    assert_eq!(after["version"], before["version"]);
    api.server.shutdown().await;
}

#[tokio::test]
async fn assets_of_owners_domains_and_tags_page_with_limit_and_offset() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let bob = user(&api, "bob").await;
    api.ok(
        Method::PUT,
        "/domains",
        Some(json!({"name": "sales/emea", "domainType": "Aggregate", "description": "d"})),
    )
    .await;
    for name in ["a", "b", "c"] {
        api.ok(Method::PUT, "/tables", Some(json!({
            "name": name, "databaseSchema": schema, "owners": [{"id": bob["id"], "type": "user"}],
            "domains": ["sales/emea"],
            "columns": [{"name": "id", "dataType": "INT", "tags": [{"tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]}]
        }))).await;
    }
    let page = api
        .ok(Method::GET, "/users/name/bob/assets?limit=2&offset=0", None)
        .await;
    assert_eq!(page["paging"]["total"], 3);
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["data"][0]["type"], "table");
    let page = api
        .ok(Method::GET, "/users/name/bob/assets?limit=2&offset=2", None)
        .await;
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["name"], "c");
    let page = api
        .ok(
            Method::GET,
            &format!("/domains/name/{}/assets", enc("sales/emea")),
            None,
        )
        .await;
    assert_eq!(page["paging"]["total"], 3);
    let page = api
        .ok(
            Method::GET,
            "/tags/name/PII.Sensitive/assets?limit=10",
            None,
        )
        .await;
    assert_eq!(page["paging"]["total"], 3);
    let (status, _) = api
        .call(Method::GET, "/users/name/bob/assets?limit=x", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .call(Method::GET, "/users/name/nobody/assets", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}

#[tokio::test]
async fn context_is_a_markdown_document() {
    let api = Api::start().await;
    let schema = api.schema().await;
    api.ok(
        Method::PUT,
        "/tables",
        Some(json!({
            "name": "orders", "databaseSchema": schema, "description": "One row per order.",
            "columns": [{"name": "id", "dataType": "BIGINT", "description": "Order id"}]
        })),
    )
    .await;
    let resp = api
        .http
        .get(format!(
            "{}/api/v1/tables/name/{}/context",
            api.server.base_url,
            enc(&format!("{schema}.orders"))
        ))
        .bearer_auth(&api.server.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    let text = resp.text().await.unwrap();
    assert!(text.starts_with("# orders"), "{text}");
    assert!(text.contains("One row per order."));
    assert!(text.contains("| id | BIGINT | Order id |"), "{text}");
    let (status, _) = api
        .call(Method::GET, "/tables/name/no.such.table/context", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}

#[tokio::test]
async fn run_statuses_are_time_series() {
    let api = Api::start().await;
    api.ok(Method::PUT, "/services/pipelineServices", Some(json!({
        "name": "airflow", "serviceType": "Airflow",
        "connection": {"config": {"type": "Airflow", "hostPort": "http://localhost:8080", "connection": {"type": "Backend"}}}
    }))).await;
    api.ok(
        Method::PUT,
        "/pipelines",
        Some(json!({
            "name": "Pipeline/Name (test)", "service": "airflow", "tasks": [{"name": "task1"}]
        })),
    )
    .await;
    let fqn = enc("airflow.Pipeline/Name (test)");
    for (ts, state) in [(1_000, "Failed"), (2_000, "Successful")] {
        let p = api
            .ok(
                Method::PUT,
                &format!("/pipelines/{fqn}/status"),
                Some(json!({
                    "timestamp": ts, "executionStatus": state,
                    "taskStatus": [{"name": "task1", "executionStatus": state}]
                })),
            )
            .await;
        assert_eq!(p["pipelineStatus"]["timestamp"], ts);
    }
    let list = api
        .ok(
            Method::GET,
            &format!("/pipelines/{fqn}/status?startTs=0&endTs=5000"),
            None,
        )
        .await;
    let stamps: Vec<i64> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["timestamp"].as_i64().unwrap())
        .collect();
    assert_eq!(stamps, [2_000, 1_000]);
    let list = api
        .ok(
            Method::GET,
            &format!("/pipelines/{fqn}/status?startTs=0&endTs=1500"),
            None,
        )
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    let p = api
        .ok(
            Method::GET,
            &format!("/pipelines/name/{fqn}?fields=pipelineStatus"),
            None,
        )
        .await;
    assert_eq!(p["pipelineStatus"]["executionStatus"], "Successful");
    let p = api
        .ok(Method::GET, &format!("/pipelines/name/{fqn}"), None)
        .await;
    assert!(p.get("pipelineStatus").is_none());
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/pipelines/{fqn}/status"),
            Some(json!({
                "timestamp": 3_000, "executionStatus": "Exploded"
            })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.ok(
        Method::PUT,
        &format!("/pipelines/{fqn}/status/bulk"),
        Some(json!([
            {"timestamp": 4_000, "executionStatus": "Pending"},
            {"timestamp": 5_000, "executionStatus": "Successful"}
        ])),
    )
    .await;
    let list = api
        .ok(Method::GET, &format!("/pipelines/{fqn}/status"), None)
        .await;
    assert_eq!(list["data"].as_array().unwrap().len(), 4);

    let ingestion = api.ok(Method::PUT, "/services/ingestionPipelines", Some(json!({
        "name": "metadata", "pipelineType": "metadata", "service": {"id": api.ok(Method::GET, "/services/pipelineServices/name/airflow", None).await["id"], "type": "pipelineService"},
        "sourceConfig": {"config": {"type": "PipelineMetadata"}},
        "airflowConfig": {}
    }))).await;
    let ifqn = enc(ingestion["fullyQualifiedName"].as_str().unwrap());
    let r = api.ok(Method::PUT, &format!("/services/ingestionPipelines/{ifqn}/pipelineStatus"), Some(json!({
        "runId": "run-1", "pipelineState": "success", "startDate": 10, "timestamp": 10, "endDate": 20
    }))).await;
    assert_eq!(
        r["entityFullyQualifiedName"],
        ingestion["fullyQualifiedName"]
    );
    let s = api
        .ok(
            Method::GET,
            &format!("/services/ingestionPipelines/{ifqn}/pipelineStatus/run-1"),
            None,
        )
        .await;
    assert_eq!(s["pipelineState"], "success");
    let list = api
        .ok(
            Method::GET,
            &format!("/services/ingestionPipelines/{ifqn}/pipelineStatus?startTs=0&endTs=100"),
            None,
        )
        .await;
    assert_eq!(list["data"][0]["runId"], "run-1");
    let (status, _) = api
        .call(
            Method::GET,
            &format!("/services/ingestionPipelines/{ifqn}/pipelineStatus/run-2"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}
