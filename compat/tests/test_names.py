"""Names are names: a parent, a path or a reference given as a string is an FQN, whatever it
looks like (a UUID, dots, spaces, apostrophes, non-ASCII letters); only id fields are ids.

Rule of the real server: `EntityRepository.getByName` / `EntityUtil.getEntityReference(type,
fqn)` for every string reference of a create request (`CreateDatabase.service`,
`CreateTopic.service`, ...); `getEntityReferences(TEAM, ids)` for the `uuid` lists of
`CreateUser` / `CreateTeam`; `FullyQualifiedName.quoteName` for names with dots, which a
by-name lookup of users, teams and other one-name entities also accepts unquoted.
"""

from __future__ import annotations

import uuid

import pytest

from metadata.generated.schema.api.data.createDatabase import CreateDatabaseRequest
from metadata.generated.schema.api.data.createDatabaseSchema import CreateDatabaseSchemaRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.domains.createDataProduct import CreateDataProductRequest
from metadata.generated.schema.api.domains.createDomain import CreateDomainRequest
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.data.database import Database
from metadata.generated.schema.entity.data.databaseSchema import DatabaseSchema
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.domains.domain import DomainType
from metadata.generated.schema.entity.teams.team import Team, TeamType
from metadata.generated.schema.entity.teams.user import User
from metadata.ingestion.ometa.utils import model_str

from test_database import make_service
from test_domains_glossary_policies import dashboard_ref, ref_list
from test_families import FAMILIES, dashboards


def quoted(name: str) -> str:
    """One name as an FQN part (FullyQualifiedName.quoteName)."""
    return f'"{name}"' if "." in name else name


def generated_names():
    """Names real ingestion and real test suites use, not only friendly words."""
    tag = uuid.uuid4().hex[:6]
    return {
        "uuid": str(uuid.uuid4()),
        "dots": f"prod.{tag}.eu-west-1",
        "spaces": f"Sales Reporting {tag}",
        "apostrophe": f"o'brien_{tag}",
        "non_ascii": f"Umsätze_日本_{tag}",
    }


STYLES = sorted(generated_names())


@pytest.fixture(params=STYLES)
def odd_name(request) -> str:
    return generated_names()[request.param]


def test_a_database_family_named_like_ingestion_names_it(metadata, odd_name):
    service = make_service(metadata, odd_name)
    assert model_str(service.fullyQualifiedName) == quoted(odd_name)
    # CreateDatabaseRequest(service=<a UUID-shaped name>) names the service, not an id.
    database = metadata.create_or_update(
        CreateDatabaseRequest(name=odd_name, service=service.fullyQualifiedName)
    )
    assert database.service.id == service.id
    db_fqn = f"{quoted(odd_name)}.{quoted(odd_name)}"
    assert model_str(database.fullyQualifiedName) == db_fqn
    schema = metadata.create_or_update(
        CreateDatabaseSchemaRequest(name=odd_name, database=db_fqn)
    )
    table = metadata.create_or_update(
        CreateTableRequest(
            name=odd_name,
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.BIGINT)],
        )
    )
    fqn = f"{db_fqn}.{quoted(odd_name)}.{quoted(odd_name)}"
    assert model_str(table.fullyQualifiedName) == fqn
    assert metadata.get_by_name(entity=Table, fqn=fqn).id == table.id
    assert metadata.get_by_name(entity=Database, fqn=db_fqn).id == database.id
    assert metadata.get_by_name(entity=DatabaseSchema, fqn=model_str(schema.fullyQualifiedName)).id == schema.id
    listed = metadata.list_entities(entity=Table, params={"databaseSchema": model_str(schema.fullyQualifiedName)})
    assert [t.id for t in listed.entities] == [table.id]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_asset_family_takes_a_uuid_shaped_service_name(metadata, family):
    make_service_request, service_cls, entity_cls, make_entity = FAMILIES[family]
    name = str(uuid.uuid4())
    service = metadata.create_or_update(make_service_request(name))
    created = metadata.create_or_update(make_entity("asset", service.fullyQualifiedName))
    assert created.service.id == service.id
    fqn = f"{name}.asset"
    assert model_str(created.fullyQualifiedName) == fqn
    assert metadata.get_by_name(entity=entity_cls, fqn=fqn).id == created.id


def test_users_and_teams_by_dotted_names_and_by_ids(metadata):
    tag = uuid.uuid4().hex[:6]
    user = metadata.create_or_update(
        CreateUserRequest(name=f"random.user.{tag}", email=f"random.user.{tag}@example.com")
    )
    assert model_str(user.fullyQualifiedName) == f'"random.user.{tag}"'
    # UserResource.getByName quotes the name: the unquoted dotted name finds the user.
    assert metadata.get_by_name(entity=User, fqn=f"random.user.{tag}").id == user.id
    assert metadata.get_by_name(entity=User, fqn=f'"random.user.{tag}"').id == user.id
    # CreateTeam.users is a list of uuids: ids there, not names.
    team = metadata.create_or_update(
        CreateTeamRequest(name=f"team.{tag}", teamType=TeamType.Group, users=[user.id])
    )
    found = metadata.get_by_name(entity=Team, fqn=f"team.{tag}", fields=["users"])
    assert found.id == team.id
    assert [u.id for u in found.users.root] == [user.id]


def test_data_product_assets_by_a_uuid_shaped_product_name(metadata):
    name = str(uuid.uuid4())
    domain = metadata.create_or_update(
        CreateDomainRequest(name=name, domainType=DomainType.Aggregate, description="d")
    )
    product = metadata.create_or_update(
        CreateDataProductRequest(name=name, description="p", domains=[model_str(domain.fullyQualifiedName)])
    )
    service = metadata.create_or_update(dashboards(name))
    from metadata.generated.schema.api.data.createDashboard import CreateDashboardRequest
    from metadata.generated.schema.entity.data.dashboard import Dashboard

    board = metadata.create_or_update(CreateDashboardRequest(name="b", service=service.fullyQualifiedName))
    patched = metadata.patch_domain(entity=Dashboard, source=board, domains=ref_list(domain.id, "domain"))
    assert patched is not None and patched.domains.root[0].id == domain.id
    # DataProductResource: PUT /dataProducts/{name}/assets/add names the product.
    added = metadata.add_assets_to_data_product(model_str(product.name), [dashboard_ref(board)])
    assert added["status"] == "success", added
    assets = metadata.get_data_product_assets(model_str(product.name))
    assert [a["id"] for a in assets["data"]] == [str(board.id.root)]
