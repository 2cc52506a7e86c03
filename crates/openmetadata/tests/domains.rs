//! Data products (assets and ports) through the SDK against a real in-process `ometa-server`.

mod common;

use openmetadata::PortKind;
use openmetadata::types::api::domains::create_data_product::CreateDataProductRequest;
use openmetadata::types::api::domains::create_domain::CreateDomainRequest;
use openmetadata::types::entity::data::table::Table;
use openmetadata::types::entity::domains::data_product::DataProduct;
use openmetadata::types::entity::domains::domain::Domain;
use openmetadata::types::type_::basic::Status;
use openmetadata::types::type_::entity_reference::EntityReference;
use serde_json::json;

fn table_ref(t: &Table) -> EntityReference {
    serde_json::from_value(json!({"id": t.id, "type": "table"})).unwrap()
}

#[tokio::test]
async fn data_product_assets_and_ports() {
    let (_server, om) = common::start().await;
    common::schema(&om).await;
    let domain: Domain = common::put::<CreateDomainRequest>(
        &om,
        json!({"name": "sales/emea", "domainType": "Consumer-aligned", "description": "Sales."}),
    )
    .await;
    common::put::<CreateDataProductRequest>(
        &om,
        json!({"name": "orders/daily", "description": "Orders.", "domains": ["sales/emea"]}),
    )
    .await;
    let orders = common::table(&om, json!({"name": "orders"})).await;
    let raw = common::table(&om, json!({"name": "raw_orders"})).await;
    let in_domain: EntityReference =
        serde_json::from_value(json!({"id": domain.id, "type": "domain"})).unwrap();
    om.patch_domains::<Table>(&orders.id, &[in_domain])
        .await
        .unwrap();

    let refused = om
        .add_assets_to_data_product("orders/daily", &[table_ref(&raw)])
        .await
        .unwrap();
    assert_eq!(refused.status, Some(Status::Failure));
    let failed = refused.failed_request.unwrap();
    assert!(failed[0].message.as_deref().unwrap().contains("domains"));

    let added = om
        .add_assets_to_data_product("orders/daily", &[table_ref(&orders)])
        .await
        .unwrap();
    assert_eq!(added.status, Some(Status::Success));
    let assets = om
        .get_assets::<DataProduct>("orders/daily", 10, 0)
        .await
        .unwrap();
    assert_eq!(assets.data.len(), 1);
    assert_eq!(assets.data[0].id, orders.id);

    let output = om
        .add_ports_to_data_product("orders/daily", PortKind::Output, &[table_ref(&orders)])
        .await
        .unwrap();
    assert_eq!(output.status, Some(Status::Success));
    let mixed = om
        .add_ports_to_data_product(
            "orders/daily",
            PortKind::Input,
            &[table_ref(&raw), table_ref(&orders)],
        )
        .await
        .unwrap();
    assert_eq!(mixed.status, Some(Status::PartialSuccess));
    assert_eq!(mixed.number_of_rows_passed.map(i64::from), Some(1));

    let inputs = om
        .get_data_product_ports("orders/daily", PortKind::Input, 10, 0)
        .await
        .unwrap();
    assert_eq!(inputs.data.len(), 1);
    assert_eq!(inputs.data[0]["name"], "raw_orders");
    assert_eq!(inputs.data[0]["entityType"], "table");
    let view = om
        .get_data_product_ports_view("orders/daily", 10)
        .await
        .unwrap();
    assert_eq!(view.entity.name.as_deref(), Some("orders/daily"));
    assert_eq!(view.output_ports.data[0]["name"], "orders");

    om.remove_ports_from_data_product("orders/daily", PortKind::Input, &[table_ref(&raw)])
        .await
        .unwrap();
    let removed = om
        .remove_assets_from_data_product("orders/daily", &[table_ref(&orders)])
        .await
        .unwrap();
    assert_eq!(removed.status, Some(Status::Success));
    let view = om
        .get_data_product_ports_view("orders/daily", 10)
        .await
        .unwrap();
    assert!(view.input_ports.data.is_empty());
    let after = om
        .get_assets::<DataProduct>("orders/daily", 10, 0)
        .await
        .unwrap();
    assert!(after.data.is_empty());
}
