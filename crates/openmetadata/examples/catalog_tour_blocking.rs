//! The same flow as `catalog_tour`, without async: the blocking client has every method of
//! the async one, with the same names and arguments, and its listings are lazy iterators.
//!
//! `cargo run -p openmetadata --features blocking --example catalog_tour_blocking` runs it
//! against `$OPENMETADATA_HOST` or, when that is unset, against an embedded server.

use openmetadata::blocking::OpenMetadata;
use openmetadata::prelude::{Auth, Config, Error, Result};
use openmetadata::types::entity::services::database_service::DatabaseServiceType;
use openmetadata::types::prelude::*;
use openmetadata::{DeleteParams, Force, ListParams, Merge, Node, Search};

fn main() -> Result<()> {
    // The embedded server runs on its own runtime; the blocking client must not run on one.
    let runtime = tokio::runtime::Runtime::new().map_err(|e| Error::Config(e.to_string()))?;
    let (_embedded, config) = match std::env::var("OPENMETADATA_HOST") {
        Ok(_) => (None, Config::from_env()?),
        Err(_) => {
            let server = runtime
                .block_on(ometa_server::spawn(ometa_server::ServerConfig::in_memory()))
                .map_err(|e| Error::Config(e.to_string()))?;
            let config =
                Config::new(server.base_url.as_str()).auth(Auth::Jwt(server.admin_token.clone()));
            (Some(server), config)
        }
    };
    let om = OpenMetadata::connect(config)?;

    let service = om.create_or_update(&CreateDatabaseServiceRequest::new(
        "tour_pg",
        DatabaseServiceType::Postgres,
    ))?;
    let db = om.create_or_update(&CreateDatabaseRequest::new("shop", service.fqn()))?;
    let schema = om.create_or_update(&CreateDatabaseSchemaRequest::new("public", db.fqn()))?;
    let columns = || vec![Column::bigint("id"), Column::varchar("sku", 32)];
    let items = om.create_or_update(&CreateTableRequest::new("items", columns(), schema.fqn()))?;
    let stock = om.create_or_update(&CreateTableRequest::new("stock", columns(), schema.fqn()))?;

    let edge = EntitiesEdge::between(&items, &stock).with_columns([(
        format!("{}.sku", items.fqn()),
        format!("{}.sku", stock.fqn()),
    )]);
    om.add_lineage(&AddLineageRequest::new(edge), Merge::No)?;
    let lineage = om.get_lineage(&Node::of::<Table>(stock.fqn()), 1, 0)?;
    assert_eq!(lineage.upstream_edges.unwrap_or_default().len(), 1);

    om.patch_description::<Table>(stock.id, "Stock per item.", Force::No)?;
    assert_eq!(om.entity_versions::<Table>(stock.id)?.len(), 2);
    let found = om.search(&Search::new("table_search_index").query("stock"))?;
    println!("search found {} table(s)", found.hits.hits.len());

    // A lazy listing: one page of one table at a time.
    for table in om.list_all_entities::<Table>(
        ListParams::default()
            .filter("databaseSchema", schema.fqn())
            .limit(1),
    ) {
        println!("listed {}", table?.fqn());
    }
    om.delete::<Table>(items.id, DeleteParams::default())?;
    om.restore::<Table>(items.id)?;
    om.delete::<DatabaseService>(
        service.id,
        DeleteParams::default().recursive(true).hard(true),
    )?;
    println!("done: created, linked, patched, searched, listed, deleted and restored");
    Ok(())
}
