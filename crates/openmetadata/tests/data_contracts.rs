//! Data contracts through the SDK against a real in-process `ometa-server`: a contract is
//! named under its entity and is the only one of it, schema fields must be columns, and
//! results move the contract's latest result forward only (the real
//! `DataContractRepository.prepare` and `addContractResult`).

mod common;

use common::{put, schema, start, table};
use openmetadata::TimeRange;
use openmetadata::types::api::data::create_data_contract::CreateDataContractRequest;
use openmetadata::types::entity::data::data_contract::DataContract;
use openmetadata::types::entity::datacontract::data_contract_result::DataContractResult;
use openmetadata::types::type_::contract_execution_status::ContractExecutionStatus;
use serde_json::json;

#[tokio::test]
async fn results_move_the_latest_result_forward_only() {
    let (_server, om) = start().await;
    schema(&om).await;
    let orders = table(&om, json!({"name": "orders"})).await;
    let contract: DataContract = put::<CreateDataContractRequest>(
        &om,
        json!({"name": "fresh", "entity": {"id": orders.id, "type": "table"}}),
    )
    .await;
    let fqn = contract.fully_qualified_name.clone().unwrap().to_string();
    assert_eq!(fqn, "svc.db.s.orders.dataContract_fresh");
    let of_table = om
        .get_data_contract_by_entity_id(orders.id, "table")
        .await
        .unwrap();
    assert_eq!(of_table.map(|c| c.id), Some(contract.id));

    let newest = om
        .put_data_contract_result(
            contract.id,
            &DataContractResult::new(fqn.as_str(), 2_000, ContractExecutionStatus::Success),
        )
        .await
        .unwrap();
    let older = DataContractResult::new(fqn.as_str(), 1_000, ContractExecutionStatus::Failed);
    om.put_data_contract_result(contract.id, &older)
        .await
        .unwrap();
    let latest = om
        .get_latest_data_contract_result(contract.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.id, newest.id);
    let stored: DataContract = om
        .get_by_id(contract.id, &Default::default())
        .await
        .unwrap()
        .unwrap();
    let recorded = stored.latest_result.unwrap();
    assert_eq!(recorded.result_id, newest.id);
    assert_eq!(recorded.status, Some(ContractExecutionStatus::Success));

    let all = TimeRange {
        start: 0,
        end: 10_000,
    };
    let listed = om
        .get_data_contract_results(contract.id, Some(all), None)
        .await
        .unwrap();
    let stamps: Vec<i64> = listed.iter().map(|r| r.timestamp.0).collect();
    assert_eq!(stamps, [2_000, 1_000]);
    om.delete_data_contract_results_before(contract.id, 2_000)
        .await
        .unwrap();
    let left = om
        .get_data_contract_results(contract.id, Some(all), None)
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    om.delete_data_contract_result(contract.id, 2_000)
        .await
        .unwrap();
    assert!(
        om.get_latest_data_contract_result(contract.id)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn one_contract_per_entity_and_its_fields_must_exist() {
    let (_server, om) = start().await;
    schema(&om).await;
    let orders = table(&om, json!({"name": "orders"})).await;
    let entity = json!({"id": orders.id, "type": "table"});
    let create = |body: serde_json::Value| {
        serde_json::from_value::<CreateDataContractRequest>(body).unwrap()
    };
    let missing = create(json!({"name": "c", "entity": entity, "schema": [
        {"name": "id", "dataType": "INT"}, {"name": "nope", "dataType": "INT"}]}));
    let err = om.create_or_update(&missing).await.unwrap_err();
    assert!(err.to_string().contains(
        "Schema validation failed. The following fields specified in the data contract do not exist in the table: nope"
    ), "{err}");
    om.create_or_update(&create(json!({"name": "c", "entity": entity})))
        .await
        .unwrap();
    let second = om
        .create_or_update(&create(json!({"name": "d", "entity": entity})))
        .await;
    let err = second.unwrap_err();
    assert!(
        err.to_string()
            .contains("A data contract already exists for entity 'table'"),
        "{err}"
    );
    // An entity that does not exist is a 404 too, which the SDK answers as `None`.
    let nothing = "00000000-0000-4000-8000-000000000000";
    let none = om
        .get_data_contract_by_entity_id(nothing, "table")
        .await
        .unwrap();
    assert!(none.is_none());
}
