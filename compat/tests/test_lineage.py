"""Lineage through the official Python SDK's lineage and ML model mixins."""

from __future__ import annotations

from metadata.generated.schema.api.data.createMlModel import CreateMlModelRequest
from metadata.generated.schema.api.data.createPipeline import CreatePipelineRequest
from metadata.generated.schema.api.lineage.addLineage import AddLineageRequest
from metadata.generated.schema.api.services.createMlModelService import (
    CreateMlModelServiceRequest,
)
from metadata.generated.schema.api.services.createPipelineService import (
    CreatePipelineServiceRequest,
)
from metadata.generated.schema.entity.data.mlmodel import FeatureSource, MlFeature, MlHyperParameter, MlModel
from metadata.generated.schema.entity.data.table import Table
from metadata.generated.schema.entity.services.mlmodelService import MlModelServiceType
from metadata.generated.schema.entity.services.pipelineService import PipelineServiceType
from metadata.generated.schema.type.entityLineage import (
    ColumnLineage,
    EntitiesEdge,
    EntityLineage,
    LineageDetails,
)
from metadata.generated.schema.type.entityReference import EntityReference

from test_collection_ops import tables
from test_database import make_schema


def ref(entity, kind):
    return EntityReference(id=entity.id, type=kind)


def test_add_patch_and_read_lineage(metadata, name):
    _, _, schema = make_schema(metadata, name)
    t1, t2 = (metadata.create_or_update(r) for r in tables(schema, ["t1", "t2"]))
    service = metadata.create_or_update(
        CreatePipelineServiceRequest(name=name, serviceType=PipelineServiceType.Airflow)
    )
    pipeline = metadata.create_or_update(
        CreatePipelineRequest(name="etl", service=service.fullyQualifiedName)
    )

    res = metadata.add_lineage(
        AddLineageRequest(edge=EntitiesEdge(fromEntity=ref(t1, "table"), toEntity=ref(t2, "table")))
    )
    assert res["entity"]["id"] == str(t1.id.root)
    assert [n["id"] for n in res["nodes"]] == [str(t2.id.root)]
    EntityLineage.model_validate(res)

    with_pipeline = LineageDetails(pipeline=ref(pipeline, "pipeline"))
    res = metadata.add_lineage(
        AddLineageRequest(
            edge=EntitiesEdge(fromEntity=ref(t1, "table"), toEntity=ref(t2, "table"), lineageDetails=with_pipeline)
        )
    )
    assert len(res["downstreamEdges"]) == 1
    assert res["downstreamEdges"][0]["lineageDetails"]["pipeline"]["id"] == str(pipeline.id.root)

    fqn1, fqn2 = t1.fullyQualifiedName.root, t2.fullyQualifiedName.root
    # add_lineage answers {"error": ...} instead of raising an APIError: each write is checked.
    for column in ["id", "id"]:
        details = LineageDetails(
            columnsLineage=[ColumnLineage(fromColumns=[f"{fqn1}.{column}"], toColumn=f"{fqn2}.{column}")]
        )
        res = metadata.add_lineage(
            AddLineageRequest(
                edge=EntitiesEdge(fromEntity=ref(t1, "table"), toEntity=ref(t2, "table"), lineageDetails=details)
            ),
            check_patch=True,
        )
        edge = res["downstreamEdges"][0]["lineageDetails"]
        assert len(res["downstreamEdges"]) == 1
        assert edge["pipeline"]["id"] == str(pipeline.id.root), "the stored pipeline is kept"
        assert len(edge["columnsLineage"]) == 1, "the same column mapping is not added twice"

    by_id = metadata.get_lineage_by_id(Table, str(t2.id.root))
    by_name = metadata.get_lineage_by_name(Table, fqn2)
    assert by_id["entity"]["id"] == by_name["entity"]["id"] == str(t2.id.root)
    assert len(by_name.get("upstreamEdges", [])) == 1

    assert metadata.get_lineage_edge(str(t1.id.root), str(t2.id.root))["edge"]["pipeline"]
    # The delete_lineage_* methods only log an APIError: a read of the graph proves each delete.
    metadata.delete_lineage_by_source("table", str(t2.id.root), "Manual")
    after = metadata.get_lineage_by_name(Table, fqn2)
    assert after["entity"]["id"] == str(t2.id.root)
    assert after.get("upstreamEdges", []) == []

    # The SDK caches edges per process, so the checks below read the graph.
    added = metadata.add_lineage_by_name(fqn1, "table", fqn2, "table", LineageDetails(description="by name"))
    assert added["downstreamEdges"][0]["lineageDetails"]["description"] == "by name"
    graph = metadata.get_lineage_by_name(Table, fqn2)
    assert graph["upstreamEdges"][0]["lineageDetails"]["description"] == "by name"
    metadata.delete_lineage_by_name(fqn1, "table", fqn2, "table")
    after = metadata.get_lineage_by_name(Table, fqn2)
    assert after["entity"]["id"] == str(t2.id.root)
    assert after.get("upstreamEdges", []) == []


def test_mlmodel_feature_lineage(metadata, name):
    _, _, schema = make_schema(metadata, name)
    t1, t2 = (metadata.create_or_update(r) for r in tables(schema, ["f1", "f2"]))
    service = metadata.create_or_update(
        CreateMlModelServiceRequest(name=name, serviceType=MlModelServiceType.Mlflow)
    )
    model = metadata.create_or_update(
        CreateMlModelRequest(
            name="churn",
            algorithm="xgboost",
            service=service.fullyQualifiedName,
            mlFeatures=[
                MlFeature(name="a", featureSources=[FeatureSource(name="s1", dataSource=ref(t1, "table"))]),
                MlFeature(name="b", featureSources=[FeatureSource(name="s2", dataSource=ref(t2, "table")), FeatureSource(name="s3")]),
            ],
        )
    )
    lineage = metadata.get_lineage_by_id(MlModel, str(model.id.root))
    assert {n["id"] for n in lineage["nodes"]} == {str(t1.id.root), str(t2.id.root)}
    tuned = metadata.create_or_update(
        CreateMlModelRequest(
            name="churn",
            algorithm="xgboost",
            service=service.fullyQualifiedName,
            target="churned",
            mlHyperParameters=[MlHyperParameter(name="depth", value="6")],
            mlFeatures=model.mlFeatures,
        )
    )
    assert tuned.id == model.id
    fetched = metadata.get_by_id(entity=MlModel, entity_id=model.id)
    assert fetched.target.root == "churned"
    assert [(p.name, p.value) for p in fetched.mlHyperParameters] == [("depth", "6")]
    assert [f.name.root for f in fetched.mlFeatures] == ["a", "b"]
    for t in (t1, t2):
        metadata.delete_lineage_edge(
            EntitiesEdge(fromEntity=ref(t, "table"), toEntity=ref(model, "mlmodel"))
        )
    # delete_lineage_edge only logs an APIError: the graph read proves both edges are gone.
    after = metadata.get_lineage_by_id(MlModel, str(model.id.root))
    assert after["entity"]["id"] == str(model.id.root)
    assert after.get("nodes", []) == []
    lineage = metadata.add_mlmodel_lineage(model)
    assert {n["id"] for n in lineage["nodes"]} == {str(t1.id.root), str(t2.id.root)}
