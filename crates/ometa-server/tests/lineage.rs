//! Lineage over HTTP: edges keyed by (from, to), details, graphs with depths, deletion.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn edge(from: &Value, from_type: &str, to: &Value, to_type: &str, details: Value) -> Value {
    json!({"edge": {
        "fromEntity": {"id": from["id"], "type": from_type},
        "toEntity": {"id": to["id"], "type": to_type},
        "lineageDetails": details
    }})
}

#[tokio::test]
async fn edges_are_unique_carry_details_and_form_graphs() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let a = api.table(&schema, "a").await;
    let b = api.table(&schema, "b").await;
    let c = api.table(&schema, "c").await;
    api.ok(
        Method::PUT,
        "/services/pipelineServices",
        Some(json!({"name": "airflow", "serviceType": "Airflow"})),
    )
    .await;
    let p = api
        .ok(
            Method::PUT,
            "/pipelines",
            Some(json!({"name": "etl", "service": "airflow"})),
        )
        .await;

    let (status, body) = api
        .call(
            Method::PUT,
            "/lineage",
            Some(edge(
                &a,
                "table",
                &b,
                "table",
                json!({"description": "first"}),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let details = json!({"pipeline": {"id": p["id"], "type": "pipeline"},
        "columnsLineage": [{"fromColumns": [format!("{schema}.a.id")], "toColumn": format!("{schema}.b.id")}]});
    api.ok(
        Method::PUT,
        "/lineage",
        Some(edge(&a, "table", &b, "table", details)),
    )
    .await;
    api.ok(
        Method::PUT,
        "/lineage",
        Some(edge(&b, "table", &c, "table", json!({}))),
    )
    .await;

    let ids = format!(
        "{}/{}",
        a["id"].as_str().unwrap(),
        b["id"].as_str().unwrap()
    );
    let e = api
        .ok(Method::GET, &format!("/lineage/getLineageEdge/{ids}"), None)
        .await;
    assert_eq!(e["edge"]["pipeline"]["name"], "etl");
    assert_eq!(e["edge"]["source"], "Manual");
    assert_eq!(e["edge"]["columnsLineage"].as_array().unwrap().len(), 1);
    assert_eq!(e["edge"]["createdBy"], "admin");

    let g = api
        .ok(
            Method::GET,
            &format!(
                "/lineage/table/{}?upstreamDepth=1&downstreamDepth=1",
                a["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(g["entity"]["id"], a["id"]);
    assert_eq!(
        g["downstreamEdges"].as_array().unwrap().len(),
        1,
        "one edge per (from, to): {g}"
    );
    assert_eq!(g["downstreamEdges"][0]["toEntity"], b["id"]);
    assert_eq!(g["nodes"].as_array().unwrap().len(), 1);
    let g = api
        .ok(
            Method::GET,
            &format!(
                "/lineage/table/name/{}?downstreamDepth=2",
                enc(&format!("{schema}.a"))
            ),
            None,
        )
        .await;
    assert_eq!(g["downstreamEdges"].as_array().unwrap().len(), 2);
    assert_eq!(g["nodes"].as_array().unwrap().len(), 2);
    let g = api
        .ok(
            Method::GET,
            &format!(
                "/lineage/table/name/{}?upstreamDepth=3",
                enc(&format!("{schema}.c"))
            ),
            None,
        )
        .await;
    assert_eq!(g["upstreamEdges"].as_array().unwrap().len(), 2);
    let (status, _) = api
        .call(
            Method::GET,
            &format!(
                "/lineage/table/name/{}?upstreamDepth=4",
                enc(&format!("{schema}.c"))
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let patched = api.ok(Method::PATCH, &format!("/lineage/table/{}/table/{}", a["id"].as_str().unwrap(), b["id"].as_str().unwrap()),
        Some(json!([{"op": "add", "path": "/sqlQuery", "value": "insert into b select * from a"}]))).await;
    assert_eq!(patched["sqlQuery"], "insert into b select * from a");
    assert_eq!(patched["pipeline"]["name"], "etl");
    let (status, _) = api
        .call(
            Method::PATCH,
            &format!(
                "/lineage/table/{}/table/{}",
                a["id"].as_str().unwrap(),
                b["id"].as_str().unwrap()
            ),
            Some(json!([{"op": "test", "path": "/sqlQuery", "value": "nope"}])),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let names = format!(
        "table/name/{}/table/name/{}",
        enc(&format!("{schema}.b")),
        enc(&format!("{schema}.c"))
    );
    let e = api
        .ok(
            Method::GET,
            &format!("/lineage/getLineageEdge/{names}"),
            None,
        )
        .await;
    assert_eq!(e["edge"]["source"], "Manual");
    api.ok(Method::DELETE, &format!("/lineage/{names}"), None)
        .await;
    let (status, _) = api
        .call(
            Method::GET,
            &format!("/lineage/getLineageEdge/{names}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.ok(
        Method::PUT,
        &format!("/lineage/{names}"),
        Some(json!({"description": "by name", "source": "QueryLineage"})),
    )
    .await;

    api.ok(
        Method::DELETE,
        &format!("/lineage/table/{}/type/Manual", b["id"].as_str().unwrap()),
        None,
    )
    .await;
    let g = api
        .ok(
            Method::GET,
            &format!("/lineage/table/{}", b["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(
        g["upstreamEdges"],
        json!([]),
        "the Manual edge a → b is gone"
    );
    assert_eq!(
        g["downstreamEdges"][0]["lineageDetails"]["source"],
        "QueryLineage"
    );

    api.ok(
        Method::DELETE,
        &format!("/tables/{}", c["id"].as_str().unwrap()),
        None,
    )
    .await;
    let g = api
        .ok(
            Method::GET,
            &format!("/lineage/table/{}", b["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(
        g["downstreamEdges"],
        json!([]),
        "a soft-deleted node is left out"
    );
    let g = api
        .ok(
            Method::GET,
            &format!(
                "/lineage/table/{}?includeDeleted=true",
                b["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(g["downstreamEdges"].as_array().unwrap().len(), 1);
    api.ok(
        Method::DELETE,
        &format!("/tables/{}?hardDelete=true", c["id"].as_str().unwrap()),
        None,
    )
    .await;
    let g = api
        .ok(
            Method::GET,
            &format!(
                "/lineage/table/{}?includeDeleted=true",
                b["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(
        g["downstreamEdges"],
        json!([]),
        "a hard delete removes the edges"
    );

    let (status, _) = api
        .call(
            Method::PUT,
            "/lineage",
            Some(edge(&a, "table", &a, "table", json!({}))),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = api
        .call(
            Method::PUT,
            "/lineage",
            Some(json!({"edge": {"fromEntity": {"id": a["id"], "type": "table"}}})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let ghost = json!({"id": "00000000-0000-4000-8000-000000000000"});
    let (status, _) = api
        .call(
            Method::PUT,
            "/lineage",
            Some(edge(&a, "table", &ghost, "table", json!({}))),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.server.shutdown().await;
}

#[tokio::test]
async fn ml_model_features_make_upstream_edges() {
    let api = Api::start().await;
    let schema = api.schema().await;
    let a = api.table(&schema, "a").await;
    let b = api.table(&schema, "b").await;
    api.ok(
        Method::PUT,
        "/services/mlmodelServices",
        Some(json!({"name": "mlflow", "serviceType": "Mlflow"})),
    )
    .await;
    let model = api.ok(Method::PUT, "/mlmodels", Some(json!({
        "name": "churn", "service": "mlflow", "algorithm": "xgboost",
        "mlFeatures": [
            {"name": "f1", "featureSources": [{"name": "s1", "dataSource": {"id": a["id"], "type": "table"}}]},
            {"name": "f2", "featureSources": [{"name": "s2", "dataSource": {"id": b["id"], "type": "table"}}, {"name": "s3"}]}
        ]
    }))).await;
    let g = api
        .ok(
            Method::GET,
            &format!("/lineage/mlmodel/{}", model["id"].as_str().unwrap()),
            None,
        )
        .await;
    let mut nodes: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    nodes.sort();
    assert_eq!(nodes, ["a", "b"]);
    assert_eq!(g["upstreamEdges"].as_array().unwrap().len(), 2);
    api.server.shutdown().await;
}
