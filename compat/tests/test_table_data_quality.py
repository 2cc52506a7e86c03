"""Sample data, profiles, profiler config and data quality through the official Python SDK's
table and tests mixins."""

from __future__ import annotations

import time

from metadata.generated.schema.api.data.createTableProfile import CreateTableProfileRequest
from metadata.generated.schema.entity.data.table import (
    ColumnProfile,
    Table,
    TableData,
    TableProfile,
    TableProfilerConfig,
)
from metadata.generated.schema.tests.basic import TestCaseResult, TestCaseStatus, TestResultValue
from metadata.generated.schema.tests.testCase import TestCase, TestCaseParameterValue
from metadata.generated.schema.tests.testDefinition import (
    EntityType,
    TestCaseParameterDefinition,
    TestPlatform,
)
from metadata.generated.schema.type.basic import Timestamp

from test_collection_ops import tables
from test_database import make_schema


def test_sample_data_profile_and_profiler_config(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(tables(schema, ["orders"])[0])
    data = TableData(columns=["id"], rows=[[1], [2], [3]])
    assert metadata.ingest_table_sample_data(table, data) == data
    assert metadata.get_sample_data(table).sampleData == data
    binary = TableData(columns=["id"], rows=[[b"\x00\xff binary"]])
    stored = metadata.ingest_table_sample_data(table, binary)
    assert stored.rows[0][0].startswith("[base64]")
    assert metadata.get_sample_data(table).sampleData == stored, "a second write replaces the first"

    now = int(time.time() * 1000)
    profile = TableProfile(timestamp=Timestamp(now), columnCount=1.0, rowCount=3.0)
    column = ColumnProfile(name="id", timestamp=Timestamp(now), nullCount=0.0)
    metadata.ingest_profile_data(table, CreateTableProfileRequest(tableProfile=profile, columnProfile=[column]))
    latest = metadata.get_latest_table_profile(table.fullyQualifiedName)
    assert latest.profile == profile
    assert latest.columns[0].profile == column
    listed = metadata.get_profile_data(table.fullyQualifiedName.root, now - 1000, now + 1000, profile_type=TableProfile)
    assert len(listed.entities) == 1

    assert metadata.get_by_name(Table, table.fullyQualifiedName, fields=["tableProfilerConfig"]).tableProfilerConfig is None
    metadata.create_or_update_table_profiler_config(
        table.fullyQualifiedName.root, TableProfilerConfig(sampleDataCount=50)
    )
    read = metadata.get_by_name(Table, table.fullyQualifiedName, fields=["tableProfilerConfig"])
    assert read.tableProfilerConfig.sampleDataCount == 50


def test_test_definitions_suites_cases_and_results(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(tables(schema, ["orders"])[0])
    table_fqn = table.fullyQualifiedName.root
    definition = metadata.get_or_create_test_definition(
        f"custom_{name}",
        test_definition_description="d",
        entity_type=EntityType.TABLE,
        test_platforms=[TestPlatform.GreatExpectations],
        test_case_parameter_definition=[TestCaseParameterDefinition(name="foo")],
    )
    assert metadata.get_or_create_test_definition(f"custom_{name}").id == definition.id

    suite = metadata.get_or_create_executable_test_suite(table_fqn)
    assert suite is not None
    case = metadata.get_or_create_test_case(
        f"{table_fqn}.testCase:With/Special&Characters",
        entity_link=f"<#E::table::{table_fqn}>",
        test_definition_fqn=f"custom_{name}",
        test_case_parameter_values=[TestCaseParameterValue(name="foo", value="10")],
    )
    assert case.fullyQualifiedName.root == f"{table_fqn}.testCase:With/Special&Characters"
    column_case = metadata.get_or_create_test_case(
        f"{table_fqn}.id.id_regex",
        entity_link=f"<#E::table::{table_fqn}::columns::id>",
        test_definition_fqn="columnValuesToMatchRegex",
        test_case_parameter_values=[TestCaseParameterValue(name="regex", value="^[0-9]+$")],
    )
    assert column_case.entityFQN == f"{table_fqn}.id"
    assert metadata.get_by_name(TestCase, f"{table_fqn}.nope", fields=["*"]) is None

    now = int(time.time() * 1000)
    metadata.add_test_case_results(
        TestCaseResult(
            timestamp=Timestamp(now),
            testCaseStatus=TestCaseStatus.Success,
            result="3 rows",
            testResultValue=[TestResultValue(name="rows", value="3")],
        ),
        case.fullyQualifiedName.root,
    )
    results = metadata.get_test_case_results(case.fullyQualifiedName.root, now - 60_000, now + 60_000)
    assert results[0].result == "3 rows"
    assert results[0].testCaseStatus == TestCaseStatus.Success
