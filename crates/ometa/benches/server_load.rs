//! Load benchmark of `ometa serve` (bounded, loopback only): upserts and GET-by-name at
//! concurrency 1, 16 and 64 with p50/p99 latency; listing page latency at the start and the end
//! of 100k tables; server RSS with 100k tables; start-up time (fresh and with 100k tables).
//!
//! `cargo bench -p ometa --bench server_load` (set `OMETA_BENCH_TABLES` to change 100000).

#[path = "../tests/common/mod.rs"]
mod common;

use std::process::Child;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Server {
    child: Child,
    url: String,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server; returns it and the time until it answered its first request.
fn start(data_dir: &std::path::Path) -> (Server, Duration) {
    let began = Instant::now();
    let (child, url) = common::serve(data_dir);
    loop {
        if std::net::TcpStream::connect(url.trim_start_matches("http://")).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let elapsed = began.elapsed();
    let token = std::fs::read_to_string(data_dir.join("tokens/admin.jwt"))
        .unwrap()
        .trim()
        .to_string();
    (Server { child, url, token }, elapsed)
}

fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn table_body(name: &str) -> Value {
    json!({
        "name": name,
        "databaseSchema": "svc.db.s",
        "columns": [
            {"name": "id", "dataType": "BIGINT"},
            {"name": "status", "dataType": "VARCHAR", "dataLength": 16},
            {"name": "amount", "dataType": "DECIMAL"}
        ]
    })
}

struct Run {
    per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// Runs `n` requests made by `make(i)` at `concurrency`, all of which must succeed.
async fn run<F>(http: &reqwest::Client, concurrency: usize, n: usize, make: F) -> Run
where
    F: Fn(&reqwest::Client, usize) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let began = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (http, make, next) = (http.clone(), make.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    break lat;
                }
                let t = Instant::now();
                let r = make(&http, i).send().await.expect("request");
                assert!(r.status().is_success(), "status {}", r.status());
                r.bytes().await.expect("body");
                lat.push(t.elapsed());
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let total = began.elapsed();
    all.sort();
    let pct =
        |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
    Run {
        per_sec: n as f64 / total.as_secs_f64(),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let tables: usize = std::env::var("OMETA_BENCH_TABLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (server, fresh_start) = start(dir.path());
    println!(
        "start-up (fresh data dir): {:.1} ms",
        fresh_start.as_secs_f64() * 1000.0
    );
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap();
    let (url, token) = (server.url.clone(), server.token.clone());
    for (path, body) in [
        (
            "services/databaseServices",
            json!({"name": "svc", "serviceType": "Mysql"}),
        ),
        ("databases", json!({"name": "db", "service": "svc"})),
        (
            "databaseSchemas",
            json!({"name": "s", "database": "svc.db"}),
        ),
    ] {
        http.put(format!("{url}/api/v1/{path}"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
    }

    println!(
        "\n| operation | concurrency | requests | per second | p50 ms | p99 ms |\n|---|---|---|---|---|---|"
    );
    let mut written = 0usize;
    for c in [1usize, 16, 64] {
        let n = if c == 1 { 1000 } else { 4000 };
        let (u, t, base) = (url.clone(), token.clone(), written);
        let r = run(&http, c, n, move |h, i| {
            h.put(format!("{u}/api/v1/tables"))
                .bearer_auth(&t)
                .json(&table_body(&format!("t{:07}", base + i)))
        })
        .await;
        written += n;
        println!(
            "| table upsert (create) | {c} | {n} | {:.0} | {:.2} | {:.2} |",
            r.per_sec, r.p50_ms, r.p99_ms
        );
    }
    for c in [1usize, 16, 64] {
        let n = if c == 1 { 3000 } else { 20000 };
        let (u, t, w) = (url.clone(), token.clone(), written);
        let r = run(&http, c, n, move |h, i| {
            h.get(format!(
                "{u}/api/v1/tables/name/svc.db.s.t{:07}",
                (i * 7919) % w
            ))
            .bearer_auth(&t)
        })
        .await;
        println!(
            "| table GET by name | {c} | {n} | {:.0} | {:.2} | {:.2} |",
            r.per_sec, r.p50_ms, r.p99_ms
        );
    }

    let fill = tables.saturating_sub(written);
    let began = Instant::now();
    let (u, t, base) = (url.clone(), token.clone(), written);
    run(&http, 64, fill, move |h, i| {
        h.put(format!("{u}/api/v1/tables"))
            .bearer_auth(&t)
            .json(&table_body(&format!("t{:07}", base + i)))
    })
    .await;
    println!(
        "\nfilled to {tables} tables in {:.1} s",
        began.elapsed().as_secs_f64()
    );

    let mut page_ms = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut req = format!("{url}/api/v1/tables?limit=100");
        if let Some(a) = &after {
            req.push_str(&format!("&after={a}"));
        }
        let t0 = Instant::now();
        let page: Value = http
            .get(req)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        page_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        match page["paging"]["after"].as_str() {
            Some(a) => after = Some(a.to_string()),
            None => break,
        }
    }
    let avg = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    let k = page_ms.len().min(20);
    println!(
        "listing {} pages of 100: first {k} pages avg {:.2} ms, last {k} pages avg {:.2} ms",
        page_ms.len(),
        avg(&page_ms[..k]),
        avg(&page_ms[page_ms.len() - k..])
    );
    println!(
        "server RSS with {tables} tables: {:.0} MB",
        rss_mb(server.child.id())
    );
    drop(server);
    let (again, restart) = start(dir.path());
    println!(
        "start-up (existing data dir with {tables} tables): {:.1} ms",
        restart.as_secs_f64() * 1000.0
    );
    drop(again);
}
