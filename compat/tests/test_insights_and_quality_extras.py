"""Table extras, incident management, failed rows, logical suites, data insights, KPIs, web
analytics and reindex through the official Python SDK's table, tests, data insight and search
index mixins."""

from __future__ import annotations

import time

from metadata.generated.schema.analytics.basic import WebAnalyticEventType
from metadata.generated.schema.analytics.reportData import ReportData, ReportDataType
from metadata.generated.schema.analytics.webAnalyticEventData import WebAnalyticEventData
from metadata.generated.schema.api.dataInsight.kpi.createKpiRequest import CreateKpiRequest
from metadata.generated.schema.api.tests.createCustomMetric import CreateCustomMetricRequest
from metadata.generated.schema.api.tests.createLogicalTestCases import CreateLogicalTestCases
from metadata.generated.schema.api.tests.createTestCaseResolutionStatus import (
    CreateTestCaseResolutionStatus,
)
from metadata.generated.schema.entity.data.table import (
    ColumnJoins,
    DataModel,
    JoinedWith,
    ModelType,
    Table,
    TableData,
    TableJoins,
)
from metadata.generated.schema.tests.basic import TestCaseResult, TestCaseStatus
from metadata.generated.schema.tests.testCaseResolutionStatus import TestCaseResolutionStatusTypes

from test_collection_ops import tables
from test_database import make_schema


def test_joins_data_model_custom_metrics_and_columns(metadata, name):
    _, _, schema = make_schema(metadata, name)
    orders, customers = (metadata.create_or_update(r) for r in tables(schema, ["orders", "customers"]))
    customers_id = f"{customers.fullyQualifiedName.root}.id"
    metadata.publish_frequently_joined_with(
        orders,
        TableJoins(
            dayCount=1,
            columnJoins=[ColumnJoins(columnName="id", joinedWith=[JoinedWith(fullyQualifiedName=customers_id, joinCount=3)])],
        ),
    )
    read = metadata.get_by_name(entity=Table, fqn=customers.fullyQualifiedName.root, fields=["joins"])
    joined = read.joins.columnJoins[0].joinedWith[0]
    assert joined.fullyQualifiedName.root == f"{orders.fullyQualifiedName.root}.id"
    assert joined.joinCount == 3

    with_model = metadata.ingest_table_data_model(orders, DataModel(modelType=ModelType.DBT, sql="select 1"))
    assert with_model.dataModel.sql.root == "select 1"

    with_metric = metadata.create_or_update_custom_metric(
        CreateCustomMetricRequest(name="big", expression="count(*)"), orders.id.root
    )
    assert [m.name.root for m in with_metric.customMetrics] == ["big"]

    columns = metadata.get_table_columns(orders.fullyQualifiedName.root)
    assert [c.name.root for c in columns] == ["id"]

    # ingest_table_sample_data answers None and delete_sample_data only logs when the server fails.
    sample = TableData(columns=["id"], rows=[[1]])
    assert metadata.ingest_table_sample_data(orders, sample) == sample
    assert metadata.get_sample_data(orders).sampleData == sample
    metadata.delete_sample_data(orders)
    assert metadata.get_sample_data(orders).sampleData is None


