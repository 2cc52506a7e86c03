"""Ingestion pipeline runs (statuses, trigger, oversized payloads, logs, progress), topic and
search index sample data, and dashboard usage, through the official Python SDK."""

from __future__ import annotations

import time
import uuid

import pytest

from metadata.generated.schema.api.data.createDashboard import CreateDashboardRequest
from metadata.generated.schema.api.data.createSearchIndex import CreateSearchIndexRequest
from metadata.generated.schema.api.data.createTopic import CreateTopicRequest
from metadata.generated.schema.api.services.createDatabaseService import CreateDatabaseServiceRequest
from metadata.generated.schema.api.services.createSearchService import CreateSearchServiceRequest
from metadata.generated.schema.api.services.ingestionPipelines.createIngestionPipeline import (
    CreateIngestionPipelineRequest,
)
from metadata.generated.schema.entity.data.dashboard import Dashboard
from metadata.generated.schema.entity.data.searchIndex import (
    DataType as SearchDataType,
    SearchIndexField,
    SearchIndexSampleData,
)
from metadata.generated.schema.entity.data.topic import TopicSampleData
from metadata.generated.schema.entity.services.databaseService import DatabaseServiceType
from metadata.generated.schema.entity.services.ingestionPipelines.ingestionPipeline import (
    AirflowConfig,
    IngestionPipeline,
    PipelineState,
    PipelineStatus,
    PipelineType,
)
from metadata.generated.schema.entity.services.ingestionPipelines.progressUpdate import (
    ProgressUpdate,
    ProgressUpdateType,
)
from metadata.generated.schema.entity.services.ingestionPipelines.status import (
    IngestionStatus,
    StackTraceError,
    StepSummary,
)
from metadata.generated.schema.entity.services.searchService import SearchServiceType
from metadata.generated.schema.metadataIngestion.databaseServiceMetadataPipeline import (
    DatabaseServiceMetadataPipeline,
)
from metadata.generated.schema.metadataIngestion.workflow import SourceConfig
from metadata.generated.schema.type.basic import Timestamp
from metadata.generated.schema.type.usageRequest import UsageRequest
from metadata.ingestion.ometa.client import APIError

from test_families import dashboards, messaging


def now_ms() -> int:
    return int(time.time() * 1000)


@pytest.fixture
def ingestion(metadata, name) -> IngestionPipeline:
    service = metadata.create_or_update(
        CreateDatabaseServiceRequest(name=name, serviceType=DatabaseServiceType.Mysql, connection=None)
    )
    return metadata.create_or_update(
        CreateIngestionPipelineRequest(
            name="ingestion",
            pipelineType=PipelineType.metadata,
            service={"id": service.id, "type": "databaseService"},
            sourceConfig=SourceConfig(config=DatabaseServiceMetadataPipeline()),
            airflowConfig=AirflowConfig(),
        )
    )


def status(run_id: str, state: PipelineState, error: str = "") -> PipelineStatus:
    steps = IngestionStatus(
        root=[StepSummary(name="source", records=1, failures=[StackTraceError(name="t", error=error)])]
    )
    return PipelineStatus(
        runId=run_id,
        pipelineState=state,
        startDate=Timestamp(now_ms()),
        timestamp=Timestamp(now_ms()),
        status=steps if error else None,
    )


def test_ingestion_run_statuses_and_trigger(metadata, ingestion):
    fqn = ingestion.fullyQualifiedName.root
    assert ingestion.name.root == "ingestion"
    run = str(uuid.uuid4())
    metadata.create_or_update_pipeline_status(fqn, status(run, PipelineState.running))
    metadata.create_or_update_pipeline_status(fqn, status(run, PipelineState.success))
    assert metadata.get_pipeline_status(fqn, run).pipelineState == PipelineState.success
    between = metadata.get_pipeline_status_between_ts(fqn, 0, now_ms() + 1000)
    assert [s.runId for s in between] == [run]
    triggered = metadata.run_pipeline(ingestion.id.root)
    assert triggered.id == ingestion.id
    assert len(metadata.get_pipeline_status_between_ts(fqn, 0, now_ms() + 1000)) == 2


