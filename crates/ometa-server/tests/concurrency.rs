//! Concurrent writers of one entity: every acknowledged change survives, each with its
//! version, and `If-Match` lets exactly one of many writers with the same ETag through.
//! Against a file database (WAL, a pool of readers), as `ometa serve` runs.

mod common;

use std::sync::Arc;

use common::Api;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn start() -> (Arc<Api>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = ometa_server::ServerConfig {
        data_dir: Some(dir.path().to_path_buf()),
        ..ometa_server::ServerConfig::in_memory()
    };
    let server = ometa_server::spawn(config).await.unwrap();
    let api = Api {
        server,
        http: reqwest::Client::new(),
    };
    (Arc::new(api), dir)
}

async fn patch(api: &Api, path: &str, ops: Value, if_match: Option<&str>) -> StatusCode {
    let mut req = api
        .http
        .patch(format!("{}/api/v1{path}", api.server.base_url))
        .bearer_auth(&api.server.admin_token)
        .header("Content-Type", "application/json-patch+json")
        .body(ops.to_string());
    if let Some(tag) = if_match {
        req = req.header("If-Match", tag);
    }
    req.send().await.unwrap().status()
}

fn column(name: &str) -> Value {
    json!([{"op": "add", "path": "/columns/-", "value": {"name": name, "dataType": "INT"}}])
}

