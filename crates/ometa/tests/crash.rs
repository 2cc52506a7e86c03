//! Durability: a server killed with SIGKILL under concurrent writes keeps every write it
//! acknowledged, and a write it did not acknowledge is either all there or not there at all.
//!
//! 20 trials on one data directory (alternating `--durability process-crash` and
//! `power-loss`), each killing the server at a different moment while 8 writers create
//! tables, patch their own table's description, hard-delete what they created and add
//! lineage; after each restart everything acknowledged in that trial is checked, and at the
//! end everything acknowledged in all trials.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// What one writer had acknowledged, and what it had sent without an answer.
#[derive(Default, Clone, Debug)]
struct Acked {
    /// Tables created (and not deleted), by name.
    created: Vec<String>,
    /// Tables hard-deleted after their creation was acknowledged.
    deleted: Vec<String>,
    /// Lineage edges added, `hub → table`.
    lineage: Vec<String>,
    /// The last acknowledged description of the writer's own table, and its number.
    described: Option<(String, u64)>,
    /// The create or hard delete in flight when the server died.
    in_flight: Option<String>,
}

struct Client {
    http: reqwest::Client,
    url: String,
    token: String,
}

impl Client {
    fn new(url: &str, dir: &std::path::Path) -> Self {
        let token = std::fs::read_to_string(dir.join("tokens/admin.jwt")).unwrap();
        Client {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .unwrap(),
            url: url.to_string(),
            token: token.trim().to_string(),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Option<Value> {
        let mut req = self
            .http
            .request(method.clone(), format!("{}/api/v1/{path}", self.url))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            let content_type = match method {
                reqwest::Method::PATCH => "application/json-patch+json",
                _ => "application/json",
            };
            req = req.header("Content-Type", content_type).body(b.to_string());
        }
        let resp = req.send().await.ok()?;
        if !resp.status().is_success() {
            return None;
        }
        resp.json().await.ok().or(Some(Value::Null))
    }

    async fn status(&self, path: &str) -> u16 {
        self.http
            .get(format!("{}/api/v1/{path}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    async fn get(&self, path: &str) -> Option<Value> {
        self.send(reqwest::Method::GET, path, None).await
    }
}

const SCHEMA: &str = "svc.db.s";

fn table(name: &str) -> Value {
    json!({"name": name, "databaseSchema": SCHEMA, "columns": [
        {"name": "id", "dataType": "INT"}, {"name": "v", "dataType": "VARCHAR", "dataLength": 8}
    ]})
}

/// One writer's loop until the server stops answering.
async fn write_until_killed(c: Arc<Client>, trial: usize, w: usize, acked: Arc<Mutex<Acked>>) {
    use reqwest::Method;
    let own = format!("t{trial}_w{w}_own");
    if c.send(Method::PUT, "tables", Some(table(&own)))
        .await
        .is_none()
    {
        return;
    }
    acked.lock().unwrap().created.push(own.clone());
    let own_fqn = format!("{SCHEMA}.{own}");
    for i in 0u64.. {
        let name = format!("t{trial}_w{w}_{i}");
        acked.lock().unwrap().in_flight = Some(name.clone());
        let Some(created) = c.send(Method::PUT, "tables", Some(table(&name))).await else {
            return;
        };
        {
            let mut a = acked.lock().unwrap();
            a.in_flight = None;
            a.created.push(name.clone());
        }
        let id = created["id"].as_str().unwrap_or_default().to_string();
        let description = format!("d{i}");
        let ops = json!([{"op": "add", "path": "/description", "value": description}]);
        if c.send(Method::PATCH, &format!("tables/name/{own_fqn}"), Some(ops))
            .await
            .is_none()
        {
            return;
        }
        acked.lock().unwrap().described = Some((description, i));
        match i % 3 {
            0 => {
                let path = format!("tables/{id}?hardDelete=true");
                acked.lock().unwrap().in_flight = Some(name.clone());
                if c.send(Method::DELETE, &path, None).await.is_none() {
                    return;
                }
                let mut a = acked.lock().unwrap();
                a.in_flight = None;
                a.created.retain(|n| *n != name);
                a.deleted.push(name);
            }
            1 => {
                let edge = json!({"edge": {
                    "fromEntity": {"id": created["id"], "type": "table"},
                    "toEntity": {"id": created["id"].clone(), "type": "table"},
                }});
                let hub = c.get(&format!("tables/name/{SCHEMA}.hub")).await;
                let Some(hub) = hub else { return };
                let mut edge = edge;
                edge["edge"]["fromEntity"]["id"] = hub["id"].clone();
                if c.send(Method::PUT, "lineage", Some(edge)).await.is_none() {
                    return;
                }
                acked.lock().unwrap().lineage.push(name);
            }
            _ => {}
        }
    }
}

/// Checks after a restart that what `acked` lists is there, whole.
async fn check(c: &Client, trial: usize, w: usize, a: &Acked, problems: &mut Vec<String>) {
    let in_flight = a.in_flight.iter().filter(|n| !a.created.contains(n));
    for name in a.created.iter().chain(in_flight) {
        let must = a.in_flight.as_ref() != Some(name);
        match c.get(&format!("tables/name/{SCHEMA}.{name}")).await {
            Some(t) => {
                let whole = t["columns"].as_array().is_some_and(|cols| cols.len() == 2)
                    && t["fullyQualifiedName"] == format!("{SCHEMA}.{name}");
                let id = t["id"].as_str().unwrap_or_default();
                let history = c.get(&format!("tables/{id}/versions")).await;
                let versions = history
                    .as_ref()
                    .and_then(|h| h["versions"].as_array())
                    .map_or(0, Vec::len);
                if !whole || versions == 0 {
                    problems.push(format!(
                        "trial {trial}: {name} is there, but not whole: {t}"
                    ));
                }
            }
            None if must => problems.push(format!("trial {trial}: acknowledged {name} is gone")),
            None => {}
        }
    }
    for name in &a.deleted {
        if c.status(&format!("tables/name/{SCHEMA}.{name}")).await != 404 {
            problems.push(format!("trial {trial}: hard-deleted {name} is back"));
        }
    }
    for name in &a.lineage {
        let path =
            format!("lineage/getLineageEdge/table/name/{SCHEMA}.hub/table/name/{SCHEMA}.{name}");
        if c.get(&path).await.is_none() {
            problems.push(format!("trial {trial}: the lineage edge to {name} is gone"));
        }
    }
    if let Some((description, i)) = &a.described {
        let own = c
            .get(&format!("tables/name/{SCHEMA}.t{trial}_w{w}_own"))
            .await;
        let got = own
            .as_ref()
            .and_then(|t| t["description"].as_str())
            .unwrap_or("");
        let n: u64 = got.trim_start_matches('d').parse().unwrap_or(0);
        // The acknowledged description, or the next one if its patch was in flight.
        if got != description && n != i + 1 {
            problems.push(format!(
                "trial {trial}: w{w}'s description is {got:?}, acknowledged {description:?}"
            ));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_twenty_sigkills_under_concurrent_writers() {
    use reqwest::Method;
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = common::serve(dir.path());
    let c = Client::new(&url, dir.path());
    c.send(
        Method::PUT,
        "services/databaseServices",
        Some(json!({"name": "svc", "serviceType": "Mysql"})),
    )
    .await
    .unwrap();
    c.send(
        Method::PUT,
        "databases",
        Some(json!({"name": "db", "service": "svc"})),
    )
    .await
    .unwrap();
    c.send(
        Method::PUT,
        "databaseSchemas",
        Some(json!({"name": "s", "database": "svc.db"})),
    )
    .await
    .unwrap();
    c.send(Method::PUT, "tables", Some(table("hub")))
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    let trials = 20;
    let mut all: Vec<(usize, usize, Acked)> = Vec::new();
    let mut problems = Vec::new();
    let mut total_acked = 0;
    for trial in 0..trials {
        let durability = if trial % 2 == 0 {
            "process-crash"
        } else {
            "power-loss"
        };
        let (mut child, url) = common::serve_with(dir.path(), &["--durability", durability]);
        let c = Arc::new(Client::new(&url, dir.path()));
        let acked: Vec<Arc<Mutex<Acked>>> = (0..8).map(|_| Arc::default()).collect();
        let writers: Vec<_> = (0..8)
            .map(|w| tokio::spawn(write_until_killed(c.clone(), trial, w, acked[w].clone())))
            .collect();
        // A different moment in each trial: 300 to 1,250 ms of writes.
        tokio::time::sleep(Duration::from_millis(300 + 50 * trial as u64)).await;
        child.kill().expect("SIGKILL the server");
        child.wait().unwrap();
        for w in writers {
            w.await.unwrap();
        }
        let (mut child, url) = common::serve(dir.path());
        let c = Client::new(&url, dir.path());
        for (w, a) in acked.iter().enumerate() {
            let a = a.lock().unwrap().clone();
            total_acked += a.created.len()
                + a.deleted.len() * 2
                + a.lineage.len()
                + a.described.as_ref().map_or(0, |(_, i)| *i as usize + 1);
            check(&c, trial, w, &a, &mut problems).await;
            all.push((trial, w, a));
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let (mut child, url) = common::serve(dir.path());
    let c = Client::new(&url, dir.path());
    for (trial, w, a) in &all {
        check(&c, *trial, *w, a, &mut problems).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    println!(
        "{trials} SIGKILL trials, {total_acked} acknowledged writes, {} lost or half there",
        problems.len()
    );
    assert!(
        total_acked > 20 * 8,
        "the load wrote too little: {total_acked}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
