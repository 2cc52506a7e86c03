//! Usage against a real in-process `ometa-server`: daily counts, rolling weekly and monthly
//! counts, percentile ranks, and the `usageSummary` field.

mod common;

use common::{schema, start, table};

use openmetadata::types::entity::data::dashboard::Dashboard;
use openmetadata::types::entity::data::table::Table;
use openmetadata::types::type_::usage_request::UsageRequest;
use openmetadata::{Error, GetParams, OpenMetadata};
use serde_json::json;

async fn tables(om: &OpenMetadata, names: &[&str]) -> Vec<Table> {
    schema(om).await;
    let mut out = Vec::new();
    for name in names {
        out.push(table(om, json!({"name": name})).await);
    }
    out
}

#[tokio::test]
async fn daily_counts_roll_up_and_rank() {
    let (_server, om) = start().await;
    let t = tables(&om, &["orders", "users", "events"]).await;
    for (day, count) in [("2026-11-20", 5), ("2026-11-25", 3), ("2026-11-27", 10)] {
        om.publish_usage::<Table>(&t[0].id, &UsageRequest::new(day, count))
            .await
            .unwrap();
    }
    let today = om
        .publish_usage::<Table>(&t[0].id, &UsageRequest::new("2026-11-27", 10))
        .await
        .unwrap();
    let day = &today.usage[0];
    assert_eq!(day.daily_stats.count, 10);
    assert_eq!(day.weekly_stats.as_ref().unwrap().count, 13, "27th + 25th");
    assert_eq!(
        day.monthly_stats.as_ref().unwrap().count,
        18,
        "27th + 25th + 20th"
    );

    om.publish_usage::<Table>(&t[1].id, &UsageRequest::new("2026-11-27", 1))
        .await
        .unwrap();
    om.publish_usage::<Table>(&t[2].id, &UsageRequest::new("2026-11-27", 4))
        .await
        .unwrap();
    om.compute_percentile::<Table>("2026-11-27").await.unwrap();
    let read = om
        .get_usage::<Table>(&t[0].id, 30, Some("2026-11-27"))
        .await
        .unwrap();
    assert_eq!(read.usage.len(), 3, "three days with usage in the last 30");
    assert_eq!(read.usage[0].daily_stats.percentile_rank, Some(100.0));
    let least = om
        .get_usage::<Table>(&t[1].id, 1, Some("2026-11-27"))
        .await
        .unwrap();
    assert_eq!(least.usage[0].daily_stats.percentile_rank, Some(0.0));

    let with: Table = om
        .get_by_id(&t[0].id, &GetParams::default().fields(["usageSummary"]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(with.usage_summary.unwrap().daily_stats.count, 10);
    let without: Table = om
        .get_by_id(&t[0].id, &GetParams::default())
        .await
        .unwrap()
        .unwrap();
    assert!(without.usage_summary.is_none());
}

#[tokio::test]
async fn added_counts_sum_and_tables_count_for_their_schema_and_database() {
    use openmetadata::types::entity::data::database_schema::DatabaseSchema;
    let (_server, om) = start().await;
    let t = tables(&om, &["orders", "users"]).await;
    for (table, count) in [(&t[0], 3), (&t[0], 5), (&t[1], 2)] {
        om.add_usage::<Table>(&table.id, &UsageRequest::new("2026-11-27", count))
            .await
            .unwrap();
    }
    let orders = om
        .get_usage::<Table>(&t[0].id, 1, Some("2026-11-27"))
        .await
        .unwrap();
    assert_eq!(orders.usage[0].daily_stats.count, 8, "3 + 5");
    let schema = t[0].database_schema.as_ref().unwrap().id;
    let schema_usage = om
        .get_usage::<DatabaseSchema>(&schema, 1, Some("2026-11-27"))
        .await
        .unwrap();
    assert_eq!(schema_usage.usage[0].daily_stats.count, 10, "both tables");
    let replaced = om
        .publish_usage::<Table>(&t[0].id, &UsageRequest::new("2026-11-27", 4))
        .await
        .unwrap();
    assert_eq!(replaced.usage[0].daily_stats.count, 4);
}

#[tokio::test]
async fn usage_needs_a_known_entity_and_a_real_date() {
    let (_server, om) = start().await;
    let t = tables(&om, &["orders"]).await;
    let err = om
        .publish_usage::<Table>(&t[0].id, &UsageRequest::new("27/11/2026", 1))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err}");
    let err = om
        .publish_usage::<Dashboard>(&t[0].id, &UsageRequest::new("2026-11-27", 1))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "a table id is not a dashboard: {err}");
}
