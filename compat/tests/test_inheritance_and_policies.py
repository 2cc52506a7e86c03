"""Owner inheritance, and roles with policies, through the official Python SDK."""

from __future__ import annotations

from metadata.generated.schema.api.data.createDatabaseSchema import CreateDatabaseSchemaRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.policies.createPolicy import CreatePolicyRequest
from metadata.generated.schema.api.teams.createRole import CreateRoleRequest
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.policies.accessControl.resourceDescriptor import Operation
from metadata.generated.schema.entity.policies.accessControl.rule import Effect, Rule
from metadata.generated.schema.entity.policies.policy import Policy
from metadata.generated.schema.entity.teams.role import Role
from metadata.generated.schema.entity.teams.team import Team
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.generated.schema.type.entityReferenceList import EntityReferenceList

from test_database import make_group, make_schema


def test_owners_are_inherited_and_stay_inherited_after_a_patch(metadata, name):
    _, db, _ = make_schema(metadata, name)
    team = make_group(metadata, name)
    metadata.create_or_update(
        CreateDatabaseSchemaRequest(
            name="owned",
            database=db.fullyQualifiedName,
            owners=EntityReferenceList(root=[EntityReference(id=team.id, type="team")]),
        )
    )
    table = metadata.create_or_update(
        CreateTableRequest(
            name="t",
            databaseSchema=f"{name}.sales.owned",
            columns=[Column(name="id", dataType=DataType.INT)],
        )
    )
    fetched = metadata.get_by_id(entity=Table, entity_id=table.id, fields=["owners"])
    assert fetched.owners.root[0].id == team.id
    assert fetched.owners.root[0].inherited is True
    # patch_description answers None when the server refuses the patch.
    patched = metadata.patch_description(entity=Table, source=fetched, description="Patched.")
    assert patched is not None and patched.description.root == "Patched."
    again = metadata.get_by_id(entity=Table, entity_id=table.id, fields=["owners"])
    assert again.description.root == "Patched."
    assert again.owners.root[0].inherited is True


def test_roles_reference_policies_by_name(metadata, name):
    rules = [
        Rule(name="all", resources=["All"], operations=[Operation.ViewAll], effect=Effect.allow),
        Rule(
            name="owner",
            resources=["Table"],
            operations=[Operation.EditAll],
            effect=Effect.allow,
            condition="isOwner()",
        ),
    ]
    policy = metadata.create_or_update(CreatePolicyRequest(name=f"{name}-policy", rules=rules))
    assert [r.name for r in policy.rules.root] == ["all", "owner"]
    role = metadata.create_or_update(CreateRoleRequest(name=f"{name}-role", policies=[f"{name}-policy"]))
    assert role.policies.root[0].name == f"{name}-policy"
    fetched = metadata.get_by_name(entity=Role, fqn=f"{name}-role", fields=["policies"])
    assert fetched.policies.root[0].id == policy.id
    listed = metadata.list_entities(entity=Policy, limit=2)
    assert len(listed.entities) <= 2


def test_users_have_roles_and_inherit_the_default_roles_of_their_teams(metadata, name):
    from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
    from metadata.generated.schema.api.teams.createUser import CreateUserRequest
    from metadata.generated.schema.entity.teams.team import TeamType
    from metadata.generated.schema.entity.teams.user import User

    rules = [Rule(name="view", resources=["All"], operations=[Operation.ViewAll], effect=Effect.allow)]
    metadata.create_or_update(CreatePolicyRequest(name=f"{name}-p", rules=rules))
    steward = metadata.create_or_update(CreateRoleRequest(name=f"{name}-steward", policies=[f"{name}-p"]))
    analyst = metadata.create_or_update(CreateRoleRequest(name=f"{name}-analyst", policies=[f"{name}-p"]))
    team = metadata.create_or_update(
        CreateTeamRequest(name=f"{name}-team", teamType=TeamType.Group, defaultRoles=[analyst.id])
    )
    user = metadata.create_or_update(
        CreateUserRequest(name=f"{name}-user", email=f"{name}@example.com", roles=[steward.id], teams=[team.id])
    )
    fetched = metadata.get_by_id(entity=User, entity_id=user.id, fields=["roles", "teams", "inheritedRoles"])
    assert [r.id for r in fetched.roles.root] == [steward.id]
    assert [t.id for t in fetched.teams.root] == [team.id]
    assert [r.id for r in fetched.inheritedRoles.root] == [analyst.id]
    assert all(r.inherited for r in fetched.inheritedRoles.root)
    with_team = metadata.get_by_id(entity=Team, entity_id=team.id, fields=["defaultRoles", "users"])
    assert [r.name for r in with_team.defaultRoles.root] == [f"{name}-analyst"]
    assert [u.id for u in with_team.users.root] == [user.id]