async fn versions(api: &Api, id: &str) -> usize {
    let v = api
        .ok(Method::GET, &format!("/tables/{id}/versions"), None)
        .await;
    v["versions"].as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_writers_appending_columns_keep_all_two_hundred() {
    let (api, _dir) = start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "appends").await;
    let id = t["id"].as_str().unwrap().to_string();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (api, id) = (api.clone(), id.clone());
            tokio::spawn(async move {
                for i in 0..25 {
                    let status = patch(
                        &api,
                        &format!("/tables/{id}"),
                        column(&format!("w{w}_{i}")),
                        None,
                    )
                    .await;
                    assert_eq!(status, StatusCode::OK);
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    let table = api.ok(Method::GET, &format!("/tables/{id}"), None).await;
    let names: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2 + 200, "every acknowledged column is there");
    for w in 0..8 {
        let mine: Vec<String> = names
            .iter()
            .filter(|n| n.starts_with(&format!("w{w}_")))
            .map(|n| n.to_string())
            .collect();
        let expected: Vec<String> = (0..25).map(|i| format!("w{w}_{i}")).collect();
        assert_eq!(
            mine, expected,
            "one writer's columns, in the order it wrote them"
        );
    }
    assert_eq!(table["version"], json!(20.1), "0.1 + 200 minor changes");
    assert_eq!(
        versions(&api, &id).await,
        201,
        "a version entry for every write"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_description_editor_and_a_column_appender_both_keep_their_changes() {
    let (api, _dir) = start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "mixed").await;
    let id = t["id"].as_str().unwrap().to_string();
    let describe = {
        let (api, id) = (api.clone(), id.clone());
        tokio::spawn(async move {
            for i in 0..25 {
                let ops =
                    json!([{"op": "add", "path": "/description", "value": format!("edit {i}")}]);
                assert_eq!(
                    patch(&api, &format!("/tables/{id}"), ops, None).await,
                    StatusCode::OK
                );
            }
        })
    };
    let append = {
        let (api, id) = (api.clone(), id.clone());
        tokio::spawn(async move {
            for i in 0..25 {
                let status = patch(
                    &api,
                    &format!("/tables/{id}"),
                    column(&format!("c{i}")),
                    None,
                )
                .await;
                assert_eq!(status, StatusCode::OK);
            }
        })
    };
    describe.await.unwrap();
    append.await.unwrap();
    let table = api.ok(Method::GET, &format!("/tables/{id}"), None).await;
    assert_eq!(table["description"], "edit 24");
    assert_eq!(table["columns"].as_array().unwrap().len(), 2 + 25);
    assert_eq!(versions(&api, &id).await, 51);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_sixteen_patches_with_one_etag_exactly_one_succeeds() {
    let (api, _dir) = start().await;
    let schema = api.schema().await;
    for round in 0..5 {
        let t = api.table(&schema, &format!("guarded{round}")).await;
        let id = t["id"].as_str().unwrap().to_string();
        let resp = api
            .http
            .get(format!("{}/api/v1/tables/{id}", api.server.base_url))
            .bearer_auth(&api.server.admin_token)
            .send()
            .await
            .unwrap();
        // Odd rounds use the strong ETag of the read, even rounds the weak form the SDKs send.
        let tag = match round % 2 {
            1 => resp.headers()["etag"].to_str().unwrap().to_string(),
            _ => "W/\"0.1\"".to_string(),
        };
        let tries: Vec<_> = (0..16)
            .map(|i| {
                let (api, id, tag) = (api.clone(), id.clone(), tag.clone());
                tokio::spawn(async move {
                    let ops =
                        json!([{"op": "add", "path": "/description", "value": format!("by {i}")}]);
                    patch(&api, &format!("/tables/{id}"), ops, Some(&tag)).await
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for t in tries {
            statuses.push(t.await.unwrap());
        }
        let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let refused = statuses
            .iter()
            .filter(|s| **s == StatusCode::PRECONDITION_FAILED)
            .count();
        assert_eq!((ok, refused), (1, 15), "round {round}: {statuses:?}");
        let table = api.ok(Method::GET, &format!("/tables/{id}"), None).await;
        assert_eq!(table["version"], json!(0.2));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_patches_of_one_lineage_edge_keep_every_column_mapping() {
    let (api, _dir) = start().await;
    let schema = api.schema().await;
    let a = api.table(&schema, "source").await;
    let b = api.table(&schema, "target").await;
    let fqn = |t: &Value| t["fullyQualifiedName"].as_str().unwrap().to_string();
    let (a_fqn, b_fqn) = (fqn(&a), fqn(&b));
    let (a_id, b_id) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let edge = json!({"edge": {
        "fromEntity": {"id": a_id, "type": "table"},
        "toEntity": {"id": b_id, "type": "table"},
    }});
    api.ok(Method::PUT, "/lineage", Some(edge)).await;
    let path = format!("/lineage/table/{a_id}/table/{b_id}");
    let patches: Vec<_> = (0..12)
        .map(|i| {
            let (api, path) = (api.clone(), path.clone());
            let mapping = json!({"fromColumns": [format!("{a_fqn}.id")], "toColumn": format!("{b_fqn}.c{i}")});
            tokio::spawn(async move {
                let ops = json!([{"op": "add", "path": "/columnsLineage/-", "value": mapping}]);
                assert_eq!(patch(&api, &path, ops, None).await, StatusCode::OK);
            })
        })
        .collect();
    for p in patches {
        p.await.unwrap();
    }
    let got = api
        .ok(
            Method::GET,
            &format!("/lineage/getLineageEdge/{a_id}/{b_id}"),
            None,
        )
        .await;
    let mut targets: Vec<&str> = got["edge"]["columnsLineage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["toColumn"].as_str().unwrap())
        .collect();
    targets.sort_unstable();
    targets.dedup();
    assert_eq!(
        targets.len(),
        12,
        "every acknowledged mapping is kept: {got}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_usage_reports_of_one_day_all_count() {
    let (api, _dir) = start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "used").await;
    let id = t["id"].as_str().unwrap().to_string();
    let reports: Vec<_> = (0..16)
        .map(|_| {
            let (api, id) = (api.clone(), id.clone());
            tokio::spawn(async move {
                let body = json!({"date": "2026-11-30", "count": 3});
                api.ok(Method::PUT, &format!("/usage/table/{id}"), Some(body))
                    .await
            })
        })
        .collect();
    for r in reports {
        r.await.unwrap();
    }
    let usage = api
        .ok(
            Method::GET,
            &format!("/usage/table/{id}?date=2026-11-30"),
            None,
        )
        .await;
    assert_eq!(usage["usage"][0]["dailyStats"]["count"], 48, "{usage}");
}

#[tokio::test]
async fn a_second_server_on_one_data_directory_is_refused_with_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let first = ometa_server::spawn(ometa_server::ServerConfig::persistent(dir.path()))
        .await
        .unwrap();
    let second = ometa_server::spawn(ometa_server::ServerConfig::persistent(dir.path())).await;
    let Err(e) = second else {
        panic!("a second server started on the same data directory");
    };
    let message = e.to_string();
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(
        message.contains(&format!("pid {}", std::process::id())),
        "{message}"
    );
    assert!(message.contains(&first.base_url), "{message}");
    first.shutdown().await;
    let again = ometa_server::spawn(ometa_server::ServerConfig::persistent(dir.path()))
        .await
        .expect("the directory is free once the first server stopped");
    again.shutdown().await;
}
