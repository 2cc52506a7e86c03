"""Rules of the real server on team hierarchies, reviewers and table constraints, through the
official Python SDK: each with its status and message, and nothing written when refused."""

from __future__ import annotations

import pytest
from metadata.generated.schema.api.data.createGlossary import CreateGlossaryRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.data.glossary import Glossary
from metadata.generated.schema.entity.data.table import (
    Column,
    Constraint,
    ConstraintType,
    DataType,
    PartitionColumnDetails,
    Table,
    TableConstraint,
    TablePartition,
)
from metadata.generated.schema.entity.teams.team import Team, TeamType
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.ingestion.ometa.client import APIError
from metadata.ingestion.ometa.utils import model_str

from test_database import make_schema


def refused(call, status: int, message: str):
    with pytest.raises(APIError) as err:
        call()
    assert err.value.status_code == status, str(err.value)
    assert message in str(err.value), str(err.value)


def team(metadata, name, kind, **extra):
    created = metadata.create_or_update(CreateTeamRequest(name=name, teamType=kind, **extra))
    assert created is not None and created.teamType == kind
    return created


def test_team_types_nest_as_team_repository_allows(metadata, name):
    # TeamRepository.populateParents / populateChildren, TeamMapper, TeamUpdater.updateTeamType.
    department = team(metadata, f"{name}-dept", TeamType.Department)
    refused(
        lambda: metadata.create_or_update(
            CreateTeamRequest(name=f"{name}-bu", teamType=TeamType.BusinessUnit, parents=[department.id])
        ),
        400,
        f"Team {name}-dept of type Department can't be of parent of team {name}-bu of type BusinessUnit",
    )
    assert metadata.get_by_name(entity=Team, fqn=f"{name}-bu") is None
    group = team(metadata, f"{name}-group", TeamType.Group, parents=[department.id])
    refused(
        lambda: metadata.create_or_update(
            CreateTeamRequest(name=f"{name}-g2", teamType=TeamType.Group, children=[department.id])
        ),
        400,
        "Team of type Group can't have children of type team. Only users are allowed as part of the team",
    )
    refused(
        lambda: metadata.create_or_update(CreateTeamRequest(name=f"{name}-org", teamType=TeamType.Organization)),
        400,
        "Only one Organization is allowed. New Organization type can't be created",
    )
    first, second = (team(metadata, f"{name}-bu{i}", TeamType.BusinessUnit) for i in (1, 2))
    refused(
        lambda: metadata.create_or_update(
            CreateTeamRequest(name=f"{name}-div", teamType=TeamType.Division, parents=[first.id, second.id])
        ),
        400,
        "Team of type Division can have only 1 parents",
    )
    refused(
        lambda: metadata.create_or_update(
            CreateTeamRequest(name=f"{name}-group", teamType=TeamType.Department, parents=[department.id])
        ),
        400,
        "Team of type Group cannot be updated",
    )
    again = metadata.get_by_name(entity=Team, fqn=f"{name}-group")
    assert again.teamType == TeamType.Group and again.id == group.id


def test_reviewers_are_users_or_one_team(metadata, name):
    # EntityRepository.validateReviewers.
    users = [
        metadata.create_or_update(CreateUserRequest(name=f"{name}-r{i}", email=f"{name}-r{i}@example.com"))
        for i in range(2)
    ]
    teams = [team(metadata, f"{name}-t{i}", TeamType.Group) for i in range(2)]
    ref = lambda e, kind: EntityReference(id=e.id, type=kind)  # noqa: E731

    def glossary(reviewers):
        return lambda: metadata.create_or_update(
            CreateGlossaryRequest(name=f"{name}-g", description="Terms.", reviewers=reviewers)
        )

    refused(
        glossary([ref(users[0], "user"), ref(teams[0], "team")]),
        400,
        "Invalid Reviewer Type. Only one team or multiple users can be assigned as reviewer.",
    )
    refused(glossary([ref(teams[0], "team"), ref(teams[1], "team")]), 400, "Only one team can be assigned as reviewer.")
    refused(glossary([ref(users[0], "table")]), 400, "Invalid Reviewer Type")
    assert metadata.get_by_name(entity=Glossary, fqn=f"{name}-g") is None
    made = glossary([ref(u, "user") for u in users])()
    assert sorted(r.name for r in made.reviewers) == sorted(model_str(u.name) for u in users)
    one_team = metadata.create_or_update(
        CreateGlossaryRequest(name=f"{name}-g2", description="Terms.", reviewers=[ref(teams[0], "team")])
    )
    assert [r.id for r in one_team.reviewers] == [teams[0].id]


def test_table_constraints_and_partitions_name_real_columns(metadata, name):
    # DatabaseUtil.validateConstraints / validateTablePartition (create and PUT) and
    # TableRepository.validateTableConstraints (every write).
    _, _, schema = make_schema(metadata, name)

    def table(table_name="orders", columns=None, constraints=None, partition=None):
        return lambda: metadata.create_or_update(
            CreateTableRequest(
                name=table_name,
                databaseSchema=schema.fullyQualifiedName,
                columns=columns
                or [
                    Column(name="id", dataType=DataType.BIGINT, constraint=Constraint.PRIMARY_KEY),
                    Column(name="customer_id", dataType=DataType.BIGINT),
                ],
                tableConstraints=constraints,
                tablePartition=partition,
            )
        )

    unique = lambda *cols: TableConstraint(constraintType=ConstraintType.UNIQUE, columns=list(cols))  # noqa: E731
    refused(table(constraints=[unique("nope")]), 400, "Invalid column name found in table constraint")
    two_keys = [Column(name=c, dataType=DataType.INT, constraint=Constraint.PRIMARY_KEY) for c in "ab"]
    refused(table(columns=two_keys), 400, "Multiple columns tagged with primary key constraints")
    refused(
        table(constraints=[TableConstraint(constraintType=ConstraintType.PRIMARY_KEY, columns=["customer_id"])]),
        400,
        "A column already tagged as a primary key and table constraint also includes primary key",
    )
    refused(
        table(partition=TablePartition(columns=[PartitionColumnDetails(columnName="day")])),
        400,
        "Invalid column name found in table partition",
    )
    refused(table(constraints=[unique("customer_id"), unique("customer_id")]), 400, "Duplicate constraint found in request")
    foreign = TableConstraint(
        constraintType=ConstraintType.FOREIGN_KEY,
        columns=["customer_id"],
        referredColumns=[f"{model_str(schema.fullyQualifiedName)}.customers.id"],
    )
    refused(table(constraints=[foreign]), 400, f"Table not found: {model_str(schema.fullyQualifiedName)}.customers")
    assert metadata.get_by_name(entity=Table, fqn=f"{model_str(schema.fullyQualifiedName)}.orders") is None

    table("customers")()
    orders = table(
        constraints=[foreign],
        partition=TablePartition(columns=[PartitionColumnDetails(columnName="_PARTITIONTIME")]),
    )()
    assert [c.constraintType for c in orders.tableConstraints] == [ConstraintType.FOREIGN_KEY]
    # On a PATCH the constraint's columns are checked one by one (TableRepository.validateColumn).
    refused(
        lambda: metadata.client.patch(
            f"/tables/{model_str(orders.id)}",
            data='[{"op": "add", "path": "/tableConstraints/0", "value": {"constraintType": "UNIQUE", "columns": ["nope"]}}]',
        ),
        400,
        "Invalid column name nope",
    )
    kept = metadata.get_by_id(entity=Table, entity_id=orders.id, fields=["tableConstraints"])
    assert len(kept.tableConstraints) == 1
