//! The query mixin against a real in-process `ometa-server`: queries stored once per masked
//! text, linked to entities, users and names, and listed per entity.

mod common;

use common::{put, schema, start, table};

use openmetadata::types::api::data::create_query::CreateQueryRequest;
use openmetadata::types::entity::data::table::Table;
use openmetadata::types::type_::entity_reference::EntityReference;
use openmetadata::{Error, fqn};
use serde_json::json;

#[tokio::test]
async fn queries_are_masked_stored_once_and_listed_per_entity() {
    use openmetadata::types::api::teams::create_user::CreateUserRequest;
    let (_server, om) = start().await;
    schema(&om).await;
    let orders = table(&om, json!({"name": "orders"})).await;
    let users = table(&om, json!({"name": "users"})).await;
    put::<CreateUserRequest>(&om, json!({"name": "ana", "email": "ana@example.com"})).await;

    let mut run = CreateQueryRequest::new("select * from orders where id = 7", "svc");
    run.users = Some(vec!["ana".into()]);
    run.used_by = Some(vec!["dbt".into()]);
    let mut skipped = CreateQueryRequest::new("select 1", "svc");
    skipped.exclude_usage = Some(true);
    let stored = om
        .ingest_entity_queries::<Table>(&orders.id, &[run.clone(), skipped], Some("mysql"))
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    let query = &stored[0];
    let masked = "SELECT * FROM orders WHERE id = ?";
    assert_eq!(query.query.to_string(), masked);
    assert_eq!(
        query.fully_qualified_name.as_ref().unwrap().to_string(),
        format!("svc.{}", fqn::query_checksum(masked))
    );
    assert_eq!(query.query_used_in.as_ref().unwrap().0[0].id, orders.id);
    assert_eq!(
        query.users.as_ref().unwrap()[0].name.as_deref(),
        Some("ana")
    );
    assert_eq!(query.used_by.as_deref(), Some(&["dbt".to_string()][..]));

    run.query = "select * from orders where id = 8".into();
    let again = om
        .ingest_entity_queries::<Table>(&users.id, &[run], Some("mysql"))
        .await
        .unwrap();
    assert_eq!(
        again[0].id, query.id,
        "the same masked text is the same query"
    );
    let used_in: Vec<_> = again[0]
        .query_used_in
        .as_ref()
        .unwrap()
        .0
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(used_in, [orders.id, users.id]);

    let on_orders = om.get_entity_queries(&orders.id, &["users"]).await.unwrap();
    assert_eq!(on_orders.len(), 1);
    assert!(on_orders[0].users.is_some());
    let mut other = CreateQueryRequest::new("select count(*) from users", "svc");
    other.query_used_in = Some(vec![EntityReference::new(users.id, "table")].into());
    om.get_or_create_query(&other).await.unwrap();
    assert_eq!(
        om.get_entity_queries(&users.id, &[]).await.unwrap().len(),
        2
    );
    assert_eq!(
        om.get_entity_queries(&orders.id, &[]).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn bad_links_are_refused() {
    let (_server, om) = start().await;
    schema(&om).await;
    let orders = table(&om, json!({"name": "orders"})).await;
    let query = om
        .get_or_create_query(&CreateQueryRequest::new("select 1", "svc"))
        .await
        .unwrap();
    let missing = EntityReference::new(
        "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f"
            .parse::<openmetadata::types::type_::basic::Uuid>()
            .unwrap(),
        "table",
    );
    let err = om.add_query_usage(&query, &[missing]).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let err = om.add_query_users(&query, &["nobody"]).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let err = om
        .raw(
            openmetadata::Method::PUT,
            &format!("/queries/{}/usedBy", query.id),
            Some(json!([1, 2])),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err}");
    let linked = om
        .add_query_usage(&query, &[EntityReference::new(orders.id, "table")])
        .await
        .unwrap();
    assert_eq!(linked.query_used_in.unwrap().0.len(), 1);
}
