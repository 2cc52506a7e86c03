"""Data contracts and their results through the official Python SDK's data contract mixin
(the real DataContractResource result routes and DataContractRepository.addContractResult)."""

from __future__ import annotations

import urllib.request
import uuid

from metadata.generated.schema.api.data.createDataContract import CreateDataContractRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.entity.data.dataContract import DataContract
from metadata.generated.schema.entity.datacontract.dataContractResult import DataContractResult
from metadata.generated.schema.type.contractExecutionStatus import ContractExecutionStatus
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.ingestion.ometa.utils import model_str

from test_database import columns, make_schema


def make_contract(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(name="orders", databaseSchema=schema.fullyQualifiedName, columns=columns())
    )
    contract = metadata.create_or_update(
        CreateDataContractRequest(name=f"{name}-contract", entity=EntityReference(id=table.id, type="table"))
    )
    assert contract is not None
    return table, contract


def result(contract, ts: int, status=ContractExecutionStatus.Success, message="ok", result_id=None):
    return DataContractResult(
        id=result_id or uuid.uuid4(),
        dataContractFQN=model_str(contract.fullyQualifiedName),
        timestamp=ts,
        contractExecutionStatus=status,
        result=message,
    )


def status_of_put(server, contract, body: DataContractResult) -> int:
    """The HTTP status of a result PUT (the SDK's client hides it)."""
    base, data_dir = server
    token = (data_dir / "tokens" / "admin.jwt").read_text().strip()
    request = urllib.request.Request(
        f"{base}/api/v1/dataContracts/{model_str(contract.id)}/results",
        data=body.model_dump_json().encode(),
        method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as resp:
        return resp.status


def test_results_move_the_latest_result_forward_only(metadata, server, name):
    table, contract = make_contract(metadata, name)
    # DataContractResource.getByEntityId: the contract of an entity.
    by_entity = metadata.get_data_contract_by_entity_id(table.id, "table")
    assert by_entity is not None and by_entity.id == contract.id

    first = metadata.put_data_contract_result(contract.id, result(contract, 2_000, message="first"))
    assert first is not None and first.dataContractFQN.root == model_str(contract.fullyQualifiedName)
    stored = metadata.get_by_id(entity=DataContract, entity_id=contract.id)
    assert model_str(stored.latestResult.resultId) == model_str(first.id)
    assert stored.latestResult.status == ContractExecutionStatus.Success
    assert stored.latestResult.message == "first"
    assert stored.version.root > contract.version.root

    # An older result is stored (201) and leaves the latest alone.
    older = result(contract, 1_000, status=ContractExecutionStatus.Failed, message="older")
    assert status_of_put(server, contract, older) == 201
    latest_id = metadata.get_by_id(entity=DataContract, entity_id=contract.id).latestResult.resultId
    assert model_str(latest_id) == model_str(first.id)
    # Re-reporting the latest result with a new status updates it (200).
    again = result(contract, 2_000, status=ContractExecutionStatus.Failed, message="rerun", result_id=first.id.root)
    assert status_of_put(server, contract, again) == 200
    latest = metadata.get_latest_data_contract_result(contract.id)
    assert latest is not None and latest.contractExecutionStatus == ContractExecutionStatus.Failed
    assert metadata.get_by_id(entity=DataContract, entity_id=contract.id).latestResult.message == "rerun"

    listed = metadata.get_data_contract_results(contract.id, limit=10, start_ts=1, end_ts=10_000)
    assert [r.timestamp.root for r in listed] == [2_000, 1_000]
    by_id = metadata.get_data_contract_result_by_id(contract.id, first.id)
    assert by_id is not None and by_id.result == "rerun"

    assert metadata.delete_data_contract_results_before(contract.id, 2_000) is True
    assert [r.timestamp.root for r in metadata.get_data_contract_results(contract.id, start_ts=1)] == [2_000]
    assert metadata.delete_data_contract_result(contract.id, 2_000) is True
    # get_data_contract_results answers None on an error, an empty list when there is nothing.
    assert metadata.get_data_contract_results(contract.id, start_ts=1) == []
    assert metadata.get_latest_data_contract_result(contract.id) is None


def test_an_entity_without_a_contract_is_a_404(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(name="bare", databaseSchema=schema.fullyQualifiedName, columns=columns())
    )
    assert metadata.get_data_contract_by_entity_id(table.id, "table") is None
