"""The database family through the official Python SDK: service → database → schema → tables."""

from __future__ import annotations

from metadata.generated.schema.api.data.createDatabase import CreateDatabaseRequest
from metadata.generated.schema.api.data.createDatabaseSchema import CreateDatabaseSchemaRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.services.createDatabaseService import (
    CreateDatabaseServiceRequest,
)
from metadata.generated.schema.entity.data.database import Database
from metadata.generated.schema.entity.data.databaseSchema import DatabaseSchema
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.services.connections.database.common.basicAuth import (
    BasicAuth,
)
from metadata.generated.schema.entity.services.connections.database.mysqlConnection import (
    MysqlConnection,
)
from metadata.generated.schema.entity.services.databaseService import (
    DatabaseConnection,
    DatabaseService,
    DatabaseServiceType,
)
from metadata.generated.schema.entity.teams.team import Team
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.generated.schema.type.entityReferenceList import EntityReferenceList
from metadata.generated.schema.type.tagLabel import (
    LabelType,
    State,
    TagLabel,
    TagSource,
)
from metadata.ingestion.models.table_metadata import ColumnTag  # noqa: F401
from metadata.ingestion.ometa.mixins.patch_mixin_utils import PatchOperation


def make_service(metadata, name, host="localhost:3306"):
    return metadata.create_or_update(
        CreateDatabaseServiceRequest(
            name=name,
            serviceType=DatabaseServiceType.Mysql,
            connection=DatabaseConnection(
                config=MysqlConnection(
                    username="ingest", authType=BasicAuth(password="hunter2"), hostPort=host
                )
            ),
        )
    )


def make_group(metadata, name):
    """A team of type Group: the only kind of team that may own (EntityRepository.validateOwners)."""
    from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
    from metadata.generated.schema.entity.teams.team import TeamType

    return metadata.create_or_update(CreateTeamRequest(name=f"{name}-owners", teamType=TeamType.Group))


def make_schema(metadata, name):
    service = make_service(metadata, name)
    db = metadata.create_or_update(
        CreateDatabaseRequest(name="sales", service=service.fullyQualifiedName)
    )
    schema = metadata.create_or_update(
        CreateDatabaseSchemaRequest(name="public", database=db.fullyQualifiedName)
    )
    return service, db, schema


def columns():
    return [
        Column(name="id", dataType=DataType.BIGINT),
        Column(name="status", dataType=DataType.VARCHAR, dataLength=10),
    ]


def test_service_crud_keeps_the_id_and_masks_secrets_for_admin(metadata, bot_metadata, name):
    created = make_service(metadata, name)
    assert created.name.root == name
    updated = make_service(metadata, name, host="otherhost:3306")
    assert updated.id == created.id
    assert updated.connection.config.hostPort == "otherhost:3306"
    by_name = metadata.get_by_name(entity=DatabaseService, fqn=name)
    by_id = metadata.get_by_id(entity=DatabaseService, entity_id=created.id)
    assert by_name.id == by_id.id == created.id
    as_bot = bot_metadata.get_by_name(entity=DatabaseService, fqn=name)
    assert as_bot.connection.config.authType.password.get_secret_value() == "hunter2"
    as_admin = metadata.get_by_name(entity=DatabaseService, fqn=name)
    assert as_admin.connection.config.authType.password.get_secret_value() == "*********"
    versions = metadata.get_list_entity_versions(entity=DatabaseService, entity_id=created.id)
    assert len(versions.versions) >= 2


def test_tables_create_get_list_and_page(metadata, name):
    _, db, schema = make_schema(metadata, name)
    assert schema.fullyQualifiedName.root == f"{name}.sales.public"
    tables = [
        metadata.create_or_update(
            CreateTableRequest(
                name=f"t{i}", databaseSchema=schema.fullyQualifiedName, columns=columns()
            )
        )
        for i in range(5)
    ]
    first = tables[0]
    assert first.databaseSchema.id == schema.id
    assert first.owners.root == []
    assert metadata.get_by_name(entity=Table, fqn=f"{name}.sales.public.t0").id == first.id
    assert metadata.get_by_id(entity=Table, entity_id=first.id).name.root == "t0"
    assert metadata.get_by_name(entity=Table, fqn="something.made.up") is None

    page1 = metadata.list_entities(
        entity=Table, limit=2, params={"database": db.fullyQualifiedName.root}
    )
    assert len(page1.entities) == 2
    assert page1.total == 5
    page2 = metadata.list_entities(
        entity=Table, limit=2, after=page1.after, params={"database": db.fullyQualifiedName.root}
    )
    assert [t.name.root for t in page2.entities] == ["t2", "t3"]
    back = metadata.list_entities(
        entity=Table, limit=2, before=page2.before, params={"database": db.fullyQualifiedName.root}
    )
    assert back.entities == page1.entities
    everything = list(
        metadata.list_all_entities(
            entity=Table, limit=2, params={"database": db.fullyQualifiedName.root}
        )
    )
    assert sorted(t.name.root for t in everything) == [f"t{i}" for i in range(5)]
    dbs = metadata.list_entities(entity=Database, params={"service": name})
    assert [d.id for d in dbs.entities] == [db.id]


