//! `ometa demo`: the core flow, through the SDK, on an embedded server (or any server).

use std::time::Instant;

use futures_util::TryStreamExt;
use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
use openmetadata::types::api::data::create_database_schema::CreateDatabaseSchemaRequest;
use openmetadata::types::api::data::create_table::CreateTableRequest;
use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::entity::data::table::{Column, DataType, Table};
use openmetadata::types::entity::services::database_service::DatabaseServiceType;
use openmetadata::types::entity::teams::user::User;
use openmetadata::types::type_::entity_reference::EntityReference;
use openmetadata::types::type_::tag_label::{LabelType, State, TagLabel, TagSource};
use openmetadata::{DeleteParams, GetParams, Include, ListParams, OpenMetadata};

const SERVICE: &str = "demo_mysql";

fn tag(fqn: &str) -> TagLabel {
    TagLabel::new(
        fqn,
        TagSource::Classification,
        LabelType::Manual,
        State::Confirmed,
    )
}

fn column(name: &str, data_type: DataType, description: &str) -> Column {
    Column {
        description: Some(description.into()),
        ..Column::new(name, data_type)
    }
}

/// A column of a sized type (`CHAR`, `VARCHAR`): the server requires its length.
fn sized(name: &str, data_type: DataType, length: i64, description: &str) -> Column {
    Column {
        data_length: Some(length),
        ..column(name, data_type, description)
    }
}

/// The demo's tables: schema, name, description, columns.
fn tables() -> Vec<(&'static str, CreateTableRequest)> {
    let table =
        |schema: &str, name: &str, description: &str, columns: Vec<Column>| CreateTableRequest {
            description: Some(description.into()),
            ..CreateTableRequest::new(name, columns, format!("{SERVICE}.shop.{schema}"))
        };
    let mut email = sized(
        "email",
        DataType::VARCHAR,
        254,
        "Where we write to the customer.",
    );
    email.tags = Some(vec![tag("PII.Sensitive")]);
    vec![
        (
            "sales",
            table(
                "sales",
                "orders",
                "Every order placed in the shop.",
                vec![
                    column("order_id", DataType::BIGINT, "Order number."),
                    column("customer_id", DataType::BIGINT, "Who ordered."),
                    column("amount", DataType::DECIMAL, "Total, in euros."),
                    column(
                        "placed_at",
                        DataType::TIMESTAMP,
                        "When the order was placed.",
                    ),
                ],
            ),
        ),
        (
            "sales",
            table(
                "sales",
                "customers",
                "People who bought at least once.",
                vec![
                    column("customer_id", DataType::BIGINT, "Customer number."),
                    email,
                    sized("country", DataType::CHAR, 2, "ISO country code."),
                ],
            ),
        ),
        (
            "sales",
            table(
                "sales",
                "daily_revenue",
                "Revenue per day, built from orders.",
                vec![
                    column("day", DataType::DATE, "The day."),
                    column("revenue", DataType::DECIMAL, "Sum of order amounts."),
                ],
            ),
        ),
        (
            "marketing",
            table(
                "marketing",
                "campaigns",
                "Marketing campaigns and their budgets.",
                vec![
                    column("campaign_id", DataType::INT, "Campaign number."),
                    sized("name", DataType::VARCHAR, 200, "Campaign name."),
                    column("budget", DataType::DECIMAL, "Budget, in euros."),
                ],
            ),
        ),
    ]
}

