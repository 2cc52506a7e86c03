//! What the load benchmarks share: `ometa serve` as a child process, RSS, and a bounded
//! request driver with latency percentiles.

#![allow(dead_code)]

#[path = "../../tests/common/mod.rs"]
mod common;

use std::process::Child;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A running server.
pub struct Server {
    /// The process.
    pub child: Child,
    /// `http://127.0.0.1:port`.
    pub url: String,
    /// The admin token.
    pub token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server; returns it and the time until it answered its first request.
pub fn start(data_dir: &std::path::Path) -> (Server, Duration) {
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

/// Resident memory of a process, in MB.
pub fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Throughput and latency of one run.
pub struct Run {
    /// Requests per second.
    pub per_sec: f64,
    /// Median latency.
    pub p50_ms: f64,
    /// 99th percentile latency.
    pub p99_ms: f64,
}

/// Runs `n` requests made by `make(i)` at `concurrency`, all of which must succeed.
pub async fn run<F>(http: &reqwest::Client, concurrency: usize, n: usize, make: F) -> Run
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

/// Creates the service `svc`, database `svc.db` and schema `svc.db.s` the benchmarks fill.
pub async fn schema(http: &reqwest::Client, url: &str, token: &str) {
    for (path, body) in [
        (
            "services/databaseServices",
            serde_json::json!({"name": "svc", "serviceType": "Mysql"}),
        ),
        (
            "databases",
            serde_json::json!({"name": "db", "service": "svc"}),
        ),
        (
            "databaseSchemas",
            serde_json::json!({"name": "s", "database": "svc.db"}),
        ),
    ] {
        http.put(format!("{url}/api/v1/{path}"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
    }
}
