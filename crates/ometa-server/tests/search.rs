//! Search over HTTP: the Elasticsearch-shaped answers the SDKs parse.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn q(s: &str) -> String {
    form(s)
}

fn form(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn names(r: &Value) -> Vec<String> {
    r["hits"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["_source"]["name"].as_str().unwrap().to_string())
        .collect()
}

async fn tables(api: &Api) -> String {
    let schema = api.schema().await;
    for i in 0..10 {
        let mut body = json!({"name": format!("t_{i}"), "databaseSchema": schema,
            "description": if i == 3 { "the revenue table" } else { "plain" },
            "columns": [{"name": "id", "dataType": "BIGINT"}]});
        if i % 2 == 0 {
            body["tags"] = json!([{"tagFQN": "Tier.Tier1", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]);
        }
        api.ok(Method::PUT, "/tables", Some(body)).await;
    }
    schema
}

#[tokio::test]
async fn query_filter_sort_and_search_after_page_through_everything() {
    let api = Api::start().await;
    tables(&api).await;
    let filter = json!({"query": {"bool": {"must": [
        {"term": {"service.name.keyword": "mysql_prod"}},
        {"term": {"tier.tagFQN": "Tier.Tier1"}}
    ]}}});
    let base = format!(
        "/search/query?q=&index=table_search_index&size=2&deleted=false&query_filter={}&sort_field=fullyQualifiedName",
        q(&filter.to_string())
    );
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let r = api
            .ok(Method::GET, &format!("{base}&sort_order=desc{after}"), None)
            .await;
        assert_eq!(r["hits"]["total"]["value"], 5);
        let hits = r["hits"]["hits"].as_array().unwrap().clone();
        if hits.is_empty() {
            break;
        }
        seen.extend(names(&r));
        let last = &hits.last().unwrap()["sort"];
        after = last
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                format!(
                    "&search_after={}",
                    q(v.as_str()
                        .map_or_else(|| v.to_string(), String::from)
                        .as_str())
                )
            })
            .collect();
    }
    assert_eq!(seen, ["t_8", "t_6", "t_4", "t_2", "t_0"]);
    let r = api
        .ok(Method::GET, &format!("{base}&sort_order=asc&size=5"), None)
        .await;
    assert_eq!(names(&r), ["t_0", "t_2", "t_4", "t_6", "t_8"]);
    let r = api.ok(Method::GET, &format!("/search/query?q=&index=table_search_index&size=10&query_filter={}&sort_field=_score", q(&filter.to_string())), None).await;
    assert_eq!(r["hits"]["hits"].as_array().unwrap().len(), 5);
    assert_eq!(r["hits"]["hits"][0]["_index"], "table_search_index");
    assert_eq!(r["_shards"]["failed"], 0);
    assert_eq!(r["timed_out"], false);
    api.server.shutdown().await;
}

#[tokio::test]
async fn query_strings_field_queries_and_read_your_writes() {
    let api = Api::start().await;
    let schema = tables(&api).await;
    let r = api
        .ok(
            Method::GET,
            "/search/query?q=revenue&index=table_search_index",
            None,
        )
        .await;
    assert_eq!(names(&r), ["t_3"]);
    let r = api
        .ok(
            Method::GET,
            &format!(
                "/search/query?q={}&index=table_search_index",
                q("revenue OR name:t_5")
            ),
            None,
        )
        .await;
    assert_eq!(r["hits"]["total"]["value"], 2);
    let r = api
        .ok(
            Method::GET,
            &format!(
                "/search/query?q={}&index=all&size=20",
                q("plain AND NOT tags.tagFQN:tier1")
            ),
            None,
        )
        .await;
    assert_eq!(r["hits"]["total"]["value"], 4, "odd tables except t_3");
    let r = api
        .ok(
            Method::GET,
            &format!(
                "/search/query?q={}&index=table_search_index&include_source_fields=name",
                q("\"revenue table\"")
            ),
            None,
        )
        .await;
    assert_eq!(r["hits"]["hits"][0]["_source"], json!({"name": "t_3"}));

    for pattern in [
        "mysql_prod.*.*.t_7",
        "mysql_prod.sales.*.t_7",
        "mysql_prod.sales.public.t_7",
    ] {
        let r = api.ok(Method::GET, &format!("/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue={pattern}&from=0&size=10&index=table_search_index&deleted=false"), None).await;
        assert_eq!(names(&r), ["t_7"], "{pattern}");
    }
    let r = api.ok(Method::GET, "/search/fieldQuery?fieldName=fullyQualifiedName&fieldValue=random&index=table_search_index", None).await;
    assert_eq!(r["hits"]["total"]["value"], 0);

    api.ok(
        Method::PUT,
        "/tables",
        Some(json!({"name": "fresh_one", "databaseSchema": schema, "columns": []})),
    )
    .await;
    let r = api
        .ok(
            Method::GET,
            "/search/query?q=fresh_one&index=table_search_index",
            None,
        )
        .await;
    assert_eq!(
        names(&r),
        ["fresh_one"],
        "a write is searchable when its response returns"
    );
    let id = r["hits"]["hits"][0]["_id"].as_str().unwrap().to_string();
    api.ok(Method::DELETE, &format!("/tables/{id}"), None).await;
    let r = api
        .ok(
            Method::GET,
            "/search/query?q=fresh_one&index=table_search_index&deleted=false",
            None,
        )
        .await;
    assert_eq!(r["hits"]["total"]["value"], 0);
    let r = api
        .ok(
            Method::GET,
            "/search/query?q=fresh_one&index=table_search_index&deleted=true",
            None,
        )
        .await;
    assert_eq!(r["hits"]["total"]["value"], 1);
    api.ok(
        Method::DELETE,
        &format!("/tables/{id}?hardDelete=true"),
        None,
    )
    .await;
    let r = api
        .ok(
            Method::GET,
            "/search/query?q=fresh_one&index=table_search_index",
            None,
        )
        .await;
    assert_eq!(r["hits"]["total"]["value"], 0);

    api.ok(Method::POST, "/users", Some(json!({"name": "random.user.es", "email": "random.user@example.com", "displayName": "Random User"}))).await;
    let r = api
        .ok(
            Method::GET,
            &format!(
                "/search/query?q={}&from=0&size=1&index=user_search_index",
                q("email.keyword:random.user@example.com")
            ),
            None,
        )
        .await;
    assert_eq!(names(&r), ["random.user.es"]);
    let by_name = json!({"query": {"query_string": {"query": "Random User Es AND isBot:false", "fields": ["name", "displayName"], "default_operator": "AND"}}});
    let r = api
        .ok(
            Method::GET,
            &format!(
                "/search/query?query_filter={}&index=user_search_index",
                q(&by_name.to_string())
            ),
            None,
        )
        .await;
    assert_eq!(names(&r), ["random.user.es"]);
    let _ = enc("x");
    api.server.shutdown().await;
}

