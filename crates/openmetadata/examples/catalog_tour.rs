//! The everyday flow of a pipeline, async: a service, a database and a schema, two tagged
//! tables with an owner, table and column lineage, a patch and its versions, a search, a
//! paged listing, then soft delete, restore and hard delete.
//!
//! `cargo run -p openmetadata --example catalog_tour` runs it against `$OPENMETADATA_HOST`
//! (with `$OPENMETADATA_JWT_TOKEN`) or, when that is unset, against an embedded server.

use openmetadata::prelude::*;
use openmetadata::types::api::teams::create_user::CreateUserRequest;
use openmetadata::types::entity::services::database_service::DatabaseServiceType;

#[tokio::main]
async fn main() -> Result<()> {
    let (_embedded, config) = where_to_connect().await?;
    let om = OpenMetadata::connect(config).await?;

    // A service, a database and a schema: each create request names its parent by FQN.
    let service = om
        .create_or_update(&CreateDatabaseServiceRequest::new(
            "tour_mysql",
            DatabaseServiceType::Mysql,
        ))
        .await?;
    let db = om
        .create_or_update(&CreateDatabaseRequest::new("sales", service.fqn()))
        .await?;
    let schema = om
        .create_or_update(&CreateDatabaseSchemaRequest::new("public", db.fqn()))
        .await?;

    // Two tables with typed columns, tags and an owner.
    let owner = om
        .create_or_update(&CreateUserRequest::new(
            "tour.owner",
            "tour.owner@example.com",
        ))
        .await?;
    let table = |name: &str| CreateTableRequest {
        owners: Some(vec![owner.reference()].into()),
        tags: Some(vec![TagLabel::classification("Tier.Tier2")]),
        ..CreateTableRequest::new(
            name,
            vec![
                Column::bigint("id"),
                Column::varchar("email", 255)
                    .with_tags([TagLabel::classification("PII.Sensitive")]),
                Column::decimal("amount", 12, 2),
            ],
            schema.fqn(),
        )
    };
    let raw = om.create_or_update(&table("raw_orders")).await?;
    let orders = om.create_or_update(&table("orders")).await?;
    println!("tables: {} and {}", raw.fqn(), orders.fqn());

    // Table and column lineage: raw_orders → orders, email → email.
    let edge = EntitiesEdge::between(&raw, &orders).with_columns([(
        format!("{}.email", raw.fqn()),
        format!("{}.email", orders.fqn()),
    )]);
    om.add_lineage(&AddLineageRequest::new(edge), Merge::No)
        .await?;
    let lineage = om
        .get_lineage(&Node::of::<Table>(orders.fqn()), 1, 0)
        .await?;
    assert_eq!(lineage.upstream_edges.unwrap_or_default().len(), 1);

    // A description patch (JSON Patch with If-Match) and the versions it made.
    om.patch_description::<Table>(orders.id, "Every order placed.", Force::No)
        .await?;
    let versions = om.entity_versions::<Table>(orders.id).await?;
    println!(
        "orders has {} versions, the newest says {:?}",
        versions.len(),
        versions[0].description
    );

    // Search, and a listing paged lazily.
    let found = om
        .search(&Search::new("table_search_index").query("orders"))
        .await?;
    for hit in &found.hits.hits {
        println!("found {}", hit.entity::<Table>()?.fqn());
    }
    let mut tables = om.list_all_entities::<Table>(
        ListParams::default()
            .filter("databaseSchema", schema.fqn())
            .limit(1),
    );
    while let Some(t) = tables.try_next().await? {
        println!("listed {}", t.name);
    }

    // Soft delete, restore, hard delete.
    om.delete::<Table>(raw.id, DeleteParams::default()).await?;
    let restored: Table = om.restore::<Table>(raw.id).await?;
    assert_eq!(restored.deleted, Some(false));
    let everything = DeleteParams::default().recursive(true).hard(true);
    om.delete::<DatabaseService>(service.id, everything).await?;
    assert!(
        om.get_by_name::<Table>(orders.fqn(), &GetParams::default())
            .await?
            .is_none()
    );
    println!(
        "restored {}, then removed the service and all it held",
        restored.fqn()
    );
    Ok(())
}

/// `$OPENMETADATA_HOST` when set, else an embedded server (kept alive by the handle).
async fn where_to_connect() -> Result<(Option<ometa_server::ServerHandle>, Config)> {
    if std::env::var("OPENMETADATA_HOST").is_ok() {
        return Ok((None, Config::from_env()?));
    }
    let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory())
        .await
        .map_err(|e| Error::Config(e.to_string()))?;
    let config = Config::new(server.base_url.as_str()).auth(Auth::Jwt(server.admin_token.clone()));
    Ok((Some(server), config))
}
