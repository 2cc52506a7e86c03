//! HTTP-level behaviour of `ometa-server`, against a real in-process server.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[tokio::test]
async fn version_is_public_and_everything_else_needs_a_token() {
    let api = Api::start().await;
    let (status, v) = api
        .call_as(None, Method::GET, "/system/version", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["version"], "2.0.7");
    let (status, v) = api.call_as(None, Method::GET, "/tables", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(v["code"], 401);
    let (status, _) = api
        .call_as(Some("not.a.token"), Method::GET, "/tables", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    api.server.shutdown().await;
}

#[tokio::test]
async fn create_builds_fqn_references_version_and_href() {
    let api = Api::start().await;
    let schema = api.schema().await;
    assert_eq!(schema, "mysql_prod.sales.public");
    let (status, t) = api.call(Method::PUT, "/tables", Some(json!({
        "name": "orders", "databaseSchema": schema, "columns": [{"name": "id", "dataType": "BIGINT"}]
    }))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(t["fullyQualifiedName"], "mysql_prod.sales.public.orders");
    assert_eq!(t["version"], 0.1);
    assert_eq!(t["databaseSchema"]["type"], "databaseSchema");
    assert_eq!(
        t["databaseSchema"]["fullyQualifiedName"],
        "mysql_prod.sales.public"
    );
    assert_eq!(t["database"]["fullyQualifiedName"], "mysql_prod.sales");
    assert_eq!(t["service"]["name"], "mysql_prod");
    assert_eq!(t["serviceType"], "Mysql");
    assert_eq!(t["owners"], json!([]));
    assert_eq!(t["updatedBy"], "admin");
    let id = t["id"].as_str().unwrap();
    assert!(
        t["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/tables/{id}"))
    );
    let (status, again) = api.call(Method::PUT, "/tables", Some(json!({
        "name": "orders", "databaseSchema": schema, "description": "Orders.", "columns": [{"name": "id", "dataType": "BIGINT"}]
    }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], t["id"], "an upsert keeps the id");
    assert_eq!(again["version"], 0.2);
    assert_eq!(
        again["changeDescription"]["fieldsAdded"][0]["name"],
        "description"
    );
    let nested = json!({
        "name": "orders", "databaseSchema": schema, "description": "Orders.", "columns": [
            {"name": "id", "dataType": "BIGINT"},
            {"name": "address", "dataType": "STRUCT", "children": [{"name": "city", "dataType": "VARCHAR", "dataLength": 9}]}
        ]
    });
    let (_, grown) = api.call(Method::PUT, "/tables", Some(nested.clone())).await;
    assert_eq!(grown["version"], 0.3);
    for _ in 0..2 {
        let (status, same) = api.call(Method::PUT, "/tables", Some(nested.clone())).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(same["version"], 0.3, "the same request again is no change");
        assert_eq!(same["changeDescription"], grown["changeDescription"]);
    }
    let (status, e) = api
        .call(
            Method::POST,
            "/tables",
            Some(json!({
                "name": "orders", "databaseSchema": schema, "columns": []
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{e}");
    api.server.shutdown().await;
}

#[tokio::test]
async fn names_with_dots_slashes_and_spaces_travel_as_one_segment() {
    let api = Api::start().await;
    let schema = api.schema().await;
    for name in ["foo.bar/baz", "Pipeline/Name (test)", "a:b&c d"] {
        let t = api.table(&schema, name).await;
        let fqn = t["fullyQualifiedName"].as_str().unwrap().to_string();
        if name.contains('.') {
            assert_eq!(fqn, format!("{schema}.\"{name}\""));
        }
        let got = api
            .ok(Method::GET, &format!("/tables/name/{}", enc(&fqn)), None)
            .await;
        assert_eq!(got["id"], t["id"]);
    }
    api.server.shutdown().await;
}

#[tokio::test]
async fn reads_return_requested_fields_only_with_etag() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let resp = api
        .http
        .get(format!("{}/api/v1/tables/{id}", api.server.base_url))
        .bearer_auth(&api.server.admin_token)
        .send()
        .await
        .unwrap();
    // EntityETag.generateETag: the first 16 hex digits of SHA-256("<version>-<updatedAt>"),
    // quoted (strong).
    let tag = resp.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(tag.len(), 18, "{tag}");
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
    assert!(tag[1..17].chars().all(|c| c.is_ascii_hexdigit()), "{tag}");
    let plain: Value = resp.json().await.unwrap();
    assert!(plain.get("owners").is_none());
    let with = api
        .ok(
            Method::GET,
            &format!("/tables/{id}?fields=owners,tags"),
            None,
        )
        .await;
    assert_eq!(with["owners"], json!([]));
    let (status, e) = api
        .call(Method::GET, "/tables/name/something.made.up", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        e["message"],
        "table instance for something.made.up not found"
    );
    api.server.shutdown().await;
}

#[tokio::test]
async fn owners_are_inherited_from_the_schema() {
    let api = Api::start().await;
    let schema = api.schema().await;
    // Only a team of type Group may own (EntityRepository.validateOwners).
    let team = api
        .ok(
            Method::PUT,
            "/teams",
            Some(json!({"name": "data-eng", "teamType": "Group"})),
        )
        .await;
    api.ok(Method::PUT, "/databaseSchemas", Some(json!({
        "name": "public", "database": "mysql_prod.sales", "owners": [{"id": team["id"], "type": "team"}]
    }))).await;
    let t = api.table(&schema, "orders").await;
    let got = api
        .ok(
            Method::GET,
            &format!("/tables/{}?fields=owners", t["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(got["owners"][0]["name"], "data-eng");
    assert_eq!(got["owners"][0]["inherited"], true);
    api.server.shutdown().await;
}

#[tokio::test]
async fn list_pages_with_stable_cursors_and_filters() {
    let api = Api::start().await;
    let schema = api.schema().await;
    for i in 0..5 {
        api.table(&schema, &format!("t{i}")).await;
    }
    let p1 = api
        .ok(
            Method::GET,
            "/tables?limit=2&database=mysql_prod.sales",
            None,
        )
        .await;
    assert_eq!(p1["paging"]["total"], 5);
    assert_eq!(p1["data"].as_array().unwrap().len(), 2);
    assert!(p1["paging"].get("before").is_none());
    let after = p1["paging"]["after"].as_str().unwrap();
    let p2 = api
        .ok(
            Method::GET,
            &format!("/tables?limit=2&database=mysql_prod.sales&after={after}"),
            None,
        )
        .await;
    assert_eq!(p2["data"][0]["name"], "t2");
    let before = p2["paging"]["before"].as_str().unwrap();
    let back = api
        .ok(
            Method::GET,
            &format!("/tables?limit=2&database=mysql_prod.sales&before={before}"),
            None,
        )
        .await;
    assert_eq!(back["data"], p1["data"], "before of page 2 is page 1");
    let none = api.ok(Method::GET, "/tables?database=other.db", None).await;
    assert_eq!(none["paging"]["total"], 0);
    let (status, _) = api.call(Method::GET, "/tables?limit=-1", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api.call(Method::GET, "/tables?after=%%%", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.server.shutdown().await;
}

#[tokio::test]
async fn patch_is_strict_and_honours_if_match() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let ops = json!([
        {"op": "add", "path": "/description", "value": "Orders."},
        {"op": "add", "path": "/columns/1/description", "value": "State."},
        {"op": "add", "path": "/tags", "value": [{"tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]}
    ]);
    let resp = api
        .http
        .patch(format!("{}/api/v1/tables/{id}", api.server.base_url))
        .bearer_auth(&api.server.admin_token)
        .header("If-Match", "W/\"0.1\"")
        .header("Content-Type", "application/json-patch+json")
        .body(ops.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let patched: Value = resp.json().await.unwrap();
    assert_eq!(patched["description"], "Orders.");
    assert_eq!(patched["columns"][1]["description"], "State.");
    assert_eq!(patched["version"], 0.2);
    let stale = api
        .http
        .patch(format!("{}/api/v1/tables/{id}", api.server.base_url))
        .bearer_auth(&api.server.admin_token)
        .header("If-Match", "W/\"0.1\"")
        .body(json!([{"op": "add", "path": "/description", "value": "x"}]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let (status, _) = api
        .call(
            Method::PATCH,
            &format!("/tables/{id}"),
            Some(json!([{"op": "test", "path": "/description", "value": "nope"}])),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .call(
            Method::PATCH,
            &format!("/tables/{id}"),
            Some(json!([{"op": "remove", "path": "/nothing/here"}])),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .call(
            Method::PATCH,
            "/tables/00000000-0000-0000-0000-000000000000",
            Some(json!([])),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let v = api
        .ok(Method::GET, &format!("/tables/{id}/versions"), None)
        .await;
    assert_eq!(v["entityType"], "table");
    assert_eq!(v["versions"].as_array().unwrap().len(), 2);
    let latest: Value = serde_json::from_str(v["versions"][0].as_str().unwrap()).unwrap();
    assert_eq!(latest["version"], 0.2);
    let first = api
        .ok(Method::GET, &format!("/tables/{id}/versions/0.1"), None)
        .await;
    assert_eq!(first["version"], 0.1);
    assert!(first.get("description").is_none());
    api.server.shutdown().await;
}

#[tokio::test]
async fn soft_delete_restore_and_recursive_hard_delete() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let t = api.table(&schema, "orders").await;
    let id = t["id"].as_str().unwrap();
    let (status, _) = api
        .call(Method::PUT, "/tables/restore", Some(json!({"id": id})))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "restoring an active entity fails"
    );
    api.ok(Method::DELETE, &format!("/tables/{id}"), None).await;
    let (status, _) = api.call(Method::GET, &format!("/tables/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let deleted = api
        .ok(
            Method::GET,
            &format!("/tables/{id}?include=all&fields=*"),
            None,
        )
        .await;
    assert_eq!(deleted["deleted"], true);
    let restored = api
        .ok(Method::PUT, "/tables/restore", Some(json!({"id": id})))
        .await;
    assert_eq!(restored["deleted"], false);
    let (status, _) = api
        .call(
            Method::DELETE,
            "/services/databaseServices/name/mysql_prod?hardDelete=true",
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a non-empty service needs recursive"
    );
    api.ok(
        Method::DELETE,
        "/services/databaseServices/name/mysql_prod?hardDelete=true&recursive=true",
        None,
    )
    .await;
    let (status, _) = api
        .call(Method::GET, &format!("/tables/{id}?include=all"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the hard delete cascaded");
    let (status, _) = api
        .call(Method::PUT, "/tables/restore", Some(json!({"id": id})))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}

#[tokio::test]
async fn bad_input_gets_a_4xx_with_the_error_body() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let cases = [
        (
            json!({"name": "t", "databaseSchema": schema, "columns": [], "bogus": 1}),
            "Unrecognized field",
        ),
        (
            json!({"name": "t", "databaseSchema": schema, "columns": [{"name": "c", "dataType": "QUANTUM"}]}),
            "QUANTUM",
        ),
        (json!({"databaseSchema": schema, "columns": []}), "name"),
        (
            json!({"name": "t", "databaseSchema": "no.such.schema", "columns": []}),
            "not found",
        ),
    ];
    for (body, needle) in cases {
        let (status, e) = api.call(Method::PUT, "/tables", Some(body)).await;
        assert!(status.is_client_error(), "{status} {e}");
        assert!(e["message"].as_str().unwrap().contains(needle), "{e}");
        assert_eq!(e["code"], status.as_u16());
    }
    let resp = api
        .http
        .put(format!("{}/api/v1/tables", api.server.base_url))
        .bearer_auth(&api.server.admin_token)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let big = "x".repeat(ometa_server::MAX_BODY_BYTES + 1);
    let resp = api
        .http
        .put(format!("{}/api/v1/tables", api.server.base_url))
        .bearer_auth(&api.server.admin_token)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let e: Value = resp.json().await.unwrap();
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("exceeds the maximum allowed")
    );
    api.server.shutdown().await;
}

#[tokio::test]
async fn secrets_are_masked_for_users_and_clear_for_bots() {
    let api = Api::start().await;
    api.schema().await;
    let admin = api
        .ok(
            Method::GET,
            "/services/databaseServices/name/mysql_prod",
            None,
        )
        .await;
    assert_eq!(
        admin["connection"]["config"]["authType"]["password"],
        "*********"
    );
    let bot = api.server.bot_token.clone();
    let (_, seen) = api
        .call_as(
            Some(&bot),
            Method::GET,
            "/services/databaseServices/name/mysql_prod",
            None,
        )
        .await;
    assert_eq!(
        seen["connection"]["config"]["authType"]["password"],
        "hunter2"
    );
    let user = api.ok(Method::GET, "/users/name/ingestion-bot", None).await;
    let mech = api
        .ok(
            Method::GET,
            &format!("/users/auth-mechanism/{}", user["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(mech["authType"], "JWT");
    let token = mech["config"]["JWTToken"].as_str().unwrap().to_string();
    let (status, _) = api
        .call_as(Some(&token), Method::GET, "/tables", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    api.server.shutdown().await;
}

#[tokio::test]
async fn seed_data_is_there() {
    let api = Api::start().await;
    for fqn in [
        "PII.Sensitive",
        "Tier.Tier2",
        "Certification.Bronze",
        "PersonalData.Personal",
    ] {
        api.ok(Method::GET, &format!("/tags/name/{fqn}"), None)
            .await;
    }
    let tiers = api.ok(Method::GET, "/tags?parent=Tier", None).await;
    assert_eq!(tiers["paging"]["total"], 5);
    api.ok(Method::GET, "/teams/name/Organization", None).await;
    let regex = api
        .ok(
            Method::GET,
            "/dataQuality/testDefinitions/name/columnValuesToMatchRegex",
            None,
        )
        .await;
    assert_eq!(regex["parameterDefinition"][0]["name"], "regex");
    api.ok(
        Method::GET,
        "/dataQuality/testDefinitions/name/tableRowCountToBeBetween",
        None,
    )
    .await;
    api.server.shutdown().await;
}

#[tokio::test]
async fn a_patch_may_not_leave_a_policy_without_rules() {
    let api = Api::start().await;
    let rule = |name: &str| {
        json!({"name": name, "effect": "allow", "condition": "isOwner()",
        "operations": ["EditAll"], "resources": ["table"]})
    };
    let policy = api
        .ok(
            Method::PUT,
            "/policies",
            Some(json!({"name": "owners", "rules": [rule("r1")]})),
        )
        .await;
    let path = format!("/policies/{}", policy["id"].as_str().unwrap());
    let (status, body) = api
        .call(
            Method::PATCH,
            &path,
            Some(json!([{"op": "remove", "path": "/rules/0"}])),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("rules"),
        "{body}"
    );
    let grown = api
        .ok(
            Method::PATCH,
            &path,
            Some(json!([{"op": "add", "path": "/rules/1", "value": rule("r2")}])),
        )
        .await;
    assert_eq!(grown["rules"][1]["name"], "r2");
    let shrunk = api
        .ok(
            Method::PATCH,
            &path,
            Some(json!([{"op": "remove", "path": "/rules/0"}])),
        )
        .await;
    assert_eq!(shrunk["rules"].as_array().unwrap().len(), 1);
    assert_eq!(shrunk["rules"][0]["name"], "r2");
}