#[tokio::test]
async fn bad_search_requests_are_400() {
    let api = Api::start().await;
    for path in [
        "/search/query?q=a&index=nope_search_index".to_string(),
        format!("/search/query?q={}", q("(unbalanced")),
        "/search/query?q=a&query_filter=%7Bnot-json".to_string(),
        format!(
            "/search/query?q=a&query_filter={}",
            q(&json!({"frobnicate": {}}).to_string())
        ),
        "/search/query?q=a&sort_order=sideways".to_string(),
        "/search/query?q=a&size=20000".to_string(),
        "/search/query?q=a&from=18446744073709551615&size=10".to_string(),
        "/search/query?q=a&from=x".to_string(),
        "/search/fieldQuery?fieldName=name".to_string(),
    ] {
        let (status, body) = api.call(Method::GET, &path, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["code"], 400);
    }
    api.server.shutdown().await;
}

/// Past 2,000 matches of one type, a page sorted by FQN or name comes from walking the type's
/// index in order rather than from sorting every match; both give the same pages.
#[tokio::test]
async fn many_matches_page_in_order_by_walking_the_index() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let n = 2_050;
    let bodies: Vec<Value> = (0..n)
        .map(|i| {
            json!({"name": format!("wide_{i:04}"), "databaseSchema": schema,
                "description": if i % 2 == 0 { "even region" } else { "odd region" },
                "columns": [{"name": "id", "dataType": "BIGINT"}]})
        })
        .collect();
    for chunk in bodies.chunks(500) {
        api.ok(Method::PUT, "/tables/bulk", Some(json!(chunk)))
            .await;
    }
    let deleted = api.table(&schema, "wide_2049").await;
    api.ok(
        Method::DELETE,
        &format!("/tables/{}", deleted["id"].as_str().unwrap()),
        None,
    )
    .await;
    let expected_desc: Vec<String> = (0..n - 1).rev().map(|i| format!("wide_{i:04}")).collect();

    for (sort, field) in [("fullyQualifiedName", "fqn"), ("name", "name")] {
        let base = format!(
            "/search/query?q=region&index=table_search_index&size=700&deleted=false&sort_field={sort}"
        );
        let mut seen = Vec::new();
        let mut after = String::new();
        loop {
            let page = api.ok(Method::GET, &format!("{base}{after}"), None).await;
            assert_eq!(page["hits"]["total"]["value"], n - 1, "{field}");
            let hits = page["hits"]["hits"].as_array().unwrap().clone();
            if hits.is_empty() {
                break;
            }
            seen.extend(names(&page));
            let sort = hits.last().unwrap()["sort"].as_array().unwrap().clone();
            after = format!(
                "&search_after={}&search_after={}",
                q(sort[0].as_str().unwrap()),
                q(sort[1].as_str().unwrap())
            );
        }
        assert_eq!(seen, expected_desc, "by {field}, descending");
        let asc = api
            .ok(
                Method::GET,
                &format!("{base}&sort_order=asc&from=10&size=3"),
                None,
            )
            .await;
        assert_eq!(names(&asc), ["wide_0010", "wide_0011", "wide_0012"]);
    }
    let gone = api
        .ok(
            Method::GET,
            "/search/query?q=region&index=table_search_index&deleted=true&sort_field=name",
            None,
        )
        .await;
    assert_eq!(names(&gone), ["wide_2049"]);
    let either = api
        .ok(
            Method::GET,
            "/search/query?q=region&index=table_search_index&sort_field=fullyQualifiedName&size=2",
            None,
        )
        .await;
    assert_eq!(either["hits"]["total"]["value"], n);
    assert_eq!(names(&either), ["wide_2049", "wide_2048"]);
    let evens = api
        .ok(
            Method::GET,
            "/search/query?q=even&index=table_search_index&deleted=false&sort_field=name&size=1",
            None,
        )
        .await;
    assert_eq!(evens["hits"]["total"]["value"], 1_025);
    assert_eq!(names(&evens), ["wide_2048"]);
}
