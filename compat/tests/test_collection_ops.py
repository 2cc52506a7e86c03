"""Bulk writes, stale deletion, async delete/restore, the context document and run statuses,
through the official Python SDK."""

from __future__ import annotations

import time

from metadata.generated.schema.api.data.createPipeline import CreatePipelineRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.services.createPipelineService import (
    CreatePipelineServiceRequest,
)
from metadata.generated.schema.entity.data.pipeline import (
    Pipeline,
    PipelineStatus,
    StatusType,
    Task,
    TaskStatus,
)
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.services.pipelineService import (
    PipelineConnection,
    PipelineServiceType,
)
from metadata.generated.schema.entity.services.connections.pipeline.airflowConnection import (
    AirflowConnection,
)
from metadata.generated.schema.entity.services.connections.pipeline.backendConnection import (
    BackendConnection,
)
from metadata.generated.schema.type.basic import Timestamp

from test_database import make_schema


def tables(schema, names):
    return [
        CreateTableRequest(
            name=n,
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.BIGINT)],
        )
        for n in names
    ]


def wait_for(check, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_bulk_create_or_update_and_delete_stale(metadata, name):
    _, _, schema = make_schema(metadata, name)
    result = metadata.bulk_create_or_update(tables(schema, ["a", "b", "c"]))
    # The SDK's aggregate sums processed and failed rows (it leaves passed at 0).
    assert result.numberOfRowsProcessed.root == 3
    assert result.numberOfRowsFailed.root == 0
    assert len(result.successRequest) == 3
    assert result.status.value == "success"
    keep = f"{schema.fullyQualifiedName.root}.a"
    stale = metadata.delete_stale_entities(
        Table, {"databaseSchema": schema.fullyQualifiedName.root}, [keep]
    )
    assert stale is not None
    assert stale.numberOfRowsPassed.root == 2
    assert metadata.get_by_name(Table, keep) is not None
    assert metadata.get_by_name(Table, f"{schema.fullyQualifiedName.root}.b") is None
    assert metadata.get_by_name(Table, f"{schema.fullyQualifiedName.root}.c") is None


def test_async_delete_and_restore(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(tables(schema, ["t"])[0])
    job = metadata.delete_async(Table, table.id)
    assert job["jobId"]
    fqn = table.fullyQualifiedName.root
    assert wait_for(lambda: metadata.get_by_name(Table, fqn) is None)
    job = metadata.restore_async(Table, table.id)
    assert job["jobId"]
    assert wait_for(lambda: metadata.get_by_name(Table, fqn) is not None)


def test_context_document(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(
            name="orders",
            description="One row per order.",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.BIGINT)],
        )
    )
    text = metadata.get_context(Table, table.fullyQualifiedName.root)
    assert text.startswith("# orders")
    assert "One row per order." in text


def test_pipeline_statuses(metadata, name):
    service = metadata.create_or_update(
        CreatePipelineServiceRequest(
            name=name,
            serviceType=PipelineServiceType.Airflow,
            connection=PipelineConnection(
                config=AirflowConnection(hostPort="http://localhost:8080", connection=BackendConnection())
            ),
        )
    )
    pipeline = metadata.create_or_update(
        CreatePipelineRequest(
            name="Pipeline/Name (test)",
            service=service.fullyQualifiedName,
            tasks=[Task(name="task1")],
        )
    )
    fqn = pipeline.fullyQualifiedName.root
    status = PipelineStatus(
        timestamp=Timestamp(1_700_000_000_000),
        executionStatus=StatusType.Successful,
        taskStatus=[TaskStatus(name="task1", executionStatus=StatusType.Successful)],
    )
    updated = metadata.add_pipeline_status(fqn, status)
    assert updated.pipelineStatus.timestamp.root == 1_700_000_000_000
    assert len(updated.pipelineStatus.taskStatus) == 1
    metadata.add_bulk_pipeline_status(
        fqn,
        [
            PipelineStatus(timestamp=Timestamp(1_700_000_100_000), executionStatus=StatusType.Failed),
            PipelineStatus(timestamp=Timestamp(1_700_000_200_000), executionStatus=StatusType.Pending),
        ],
    )
    listed = metadata.list_pipeline_statuses(fqn, 1_700_000_050_000, 1_800_000_000_000)
    assert [s.executionStatus for s in listed] == [StatusType.Pending, StatusType.Failed]
    latest = metadata.get_by_name(Pipeline, fqn, fields=["pipelineStatus"])
    assert latest.pipelineStatus.executionStatus == StatusType.Pending
