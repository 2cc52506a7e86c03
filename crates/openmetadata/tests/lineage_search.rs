//! The lineage helpers of search against a real in-process `ometa-server`: processed queries
//! by checksum, the entities a query was used in, upstream ids from the search documents,
//! view definitions (incremental), the processed-lineage flag, aliases and container paths.

mod common;

use common::{put, schema, start, table};

use futures_util::TryStreamExt;
use openmetadata::types::entity::data::container::Container;
use openmetadata::types::entity::data::query::Query;
use openmetadata::types::entity::data::table::Table;
use openmetadata::{Node, TableView, fqn};
use serde_json::json;

#[tokio::test]
async fn processed_queries_are_found_by_checksum_with_their_tables() {
    use openmetadata::types::api::data::create_query::CreateQueryRequest;
    let (_server, om) = start().await;
    schema(&om).await;
    let orders = table(&om, json!({"name": "orders"})).await;
    let done_sql = "insert into orders select * from raw_orders";
    let todo_sql = "insert into orders select * from staging";
    let done: Query = put::<CreateQueryRequest>(
        &om,
        json!({"query": done_sql, "service": "svc", "processedLineage": true,
               "queryUsedIn": [{"id": orders.id, "type": "table"}]}),
    )
    .await;
    put::<CreateQueryRequest>(&om, json!({"query": todo_sql, "service": "svc"})).await;

    let done_sum = fqn::query_checksum(done_sql);
    assert_eq!(done.checksum.as_deref(), Some(done_sum.as_str()));
    assert_eq!(
        done.fully_qualified_name.as_ref().unwrap().to_string(),
        format!("svc.{done_sum}")
    );
    let processed = om.queries_with_lineage("svc").await.unwrap();
    assert_eq!(processed.iter().collect::<Vec<_>>(), [&done_sum]);
    assert!(om.queries_with_lineage("other").await.unwrap().is_empty());

    let used = om
        .lineage_processed_queries("svc", &[done_sum.clone(), fqn::query_checksum(todo_sql)])
        .await
        .unwrap();
    assert_eq!(used.len(), 1);
    assert_eq!(
        used[&done_sum].iter().collect::<Vec<_>>(),
        [&orders.id.to_string()]
    );
}

#[tokio::test]
async fn upstream_ids_views_and_the_processed_flag() {
    let (_server, om) = start().await;
    schema(&om).await;
    let raw = table(&om, json!({"name": "raw"})).await;
    let orders = table(&om, json!({"name": "orders", "aliases": ["legacy.orders"]})).await;
    for (name, processed) in [("v_fresh", false), ("v_done", true)] {
        let t = table(
            &om,
            json!({"name": name, "tableType": "View",
                   "schemaDefinition": format!("create view {name} as select * from orders")}),
        )
        .await;
        if processed {
            om.patch_lineage_processed_flag::<Table>(t.fully_qualified_name.unwrap().as_ref())
                .await
                .unwrap();
        }
    }
    om.add_lineage_by_name(
        ("table", "svc.db.s.raw"),
        ("table", "svc.db.s.orders"),
        &Default::default(),
    )
    .await
    .unwrap();

    let upstream = om
        .upstream_entity_ids::<Table>(&[orders.id.to_string(), raw.id.to_string()])
        .await
        .unwrap();
    assert_eq!(
        upstream[&orders.id.to_string()].iter().collect::<Vec<_>>(),
        [&raw.id.to_string()]
    );
    assert!(upstream[&raw.id.to_string()].is_empty());

    let all: Vec<TableView> = om
        .view_definitions("svc", false)
        .try_collect()
        .await
        .unwrap();
    let mut names: Vec<&str> = all.iter().map(|v| v.table_name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["v_done", "v_fresh"]);
    assert_eq!(all[0].db_name, "db");
    let todo: Vec<TableView> = om
        .view_definitions("svc", true)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(todo.len(), 1);
    assert_eq!(todo[0].table_name, "v_fresh");
    assert_eq!(
        todo[0].view_definition,
        "create view v_fresh as select * from orders"
    );

    let aliased: Vec<Table> = om
        .search_by_alias("legacy.orders", 10, &Default::default())
        .await
        .unwrap();
    assert_eq!(aliased[0].id, orders.id);
    let edge = om
        .get_lineage_edge(
            &Node::Name("table", "svc.db.s.raw"),
            &Node::Name("table", "svc.db.s.orders"),
        )
        .await
        .unwrap();
    assert!(edge.is_some());
}

#[tokio::test]
async fn containers_are_found_by_path() {
    use openmetadata::types::api::data::create_container::CreateContainerRequest;
    use openmetadata::types::api::services::create_storage_service::CreateStorageServiceRequest;
    let (_server, om) = start().await;
    put::<CreateStorageServiceRequest>(&om, json!({"name": "s3", "serviceType": "S3"})).await;
    for (name, path) in [
        ("orders", "s3://lake/raw/orders"),
        ("users", "s3://lake/curated/users"),
    ] {
        put::<CreateContainerRequest>(
            &om,
            json!({"name": name, "service": "s3", "fullPath": path}),
        )
        .await;
    }
    let raw: Vec<Container> = om
        .search_containers_by_path("s3://lake/raw/*", 10, &Default::default())
        .await
        .unwrap();
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0].name.to_string(), "orders");
}