def test_an_oversized_status_is_refused_and_a_truncated_one_accepted(metadata, ingestion):
    fqn = ingestion.fullyQualifiedName.root
    run = str(uuid.uuid4())
    with pytest.raises(APIError) as refused:
        metadata.create_or_update_pipeline_status(fqn, status(run, PipelineState.failed, "x" * (17 << 20)))
    assert "exceeds the maximum allowed" in str(refused.value)
    accepted = metadata.client.put(
        f"/services/ingestionPipelines/{fqn}/pipelineStatus",
        data=status(run, PipelineState.failed, "x" * 1000).model_dump_json(),
    )
    assert accepted["entityFullyQualifiedName"] == fqn


def test_run_logs_and_progress(metadata, ingestion):
    fqn = ingestion.fullyQualifiedName.root
    run = uuid.uuid4()
    # create_log_stream only logs a failure: the opened stream reads back empty.
    metadata.create_log_stream(fqn, run)
    assert metadata.get_logs_from_s3(fqn, run) == ""
    assert metadata.send_logs_to_s3(fqn, run, "started\nread schema")
    big = "\n".join(f"line {i}" for i in range(3000))
    assert metadata.send_logs_to_s3(fqn, run, big, compress=True)
    assert metadata.close_log_stream(fqn, run)
    logs = metadata.get_logs_from_s3(fqn, run, offset=0, limit=5000)
    assert logs.startswith("started\nread schema\nline 0\n")
    assert logs.endswith("line 2999")
    assert metadata.get_logs_from_s3(fqn, run, offset=1, limit=2) == "read schema\nline 0"

    update = ProgressUpdate(
        runId=str(run),
        timestamp=Timestamp(now_ms()),
        updateType=ProgressUpdateType.PROCESSING,
        stepName="source",
        totalAssetsIngested=12,
    )
    metadata.send_progress_update(fqn, str(run), update)
    assert metadata.get_progress_state(fqn, str(run)) == update


def test_topic_and_search_index_sample_data(metadata, name):
    service = metadata.create_or_update(messaging(name))
    topic = metadata.create_or_update(
        CreateTopicRequest(name="orders", service=service.fullyQualifiedName, partitions=1)
    )
    stored = metadata.ingest_topic_sample_data(topic, TopicSampleData(messages=["{\"id\": 1}", "é"]))
    assert stored.messages == ["{\"id\": 1}", "é"]
    fetched = metadata.get_topic_sample_data(topic)
    assert fetched.sampleData.messages == ["{\"id\": 1}", "é"]

    search = metadata.create_or_update(
        CreateSearchServiceRequest(name=f"{name}-search", serviceType=SearchServiceType.ElasticSearch, connection=None)
    )
    index = metadata.create_or_update(
        CreateSearchIndexRequest(
            name="products",
            service=search.fullyQualifiedName,
            fields=[SearchIndexField(name="title", dataType=SearchDataType.TEXT)],
        )
    )
    sample = metadata.ingest_search_index_sample_data(index, SearchIndexSampleData(messages=["{\"title\": \"a\"}"]))
    assert sample.messages == ["{\"title\": \"a\"}"]


def test_dashboard_usage_is_summed_per_day(metadata, name):
    service = metadata.create_or_update(dashboards(name))
    board = metadata.create_or_update(CreateDashboardRequest(name="sales", service=service.fullyQualifiedName))
    today = time.strftime("%Y-%m-%d", time.gmtime())
    metadata.publish_dashboard_usage(board, UsageRequest(date=today, count=5))
    metadata.publish_dashboard_usage(board, UsageRequest(date=today, count=3))
    fetched = metadata.get_by_id(entity=Dashboard, entity_id=board.id, fields=["usageSummary"])
    assert fetched.usageSummary.dailyStats.count == 8
