"""The CRUD pattern for the other asset families, users, teams, glossaries and tags, through
the official Python SDK."""

from __future__ import annotations

import pytest

from metadata.generated.schema.api.classification.createClassification import (
    CreateClassificationRequest,
)
from metadata.generated.schema.api.classification.createTag import CreateTagRequest
from metadata.generated.schema.api.data.createChart import CreateChartRequest
from metadata.generated.schema.api.data.createContainer import CreateContainerRequest
from metadata.generated.schema.api.data.createDashboard import CreateDashboardRequest
from metadata.generated.schema.api.data.createGlossary import CreateGlossaryRequest
from metadata.generated.schema.api.data.createGlossaryTerm import CreateGlossaryTermRequest
from metadata.generated.schema.api.data.createMlModel import CreateMlModelRequest
from metadata.generated.schema.api.data.createPipeline import CreatePipelineRequest
from metadata.generated.schema.api.data.createTopic import CreateTopicRequest
from metadata.generated.schema.api.services.createDashboardService import (
    CreateDashboardServiceRequest,
)
from metadata.generated.schema.api.services.createMessagingService import (
    CreateMessagingServiceRequest,
)
from metadata.generated.schema.api.services.createMlModelService import (
    CreateMlModelServiceRequest,
)
from metadata.generated.schema.api.services.createPipelineService import (
    CreatePipelineServiceRequest,
)
from metadata.generated.schema.api.services.createStorageService import (
    CreateStorageServiceRequest,
)
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.classification.classification import Classification
from metadata.generated.schema.entity.classification.tag import Tag
from metadata.generated.schema.entity.data.chart import Chart
from metadata.generated.schema.entity.data.container import Container
from metadata.generated.schema.entity.data.dashboard import Dashboard
from metadata.generated.schema.entity.data.glossary import Glossary
from metadata.generated.schema.entity.data.glossaryTerm import GlossaryTerm
from metadata.generated.schema.entity.data.mlmodel import MlModel
from metadata.generated.schema.entity.data.pipeline import Pipeline, Task
from metadata.generated.schema.entity.data.topic import Topic
from metadata.generated.schema.entity.services.connections.dashboard.lookerConnection import (
    LookerConnection,
)
from metadata.generated.schema.entity.services.connections.messaging.kafkaConnection import (
    KafkaConnection,
)
from metadata.generated.schema.entity.services.connections.pipeline.customPipelineConnection import (
    CustomPipelineConnection,
)
from metadata.generated.schema.entity.services.dashboardService import (
    DashboardConnection,
    DashboardService,
    DashboardServiceType,
)
from metadata.generated.schema.entity.services.messagingService import (
    MessagingConnection,
    MessagingService,
    MessagingServiceType,
)
from metadata.generated.schema.entity.services.mlmodelService import (
    MlModelService,
    MlModelServiceType,
)
from metadata.generated.schema.entity.services.pipelineService import (
    PipelineConnection,
    PipelineService,
    PipelineServiceType,
)
from metadata.generated.schema.entity.services.storageService import (
    StorageService,
    StorageServiceType,
)
from metadata.generated.schema.entity.teams.team import Team, TeamType
from metadata.generated.schema.entity.teams.user import User
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.generated.schema.type.entityReferenceList import EntityReferenceList
from metadata.ingestion.ometa.utils import model_str


def messaging(name):
    return CreateMessagingServiceRequest(
        name=name,
        serviceType=MessagingServiceType.Kafka,
        connection=MessagingConnection(config=KafkaConnection(bootstrapServers="localhost:9092")),
    )


def dashboards(name):
    return CreateDashboardServiceRequest(
        name=name,
        serviceType=DashboardServiceType.Looker,
        connection=DashboardConnection(
            config=LookerConnection(hostPort="https://looker.example.com", clientId="id", clientSecret="secret")
        ),
    )


def pipelines(name):
    return CreatePipelineServiceRequest(
        name=name,
        serviceType=PipelineServiceType.CustomPipeline,
        connection=PipelineConnection(config=CustomPipelineConnection(type="CustomPipeline")),
    )