/// Runs the demo against `om`; `ui` is the server's base URL for the links it prints.
pub async fn run(om: &OpenMetadata, ui: &str) -> openmetadata::Result<()> {
    let started = Instant::now();
    println!(
        "OpenMetadata demo against {ui}/api/v1 (server {})\n",
        om.server_version().await?
    );

    let service = om
        .create_or_update(&CreateDatabaseServiceRequest {
            description: Some("The shop's MySQL database.".into()),
            ..CreateDatabaseServiceRequest::new(SERVICE, DatabaseServiceType::Mysql)
        })
        .await?;
    println!(
        "database service  {}",
        service.fully_qualified_name.as_deref().unwrap_or(SERVICE)
    );
    let db = om
        .create_or_update(&CreateDatabaseRequest::new("shop", SERVICE))
        .await?;
    println!(
        "database          {}",
        db.fully_qualified_name.as_deref().unwrap_or_default()
    );
    for schema in ["sales", "marketing"] {
        let s = om
            .create_or_update(&CreateDatabaseSchemaRequest::new(
                schema,
                format!("{SERVICE}.shop"),
            ))
            .await?;
        println!(
            "schema            {}",
            s.fully_qualified_name.as_deref().unwrap_or_default()
        );
    }

    let admin: Option<User> = om.get_by_name("admin", &GetParams::default()).await?;
    let owner = admin.map(|u| EntityReference::new(u.id, "user"));
    println!();
    for (_, mut request) in tables() {
        if let Some(owner) = &owner {
            request.owners = Some(vec![owner.clone()].into());
        }
        if request.name.as_str() == "orders" {
            request.tags = Some(vec![tag("Tier.Tier1")]);
        }
        let t: Table = om.create_or_update(&request).await?;
        println!(
            "table             {:<40} {} columns, version {}",
            t.fully_qualified_name.as_deref().unwrap_or_default(),
            t.columns.len(),
            t.version.as_ref().map_or(0.0, |v| v.0)
        );
    }

    let orders_fqn = format!("{SERVICE}.shop.sales.orders");
    let orders: Table = om
        .get_by_name(
            &orders_fqn,
            &GetParams::default().fields(["owners", "tags"]),
        )
        .await?
        .ok_or_else(|| openmetadata::Error::NotFound {
            message: orders_fqn.clone(),
        })?;
    let tags: Vec<String> = orders
        .tags
        .iter()
        .flatten()
        .map(|t| t.tag_fqn.to_string())
        .collect();
    let owners: Vec<String> = orders
        .owners
        .iter()
        .flat_map(|o| o.0.iter())
        .filter_map(|o| o.name.clone())
        .collect();
    println!("\n{orders_fqn}: tags {tags:?}, owners {owners:?}");

    let patched = om
        .update::<Table>(&orders.id, &[], |t| {
            t.description = Some("Every order placed in the shop, one row per order.".into());
            t.columns[2].description = Some("Total including VAT, in euros.".into());
        })
        .await?;
    if let Some(p) = patched {
        println!(
            "patched the description with If-Match: version {}",
            p.version.as_ref().map_or(0.0, |v| v.0)
        );
    }
    let history = om.list_versions::<Table>(&orders.id).await?;
    println!(
        "version history of orders: {} versions (latest first)",
        history.versions.len()
    );

    let in_db: Vec<Table> = om
        .list_all_entities::<Table>(
            ListParams::default()
                .limit(2)
                .filter("database", format!("{SERVICE}.shop")),
        )
        .try_collect()
        .await?;
    println!(
        "listed {} tables of {SERVICE}.shop, 2 per page",
        in_db.len()
    );

    let campaigns = format!("{SERVICE}.shop.marketing.campaigns");
    om.delete_by_name::<Table>(&campaigns, DeleteParams::default())
        .await?;
    let gone = om
        .get_by_name::<Table>(&campaigns, &GetParams::default())
        .await?
        .is_none();
    let deleted: Option<Table> = om
        .get_by_name(&campaigns, &GetParams::default().include(Include::All))
        .await?;
    if let Some(t) = deleted {
        om.restore::<Table>(&t.id).await?;
        println!("soft-deleted {campaigns} (hidden: {gone}) and restored it");
    }

    crate::demo_extras::run(om, SERVICE).await?;

    println!("\nDone in {} ms. Try:", started.elapsed().as_millis());
    println!(
        "  curl -H \"Authorization: Bearer $TOKEN\" '{ui}/api/v1/tables/name/{orders_fqn}?fields=owners,tags'"
    );
    println!(
        "  curl -H \"Authorization: Bearer $TOKEN\" '{ui}/api/v1/tables?database={SERVICE}.shop'"
    );
    println!(
        "  curl -H \"Authorization: Bearer $TOKEN\" '{ui}/api/v1/lineage/table/name/{SERVICE}.shop.sales.daily_revenue?upstreamDepth=2'"
    );
    println!(
        "  ometa lineage show table {SERVICE}.shop.sales.daily_revenue --upstream 2   (with --host {ui}/api)"
    );
    Ok(())
}
