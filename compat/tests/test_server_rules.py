"""Rules of the real server the official SDK relies on, each named by its source."""

from __future__ import annotations

import pytest

from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.ingestion.ometa.utils import model_str

from test_database import make_schema


def test_a_put_of_a_soft_deleted_entity_restores_it(metadata, name):
    # EntityRepository.createOrUpdate → EntityUpdater.updateDeleted: `deleted: true → false`.
    _, _, schema = make_schema(metadata, name)
    request = CreateTableRequest(
        name="comeback",
        databaseSchema=schema.fullyQualifiedName,
        columns=[Column(name="id", dataType=DataType.BIGINT)],
    )
    table = metadata.create_or_update(request)
    metadata.delete(entity=Table, entity_id=table.id)
    fqn = model_str(table.fullyQualifiedName)
    assert metadata.get_by_name(entity=Table, fqn=fqn) is None, "soft-deleted is not readable"
    back = metadata.create_or_update(request)
    assert back.id == table.id
    assert back.deleted is False
    fields = [model_str(f.name) for f in back.changeDescription.fieldsUpdated]
    assert "deleted" in fields, back.changeDescription
    again = metadata.get_by_name(entity=Table, fqn=fqn)
    assert again is not None and again.id == table.id
    listed = metadata.list_entities(entity=Table, params={"databaseSchema": model_str(schema.fullyQualifiedName)})
    assert [t.id for t in listed.entities] == [table.id]


def test_column_order_is_kept_through_puts_and_patches(metadata, name):
    # Columns are stored as the request lists them (TableRepository keeps the list order).
    _, _, schema = make_schema(metadata, name)
    def request(names):
        return CreateTableRequest(
            name="ordered",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name=n, dataType=DataType.INT) for n in names],
        )
    table = metadata.create_or_update(request(["zeta", "alpha", "mid"]))
    assert [c.name.root for c in table.columns] == ["zeta", "alpha", "mid"]
    table = metadata.create_or_update(request(["mid", "zeta", "new", "alpha"]))
    assert [c.name.root for c in table.columns] == ["mid", "zeta", "new", "alpha"]
    table = metadata.create_or_update(request(["alpha", "mid"]))
    assert [c.name.root for c in table.columns] == ["alpha", "mid"]
    fetched = metadata.get_by_id(entity=Table, entity_id=table.id, fields=["columns"])
    assert [c.name.root for c in fetched.columns] == ["alpha", "mid"]


def test_a_role_lists_who_has_it_and_users_filter_by_bot(metadata, name):
    # RoleRepository.getUsers / getTeams: the users whose roles name it, the teams whose
    # defaultRoles do; UserResource.list(isBot); UserResource.getCurrentLoggedInUser.
    from metadata.generated.schema.api.teams.createRole import CreateRoleRequest
    from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
    from metadata.generated.schema.api.teams.createUser import CreateUserRequest
    from metadata.generated.schema.entity.teams.role import Role
    from metadata.generated.schema.entity.teams.team import TeamType
    from metadata.generated.schema.entity.teams.user import User

    from metadata.generated.schema.api.policies.createPolicy import CreatePolicyRequest
    from metadata.generated.schema.entity.policies.accessControl.rule import Effect, Rule

    rule = Rule(name="view", resources=["All"], operations=["ViewAll"], effect=Effect.allow)
    metadata.create_or_update(CreatePolicyRequest(name=f"{name}-policy", rules=[rule]))
    role = metadata.create_or_update(
        CreateRoleRequest(name=f"{name}-role", policies=[f"{name}-policy"])
    )
    user = metadata.create_or_update(
        CreateUserRequest(name=f"{name}-u", email=f"{name}@example.com", roles=[role.id])
    )
    team = metadata.create_or_update(
        CreateTeamRequest(name=f"{name}-t", teamType=TeamType.Group, defaultRoles=[role.id])
    )
    got = metadata.get_by_name(entity=Role, fqn=f"{name}-role", fields=["users", "teams"])
    assert [u.id for u in got.users.root] == [user.id]
    assert [t.id for t in got.teams.root] == [team.id]

    bots = metadata.list_entities(entity=User, params={"isBot": "true"}, limit=1000).entities
    people = metadata.list_entities(entity=User, params={"isBot": "false"}, limit=1000).entities
    assert bots and all(u.isBot for u in bots)
    assert "ingestion-bot" in [model_str(u.name) for u in bots]
    assert user.id in [u.id for u in people] and not any(u.isBot for u in people)

    me = metadata.client.get("/users/loggedInUser")
    assert me["name"] == "admin"


def test_change_events_list_every_write_since_a_time(metadata, name):
    # EventResource.get / ChangeEventRepository.list: created, updated and deleted events by
    # entity type (`*` for all), from `timestamp` on, oldest first; Entity.EntityList
    # rejects an unknown entity type with "Invalid entity X in query param Y".
    import time

    from metadata.generated.schema.type.changeEvent import ChangeEvent
    from metadata.generated.schema.type.changeEventType import EventType
    from metadata.ingestion.ometa.client import APIError

    since = int(time.time() * 1000)
    _, _, schema = make_schema(metadata, name)
    table = metadata.create_or_update(
        CreateTableRequest(
            name="watched",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.BIGINT)],
        )
    )
    patched = metadata.patch_description(entity=Table, source=table, description="Watched.")
    assert patched is not None and patched.description.root == "Watched."
    metadata.delete(entity=Table, entity_id=table.id, hard_delete=True)
    assert metadata.get_by_id(entity=Table, entity_id=table.id) is None

    answer = metadata.client.get(
        "/events",
        data={"entityCreated": "table", "entityUpdated": "table", "entityDeleted": "*", "timestamp": since},
    )
    events = [ChangeEvent.model_validate(e) for e in answer["data"]]
    mine = [e for e in events if e.entityId == table.id]
    assert [e.eventType for e in mine] == [
        EventType.entityCreated,
        EventType.entityUpdated,
        EventType.entityDeleted,
    ]
    assert [e.timestamp.root for e in events] == sorted(e.timestamp.root for e in events)
    assert mine[1].changeDescription.fieldsAdded[0].name.root == "description"
    created_only = metadata.client.get("/events", data={"entityCreated": "databaseSchema", "timestamp": since})
    assert [e["entityType"] for e in created_only["data"]] == ["databaseSchema"]
    with pytest.raises(APIError) as refused:
        metadata.client.get("/events", data={"entityCreated": "nope", "timestamp": since})
    assert refused.value.status_code == 400
    assert "Invalid entity nope in query param entityCreated" in str(refused.value)