def test_incidents_failed_rows_inspection_and_logical_suites(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(tables(schema, ["orders"])[0])
    table_fqn = table.fullyQualifiedName.root
    case = metadata.get_or_create_test_case(
        f"{table_fqn}.enough_rows",
        entity_link=f"<#E::table::{table_fqn}>",
        test_definition_fqn="tableRowCountToBeBetween",
    )
    now = int(time.time() * 1000)
    metadata.add_test_case_results(
        TestCaseResult(timestamp=now, testCaseStatus=TestCaseStatus.Failed),
        case.fullyQualifiedName.root,
    )
    results = metadata.get_test_case_results(case.fullyQualifiedName.root, now - 1, now + 1)
    assert [r.testCaseStatus for r in results] == [TestCaseStatus.Failed]
    rows = TableData(columns=["id"], rows=[[7]])
    assert metadata.ingest_failed_rows_sample(case, rows) == rows
    assert metadata.get_failed_rows_sample(case) == rows
    sql = "SELECT * FROM orders WHERE id = 7"
    assert metadata.ingest_inspection_query(case, sql).inspectionQuery.root == sql

    opened = metadata.create_test_case_resolution(
        CreateTestCaseResolutionStatus(
            testCaseResolutionStatusType=TestCaseResolutionStatusTypes.New,
            testCaseReference=case.fullyQualifiedName.root,
        )
    )
    acked = metadata.create_test_case_resolution(
        CreateTestCaseResolutionStatus(
            testCaseResolutionStatusType=TestCaseResolutionStatusTypes.Ack,
            testCaseReference=case.fullyQualifiedName.root,
        )
    )
    assert acked.stateId == opened.stateId
    assert acked.testCaseReference.id == case.id

    executable = metadata.get_executable_test_suite(table_fqn)
    assert [t.id for t in executable.tests] == [case.id]
    logical = metadata.get_or_create_test_suite(f"critical_{name}")
    metadata.add_logical_test_cases(CreateLogicalTestCases(testSuiteId=logical.id, testCaseIds=[case.id]))
    suites = metadata.get_by_id(entity=type(case), entity_id=case.id, fields=["testSuites"]).testSuites
    assert f"critical_{name}" in [s.name.root for s in suites]

    metadata.delete_test_case(case.fullyQualifiedName.root, hard=True)
    assert metadata.get_by_name(entity=type(case), fqn=case.fullyQualifiedName.root, include="all") is None


def test_data_insights_kpis_web_analytics_and_reindex(metadata, name):
    day = 20_000 * 86_400_000
    metadata.add_data_insight_report_data(
        ReportData(
            timestamp=day,
            reportDataType=ReportDataType.webAnalyticEntityViewReportData,
            data={"entityFqn": f"t_{name}", "entityType": "table", "views": 5},
        )
    )
    stored = metadata.get_data_insight_report_data(day, day, ReportDataType.webAnalyticEntityViewReportData.value)
    assert [r["data"]["entityFqn"] for r in stored["data"]] == [f"t_{name}"]
    chart = metadata.get_aggregated_data_insight_results(
        day, day, "MostViewedEntities", "web_analytic_entity_view_report_data_index"
    )
    assert chart.data[0].pageViews == 5
    metadata.delete_report_data_at_date(ReportDataType.webAnalyticEntityViewReportData, "2024-10-04")
    assert metadata.get_data_insight_report_data(day, day, "webAnalyticEntityViewReportData")["data"] == []

    kpi = metadata.create_kpi(
        CreateKpiRequest(
            name=f"described_{name}",
            description="Half described.",
            dataInsightChart="percentage_of_data_asset_with_description_kpi",
            startDate=0,
            endDate=1_900_000_000_000,
            targetValue=50.0,
            metricType="PERCENTAGE",
        )
    )
    assert kpi.dataInsightChart.type == "dataInsightCustomChart"
    from metadata.generated.schema.dataInsight.kpi.basic import KpiResult, KpiTarget

    metadata.add_kpi_result(
        kpi.fullyQualifiedName.root,
        KpiResult(timestamp=10, targetResult=[KpiTarget(name="described", value="60", targetMet=True)]),
    )
    results = metadata.get_kpi_result(kpi.fullyQualifiedName.root, 0, 100)
    assert [r.targetResult[0].value for r in results] == ["60"]

    metadata.add_web_analytic_events(
        WebAnalyticEventData(
            timestamp=1_000,
            eventType=WebAnalyticEventType.CustomEvent,
            eventData={"fullUrl": "http://x/", "url": "/", "hostname": "x", "eventType": "CLICK", "eventValue": name},
        )
    )
    events = metadata.get_web_analytic_events(WebAnalyticEventType.CustomEvent, 0, 2_000)
    assert name in [e.eventData.eventValue for e in events]
    metadata.delete_web_analytic_event_before_ts_exclusive(WebAnalyticEventType.CustomEvent, 1_001)
    assert metadata.get_web_analytic_events(WebAnalyticEventType.CustomEvent, 0, 2_000) == []

    metadata.reindex()
    assert metadata.is_reindex_app_running() is False
