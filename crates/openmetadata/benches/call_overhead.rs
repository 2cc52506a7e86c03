//! Per-call client overhead for a 50-column table: building the request, serializing it,
//! decoding the answer, and whole calls over loopback, each against a canned server (so the
//! server's own work is ~0) next to a bare `reqwest` call of the same bytes, and against a real
//! in-process `ometa-server`.
//!
//! Run: `cargo bench -p openmetadata --bench call_overhead`. Bounded: a few thousand calls.

use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use openmetadata::types::api::data::create_table::CreateTableRequest;
use openmetadata::types::entity::data::table::{Column, DataType, Table};
use openmetadata::{Auth, Config, GetParams, OpenMetadata, VersionCheck};

const CALLS: usize = 3_000;
const WARMUP: usize = 300;

fn request() -> CreateTableRequest {
    let columns = (0..50)
        .map(|i| {
            let mut c = Column::new(format!("column_{i}"), DataType::VARCHAR);
            c.data_length = Some(255);
            c.description = Some(format!("Column number {i} of the wide table.").into());
            c
        })
        .collect::<Vec<_>>();
    let mut r = CreateTableRequest::new("wide", columns, "svc.db.s");
    r.description = Some("A table with 50 columns.".into());
    r
}

/// Mean and percentiles of `f` over `n` runs, in microseconds.
struct Figures {
    mean: f64,
    p50: f64,
    p99: f64,
}

fn summarize(mut samples: Vec<Duration>) -> Figures {
    samples.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let total: Duration = samples.iter().sum();
    Figures {
        mean: us(total) / samples.len() as f64,
        p50: us(samples[samples.len() / 2]),
        p99: us(samples[samples.len() * 99 / 100]),
    }
}

fn measure_sync(mut f: impl FnMut()) -> Figures {
    for _ in 0..WARMUP {
        f();
    }
    summarize(
        (0..CALLS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

async fn measure<F: std::future::Future<Output = ()>>(mut f: impl FnMut() -> F) -> Figures {
    for _ in 0..WARMUP {
        f().await;
    }
    let mut samples = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let t = Instant::now();
        f().await;
        samples.push(t.elapsed());
    }
    summarize(samples)
}

fn row(what: &str, f: &Figures) {
    println!("| {what} | {:.1} | {:.1} | {:.1} |", f.mean, f.p50, f.p99);
}

/// A server that answers every GET and PUT on the table routes with `body`.
async fn canned(body: String) -> String {
    let answer = move || {
        let body = body.clone();
        async move { ([("content-type", "application/json")], body) }
    };
    let app = Router::new()
        .route("/api/v1/tables/name/{fqn}", get(answer.clone()))
        .route("/api/v1/tables", axum::routing::put(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::main]
async fn main() {
    let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory())
        .await
        .unwrap();
    let config = |url: &str, token: &str| {
        Config::new(format!("{url}/api"))
            .auth(Auth::Jwt(token.to_string()))
            .version_check(VersionCheck::Off)
    };
    let real = OpenMetadata::connect(config(&server.base_url, &server.admin_token))
        .await
        .unwrap();
    for (path, body) in [
        (
            "/services/databaseServices",
            r#"{"name":"svc","serviceType":"Mysql"}"#,
        ),
        ("/databases", r#"{"name":"db","service":"svc"}"#),
        ("/databaseSchemas", r#"{"name":"s","database":"svc.db"}"#),
    ] {
        real.raw(
            openmetadata::Method::PUT,
            path,
            Some(serde_json::from_str(body).unwrap()),
        )
        .await
        .unwrap();
    }
    let stored: Table = real.create_or_update(&request()).await.unwrap();
    let stored_json = serde_json::to_string(&stored).unwrap();
    let stored_bytes = bytes::Bytes::from(stored_json.clone());

    println!(
        "Per-call client overhead, 50-column table ({} bytes as JSON), {CALLS} calls each, microseconds:\n",
        stored_json.len()
    );
    println!("| step | mean | p50 | p99 |\n|---|---|---|---|");
    row(
        "build the create request",
        &measure_sync(|| drop(std::hint::black_box(request()))),
    );
    let req = request();
    row(
        "serialize the request",
        &measure_sync(|| drop(std::hint::black_box(serde_json::to_vec(&req).unwrap()))),
    );
    row(
        "decode the table",
        &measure_sync(|| {
            drop(std::hint::black_box(
                serde_json::from_slice::<Table>(&stored_bytes).unwrap(),
            ))
        }),
    );

    let canned_url = canned(stored_json.clone()).await;
    let bare = reqwest::Client::new();
    let bare_get = format!("{canned_url}/api/v1/tables/name/svc.db.s.wide");
    let raw_get = measure(|| {
        let f = bare.get(&bare_get).send();
        async move {
            std::hint::black_box(f.await.unwrap().bytes().await.unwrap());
        }
    })
    .await;
    row("bare reqwest GET, bytes only (canned server)", &raw_get);
    let sdk = OpenMetadata::new(config(&canned_url, "token")).unwrap();
    let sdk_get = measure(|| {
        let sdk = sdk.clone();
        async move {
            let t: Option<Table> = sdk
                .get_by_name("svc.db.s.wide", &GetParams::default())
                .await
                .unwrap();
            std::hint::black_box(t);
        }
    })
    .await;
    row("SDK get_by_name::<Table> (canned server)", &sdk_get);
    let sdk_put = measure(|| {
        let (sdk, req) = (sdk.clone(), req.clone());
        async move {
            std::hint::black_box(sdk.create_or_update(&req).await.unwrap());
        }
    })
    .await;
    row("SDK create_or_update (canned server)", &sdk_put);

    let real_get = measure(|| {
        let real = real.clone();
        async move {
            let t: Option<Table> = real
                .get_by_name("svc.db.s.wide", &GetParams::default())
                .await
                .unwrap();
            std::hint::black_box(t);
        }
    })
    .await;
    row("SDK get_by_name::<Table> (ometa-server)", &real_get);
    let real_put = measure(|| {
        let (real, req) = (real.clone(), req.clone());
        async move {
            std::hint::black_box(real.create_or_update(&req).await.unwrap());
        }
    })
    .await;
    row("SDK create_or_update, unchanged (ometa-server)", &real_put);
    println!(
        "\nSDK overhead over a bare GET of the same bytes: {:.1} µs per call (p50), {:.2}x",
        sdk_get.p50 - raw_get.p50,
        sdk_get.p50 / raw_get.p50
    );
    server.shutdown().await;
}
