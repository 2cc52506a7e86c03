"""What the real server refuses, through the official Python SDK: each rule with its status and
message, and the entity it would have written is not there afterwards."""

from __future__ import annotations

import pytest
from metadata.generated.schema.api.classification.createClassification import (
    CreateClassificationRequest,
)
from metadata.generated.schema.api.classification.createTag import CreateTagRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.teams.team import Team, TeamType
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.generated.schema.type.entityReferenceList import EntityReferenceList
from metadata.generated.schema.type.tagLabel import (
    LabelType,
    State,
    TagFQN,
    TagLabel,
    TagSource,
)
from metadata.ingestion.ometa.client import APIError
from metadata.ingestion.ometa.utils import model_str

from test_database import make_group, make_schema


def label(fqn: str) -> TagLabel:
    return TagLabel(
        tagFQN=TagFQN(fqn), source=TagSource.Classification, labelType=LabelType.Manual, state=State.Confirmed
    )


def refused(metadata, request, status: int, message: str):
    with pytest.raises(APIError) as err:
        metadata.create_or_update(request)
    assert err.value.status_code == status, str(err.value)
    assert message in str(err.value)
    fqn = f"{model_str(request.databaseSchema)}.{model_str(request.name)}"
    assert metadata.get_by_name(entity=Table, fqn=fqn) is None, "nothing was written"


@pytest.mark.parametrize(
    "column, message",
    [
        # DatabaseUtil.validateColumnDataLength
        (
            Column(name="c", dataType=DataType.VARCHAR),
            "For column data types char, varchar, binary, varbinary dataLength must not be null",
        ),
        (
            Column(name="c", dataType=DataType.BINARY),
            "For column data types char, varchar, binary, varbinary dataLength must not be null",
        ),
        # DatabaseUtil.validateArrayColumn
        (Column(name="c", dataType=DataType.ARRAY), "For column data type array, arrayDataType must not be null"),
        # DatabaseUtil.validateStructColumn
        (Column(name="c", dataType=DataType.STRUCT), "For column data type struct, children must not be null"),
        # DatabaseUtil.validatePrecisionAndScale
        (
            Column(name="c", dataType=DataType.DECIMAL, precision=4, scale=6),
            "Scale can't be greater than the precision for the column c",
        ),
    ],
)
def test_columns_are_checked_as_database_util_does(metadata, name, column, message):
    _, _, schema = make_schema(metadata, name)
    request = CreateTableRequest(name="t", databaseSchema=schema.fullyQualifiedName, columns=[column])
    refused(metadata, request, 400, message)


def test_duplicate_column_names_and_patches_are_refused(metadata, name):
    # DatabaseUtil.validateColumnNames, on create and on a PATCH (TableUpdater.entitySpecificUpdate).
    _, _, schema = make_schema(metadata, name)
    twice = [Column(name="id", dataType=DataType.INT), Column(name="id", dataType=DataType.INT)]
    refused(
        metadata,
        CreateTableRequest(name="t", databaseSchema=schema.fullyQualifiedName, columns=twice),
        400,
        "Column name id is repeated",
    )
    ok = metadata.create_or_update(
        CreateTableRequest(
            name="ok",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="v", dataType=DataType.VARCHAR, dataLength=8)],
        )
    )
    assert ok.columns[0].dataLength == 8
    with pytest.raises(APIError) as err:
        metadata.client.patch(
            f"/tables/{model_str(ok.id)}",
            data='[{"op": "remove", "path": "/columns/0/dataLength"}]',
        )
    assert err.value.status_code == 400
    again = metadata.get_by_id(entity=Table, entity_id=ok.id)
    assert again.columns[0].dataLength == 8 and again.version.root == ok.version.root


def test_unknown_disabled_and_exclusive_tags_are_refused(metadata, name):
    # TagLabelUtil.getTag (404 entityNotFound), checkMutuallyExclusive, checkDisabledTags.
    _, _, schema = make_schema(metadata, name)

    def table(tags, column_tags=None):
        return CreateTableRequest(
            name="tagged",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.INT, tags=column_tags)],
            tags=tags,
        )

    refused(metadata, table([label("PII.Nope")]), 404, "tag instance for PII.Nope not found")
    refused(metadata, table(None, [label("Nope.Tag")]), 404, "tag instance for Nope.Tag not found")
    refused(
        metadata,
        table([label("Tier.Tier1"), label("Tier.Tier2")]),
        400,
        "Tag labels Tier.Tier2 and Tier.Tier1 are mutually exclusive and can't be assigned together",
    )
    metadata.create_or_update(
        CreateClassificationRequest(name=f"{name}C", description="Not exclusive.", mutuallyExclusive=False)
    )
    for tag in ["a", "b"]:
        metadata.create_or_update(CreateTagRequest(name=tag, classification=f"{name}C", description="A tag."))
    both = metadata.create_or_update(table([label(f"{name}C.a"), label(f"{name}C.b")]))
    assert sorted(t.tagFQN.root for t in both.tags) == [f"{name}C.a", f"{name}C.b"]
    off = metadata.create_or_update(CreateTagRequest(name="off", classification=f"{name}C", description="Off."))
    metadata.client.patch(f"/tags/{model_str(off.id)}", data='[{"op": "add", "path": "/disabled", "value": true}]')
    with pytest.raises(APIError) as err:
        metadata.create_or_update(table([label(f"{name}C.off")]))
    assert err.value.status_code == 400
    assert f"Tag label {name}C.off is disabled and can't be assigned to a data asset." in str(err.value)


def test_owners_must_be_users_or_group_teams(metadata, name):
    # EntityRepository.validateOwners; the `Multiple Users or Single Team Ownership` rule.
    _, _, schema = make_schema(metadata, name)
    org = metadata.get_by_name(entity=Team, fqn="Organization")

    def owned(owners):
        return CreateTableRequest(
            name="owned",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.INT)],
            owners=EntityReferenceList(root=owners),
        )

    refused(
        metadata,
        owned([EntityReference(id=org.id, type="team")]),
        400,
        "Team of type Organization can't own entities. Only Team of type Group can own entities.",
    )
    refused(
        metadata,
        owned([EntityReference(id=schema.id, type="databaseSchema")]),
        400,
        "Entity of type databaseSchema can't be the owner. Only Team of type Group or a User can own entities.",
    )
    first = make_group(metadata, f"{name}1")
    second = make_group(metadata, f"{name}2")
    with pytest.raises(APIError) as err:
        metadata.create_or_update(
            owned([EntityReference(id=first.id, type="team"), EntityReference(id=second.id, type="team")])
        )
    assert err.value.status_code == 400
    assert "Rule [Multiple Users or Single Team Ownership] validation failed" in str(err.value)
    table = metadata.create_or_update(owned([EntityReference(id=first.id, type="team")]))
    assert [o.id for o in table.owners.root] == [first.id]
    dept = metadata.create_or_update(CreateTeamRequest(name=f"{name}-dept", teamType=TeamType.Department))
    # force=True: without it patch_owner answers None before asking the server, the table having an owner.
    assert metadata.patch_owner(
        entity=Table,
        source=table,
        owners=EntityReferenceList(root=[EntityReference(id=dept.id, type="team")]),
        force=True,
    ) is None, "the SDK swallows the 400"
    again = metadata.get_by_id(entity=Table, entity_id=table.id, fields=["owners"])
    assert [o.id for o in again.owners.root] == [first.id], "the refused patch changed nothing"
