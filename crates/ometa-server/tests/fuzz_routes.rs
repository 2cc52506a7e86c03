//! Malformed, huge and deeply nested input sent to every route of the server, for a fixed
//! time: no answer is a 5xx, no connection is dropped, and the server still answers after.
//!
//! The route table is read from the server's own source (every route literal, and every
//! `{base}` route expanded for each collection of `ENTITY_KINDS`), so a new route is fuzzed
//! without editing this file. The time budget is `OMETA_FUZZ_SECONDS` (default 30); the
//! generator is seeded (`OMETA_FUZZ_SEED`), so a failure can be replayed.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use reqwest::Method;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every route template of the server: the path literals of its source.
fn route_templates() -> Vec<String> {
    let mut files = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let collections: Vec<&str> = openmetadata_types::ENTITY_KINDS
        .iter()
        .map(|k| k.collection)
        .collect();
    let mut templates = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            let literal = literal.replace("{{", "{").replace("}}", "}");
            let shaped = literal
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/{}_.-".contains(c));
            if !shaped || literal.len() < 2 {
                continue;
            }
            if let Some(rest) = literal.strip_prefix("{base}") {
                for c in &collections {
                    templates.insert(format!("/{c}{rest}"));
                }
            } else if literal.starts_with('/') && !literal.starts_with("/api") {
                templates.insert(literal);
            }
        }
    }
    for c in &collections {
        templates.insert(format!("/{c}"));
    }
    templates.into_iter().collect()
}

/// Values for a path parameter: ids, names, and what is neither.
fn segment(rng: &mut Rng) -> String {
    let deep_fqn = vec!["a"; 5_000].join(".");
    let choices = [
        "00000000-0000-0000-0000-000000000000".to_string(),
        uuid::Uuid::new_v4().to_string(),
        "%22quoted.%22name%22".to_string(),
        "%25%25%25".to_string(),
        "x".repeat(20_000),
        deep_fqn,
        "%F0%9F%A6%80.%E2%80%AE".to_string(),
        "..%2F..%2Fetc%2Fpasswd".to_string(),
        "-1".to_string(),
        "1e309".to_string(),
        "%00".to_string(),
        "ingestion-bot".to_string(),
        "admin".to_string(),
        "Tier.Tier1".to_string(),
        "table".to_string(),
    ];
    rng.pick(&choices).clone()
}

/// Query strings: odd values for the parameters handlers read.
fn query(rng: &mut Rng) -> String {
    let parens = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
    let nested_dsl = format!(
        "{}{{}}{}",
        "{\"bool\":{\"must\":[".repeat(300),
        "]}}".repeat(300)
    );
    let choices = [
        String::new(),
        format!("q={}", parens(3_000)),
        format!("q={}", "NOT%20".repeat(4_000)),
        format!("q={}", "a%20OR%20".repeat(5_000)),
        "q=%22unterminated".to_string(),
        format!("query_filter={nested_dsl}"),
        "query_filter=%7B%22nope%22".to_string(),
        "limit=-1".to_string(),
        "limit=99999999999999999999".to_string(),
        "after=%%%&before=%%%".to_string(),
        "fields=owners,nope,%00,tags".to_string(),
        "include=sometimes".to_string(),
        "hardDelete=maybe&recursive=yes".to_string(),
        "startTs=x&endTs=-99999999999999999999".to_string(),
        "upstreamDepth=1000000&downstreamDepth=-3".to_string(),
        format!("date={}", "9".repeat(40)),
        format!("from={}&size=100000000", u64::MAX),
        format!("sort_field={}", "x".repeat(10_000)),
        "days=abc".to_string(),
    ];
    rng.pick(&choices).clone()
}