def test_patches_description_tags_and_owners(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(name="orders", databaseSchema=schema.fullyQualifiedName, columns=columns())
    )
    # The patch_* methods answer None both when they patch nothing and when the server refuses.
    patched = metadata.patch_description(entity=Table, source=table, description="Orders.")
    assert patched is not None and patched.description.root == "Orders."
    not_forced = metadata.patch_description(entity=Table, source=patched, description="Other.")
    assert not_forced is None
    kept = metadata.get_by_id(entity=Table, entity_id=table.id)
    assert kept.description.root == "Orders." and kept.version == patched.version
    forced = metadata.patch_description(
        entity=Table, source=patched, description="Other.", force=True
    )
    assert forced is not None and forced.description.root == "Other."
    tags = [
        TagLabel(tagFQN="PII.Sensitive", labelType=LabelType.Manual, state=State.Confirmed, source=TagSource.Classification),
        TagLabel(tagFQN="Tier.Tier2", labelType=LabelType.Manual, state=State.Confirmed, source=TagSource.Classification),
    ]
    tagged = metadata.patch_tags(entity=Table, source=forced, tag_labels=tags)
    assert tagged is not None and [t.tagFQN.root for t in tagged.tags] == ["PII.Sensitive", "Tier.Tier2"]
    untagged = metadata.patch_tags(
        entity=Table, source=tagged, tag_labels=tags[:1], operation=PatchOperation.REMOVE
    )
    assert untagged is not None and [t.tagFQN.root for t in untagged.tags] == ["Tier.Tier2"]
    team = make_group(metadata, name)
    owners = EntityReferenceList(root=[EntityReference(id=team.id, type="team")])
    owned = metadata.patch_owner(entity=Table, source=untagged, owners=owners)
    assert owned is not None and [o.id for o in owned.owners.root] == [team.id]
    cleared = metadata.patch_owner(entity=Table, source=owned, owners=None, force=True)
    assert cleared is not None and cleared.owners.root == []
    fetched = metadata.get_by_id(entity=Table, entity_id=table.id, fields=["owners", "tags"])
    assert fetched.description.root == "Other."
    assert [t.tagFQN.root for t in fetched.tags] == ["Tier.Tier2"]
    assert fetched.owners.root == []
    assert fetched.version.root > 0.1


def test_versions_soft_delete_restore_and_recursive_hard_delete(metadata, name):
    service, db, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(name="orders", databaseSchema=schema.fullyQualifiedName, columns=columns())
    )
    assert table.version.root == 0.1
    v01 = metadata.get_entity_version(entity=Table, entity_id=table.id, version=0.1)
    assert v01.id == table.id and v01.version.root == 0.1

    metadata.delete(entity=Table, entity_id=table.id)
    assert metadata.get_by_name(entity=Table, fqn=table.fullyQualifiedName.root) is None
    hidden = metadata.get_by_name(
        entity=Table, fqn=table.fullyQualifiedName.root, fields=["*"], include="all"
    )
    assert hidden.deleted is True
    restored = metadata.restore(entity=Table, entity_id=table.id)
    assert restored is not None and restored.deleted is False and restored.id == table.id
    # restore answers None on an APIError: a live table cannot be restored, and stays as it is.
    assert metadata.restore(entity=Table, entity_id=table.id) is None
    live = metadata.get_by_name(entity=Table, fqn=table.fullyQualifiedName.root)
    assert live is not None and live.deleted is False and live.version == restored.version

    metadata.delete(entity=DatabaseService, entity_id=service.id, recursive=True, hard_delete=True)
    assert metadata.get_by_id(entity=DatabaseSchema, entity_id=schema.id) is None
    assert metadata.get_by_name(entity=Table, fqn=table.fullyQualifiedName.root, include="all") is None


def test_names_with_dots_and_slashes(metadata, name):
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(name="foo.bar/baz", databaseSchema=schema.fullyQualifiedName, columns=columns())
    )
    assert table.fullyQualifiedName.root == f'{name}.sales.public."foo.bar/baz"'
    assert metadata.get_by_name(entity=Table, fqn=table.fullyQualifiedName.root).id == table.id
