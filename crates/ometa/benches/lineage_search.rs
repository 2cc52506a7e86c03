//! Lineage and search benchmark of `ometa serve` (bounded, loopback only): indexing
//! throughput (every write is searchable when acknowledged), search p50/p99 for a query
//! string and for a filtered query over 100k tables, lineage insert throughput and graph
//! queries at depth 1 and 3 over 100k edges.
//!
//! `cargo bench -p ometa --bench lineage_search` (set `OMETA_BENCH_TABLES` to change 100000).

mod support;

use std::time::Instant;

use serde_json::json;
use support::{run, start};

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let tables: usize = std::env::var("OMETA_BENCH_TABLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (server, _) = start(dir.path());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(128)
        .build()
        .unwrap();
    let (url, token) = (server.url.clone(), server.token.clone());
    support::schema(&http, &url, &token).await;

    let began = Instant::now();
    let (u, t) = (url.clone(), token.clone());
    let fill = run(&http, 64, tables, move |h, i| {
        let mut body = json!({
            "name": format!("t{i:07}"),
            "databaseSchema": "svc.db.s",
            "description": format!("Orders of region{} for week {}", i % 10, i % 52),
            "columns": [{"name": "id", "dataType": "BIGINT"}, {"name": "amount", "dataType": "DECIMAL"}]
        });
        if i % 10 == 0 {
            body["tags"] = json!([{"tagFQN": "Tier.Tier1", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]);
        }
        h.put(format!("{u}/api/v1/tables")).bearer_auth(&t).json(&body)
    })
    .await;
    println!(
        "indexing: {tables} tables written and indexed in {:.1} s ({:.0}/s at concurrency 64, p50 {:.2} ms, p99 {:.2} ms)",
        began.elapsed().as_secs_f64(),
        fill.per_sec,
        fill.p50_ms,
        fill.p99_ms
    );

    println!("\n| query | matches | requests | p50 ms | p99 ms |\n|---|---|---|---|---|");
    let filter = json!({"bool": {"must": [
        {"term": {"service.name.keyword": "svc"}},
        {"term": {"tier.tagFQN": "Tier.Tier1"}}
    ]}});
    let queries = [
        (
            "q=region7 (score order)",
            "q=region7&index=table_search_index&size=10".to_string(),
            tables / 10,
        ),
        (
            "q=t0012345 (one table)",
            "q=t0012345&index=table_search_index&size=10".to_string(),
            1,
        ),
        (
            "query_filter service + tier, by FQN desc",
            format!(
                "q=&index=table_search_index&size=10&sort_field=fullyQualifiedName&sort_order=desc&query_filter={}",
                enc(&filter.to_string())
            ),
            tables / 10,
        ),
        (
            "q=region7 AND NOT description:5 (checked per document)",
            format!(
                "q={}&index=table_search_index&size=10",
                enc("region7 AND NOT description:5")
            ),
            tables / 10,
        ),
    ];
    for (label, query, matches) in queries {
        let (u, t) = (url.clone(), token.clone());
        // Queries checked document by document read every candidate: fewer requests.
        let n = if label.contains("per document") {
            20
        } else {
            200
        };
        let r = run(&http, 1, n, move |h, _| {
            h.get(format!("{u}/api/v1/search/query?{query}"))
                .bearer_auth(&t)
        })
        .await;
        println!(
            "| {label} | ~{matches} | {n} | {:.2} | {:.2} |",
            r.p50_ms, r.p99_ms
        );
    }

    let edges = tables;
    let sources = tables / 2;
    let began = Instant::now();
    let (u, t) = (url.clone(), token.clone());
    let added = run(&http, 64, edges, move |h, i| {
        let from = i % sources;
        let to = (from * 2 + 1 + i / sources) % tables;
        let path = format!("table/name/svc.db.s.t{from:07}/table/name/svc.db.s.t{to:07}");
        h.put(format!("{u}/api/v1/lineage/{path}"))
            .bearer_auth(&t)
            .json(&json!({}))
    })
    .await;
    println!(
        "\nlineage: {edges} edges added in {:.1} s ({:.0}/s at concurrency 64)",
        began.elapsed().as_secs_f64(),
        added.per_sec
    );
    println!("\n| lineage graph | requests | p50 ms | p99 ms |\n|---|---|---|---|");
    for depth in [1, 3] {
        let (u, t) = (url.clone(), token.clone());
        let r = run(&http, 1, 500, move |h, i| {
            let node = (i * 7919) % sources;
            h.get(format!(
                "{u}/api/v1/lineage/table/name/svc.db.s.t{node:07}?upstreamDepth={depth}&downstreamDepth={depth}"
            ))
            .bearer_auth(&t)
        })
        .await;
        println!(
            "| depth {depth} up and down | 500 | {:.2} | {:.2} |",
            r.p50_ms, r.p99_ms
        );
    }
    drop(server);
}
