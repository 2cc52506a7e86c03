//! The `ometa` binary, run as a user would.

mod common;

use std::process::Command;

fn ometa(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ometa"))
        .args(args)
        .env_remove("OPENMETADATA_HOST")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn demo_walks_the_core_flow_and_exits_0() {
    let (code, out, err) = ometa(&["demo"]);
    assert_eq!(code, 0, "{out}\n{err}");
    for needle in [
        "database service  demo_mysql",
        "schema            demo_mysql.shop.marketing",
        "table             demo_mysql.shop.sales.orders",
        "tags [\"Tier.Tier1\"], owners [\"admin\"]",
        "patched the description with If-Match: version 0.2",
        "version history of orders: 2 versions",
        "listed 4 tables",
        "restored it",
        "pipeline          demo_airflow.daily_revenue_etl (last run: Successful)",
        "lineage from SQL  demo_mysql.shop.sales.customers → demo_mysql.shop.sales.daily_revenue",
        "upstream of daily_revenue: 2 tables, 2 edges",
        "profile: 2 rows, 4 columns",
        "row_count_between: Success",
        "search 'revenue'  1 hits: demo_mysql.shop.sales.daily_revenue",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in:\n{out}");
    }
}

#[test]
fn demo_against_an_unreachable_server_fails_in_one_line() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let (code, out, err) = ometa(&[
        "demo",
        "--host",
        &format!("http://{addr}/api"),
        "--token",
        "t",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.starts_with("ometa demo: transport error"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn token_signs_for_a_data_dir_and_kinds_lists_routes() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = ometa(&[
        "token",
        "--data-dir",
        dir.path().to_str().unwrap(),
        "--user",
        "admin",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.trim().split('.').count(), 3, "a JWT: {out}");
    let (code, out, _) = ometa(&["kinds"]);
    assert_eq!(code, 0);
    assert!(out.contains("databaseService") && out.contains("/api/v1/services/databaseServices"));
}

#[test]
fn bad_usage_is_exit_2_with_help() {
    let (code, _, err) = ometa(&["serve", "--addr", "not-an-address"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value"), "{err}");
    let (code, _, _) = ometa(&["frobnicate"]);
    assert_eq!(code, 2);
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = common::serve(dir.path());
    assert!(url.starts_with("http://127.0.0.1:"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(code) = child.try_wait().unwrap() {
            assert!(code.success(), "exit status {code}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(dir.path().join("ometa.db").exists());
}
