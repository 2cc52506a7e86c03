"""Search through the official Python SDK's ES and user mixins."""

from __future__ import annotations

import json

from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.teams.team import Team, TeamType
from metadata.generated.schema.entity.teams.user import User
from metadata.generated.schema.type.tagLabel import LabelType, State, TagLabel, TagSource
from metadata.utils.elasticsearch import ES_INDEX_MAP

from test_database import make_schema


def make_tables(metadata, schema, n=10):
    tier1 = TagLabel(
        tagFQN="Tier.Tier1", source=TagSource.Classification, labelType=LabelType.Manual, state=State.Confirmed
    )
    for i in range(n):
        metadata.create_or_update(
            CreateTableRequest(
                name=f"t_{i}",
                databaseSchema=schema.fullyQualifiedName,
                columns=[Column(name="id", dataType=DataType.BIGINT)],
                tags=[tier1] if i % 2 == 0 else None,
            )
        )


def hits(metadata, query: str) -> list:
    """The hits of a search the SDK's ES helpers send. The helpers answer None both for no hit
    and for a failed search; the REST client raises the APIError of a failed one."""
    return metadata.client.get(query)["hits"]["hits"]


def test_fqn_search_with_wildcards(metadata, name):
    service, _, schema = make_schema(metadata, name)
    make_tables(metadata, schema, 3)
    svc = service.fullyQualifiedName.root
    for pattern in [f"{svc}.*.*.t_1", f"{svc}.sales.*.t_1", f"{svc}.sales.public.t_1"]:
        found = metadata.es_search_from_fqn(entity_type=Table, fqn_search_string=pattern, fields="owners,domains")
        assert [t.name.root for t in found] == ["t_1"], pattern
    assert metadata.es_search_from_fqn(entity_type=Table, fqn_search_string="random") is None
    no_hit = metadata.fqdn_search.format(
        field_name="fullyQualifiedName", field_value="random", from_=0, size=10, index=ES_INDEX_MAP["Table"]
    )
    assert hits(metadata, no_hit) == []
    any_service = metadata.search_in_any_service(entity_type=Table, fqn_search_string="sales.public.t_2")
    assert any_service is not None and any_service.name.root == "t_2"


def test_paginate_es_with_filters_and_sort(metadata, name):
    service, _, schema = make_schema(metadata, name)
    make_tables(metadata, schema)
    svc = service.fullyQualifiedName.root
    everything = {"query": {"bool": {"must": [{"term": {"service.name.keyword": svc}}]}}}
    found = list(metadata.paginate_es(entity=Table, query_filter=json.dumps(everything), size=2))
    assert len(found) == 10
    tier1 = {
        "query": {
            "bool": {
                "must": [
                    {"term": {"service.displayName.keyword": svc}},
                    {"term": {"tier.tagFQN": "Tier.Tier1"}},
                ]
            }
        }
    }
    names = [t.name.root for t in metadata.paginate_es(entity=Table, query_filter=json.dumps(tier1), size=2)]
    assert names == ["t_8", "t_6", "t_4", "t_2", "t_0"]
    names = [
        t.name.root
        for t in metadata.paginate_es(entity=Table, query_filter=json.dumps(tier1), size=2, sort_order="asc")
    ]
    assert names == ["t_0", "t_2", "t_4", "t_6", "t_8"]
    scored = list(metadata.paginate_es(entity=Table, query_filter=json.dumps(tier1), size=2, sort_field="_score"))
    assert {t.name.root for t in scored} == {"t_0", "t_2", "t_4", "t_6", "t_8"}
    wildcard = {"query": {"bool": {"must": [{"term": {"service.name.keyword": svc}}, {"wildcard": {"name.keyword": "t_1*"}}]}}}
    assert [t.name.root for t in metadata.paginate_es(entity=Table, query_filter=json.dumps(wildcard))] == ["t_1"]


def test_users_and_teams_by_email_and_name(metadata, name):
    user = metadata.create_or_update(
        CreateUserRequest(name=f"random.user.{name}", email=f"{name}@example.com", displayName="Random User")
    )
    team = metadata.create_or_update(
        CreateTeamRequest(name=f"ops.team.{name}", teamType=TeamType.Group, email=f"ops.{name}@example.com")
    )
    by_email = metadata.get_reference_by_email(f"{name}@example.com")
    assert by_email.root[0].id == user.id
    assert metadata.get_reference_by_email(f"other.{name}@example.com") is None
    for entity in (User, Team):
        query = metadata.email_search_query_es(entity).format(email=f"other.{name}@example.com", from_=0, size=1)
        assert hits(metadata, query) == [], entity.__name__
    assert metadata.get_reference_by_email(f"ops.{name}@example.com").root[0].id == team.id
    by_name = metadata.get_reference_by_name(f"Random User {name}")
    assert by_name.root[0].id == user.id
    assert metadata.get_reference_by_name(f"OPS Team {name}", is_owner=True).root[0].id == team.id
    # get_reference_by_name also answers None when a lookup fails: the team is there, of another type.
    assert metadata.get_reference_by_name("Organization", is_owner=True) is None, "not a Group team"
    assert metadata.get_by_name(entity=Team, fqn="Organization").teamType == TeamType.Organization
