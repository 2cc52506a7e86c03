"""Access control through the official Python SDK: a DataConsumer user, a DataSteward user,
the ingestion bot and a custom role with a deny rule and conditions try every operation
family on a table, a glossary term, a team, a user, a policy and lineage.

The expected allow/deny matrix is written from the real server's seed data, not from this
server's answers: `openmetadata-service/src/main/resources/json/data/policy/`
`OrganizationPolicy.json` (owners may do `All`, anyone may claim an unowned entity, everyone
`ViewAll`), `DataConsumerPolicy.json` (`ViewAll`, `EditDescription`, `EditTags`,
`EditGlossaryTerms`, `EditTier`, `EditCertification` on all), `DataStewardPolicy.json` (those
and `EditDisplayName`, `EditLineage`, `EditOwners`), `DefaultBotPolicy.json` (bots may not
create or delete bots, nor edit display names) and `IngestionBotPolicy.json`; the roles of
`json/data/role/`; and `TeamRepository.initOrganization` (every user is in `Organization`,
whose default role is `DataConsumer` and whose policy is `OrganizationPolicy`).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid

import pytest

from metadata.generated.schema.api.data.createDatabase import CreateDatabaseRequest
from metadata.generated.schema.api.data.createDatabaseSchema import CreateDatabaseSchemaRequest
from metadata.generated.schema.api.data.createGlossary import CreateGlossaryRequest
from metadata.generated.schema.api.data.createGlossaryTerm import CreateGlossaryTermRequest
from metadata.generated.schema.api.data.createTable import CreateTableRequest
from metadata.generated.schema.api.policies.createPolicy import CreatePolicyRequest
from metadata.generated.schema.api.services.createDatabaseService import CreateDatabaseServiceRequest
from metadata.generated.schema.api.teams.createRole import CreateRoleRequest
from metadata.generated.schema.api.teams.createTeam import CreateTeamRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.data.glossaryTerm import GlossaryTerm
from metadata.generated.schema.entity.data.table import Column, DataType, Table
from metadata.generated.schema.entity.policies.policy import Policy
from metadata.generated.schema.entity.services.databaseService import DatabaseServiceType
from metadata.generated.schema.entity.teams.role import Role
from metadata.generated.schema.entity.teams.team import Team, TeamType
from metadata.generated.schema.entity.teams.user import User
from metadata.ingestion.ometa.client import APIError

from conftest import ROOT, client

ALLOW, DENY = "allow", "deny"


def token(data_dir, user: str) -> str:
    binary = os.environ.get("OMETA_BIN", str(ROOT / "target" / "debug" / "ometa"))
    out = subprocess.run(
        [binary, "token", "--data-dir", str(data_dir), "--user", user],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def outcome(call) -> tuple[str, str]:
    """`(allow, "")` if the call succeeded, `(deny, message)` if it was refused with 403."""
    try:
        call()
        return ALLOW, ""
    except APIError as e:
        assert e.status_code == 403, f"{e.status_code}: {e}"
        return DENY, str(e)


@pytest.fixture(scope="module")
def world(server, metadata):
    base, data_dir = server
    name = "n" + uuid.uuid4().hex[:10]
    svc = metadata.create_or_update(
        CreateDatabaseServiceRequest(name=f"{name}_svc", serviceType=DatabaseServiceType.Mysql)
    )
    db = metadata.create_or_update(
        CreateDatabaseRequest(name="db", service=svc.fullyQualifiedName)
    )
    schema = metadata.create_or_update(
        CreateDatabaseSchemaRequest(name="s", database=db.fullyQualifiedName)
    )
    cols = [Column(name="id", dataType=DataType.INT)]
    tables = {
        t: metadata.create_or_update(
            CreateTableRequest(name=t, databaseSchema=schema.fullyQualifiedName, columns=cols)
        )
        for t in ["owned", "source", "target", "free", "pii", "olgas"]
    }
    admin = metadata.get_by_name(entity=User, fqn="admin")
    glossary = metadata.create_or_update(
        CreateGlossaryRequest(name=f"{name}_g", displayName="G", description="g")
    )
    term = metadata.create_or_update(
        CreateGlossaryTermRequest(
            name="term", glossary=glossary.fullyQualifiedName, description="t"
        )
    )
    team = metadata.create_or_update(
        CreateTeamRequest(name=f"{name}_team", teamType=TeamType.Group)
    )
    policy = metadata.create_or_update(
        CreatePolicyRequest(
            name=f"{name}_policy",
            rules=[
                {"name": "deny-pii", "effect": "deny", "resources": ["table"],
                 "operations": ["All"], "condition": "matchAnyTag('PII.Sensitive')"},
                {"name": "owners-only", "effect": "deny", "resources": ["table"],
                 "operations": ["EditDescription"], "condition": "!isOwner()"},
            ],
        )
    )
    custom = metadata.create_or_update(
        CreateRoleRequest(name=f"{name}_role", policies=[policy.fullyQualifiedName])
    )
    steward = metadata.get_by_name(entity=Role, fqn="DataSteward")
    users = {}
    for user, roles in [("consumer", []), ("steward", [steward.id]), ("olga", [custom.id]), ("bob", [])]:
        users[user] = metadata.create_or_update(
            CreateUserRequest(name=f"{name}_{user}", email=f"{name}_{user}@x.org", roles=roles)
        )
    owner = [{"id": str(admin.id.root), "type": "user"}]
    rest = metadata.client
    for t in ["owned", "source", "target", "pii"]:
        rest.patch(f"/tables/{tables[t].id.root}", json.dumps([{"op": "add", "path": "/owners", "value": owner}]))
    rest.patch(f"/glossaryTerms/{term.id.root}", json.dumps([{"op": "add", "path": "/owners", "value": owner}]))
    olga_owner = [{"id": str(users["olga"].id.root), "type": "user"}]
    rest.patch(f"/tables/{tables['olgas'].id.root}", json.dumps([{"op": "add", "path": "/owners", "value": olga_owner}]))
    pii = [{"tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]
    rest.patch(f"/tables/{tables['pii'].id.root}", json.dumps([{"op": "add", "path": "/tags", "value": pii}]))
    clients = {u: client(base, token(data_dir, f"{name}_{u}")) for u in users}
    return {"tables": tables, "term": term, "team": team, "policy": policy, "users": users,
            "clients": clients, "schema": schema, "name": name}


def view(ometa, entity, fqn, fields=None):
    # nullable=False: get_by_name would answer None for a 404, which `outcome` would count as allowed.
    return lambda: ometa.get_by_name(entity=entity, fqn=fqn, fields=fields, nullable=False)


def patch(ometa, path, field, value):
    return lambda: ometa.client.patch(path, json.dumps([{"op": "add", "path": field, "value": value}]))


def families(w, who: str):
    """Each operation family as (label, call) for the client of `who`."""
    ometa = w["clients"][who]
    t = w["tables"]
    tid = lambda k: t[k].id.root  # noqa: E731
    term, team, policy, bob = w["term"], w["team"], w["policy"], w["users"]["bob"]
    edge = {"edge": {"fromEntity": {"id": str(tid("source")), "type": "table"},
                     "toEntity": {"id": str(tid("target")), "type": "table"}}}
    return [
        ("table: view", view(ometa, Table, t["owned"].fullyQualifiedName.root, ["owners", "tags"])),
        ("table: description", patch(ometa, f"/tables/{tid('owned')}", "/description", "d")),
        ("table: tags", patch(ometa, f"/tables/{tid('owned')}", "/tags", [{"tagFQN": "PersonalData.Personal", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}])),
        ("table: tier", patch(ometa, f"/tables/{tid('owned')}", "/tags/-", {"tagFQN": "Tier.Tier2", "source": "Classification", "labelType": "Manual", "state": "Confirmed"})),
        ("table: display name", patch(ometa, f"/tables/{tid('owned')}", "/displayName", "Owned")),
        ("table: owners", patch(ometa, f"/tables/{tid('owned')}", "/owners", [{"id": str(bob.id.root), "type": "user"}])),
        ("table: delete", lambda: ometa.client.delete(f"/tables/{tid('owned')}")),
        ("lineage: add", lambda: ometa.client.put("/lineage", data=json.dumps(edge))),
        ("glossary term: view", view(ometa, GlossaryTerm, term.fullyQualifiedName.root)),
        ("glossary term: description", patch(ometa, f"/glossaryTerms/{term.id.root}", "/description", "d")),
        ("glossary term: display name", patch(ometa, f"/glossaryTerms/{term.id.root}", "/displayName", "T")),
        ("glossary term: delete", lambda: ometa.client.delete(f"/glossaryTerms/{term.id.root}")),
        ("team: view", view(ometa, Team, team.fullyQualifiedName.root)),
        ("team: add user", patch(ometa, f"/teams/{team.id.root}", "/users/0", {"id": str(bob.id.root), "type": "user"})),
        ("team: delete", lambda: ometa.client.delete(f"/teams/{team.id.root}")),
        ("user: view", view(ometa, User, bob.fullyQualifiedName.root)),
        ("user: display name", patch(ometa, f"/users/{bob.id.root}", "/displayName", "Bob")),
        ("user: make admin", patch(ometa, f"/users/{bob.id.root}", "/isAdmin", True)),
        ("policy: view", view(ometa, Policy, policy.fullyQualifiedName.root)),
        ("policy: description", patch(ometa, f"/policies/{policy.id.root}", "/description", "p")),
        ("policy: rules", patch(ometa, f"/policies/{policy.id.root}", "/rules/0/effect", "allow")),
        ("policy: create", lambda: ometa.create_or_update(CreatePolicyRequest(
            name=f"{w['name']}_{who}_p",
            rules=[{"name": "r", "effect": "allow", "resources": ["all"], "operations": ["All"]}]))),
    ]


# The expected matrix (from the seed policies named in the module docstring).
CONSUMER = {
    "table: view": ALLOW, "table: description": ALLOW, "table: tags": ALLOW, "table: tier": ALLOW,
    "table: display name": DENY, "table: owners": DENY, "table: delete": DENY,
    "lineage: add": DENY,
    "glossary term: view": ALLOW, "glossary term: description": ALLOW,
    "glossary term: display name": DENY, "glossary term: delete": DENY,
    "team: view": ALLOW, "team: add user": DENY, "team: delete": DENY,
    "user: view": ALLOW, "user: display name": DENY, "user: make admin": DENY,
    "policy: view": ALLOW, "policy: description": ALLOW, "policy: rules": DENY, "policy: create": DENY,
}
STEWARD = dict(CONSUMER, **{
    "table: display name": ALLOW, "table: owners": ALLOW, "lineage: add": ALLOW,
    "glossary term: display name": ALLOW, "user: display name": ALLOW,
})


@pytest.mark.parametrize("who, expected", [("consumer", CONSUMER), ("steward", STEWARD)])
def test_consumers_and_stewards_get_what_the_seed_policies_grant(world, who, expected):
    got = {label: outcome(call)[0] for label, call in families(world, who)}
    assert got == expected


def test_a_refusal_is_the_real_403_body(world):
    name = world["name"]
    _, message = outcome(families(world, "consumer")[6][1])
    assert message == f"Principal: CatalogPrincipal{{name='{name}_consumer'}} operations [Delete] not allowed"
    _, message = outcome(dict(families(world, "consumer"))["user: make admin"])
    assert message == f"Principal: CatalogPrincipal{{name='{name}_consumer'}} is not admin"


def test_a_custom_role_s_deny_rules_and_conditions(world):
    olga = world["clients"]["olga"]
    t = world["tables"]
    name = world["name"]
    # deny-pii: nothing at all on a table tagged PII.Sensitive, not even reading it.
    state, message = outcome(lambda: olga.client.get(f"/tables/{t['pii'].id.root}"))
    assert (state, message) == (DENY, f"Principal: CatalogPrincipal{{name='{name}_olga'}} operation ViewBasic denied by role {name}_role, policy {name}_policy, rule deny-pii")
    assert outcome(lambda: olga.client.get(f"/tables/{t['free'].id.root}"))[0] == ALLOW
    # owners-only beats DataConsumer's EditDescription on tables she does not own ...
    state, message = outcome(patch(olga, f"/tables/{t['free'].id.root}", "/description", "x"))
    assert state == DENY and "rule owners-only" in message
    # ... and lets her describe her own.
    assert outcome(patch(olga, f"/tables/{t['olgas'].id.root}", "/description", "x"))[0] == ALLOW


def test_the_ingestion_bot_loads_metadata_but_names_and_bots_are_not_its_own(world, bot_metadata):
    schema = world["schema"].fullyQualifiedName.root
    table = bot_metadata.create_or_update(
        CreateTableRequest(name="loaded", databaseSchema=schema, columns=[Column(name="id", dataType=DataType.INT)])
    )
    assert table.name.root == "loaded"
    state, message = outcome(patch(bot_metadata, f"/tables/{table.id.root}", "/displayName", "L"))
    assert (state, message) == (DENY, "Principal: CatalogPrincipal{name='ingestion-bot'} operation EditDisplayName denied by role IngestionBotRole, policy DefaultBotPolicy, rule DisplayName-Deny")
    state, _ = outcome(lambda: bot_metadata.client.post("/bots", data=json.dumps({"name": "another", "botUser": world["users"]["bob"].name.root})))
    assert state == DENY
    assert outcome(lambda: bot_metadata.client.delete(f"/tables/{table.id.root}"))[0] == ALLOW


def test_permissions_say_what_a_user_may_do(world):
    consumer = world["clients"]["consumer"]
    table = consumer.client.get("/permissions/table")
    access = {p["operation"]: p["access"] for p in table["permissions"]}
    assert access["ViewAll"] == "allow" and access["EditDescription"] == "allow"
    assert access["EditDisplayName"] == "conditionalAllow"
    own = consumer.client.get(f"/permissions/table/{world['tables']['owned'].id.root}")
    access = {p["operation"]: p["access"] for p in own["permissions"]}
    assert access["Delete"] == "notAllow" and access["EditTags"] == "allow"
