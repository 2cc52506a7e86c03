//! The lineage calls against a real in-process `ometa-server`.

mod common;

use common::start;

use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
use openmetadata::types::api::data::create_database_schema::CreateDatabaseSchemaRequest;
use openmetadata::types::api::data::create_ml_model::CreateMlModelRequest;
use openmetadata::types::api::data::create_table::CreateTableRequest;
use openmetadata::types::api::lineage::add_lineage::AddLineageRequest;
use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::api::services::create_ml_model_service::CreateMlModelServiceRequest;
use openmetadata::types::entity::data::mlmodel::{FeatureSource, MlFeature, MlModel};
use openmetadata::types::entity::data::table::{Column, DataType, Table};
use openmetadata::types::entity::services::database_service::DatabaseServiceType;
use openmetadata::types::entity::services::mlmodel_service::MlModelServiceType;
use openmetadata::types::type_::entity_lineage::{ColumnLineage, EntitiesEdge, LineageDetails};
use openmetadata::types::type_::entity_reference::EntityReference;
use openmetadata::{Node, OpenMetadata};

async fn tables(om: &OpenMetadata, names: &[&str]) -> Vec<Table> {
    om.create_or_update(&CreateDatabaseServiceRequest::new(
        "svc",
        DatabaseServiceType::Mysql,
    ))
    .await
    .unwrap();
    om.create_or_update(&CreateDatabaseRequest::new("db", "svc"))
        .await
        .unwrap();
    om.create_or_update(&CreateDatabaseSchemaRequest::new("s", "svc.db"))
        .await
        .unwrap();
    let mut out = Vec::new();
    for n in names {
        let req = CreateTableRequest::new(
            *n,
            vec![
                Column::new("id", DataType::BIGINT),
                Column::new("v", DataType::INT),
            ],
            "svc.db.s",
        );
        out.push(om.create_or_update(&req).await.unwrap());
    }
    out
}

fn reference(t: &Table) -> EntityReference {
    EntityReference::new(t.id, "table")
}

