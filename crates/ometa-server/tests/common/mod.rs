//! The test client shared by the HTTP test files: a real in-process server and calls to it.

#![allow(dead_code)]

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

/// A running server and a client for it.
pub struct Api {
    pub server: ometa_server::ServerHandle,
    pub http: Client,
}

impl Api {
    pub async fn start() -> Self {
        let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory())
            .await
            .unwrap();
        Api {
            server,
            http: Client::new(),
        }
    }

    pub async fn call_as(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}/api/v1{path}", self.server.base_url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let token = self.server.admin_token.clone();
        self.call_as(Some(&token), method, path, body).await
    }

    pub async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, v) = self.call(method, path, body).await;
        assert!(status.is_success(), "{path}: {status} {v}");
        v
    }

    /// service → database → schema, returning the schema FQN.
    pub async fn schema(&self) -> String {
        self.ok(Method::PUT, "/services/databaseServices", Some(json!({
            "name": "mysql_prod", "serviceType": "Mysql",
            "connection": {"config": {"type": "Mysql", "username": "u", "authType": {"password": "hunter2"}, "hostPort": "localhost:3306"}}
        }))).await;
        self.ok(
            Method::PUT,
            "/databases",
            Some(json!({"name": "sales", "service": "mysql_prod"})),
        )
        .await;
        let s = self
            .ok(
                Method::PUT,
                "/databaseSchemas",
                Some(json!({"name": "public", "database": "mysql_prod.sales"})),
            )
            .await;
        s["fullyQualifiedName"].as_str().unwrap().to_string()
    }

    pub async fn table(&self, schema: &str, name: &str) -> Value {
        self.ok(Method::PUT, "/tables", Some(json!({
            "name": name, "databaseSchema": schema,
            "columns": [{"name": "id", "dataType": "BIGINT"}, {"name": "status", "dataType": "VARCHAR", "dataLength": 10}]
        }))).await
    }
}

pub fn enc(fqn: &str) -> String {
    percent_encode(fqn)
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
