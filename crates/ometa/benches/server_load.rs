//! Load benchmark of `ometa serve` (bounded, loopback only): upserts and GET-by-name at
//! concurrency 1, 16 and 64 with p50/p99 latency; listing page latency at the start and the end
//! of 100k tables; server RSS with 100k tables; start-up time (fresh and with 100k tables).
//!
//! `cargo bench -p ometa --bench server_load` (set `OMETA_BENCH_TABLES` to change 100000).

mod support;

use std::time::Instant;

use serde_json::{Value, json};
use support::{rss_mb, run, start};

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
    support::schema(&http, &url, &token).await;

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
