"""Queries and usage through the official Python SDK's query, table and dashboard mixins."""

from __future__ import annotations

from metadata.generated.schema.api.data.createQuery import CreateQueryRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.data.table import Table
from metadata.generated.schema.type.usageRequest import UsageRequest

from test_collection_ops import tables
from test_database import make_schema


def test_entity_queries_with_users_and_used_by(metadata, name):
    service, _, schema = make_schema(metadata, name)
    svc = service.fullyQualifiedName.root
    orders, other = (metadata.create_or_update(r) for r in tables(schema, ["orders", "other"]))
    user = metadata.create_or_update(CreateUserRequest(name=f"q_{name}", email=f"q_{name}@example.com"))
    metadata.ingest_entity_queries_data(
        entity=orders,
        queries=[
            CreateQueryRequest(
                query=f"select * from orders_{name}",
                service=svc,
                users=[user.fullyQualifiedName],
                usedBy=["dbt"],
            )
        ],
    )
    found = metadata.get_entity_queries(orders.id, fields=["users", "queryUsedIn"])
    assert len(found) == 1
    assert [u.name for u in found[0].users] == [user.name.root]
    assert found[0].usedBy == ["dbt"]
    assert [r.id for r in found[0].queryUsedIn.root] == [orders.id]
    assert metadata.get_entity_queries(other.id) is None


def test_table_usage_and_percentile(metadata, name):
    _, _, schema = make_schema(metadata, name)
    busy, quiet = (metadata.create_or_update(r) for r in tables(schema, ["busy", "quiet"]))
    metadata.publish_table_usage(busy, UsageRequest(date="2026-11-26", count=4))
    metadata.publish_table_usage(busy, UsageRequest(date="2026-11-27", count=10))
    metadata.publish_table_usage(quiet, UsageRequest(date="2026-11-27", count=1))
    metadata.compute_percentile(Table, "2026-11-27")
    read = metadata.get_by_name(entity=Table, fqn=busy.fullyQualifiedName.root, fields=["usageSummary"])
    summary = read.usageSummary
    assert summary.dailyStats.count == 10
    assert summary.weeklyStats.count == 14
    quiet_read = metadata.get_by_name(entity=Table, fqn=quiet.fullyQualifiedName.root, fields=["usageSummary"])
    assert quiet_read.usageSummary.dailyStats.percentileRank < summary.dailyStats.percentileRank
