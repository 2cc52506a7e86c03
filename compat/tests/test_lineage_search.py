"""The lineage helpers of the official Python SDK's ES mixin: processed queries by checksum,
the entities they were used in, upstream ids from the search documents, view definitions and
the processed-lineage flag."""

from __future__ import annotations

from metadata.generated.schema.api.data.createQuery import CreateQueryRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.lineage.addLineage import AddLineageRequest
from metadata.generated.schema.entity.data.query import Query
from metadata.generated.schema.entity.data.table import Column, DataType, Table, TableType
from metadata.generated.schema.type.entityLineage import EntitiesEdge
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.utils import fqn

from test_collection_ops import tables
from test_database import make_schema


def ref(entity):
    return EntityReference(id=entity.id, type="table")


def test_processed_queries_are_found_by_checksum(metadata, name):
    service, _, schema = make_schema(metadata, name)
    svc = service.fullyQualifiedName.root
    (orders,) = (metadata.create_or_update(r) for r in tables(schema, ["orders"]))
    done_sql = f"insert into orders select * from raw_{name}"
    todo_sql = f"insert into orders select * from staging_{name}"
    metadata.create_or_update(
        CreateQueryRequest(query=done_sql, service=svc, processedLineage=True, queryUsedIn=[ref(orders)])
    )
    metadata.create_or_update(CreateQueryRequest(query=todo_sql, service=svc))
    checksum = fqn.get_query_checksum(done_sql)

    stored = metadata.get_by_name(entity=Query, fqn=f"{svc}.{checksum}")
    assert stored is not None and stored.checksum == checksum
    assert metadata.es_get_queries_with_lineage(svc) == {checksum}
    used = metadata.es_get_lineage_processed_queries(svc, [checksum, fqn.get_query_checksum(todo_sql)])
    assert used == {checksum: {str(orders.id.root)}}


def test_upstream_ids_and_view_definitions(metadata, name):
    service, _, schema = make_schema(metadata, name)
    svc = service.fullyQualifiedName.root
    raw, orders = (metadata.create_or_update(r) for r in tables(schema, ["raw", "orders"]))
    # add_lineage answers {"error": ...} instead of raising an APIError.
    added = metadata.add_lineage(AddLineageRequest(edge=EntitiesEdge(fromEntity=ref(raw), toEntity=ref(orders))))
    assert [n["id"] for n in added["nodes"]] == [str(orders.id.root)]
    upstream = metadata.es_get_upstream_entity_ids(Table, [str(orders.id.root)])
    assert upstream == {str(orders.id.root): {str(raw.id.root)}}

    view = metadata.create_or_update(
        CreateTableRequest(
            name="v_orders",
            databaseSchema=schema.fullyQualifiedName,
            tableType=TableType.View,
            schemaDefinition="create view v_orders as select * from orders",
            columns=[Column(name="id", dataType=DataType.BIGINT)],
        )
    )
    views = list(metadata.yield_es_view_def(svc, incremental=True))
    assert [(v.table_name, v.view_definition) for v in views] == [
        ("v_orders", "create view v_orders as select * from orders")
    ]
    # patch_lineage_processed_flag swallows every error: the view itself shows the flag.
    metadata.patch_lineage_processed_flag(Table, view.fullyQualifiedName.root)
    assert metadata.get_by_name(entity=Table, fqn=view.fullyQualifiedName.root).processedLineage is True
    assert list(metadata.yield_es_view_def(svc, incremental=True)) == []
    assert len(list(metadata.yield_es_view_def(svc))) == 1
