//! The entity commands of the `ometa` binary against a real `ometa serve`, including bad
//! input: unknown type, unknown entity, malformed files, an unreachable server.

mod common;

use std::io::Write;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    host: String,
    token: String,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (child, url) = common::serve(dir.path());
    let token = std::fs::read_to_string(dir.path().join("tokens/admin.jwt")).unwrap();
    Server {
        child,
        host: format!("{url}/api"),
        token: token.trim().to_string(),
        dir,
    }
}

impl Server {
    /// Runs `ometa ARGS` with the server in the environment; returns (code, stdout, stderr).
    fn run(&self, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ometa"));
        cmd.args(args)
            .env("OPENMETADATA_HOST", &self.host)
            .env("OPENMETADATA_JWT_TOKEN", &self.token)
            .env("OMETA_CONFIG", self.dir.path().join("no-config.yaml"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
        drop(input);
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn json(&self, args: &[&str], stdin: Option<&str>) -> Value {
        let (code, out, err) = self.run(args, stdin);
        assert_eq!(code, 0, "ometa {args:?}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }

    fn setup(&self) {
        self.json(
            &["put", "databaseService", "-", "-o", "json"],
            Some(r#"{"name": "svc", "serviceType": "Mysql"}"#),
        );
        self.json(
            &["put", "database", "-", "-o", "json"],
            Some("name: db\nservice: svc\n"),
        );
        self.json(
            &["put", "databaseSchema", "-", "-o", "json"],
            Some(r#"{"name": "s", "database": "svc.db"}"#),
        );
    }
}

fn table_request(name: &str) -> String {
    format!(
        r#"{{"name": "{name}", "databaseSchema": "svc.db.s", "columns": [{{"name": "id", "dataType": "BIGINT"}}]}}"#
    )
}

#[test]
fn put_get_list_patch_versions_delete_restore() {
    let s = start();
    s.setup();
    let docs = format!(
        "{}\n{}\n",
        table_request("orders"),
        table_request("customers")
    );
    let written = s.json(&["put", "table", "-", "-o", "json"], Some(&docs));
    assert_eq!(written.as_array().unwrap().len(), 2);

    let t = s.json(
        &[
            "get",
            "table",
            "svc.db.s.orders",
            "--fields",
            "owners,tags",
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(t["fullyQualifiedName"], "svc.db.s.orders");
    assert_eq!(t["owners"], serde_json::json!([]));
    let by_id = s.json(
        &["get", "table", t["id"].as_str().unwrap(), "-o", "json"],
        None,
    );
    assert_eq!(by_id["name"], "orders");

    let (code, out, _) = s.run(
        &[
            "list",
            "table",
            "--database-schema",
            "svc.db.s",
            "-o",
            "table",
        ],
        None,
    );
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("NAME") && lines[0].contains("FQN"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("customers ") && lines[2].starts_with("orders "),
        "{out}"
    );
    let (code, out, _) = s.run(
        &["list", "table", "--all", "--limit", "1", "-o", "ndjson"],
        None,
    );
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().count(),
        2,
        "every page, one entity per line: {out}"
    );
    let (code, yaml, _) = s.run(&["list", "table", "--limit", "1", "-o", "yaml"], None);
    assert_eq!(code, 0);
    assert!(
        yaml.starts_with("- ") && yaml.contains("\n  name: customers\n"),
        "{yaml}"
    );

    let patched = s.json(
        &[
            "patch",
            "table",
            "svc.db.s.orders",
            "--set",
            "description=One row per order",
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(patched["description"], "One row per order");
    assert_eq!(patched["version"], 0.2);
    let ops = r#"[{"op": "add", "path": "/displayName", "value": "Orders"}]"#;
    let patched = s.json(
        &["patch", "table", "svc.db.s.orders", "-f", "-", "-o", "json"],
        Some(ops),
    );
    assert_eq!(patched["displayName"], "Orders");

    let (code, out, _) = s.run(
        &["versions", "table", "svc.db.s.orders", "-o", "table"],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("0.3") && out.contains("+displayName") && out.contains("+description"),
        "{out}"
    );
    let diff = s.json(
        &[
            "versions",
            "table",
            "svc.db.s.orders",
            "--diff",
            "0.1",
            "0.2",
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(
        diff,
        serde_json::json!([{"op": "add", "path": "/description", "value": "One row per order"}])
    );

    let (code, _, err) = s.run(&["delete", "table", "svc.db.s.orders"], None);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = s.run(&["get", "table", "svc.db.s.orders"], None);
    assert_eq!(code, 3, "a soft-deleted table is not found by default");
    let t = s.json(
        &[
            "get",
            "table",
            "svc.db.s.orders",
            "--include",
            "all",
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(t["deleted"], true);
    let restored = s.json(&["restore", "table", "svc.db.s.orders", "-o", "json"], None);
    assert_eq!(restored["deleted"], false);
    let (code, _, _) = s.run(&["delete", "databaseSchema", "svc.db.s", "--hard"], None);
    assert_eq!(
        code, 2,
        "a schema with tables needs --recursive (the server says 400)"
    );
    let (code, _, _) = s.run(
        &[
            "delete",
            "databaseSchema",
            "svc.db.s",
            "--hard",
            "--recursive",
        ],
        None,
    );
    assert_eq!(code, 0);
    let (code, _, _) = s.run(
        &["get", "table", "svc.db.s.customers", "--include", "all"],
        None,
    );
    assert_eq!(code, 3);
}

#[test]
fn bad_input_gets_one_line_and_its_exit_code() {
    let s = start();
    s.setup();
    let cases: &[(&[&str], Option<&str>, i32, &str)] = &[
        (
            &["get", "tablez", "x"],
            None,
            2,
            "unknown entity type `tablez`",
        ),
        (
            &["get", "table", "no.such.table"],
            None,
            3,
            "table no.such.table not found",
        ),
        (
            &["put", "table", "-"],
            Some("{\"name\": "),
            2,
            "stdin: not valid JSON",
        ),
        (
            &["put", "table", "-"],
            Some(r#"{"name": "t", "databaseSchema": "svc.db.s", "columns": [], "colour": 1}"#),
            2,
            "Unrecognized field \"colour\"",
        ),
        (
            &["put", "table", "-"],
            Some(r#"{"name": "t", "databaseSchema": "no.such", "columns": []}"#),
            3,
            "not found",
        ),
        (
            &["put", "table", "/no/such/file.json"],
            None,
            2,
            "cannot read /no/such/file.json",
        ),
        (&["patch", "table", "svc.db.s"], None, 2, "nothing to patch"),
        (
            &["patch", "databaseSchema", "svc.db.s", "--set", "nonsense"],
            None,
            2,
            "expected FIELD=VALUE",
        ),
        (
            &["patch", "databaseSchema", "svc.db.s", "-f", "-"],
            Some(r#"[{"op": "test", "path": "/name", "value": "other"}]"#),
            2,
            "HTTP 400",
        ),
        (
            &["list", "table", "--filter", "service"],
            None,
            2,
            "--filter expects NAME=VALUE",
        ),
        (
            &[
                "versions",
                "databaseSchema",
                "svc.db.s",
                "--diff",
                "0.1",
                "9.9",
            ],
            None,
            3,
            "has no version 9.9",
        ),
    ];
    for (args, stdin, code, needle) in cases {
        let (got, out, err) = s.run(args, *stdin);
        assert_eq!(got, *code, "ometa {args:?}: {out}{err}");
        assert!(err.contains(needle), "ometa {args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn unreachable_server_and_config_file() {
    let s = start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/api", listener.local_addr().unwrap());
    drop(listener);
    let (code, _, err) = s.run(&["--host", &dead, "list", "table"], None);
    assert_eq!(code, 4, "{err}");
    assert!(err.starts_with("ometa list: transport error"), "{err}");

    let config = s.dir.path().join("config.yaml");
    std::fs::write(&config, format!("host: {}\ntoken: {}\n", s.host, s.token)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ometa"))
        .args(["list", "databaseService", "-o", "json"])
        .env_remove("OPENMETADATA_HOST")
        .env_remove("OPENMETADATA_JWT_TOKEN")
        .env("OMETA_CONFIG", &config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(listed.is_array());

    std::fs::write(&config, "host: [unclosed\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ometa"))
        .args(["list", "table"])
        .env_remove("OPENMETADATA_HOST")
        .env_remove("OPENMETADATA_JWT_TOKEN")
        .env("OMETA_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config file"));
}

#[test]
fn import_is_safe_to_rerun_and_reports_failures_then_export_writes_ndjson() {
    let s = start();
    s.setup();
    let dir = s.dir.path().join("batch");
    std::fs::create_dir(&dir).unwrap();
    let lines: String = (0..50)
        .map(|i| table_request(&format!("t{i:02}")) + "\n")
        .collect();
    std::fs::write(dir.join("a.ndjson"), lines).unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        "name: from_yaml\ndatabaseSchema: svc.db.s\ncolumns: []\n",
    )
    .unwrap();
    std::fs::write(dir.join("ignored.txt"), "not read").unwrap();
    let dir_arg = dir.to_str().unwrap();
    for _ in 0..2 {
        let (code, _, err) = s.run(&["import", "table", dir_arg, "--concurrency", "4"], None);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("imported 51 of 51 table"), "{err}");
    }
    std::fs::write(
        dir.join("c.ndjson"),
        format!(
            "{}\n{{\"name\": \"bad\", \"databaseSchema\": \"nope.nope\", \"columns\": []}}\n",
            table_request("ok2")
        ),
    )
    .unwrap();
    let (code, _, err) = s.run(&["import", "table", dir_arg], None);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("imported 52 of 53 table"), "{err}");
    assert!(err.contains("c.ndjson:2: not found"), "{err}");

    let out = s.dir.path().join("export.ndjson");
    let (code, _, err) = s.run(
        &[
            "export",
            "table",
            "--to",
            out.to_str().unwrap(),
            "--fields",
            "owners",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 52);
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["owners"], serde_json::json!([]));
    let (code, stdout, _) = s.run(&["export", "databaseService"], None);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::new(env!("CARGO_BIN_EXE_ometa"))
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("import"),
            "{shell}"
        );
    }
}

#[test]
fn lineage_show_add_delete_sql_and_search() {
    let s = start();
    s.setup();
    let docs: String = ["raw", "orders", "revenue"]
        .iter()
        .map(|t| table_request(t) + "\n")
        .collect();
    s.json(&["put", "table", "-", "-o", "json"], Some(&docs));
    let (code, _, err) = s.run(
        &[
            "lineage",
            "add",
            "--from",
            "table:svc.db.s.raw",
            "--to",
            "table:svc.db.s.orders",
            "--description",
            "copy",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let report = s.json(
        &["lineage", "sql", "-", "--service", "svc", "--database", "db", "-o", "json"],
        Some("INSERT INTO s.revenue (id) SELECT o.id FROM s.orders o JOIN s.nowhere n ON n.id = o.id"),
    );
    assert_eq!(
        report["edges"][0],
        serde_json::json!({"from": "svc.db.s.orders", "to": "svc.db.s.revenue"})
    );
    assert_eq!(report["unresolved"][0], "s.nowhere");
    let (code, tree, _) = s.run(
        &["lineage", "show", "table", "svc.db.s.orders", "-o", "table"],
        None,
    );
    assert_eq!(code, 0);
    assert_eq!(
        tree,
        "svc.db.s.orders (table)\nupstream:\n    └── svc.db.s.raw (table)\ndownstream:\n    └── svc.db.s.revenue (table)  [1 column mappings]\n"
    );
    let graph = s.json(
        &[
            "lineage",
            "show",
            "table",
            "svc.db.s.revenue",
            "--upstream",
            "2",
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(graph["upstreamEdges"].as_array().unwrap().len(), 2);
    let (code, _, _) = s.run(
        &[
            "lineage",
            "delete",
            "--from",
            "table:svc.db.s.raw",
            "--to",
            "table:svc.db.s.orders",
        ],
        None,
    );
    assert_eq!(code, 0);
    let (code, _, err) = s.run(
        &[
            "lineage",
            "delete",
            "--from",
            "table:svc.db.s.raw",
            "--to",
            "table:svc.db.s.orders",
        ],
        None,
    );
    assert_eq!(code, 3, "{err}");
    let (code, _, err) = s.run(
        &["lineage", "add", "--from", "raw", "--to", "table:x"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("expected TYPE:FQN"), "{err}");
    let (code, _, err) = s.run(
        &[
            "lineage",
            "sql",
            "-",
            "--service",
            "svc",
            "--dialect",
            "cobol",
        ],
        Some("SELECT 1"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown SQL dialect cobol"), "{err}");

    let hits = s.json(
        &[
            "search",
            "orders OR revenue",
            "--index",
            "table",
            "-o",
            "json",
        ],
        None,
    );
    let mut names: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["orders", "revenue"]);
    let (code, out, _) = s.run(
        &[
            "search", "*", "--index", "table", "--all", "--size", "1", "-o", "ndjson",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 3);
    let filter = r#"{"term": {"name.keyword": "raw"}}"#;
    let hits = s.json(
        &["search", "*", "--filter-json", filter, "-o", "json"],
        None,
    );
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let (code, _, err) = s.run(&["search", "(oops"], None);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = s.run(&["search", "x", "--filter-json", "{"], None);
    assert_eq!(code, 2, "{err}");
}