fn columns(from: &str, to: &str) -> LineageDetails {
    LineageDetails {
        columns_lineage: Some(vec![ColumnLineage {
            from_columns: Some(vec![from.into()]),
            to_column: Some(to.into()),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

#[tokio::test]
async fn add_merge_read_and_delete_lineage() {
    let (server, om) = start().await;
    let t = tables(&om, &["a", "b"]).await;
    let edge = |details: Option<LineageDetails>| {
        let mut e = EntitiesEdge::new(reference(&t[0]), reference(&t[1]));
        e.lineage_details = details;
        AddLineageRequest::new(e)
    };
    let lineage = om.add_lineage(&edge(None), false).await.unwrap();
    assert_eq!(lineage.entity.id, t[0].id);
    assert_eq!(lineage.nodes.as_ref().unwrap()[0].id, t[1].id);

    om.add_lineage(&edge(Some(columns("svc.db.s.a.id", "svc.db.s.b.id"))), true)
        .await
        .unwrap();
    let lineage = om
        .add_lineage(&edge(Some(columns("svc.db.s.a.v", "svc.db.s.b.v"))), true)
        .await
        .unwrap();
    let down = lineage.downstream_edges.unwrap();
    assert_eq!(down.len(), 1);
    let mapped = down[0]
        .lineage_details
        .as_ref()
        .unwrap()
        .columns_lineage
        .as_ref()
        .unwrap();
    assert_eq!(mapped.len(), 2, "merged, not replaced");

    let from = Node::Name("table", "svc.db.s.a");
    let to = Node::Name("table", "svc.db.s.b");
    let details = om.get_lineage_edge(&from, &to).await.unwrap().unwrap();
    assert_eq!(details.columns_lineage.unwrap().len(), 2);
    let by_name = om
        .get_lineage_by_name::<Table>("svc.db.s.b", 9, 0)
        .await
        .unwrap();
    assert_eq!(by_name.upstream_edges.unwrap().len(), 1);

    om.delete_lineage_edge(&from, &to).await.unwrap();
    assert!(om.get_lineage_edge(&from, &to).await.unwrap().is_none());
    let err = om.delete_lineage_edge(&from, &to).await.unwrap_err();
    assert!(err.is_not_found(), "{err}");

    om.add_lineage_by_name(
        ("table", "svc.db.s.a"),
        ("table", "svc.db.s.b"),
        &LineageDetails::default(),
    )
    .await
    .unwrap();
    om.delete_lineage_by_source(&Node::Name("table", "svc.db.s.b"), "Manual")
        .await
        .unwrap();
    assert!(om.get_lineage_edge(&from, &to).await.unwrap().is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn ml_model_feature_sources_become_edges() {
    let (server, om) = start().await;
    let t = tables(&om, &["f"]).await;
    om.create_or_update(&CreateMlModelServiceRequest::new(
        "mlflow",
        MlModelServiceType::Mlflow,
    ))
    .await
    .unwrap();
    let source = FeatureSource {
        name: Some("src".into()),
        data_source: Some(reference(&t[0])),
        ..Default::default()
    };
    let feature = MlFeature {
        name: Some("feat".into()),
        feature_sources: Some(vec![source]),
        ..Default::default()
    };
    let model: MlModel = om
        .create_or_update(&CreateMlModelRequest {
            ml_features: Some(vec![feature]),
            algorithm: Some("xgboost".into()),
            ..CreateMlModelRequest::new("churn", "mlflow")
        })
        .await
        .unwrap();
    let from = Node::Id("table", t[0].id.to_string());
    let to = Node::Id("mlmodel", model.id.to_string());
    om.delete_lineage_edge(&from, &to).await.unwrap();
    let lineage = om
        .add_mlmodel_lineage(&model, Some("features"))
        .await
        .unwrap();
    assert_eq!(lineage.nodes.unwrap()[0].id, t[0].id);
    let details = om.get_lineage_edge(&from, &to).await.unwrap().unwrap();
    assert_eq!(details.description.as_deref(), Some("features"));
    server.shutdown().await;
}

#[tokio::test]
async fn lineage_from_sql_resolves_tables_through_search() {
    let (server, om) = start().await;
    tables(&om, &["orders", "customers", "revenue"]).await;
    let sql = "INSERT INTO s.revenue (id, v) SELECT o.id, c.v FROM s.orders o JOIN s.customers c ON o.id = c.id JOIN s.missing m ON m.id = o.id";
    let context = openmetadata::QueryContext {
        service: "svc",
        dialect: "mysql",
        database: Some("db"),
        schema: None,
    };
    let report = om.add_lineage_by_query(sql, context).await.unwrap();
    assert_eq!(
        report.edges,
        [
            (
                "svc.db.s.customers".to_string(),
                "svc.db.s.revenue".to_string()
            ),
            (
                "svc.db.s.orders".to_string(),
                "svc.db.s.revenue".to_string()
            )
        ]
    );
    assert_eq!(report.unresolved, ["s.missing"]);
    let edge = om
        .get_lineage_edge(
            &Node::Name("table", "svc.db.s.orders"),
            &Node::Name("table", "svc.db.s.revenue"),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(edge.sql_query.as_ref().unwrap().as_str(), sql);
    let columns = edge.columns_lineage.unwrap();
    assert_eq!(columns.len(), 1);
    assert_eq!(
        columns[0].to_column.as_ref().unwrap().as_str(),
        "svc.db.s.revenue.id"
    );
    assert_eq!(
        columns[0].from_columns.as_ref().unwrap()[0].as_str(),
        "svc.db.s.orders.id"
    );
    let err = om
        .add_lineage_by_query("INSERT INTO", context)
        .await
        .unwrap_err();
    assert!(
        matches!(err, openmetadata::Error::InvalidRequest(_)),
        "{err}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn search_pages_lookups_and_references() {
    use futures_util::TryStreamExt;
    use openmetadata::types::api::teams::create_user::CreateUserRequest;
    use openmetadata::{GetParams, Search};
    let (server, om) = start().await;
    let names: Vec<String> = (0..7).map(|i| format!("t{i}")).collect();
    tables(&om, &names.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let page = om
        .search(&Search::new("table_search_index").size(3))
        .await
        .unwrap();
    assert_eq!(page.hits.total.value, 7);
    assert_eq!(page.hits.hits.len(), 3);
    let all: Vec<_> = om
        .search_all(
            Search::new("table_search_index")
                .size(2)
                .sort("name", false),
        )
        .try_collect()
        .await
        .unwrap();
    let got: Vec<&str> = all
        .iter()
        .map(|h| h.source["name"].as_str().unwrap())
        .collect();
    assert_eq!(got, names.iter().map(String::as_str).collect::<Vec<_>>());
    let found: Vec<Table> = om
        .search_by_fqn("svc.*.*.t3", 10, &GetParams::default())
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name.as_str(), "t3");
    om.create(&CreateUserRequest {
        display_name: Some("Random User".into()),
        ..CreateUserRequest::new("random.user", "ru@example.com")
    })
    .await
    .unwrap();
    let by_email = om
        .get_reference_by_email("ru@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_email.r#type, "user");
    assert_eq!(by_email.name.as_deref(), Some("random.user"));
    assert!(
        om.get_reference_by_email("nobody@example.com")
            .await
            .unwrap()
            .is_none()
    );
    let by_name = om
        .get_reference_by_name("Random User", true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_name.name.as_deref(), Some("random.user"));
    assert!(
        om.get_reference_by_name("Organization", true)
            .await
            .unwrap()
            .is_none()
    );
    server.shutdown().await;
}

/// A SQL lineage case: dialect, statement, expected (upstream, downstream) table names.
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

#[tokio::test]
async fn sixteen_sql_shapes_give_the_expected_edges() {
    let (server, om) = start().await;
    tables(&om, &["a", "b", "c", "d", "e", "f", "g", "h"]).await;
    let cases: &[Case] = &[
        (
            "generic",
            "INSERT INTO s.b SELECT * FROM s.a",
            &[("a", "b")],
        ),
        (
            "mysql",
            "INSERT INTO s.c (id) SELECT a.id FROM s.a a JOIN s.b b ON a.id = b.id",
            &[("a", "c"), ("b", "c")],
        ),
        (
            "postgresql",
            "CREATE TABLE s.d AS SELECT id FROM s.c",
            &[("c", "d")],
        ),
        (
            "generic",
            "CREATE VIEW s.e AS SELECT id FROM s.d WHERE id > 1",
            &[("d", "e")],
        ),
        (
            "generic",
            "INSERT INTO s.f WITH x AS (SELECT id FROM s.a) SELECT id FROM x",
            &[("a", "f")],
        ),
        (
            "generic",
            "INSERT INTO s.f SELECT id FROM (SELECT id FROM s.b) sub",
            &[("b", "f")],
        ),
        (
            "generic",
            "INSERT INTO s.g SELECT id FROM s.a UNION SELECT id FROM s.c",
            &[("a", "g"), ("c", "g")],
        ),
        (
            "snowflake",
            "MERGE INTO s.h t USING s.g src ON t.id = src.id WHEN MATCHED THEN UPDATE SET v = src.v",
            &[("g", "h")],
        ),
        (
            "generic",
            "INSERT INTO s.h SELECT id FROM s.a WHERE id IN (SELECT id FROM s.e)",
            &[("a", "h"), ("e", "h")],
        ),
        (
            "generic",
            "INSERT INTO db.s.b SELECT id FROM db.s.c",
            &[("c", "b")],
        ),
        ("generic", "INSERT INTO b SELECT id FROM d", &[("d", "b")]),
        (
            "hive",
            "INSERT OVERWRITE TABLE s.c SELECT id FROM s.h",
            &[("h", "c")],
        ),
        (
            "generic",
            "CREATE TABLE s.d AS WITH a1 AS (SELECT id FROM s.a), b1 AS (SELECT id FROM s.b) SELECT a1.id FROM a1 JOIN b1 ON a1.id = b1.id",
            &[("a", "d"), ("b", "d")],
        ),
        (
            "generic",
            "INSERT INTO s.e SELECT count(*) FROM s.f LEFT JOIN s.g ON f.id = g.id",
            &[("f", "e"), ("g", "e")],
        ),
        (
            "generic",
            "CREATE OR REPLACE VIEW s.g AS SELECT id FROM s.h",
            &[("h", "g")],
        ),
        ("generic", "INSERT INTO s.a SELECT id FROM s.nowhere", &[]),
    ];
    for (dialect, sql, expected) in cases {
        let context = openmetadata::QueryContext {
            service: "svc",
            dialect,
            database: Some("db"),
            schema: None,
        };
        let report = om.add_lineage_by_query(sql, context).await.unwrap();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(f, t)| (format!("svc.db.s.{f}"), format!("svc.db.s.{t}")))
            .collect();
        assert_eq!(report.edges, want, "{sql}");
    }
    let h = om
        .get_lineage_by_name::<Table>("svc.db.s.h", 1, 1)
        .await
        .unwrap();
    assert_eq!(h.upstream_edges.unwrap().len(), 3, "g, a and e feed h");
    server.shutdown().await;
}

#[tokio::test]
async fn entities_from_search_and_sample_data_of_other_assets() {
    use openmetadata::GetParams;
    use openmetadata::types::api::data::create_topic::CreateTopicRequest;
    use openmetadata::types::api::services::create_messaging_service::CreateMessagingServiceRequest;
    use openmetadata::types::entity::data::topic::Topic;
    use openmetadata::types::entity::services::messaging_service::MessagingServiceType;
    let (server, om) = start().await;
    tables(&om, &["orders", "refunds"]).await;
    let t: Table = om
        .get_entity_from_es("refunds", &GetParams::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.name.as_str(), "refunds");
    assert!(
        om.get_entity_from_es::<Table>("nothing_like_it", &GetParams::default())
            .await
            .unwrap()
            .is_none()
    );
    let any: Table = om
        .search_in_any_service("db.s.orders")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        any.fully_qualified_name.unwrap().as_str(),
        "svc.db.s.orders"
    );
    om.create_or_update(&CreateMessagingServiceRequest::new(
        "kafka",
        MessagingServiceType::Kafka,
    ))
    .await
    .unwrap();
    let topic: Topic = om
        .create_or_update(&CreateTopicRequest::new("events", "kafka", 1))
        .await
        .unwrap();
    let with: Topic = om
        .ingest_sample_data(topic.id, &serde_json::json!({"messages": ["{\"a\": 1}"]}))
        .await
        .unwrap();
    assert_eq!(with.sample_data.unwrap().messages.unwrap().len(), 1);
    server.shutdown().await;
}