FAMILIES = {
    "topic": (messaging, MessagingService, Topic, lambda n, s: CreateTopicRequest(name=n, service=s, partitions=2)),
    "dashboard": (dashboards, DashboardService, Dashboard, lambda n, s: CreateDashboardRequest(name=n, service=s)),
    "chart": (dashboards, DashboardService, Chart, lambda n, s: CreateChartRequest(name=n, service=s)),
    "pipeline": (
        pipelines,
        PipelineService,
        Pipeline,
        lambda n, s: CreatePipelineRequest(
            name=n, service=s, tasks=[Task(name="task1"), Task(name="task2", downstreamTasks=["task1"])]
        ),
    ),
    "mlmodel": (
        lambda n: CreateMlModelServiceRequest(name=n, serviceType=MlModelServiceType.Mlflow, connection=None),
        MlModelService,
        MlModel,
        lambda n, s: CreateMlModelRequest(name=n, service=s, algorithm="regression"),
    ),
    "container": (
        lambda n: CreateStorageServiceRequest(name=n, serviceType=StorageServiceType.S3, connection=None),
        StorageService,
        Container,
        lambda n, s: CreateContainerRequest(name=n, service=s),
    ),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_asset_family_crud(metadata, name, family):
    make_service, service_cls, entity_cls, make_entity = FAMILIES[family]
    service = metadata.create_or_update(make_service(name))
    created = metadata.create_or_update(make_entity("asset/one (x)", service.fullyQualifiedName))
    assert created.name.root == "asset/one (x)"
    assert created.service.id == service.id
    assert created.owners is None or created.owners.root == []
    assert created.version.root == 0.1

    admin = metadata.get_by_name(entity=User, fqn="admin")
    request = make_entity("asset/one (x)", service.fullyQualifiedName)
    request.owners = EntityReferenceList(root=[EntityReference(id=admin.id, type="user")])
    updated = metadata.create_or_update(request)
    assert updated.id == created.id
    assert updated.owners.root[0].id == admin.id
    assert updated.service.fullyQualifiedName == service.fullyQualifiedName.root

    fqn = created.fullyQualifiedName.root
    assert fqn == f"{name}.asset/one (x)"
    assert metadata.get_by_name(entity=entity_cls, fqn=fqn).id == created.id
    assert metadata.get_by_id(entity=entity_cls, entity_id=created.id).id == created.id
    plain = metadata.get_by_id(entity=entity_cls, entity_id=created.id)
    assert plain.owners is None or plain.owners.root == []
    with_owners = metadata.get_by_id(entity=entity_cls, entity_id=created.id, fields=["owners", "followers"])
    assert with_owners.owners.root[0].id == admin.id
    listed = metadata.list_entities(entity=entity_cls, limit=100)
    assert created.id in [e.id for e in listed.entities]
    ref = metadata.get_entity_reference(entity=entity_cls, fqn=fqn)
    assert ref.id == created.id
    versions = metadata.get_list_entity_versions(entity=entity_cls, entity_id=created.id)
    assert len(versions.versions) == 2
    assert metadata.get_entity_version(entity=entity_cls, entity_id=created.id, version=0.1).version.root == 0.1

    metadata.delete(entity=entity_cls, entity_id=created.id, recursive=True)
    assert metadata.get_by_name(entity=entity_cls, fqn=fqn) is None
    metadata.delete(entity=service_cls, entity_id=service.id, recursive=True, hard_delete=True)
    # include="all" finds soft-deleted entities too: these are hard-deleted.
    assert metadata.get_by_name(entity=service_cls, fqn=name, include="all") is None
    assert metadata.get_by_name(entity=entity_cls, fqn=fqn, include="all") is None


def test_pipeline_tasks_are_replaced_by_a_put(metadata, name):
    service = metadata.create_or_update(pipelines(name))
    pipeline = metadata.create_or_update(
        CreatePipelineRequest(name="etl", service=service.fullyQualifiedName, tasks=[Task(name="task1")])
    )
    grown = metadata.add_task_to_pipeline(pipeline, Task(name="task2"), Task(name="task3"))
    assert sorted(t.name for t in grown.tasks) == ["task1", "task2", "task3"]
    cleaned = metadata.clean_pipeline_tasks(grown, ["task3"])
    assert [t.name for t in cleaned.tasks] == ["task3"]
    fetched = metadata.get_by_id(entity=Pipeline, entity_id=pipeline.id, fields=["tasks"])
    assert [t.name for t in fetched.tasks] == ["task3"]


def test_users_and_teams(metadata, name):
    user = metadata.create_or_update(CreateUserRequest(name=f"{name}.user", email=f"{name}@example.com"))
    assert user.fullyQualifiedName.root == f'"{name}.user"'
    team = metadata.create_or_update(
        CreateTeamRequest(name=f"{name}-team", teamType=TeamType.Group, users=[user.id])
    )
    assert team.teamType == TeamType.Group
    fetched = metadata.get_by_name(entity=Team, fqn=f"{name}-team", fields=["users"])
    assert [u.id for u in fetched.users.root] == [user.id]
    assert metadata.get_by_name(entity=User, fqn=f'"{name}.user"').id == user.id


def test_glossary_terms_nest_under_their_parent(metadata, name):
    glossary = metadata.create_or_update(CreateGlossaryRequest(name=name, description="Terms."))
    parent = metadata.create_or_update(
        CreateGlossaryTermRequest(glossary=glossary.fullyQualifiedName, name="Revenue", description="Money in.")
    )
    assert parent.fullyQualifiedName.root == f"{name}.Revenue"
    child = metadata.create_or_update(
        CreateGlossaryTermRequest(
            glossary=glossary.fullyQualifiedName,
            parent=parent.fullyQualifiedName,
            name="Net",
            description="After costs.",
        )
    )
    assert child.fullyQualifiedName.root == f"{name}.Revenue.Net"
    assert child.parent.name == "Revenue"
    assert metadata.get_by_name(entity=GlossaryTerm, fqn=f"{name}.Revenue.Net").id == child.id
    metadata.delete(entity=Glossary, entity_id=glossary.id, recursive=True, hard_delete=True)
    assert metadata.get_by_name(entity=GlossaryTerm, fqn=f"{name}.Revenue.Net", include="all") is None


def test_classifications_and_nested_tags(metadata, name):
    classification = metadata.create_or_update(CreateClassificationRequest(name=name, description="C."))
    parent = metadata.create_or_update(
        CreateTagRequest(classification=name, name="P", description="Parent.")
    )
    child = metadata.create_or_update(
        CreateTagRequest(classification=name, parent=parent.fullyQualifiedName, name="Test/Special_Chars", description="Child.")
    )
    assert model_str(parent.fullyQualifiedName) == f"{name}.P"
    assert model_str(child.fullyQualifiedName) == f"{name}.P.Test/Special_Chars"
    assert metadata.get_by_name(entity=Tag, fqn=model_str(child.fullyQualifiedName)).id == child.id
    tags = metadata.list_entities(entity=Tag, params={"parent": name})
    assert {t.name.root for t in tags.entities} == {"P", "Test/Special_Chars"}
    long_name = "x" * 256
    metadata.create_or_update(CreateClassificationRequest(name=long_name, description="Long."))
    assert metadata.get_by_name(entity=Classification, fqn=long_name) is not None
