//! Durability: a server killed with SIGKILL under write load keeps every write it acknowledged.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = common::serve(dir.path());
    let token = std::fs::read_to_string(dir.path().join("tokens/admin.jwt")).unwrap();
    let http = reqwest::Client::new();
    let put = |path: &str, body: serde_json::Value| {
        http.put(format!("{url}/api/v1/{path}"))
            .bearer_auth(token.trim())
            .json(&body)
            .send()
    };
    put(
        "services/databaseServices",
        json!({"name": "svc", "serviceType": "Mysql"}),
    )
    .await
    .unwrap();
    put("databases", json!({"name": "db", "service": "svc"}))
        .await
        .unwrap();
    put(
        "databaseSchemas",
        json!({"name": "s", "database": "svc.db"}),
    )
    .await
    .unwrap();

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for w in 0..8 {
        let (http, url, token, acked) = (
            http.clone(),
            url.clone(),
            token.clone(),
            acknowledged.clone(),
        );
        writers.push(tokio::spawn(async move {
            for i in 0..100_000 {
                let name = format!("w{w}_{i}");
                let body = json!({"name": name, "databaseSchema": "svc.db.s", "columns": [{"name": "id", "dataType": "INT"}]});
                let sent = http.put(format!("{url}/api/v1/tables")).bearer_auth(token.trim()).json(&body).send().await;
                match sent {
                    Ok(r) if r.status().is_success() => acked.lock().unwrap().push(name),
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().expect("SIGKILL the server");
    child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    assert!(
        acked.len() > 50,
        "the load wrote too little before the kill: {}",
        acked.len()
    );

    let (mut child, url) = common::serve(dir.path());
    let token = std::fs::read_to_string(dir.path().join("tokens/admin.jwt")).unwrap();
    let mut missing = Vec::new();
    for name in &acked {
        let r = http
            .get(format!("{url}/api/v1/tables/name/svc.db.s.{name}"))
            .bearer_auth(token.trim())
            .send()
            .await
            .unwrap();
        if !r.status().is_success() {
            missing.push(name.clone());
        }
    }
    let listed: serde_json::Value = http
        .get(format!("{url}/api/v1/tables?limit=1"))
        .bearer_auth(token.trim())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    println!(
        "{} acknowledged writes before SIGKILL; {} missing after restart",
        acked.len(),
        missing.len()
    );
    assert!(missing.is_empty(), "lost acknowledged writes: {missing:?}");
    assert!(listed["paging"]["total"].as_u64().unwrap() >= acked.len() as u64);
}