/// Bodies: not JSON, JSON of the wrong shape, deep, and large (made once).
fn body(rng: &mut Rng) -> (Bytes, &'static str, usize) {
    static BODIES: OnceLock<Vec<(Bytes, &'static str)>> = OnceLock::new();
    let choices = BODIES.get_or_init(bodies);
    let i = rng.below(choices.len());
    let (b, t) = &choices[i];
    (b.clone(), t, i)
}

fn bodies() -> Vec<(Bytes, &'static str)> {
    let json = "application/json";
    let choices: Vec<(Vec<u8>, &'static str)> = vec![
        (b"".to_vec(), json),
        (b"{".to_vec(), json),
        (b"\xff\xfe\x00garbage".to_vec(), json),
        (b"null".to_vec(), json),
        (b"[]".to_vec(), json),
        (b"12345678901234567890123456789".to_vec(), json),
        (
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            json,
        ),
        (
            format!("{}1{}", "{\"a\":".repeat(120), "}".repeat(120)).into_bytes(),
            json,
        ),
        (
            format!("{{\"name\": \"{}\"}}", "n".repeat(300_000)).into_bytes(),
            json,
        ),
        (
            br#"{"name": "x", "service": {"id": "not-a-uuid"}, "columns": [{"name": 1}]}"#.to_vec(),
            json,
        ),
        (
            br#"{"name": "", "databaseSchema": "", "columns": []}"#.to_vec(),
            json,
        ),
        (
            br#"{"name": "x\u0000y", "description": "<script>alert(1)</script>"}"#.to_vec(),
            json,
        ),
        (
            br#"[{"op": "add", "path": "/columns/99999999999999999999", "value": 1}]"#.to_vec(),
            "application/json-patch+json",
        ),
        (
            format!(
                r#"[{{"op": "add", "path": "{}", "value": 1}}]"#,
                "/a".repeat(10_000)
            )
            .into_bytes(),
            "application/json-patch+json",
        ),
        (
            br#"[{"op": "move", "from": "/id", "path": "/id/x"}]"#.to_vec(),
            "application/json-patch+json",
        ),
        (
            br#"[{"op": "replace", "path": "/isAdmin", "value": true}]"#.to_vec(),
            "application/json-patch+json",
        ),
        (
            br#"{"id": "00000000-0000-0000-0000-000000000000"}"#.to_vec(),
            json,
        ),
        (
            br#"{"edge": {"fromEntity": {"id": 1}, "toEntity": null}}"#.to_vec(),
            json,
        ),
        (br#"{"date": "2026-13-45", "count": -1}"#.to_vec(), json),
        (
            br#"{"timestamp": "yesterday", "testCaseStatus": "Maybe"}"#.to_vec(),
            json,
        ),
        (vec![b'a'; 17 * 1024 * 1024], "text/plain"),
    ];
    choices
        .into_iter()
        .map(|(b, t)| (Bytes::from(b), t))
        .collect()
}

fn fill(template: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for part in template.split('/').skip(1) {
        out.push('/');
        if part.starts_with('{') {
            out.push_str(&segment(rng));
        } else {
            out.push_str(part);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_input_to_any_route_gets_a_5xx_or_stops_the_server() {
    let seconds: u64 = std::env::var("OMETA_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("OMETA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x005e_ed0f_0e7a);
    let dir = tempfile::tempdir().unwrap();
    let server = ometa_server::spawn(ometa_server::ServerConfig::persistent(dir.path()))
        .await
        .unwrap();
    // A new connection per request: a server may close a connection whose oversized body
    // it refused without reading, and a pooled connection would then fail the next request.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let templates = route_templates();
    assert!(
        templates.len() > 500,
        "the route table: {} templates",
        templates.len()
    );
    let methods = [
        Method::GET,
        Method::PUT,
        Method::POST,
        Method::PATCH,
        Method::DELETE,
    ];
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rng = Rng(seed | 1);
    let (mut sent, mut rounds) = (0usize, 0usize);
    let mut failures = Vec::new();
    'fuzz: loop {
        for template in &templates {
            if Instant::now() > deadline && rounds > 0 {
                break 'fuzz;
            }
            let method = rng.pick(&methods).clone();
            let path = fill(template, &mut rng);
            let q = query(&mut rng);
            let url = format!("{}/api/v1{path}?{q}", server.base_url);
            let mut req = http.request(method.clone(), &url);
            if rng.below(10) > 0 {
                req = req.bearer_auth(&server.admin_token);
            }
            let mut sent_body = None;
            if method != Method::GET && method != Method::DELETE || rng.below(4) == 0 {
                let (b, content_type, i) = body(&mut rng);
                sent_body = Some((i, b.len()));
                req = req.header("Content-Type", content_type).body(b);
            }
            let short = |s: &str| s.chars().take(160).collect::<String>();
            sent += 1;
            match req.send().await {
                Ok(resp) if resp.status().is_server_error() => {
                    let status = resp.status();
                    let text = resp.text().await.unwrap_or_default();
                    failures.push(format!(
                        "{method} {template} ({}?{}) body {sent_body:?}: {status} {}",
                        short(&path),
                        short(&q),
                        short(&text)
                    ));
                }
                Ok(resp) => {
                    let _ = resp.bytes().await;
                }
                // An oversized body or a URI over HTTP's 64 KiB is refused (413, 414) before the
                // body is sent in full: the server answers and closes the connection while the
                // client is still writing.
                Err(_)
                    if sent_body.is_some_and(|(_, len)| len > ometa_server::MAX_BODY_BYTES)
                        || url.len() > 65_000 => {}
                Err(e) => failures.push(format!(
                    "{method} {template} ({}?{}) body {sent_body:?}: no answer: {}",
                    short(&path),
                    short(&q),
                    short(&format!("{e:?}"))
                )),
            }
            if failures.len() >= 20 {
                break 'fuzz;
            }
        }
        rounds += 1;
    }
    let alive = http
        .get(format!("{}/api/v1/system/version", server.base_url))
        .send()
        .await
        .expect("the server still answers");
    assert!(alive.status().is_success());
    println!(
        "fuzzed {sent} requests over {} route templates ({rounds} full rounds) in {seconds} s budget, seed {seed}: {} failures",
        templates.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    server.shutdown().await;
}
