"""Domains and data products (assets, ports, paging, names with slashes), glossary reviewers
and related terms, and policy rule conditions, through the official Python SDK."""

from __future__ import annotations

from copy import deepcopy

import pytest

from metadata.generated.schema.api.data.createDashboard import CreateDashboardRequest
from metadata.generated.schema.api.data.createGlossary import CreateGlossaryRequest
from metadata.generated.schema.api.data.createGlossaryTerm import CreateGlossaryTermRequest
from metadata.generated.schema.api.domains.createDataProduct import CreateDataProductRequest
from metadata.generated.schema.api.domains.createDomain import CreateDomainRequest
from metadata.generated.schema.api.policies.createPolicy import CreatePolicyRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.entity.data.dashboard import Dashboard
from metadata.generated.schema.entity.data.glossary import Glossary
from metadata.generated.schema.entity.data.glossaryTerm import GlossaryTerm
from metadata.generated.schema.entity.domains.dataProduct import DataProduct
from metadata.generated.schema.entity.domains.domain import Domain, DomainType
from metadata.generated.schema.entity.policies.accessControl.resourceDescriptor import Operation
from metadata.generated.schema.entity.policies.accessControl.rule import Effect, Rule
from metadata.generated.schema.entity.policies.policy import Policy
from metadata.generated.schema.entity.teams.user import User
from metadata.generated.schema.type.entityReference import EntityReference
from metadata.generated.schema.type.entityReferenceList import EntityReferenceList
from metadata.generated.schema.type.termRelation import TermRelation
from metadata.ingestion.ometa.client import APIError

from test_families import dashboards


def ref_list(entity_id, entity_type: str) -> EntityReferenceList:
    return EntityReferenceList(root=[EntityReference(id=entity_id, type=entity_type)])


def dashboard_ref(d: Dashboard) -> EntityReference:
    return EntityReference(id=d.id, type="dashboard")


@pytest.fixture
def product(metadata, name):
    """A domain and a data product in it, both named with slashes, and three dashboards in
    the domain plus one outside it: (domain, product, in-domain dashboards, outsider)."""
    domain = metadata.create_or_update(
        CreateDomainRequest(
            name=f"{name}/domain/with/slashes",
            domainType=DomainType.Consumer_aligned,
            description="Sales.",
        )
    )
    assert domain.domainType == DomainType.Consumer_aligned
    admin = metadata.get_by_name(entity=User, fqn="admin")
    # patch_owner, patch_domain and patch answer None when the server refuses the patch.
    domain = metadata.patch_owner(
        entity=Domain, source=domain, owners=ref_list(admin.id, "user")
    )
    assert domain is not None and [o.id for o in domain.owners.root] == [admin.id]
    dp = metadata.create_or_update(
        CreateDataProductRequest(
            name=f"{name}/dp/with/slashes",
            description="Orders.",
            domains=[domain.fullyQualifiedName.root],
        )
    )
    assert dp.domains.root[0].name == domain.name.root
    with_owners = metadata.get_by_id(entity=DataProduct, entity_id=dp.id, fields=["owners"])
    assert [(o.id, o.inherited) for o in with_owners.owners.root] == [(admin.id, True)]
    service = metadata.create_or_update(dashboards(name))
    boards = []
    for i in range(4):
        board = metadata.create_or_update(
            CreateDashboardRequest(name=f"board{i}", service=service.fullyQualifiedName)
        )
        if i < 3:
            in_domain = metadata.patch_domain(
                entity=Dashboard,
                source=board,
                domains=ref_list(domain.id, "domain"),
            )
            assert in_domain is not None and [d.id for d in in_domain.domains.root] == [domain.id]
        boards.append(board)
    for board in boards[:3]:
        fetched = metadata.get_by_id(entity=Dashboard, entity_id=board.id, fields=["domains"])
        assert fetched.domains.root[0].name == domain.name.root
    return domain, dp, boards[:3], boards[3]


def test_data_product_assets_are_added_listed_paged_and_removed(metadata, product):
    domain, dp, boards, outsider = product
    name = dp.name.root
    added = metadata.add_assets_to_data_product(name, [dashboard_ref(boards[0])])
    assert added["status"] == "success"
    assets = metadata.get_data_product_assets(name)
    assert assets["data"] == [
        {**assets["data"][0], "id": str(boards[0].id.root), "type": "dashboard"}
    ]
    more = metadata.add_assets_to_data_product(name, [dashboard_ref(b) for b in boards[1:]])
    assert more["status"] == "success"
    first = metadata.get_data_product_assets(name, limit=2, offset=0)
    second = metadata.get_data_product_assets(name, limit=2, offset=2)
    assert (len(first["data"]), len(second["data"])) == (2, 1)
    assert first["paging"]["total"] == 3
    refused = metadata.add_assets_to_data_product(name, [dashboard_ref(outsider)])
    assert refused["status"] == "failure"
    assert "domain" in refused["failedRequest"][0]["message"]
    on_board = metadata.get_by_id(entity=Dashboard, entity_id=boards[0].id, fields=["dataProducts"])
    assert on_board.dataProducts.root[0].id == dp.id
    domain_assets = metadata.get_domain_assets(domain.name.root, limit=2, offset=0)
    assert len(domain_assets["data"]) == 2 and domain_assets["paging"]["total"] == 3
    assert {a["type"] for a in domain_assets["data"]} == {"dashboard"}
    for b in boards:
        assert metadata.remove_assets_from_data_product(name, [dashboard_ref(b)])["status"] == "success"
    assert metadata.get_data_product_assets(name)["paging"]["total"] == 0
    again = metadata.remove_assets_from_data_product(name, [dashboard_ref(boards[0])])
    assert again["status"] == "success"


def test_data_product_ports_follow_the_real_rules(metadata, product):
    _, dp, boards, outsider = product
    name = dp.name.root
    added = metadata.add_assets_to_data_product(name, [dashboard_ref(boards[0])])
    assert added["status"] == "success"
    out = metadata.add_output_ports_to_data_product(name, [dashboard_ref(boards[0])])
    assert out["status"] == "success"
    not_an_asset = metadata.add_output_ports_to_data_product(name, [dashboard_ref(boards[1])])
    assert not_an_asset["status"] == "failure"
    assert "must belong to the data product" in not_an_asset["failedRequest"][0]["message"]
    inputs = metadata.add_input_ports_to_data_product(
        name, [dashboard_ref(outsider), dashboard_ref(boards[0])]
    )
    assert inputs["status"] == "partialSuccess"
    assert inputs["numberOfRowsPassed"] == 1
    assert "already part of output ports" in inputs["failedRequest"][0]["message"]
    view = metadata.client.get(f"/dataProducts/{dp.id.root}/portsView")
    assert [p["id"] for p in view["inputPorts"]["data"]] == [str(outsider.id.root)]
    assert [p["entityType"] for p in view["outputPorts"]["data"]] == ["dashboard"]
    assert metadata.remove_input_ports_from_data_product(name, [dashboard_ref(outsider)])["status"] == "success"
    assert metadata.remove_output_ports_from_data_product(name, [dashboard_ref(boards[0])])["status"] == "success"
    view = metadata.client.get(f"/dataProducts/{dp.id.root}/portsView")
    assert view["inputPorts"]["paging"]["total"] == view["outputPorts"]["paging"]["total"] == 0


def test_domain_names_with_dots_are_quoted_and_updates_keep_the_id(metadata, name):
    first = metadata.create_or_update(
        CreateDomainRequest(name=f"{name}.dotted", domainType=DomainType.Consumer_aligned, description="One.")
    )
    assert first.fullyQualifiedName.root == f'"{name}.dotted"'
    second = metadata.create_or_update(
        CreateDomainRequest(name=f"{name}.dotted", domainType=DomainType.Consumer_aligned, description="Two.")
    )
    assert second.id == first.id and second.description.root == "Two."
    assert second.version.root == 0.2


def test_glossary_terms_inherit_the_glossary_reviewers(metadata, name):
    glossary = metadata.create_or_update(CreateGlossaryRequest(name=name, description="Terms."))
    users = [
        metadata.create_or_update(CreateUserRequest(name=f"{name}.u{i}", email=f"{name}.u{i}@example.com"))
        for i in range(3)
    ]
    updated = deepcopy(glossary)
    updated.reviewers = [EntityReference(id=u.id, type="user") for u in users]
    # patch answers None when the server refuses the patch.
    patched = metadata.patch(entity=Glossary, source=glossary, destination=updated)
    assert patched is not None and [r.id for r in patched.reviewers] == [u.id for u in users]
    dropped = deepcopy(patched)
    dropped.reviewers.pop(2)
    patched = metadata.patch(entity=Glossary, source=patched, destination=dropped)
    assert patched is not None and [r.id for r in patched.reviewers] == [users[0].id, users[1].id]
    stored = metadata.get_by_id(entity=Glossary, entity_id=glossary.id, fields=["reviewers"])
    assert [r.id for r in stored.reviewers] == [users[0].id, users[1].id]

    term = metadata.create_or_update(
        CreateGlossaryTermRequest(glossary=glossary.fullyQualifiedName, name="GT1", description="One.")
    )
    assert [r.inherited for r in term.reviewers.root] == [True, True]
    with_own = deepcopy(term)
    with_own.reviewers.root.append(EntityReference(id=users[0].id, type="user"))
    patched_term = metadata.patch(entity=GlossaryTerm, source=term, destination=with_own)
    assert patched_term is not None and len(patched_term.reviewers.root) == 2
    assert any(r.id == users[0].id for r in patched_term.reviewers.root)
    without = deepcopy(patched_term)
    without.reviewers.root.pop(0)
    assert metadata.patch(entity=GlossaryTerm, source=patched_term, destination=without) is not None
    fetched = metadata.get_by_name(entity=GlossaryTerm, fqn=f"{name}.GT1", fields=["reviewers"])
    assert len(fetched.reviewers.root) == 2
    assert all(r.inherited for r in fetched.reviewers.root)


def glossary_with_terms(metadata, name, *terms):
    """A glossary named `name` and top-level terms in it."""
    glossary = metadata.create_or_update(CreateGlossaryRequest(name=name, description="Terms."))
    created = [
        metadata.create_or_update(
            CreateGlossaryTermRequest(glossary=glossary.fullyQualifiedName, name=t, description=t)
        )
        for t in terms
    ]
    return glossary, created


def test_related_terms_are_patched_in(metadata, name):
    glossary, (one, two) = glossary_with_terms(metadata, name, "GT1", "GT2")
    updated = deepcopy(one)
    updated.relatedTerms = [TermRelation(term=EntityReference(id=two.id, type="glossaryTerm"))]
    patched = metadata.patch(entity=GlossaryTerm, source=one, destination=updated)
    assert patched is not None
    assert [(r.term.id, r.relationType) for r in patched.relatedTerms] == [(two.id, "relatedTo")]
    three = metadata.create_or_update(
        CreateGlossaryTermRequest(
            glossary=glossary.fullyQualifiedName,
            name="GT3",
            description="Three.",
            relatedTerms=[f"{name}.GT1"],
        )
    )
    assert [r.term.name for r in three.relatedTerms] == ["GT1"]


def rule(condition: str) -> Rule:
    return Rule(
        name="r",
        resources=["Table"],
        operations=[Operation.EditAll, Operation.ViewAll],
        effect=Effect.allow,
        condition=condition,
    )


@pytest.mark.parametrize(
    "condition",
    ["isOwner()", "noOwner() || isOwner()", "!isOwner() && matchAnyTag('PII.Sensitive', 'Tier.Tier1')"],
)
def test_valid_rule_conditions_are_kept(metadata, name, condition):
    policy = metadata.create_or_update(CreatePolicyRequest(name=name, rules=[rule(condition)]))
    assert policy.rules.root[0].condition.root == condition


@pytest.mark.parametrize(
    "condition, message",
    [
        ("isOwner(", "Failed to parse"),
        ("notAFunction()", "Failed to evaluate"),
        ("matchAnyTag('No.SuchTag')", "No.SuchTag"),
    ],
)
def test_invalid_rule_conditions_are_refused(metadata, name, condition, message):
    with pytest.raises(APIError) as refused:
        metadata.create_or_update(CreatePolicyRequest(name=name, rules=[rule(condition)]))
    assert refused.value.status_code == 400
    assert message in str(refused.value)
    assert metadata.get_by_name(entity=Policy, fqn=name) is None


def test_related_terms_show_on_both_sides_with_the_inverse_relation(metadata, name):
    _, (narrow, wide) = glossary_with_terms(metadata, name, "Espresso", "Coffee")
    updated = deepcopy(narrow)
    updated.relatedTerms = [
        TermRelation(term=EntityReference(id=wide.id, type="glossaryTerm"), relationType="broader")
    ]
    patched = metadata.patch(entity=GlossaryTerm, source=narrow, destination=updated)
    assert patched is not None
    assert [(r.term.id, r.relationType) for r in patched.relatedTerms] == [(wide.id, "broader")]
    seen_from_wide = metadata.get_by_id(entity=GlossaryTerm, entity_id=wide.id, fields=["relatedTerms"])
    assert [(r.term.name, r.relationType) for r in seen_from_wide.relatedTerms] == [("Espresso", "narrower")]


def test_tag_and_glossary_term_assets(metadata, name):
    from metadata.generated.schema.type.tagLabel import LabelType, State, TagLabel, TagSource

    glossary = metadata.create_or_update(CreateGlossaryRequest(name=name, description="Terms."))
    term = metadata.create_or_update(
        CreateGlossaryTermRequest(glossary=glossary.fullyQualifiedName, name="Revenue", description="Money.")
    )
    service = metadata.create_or_update(dashboards(name))
    labels = [
        TagLabel(tagFQN="PII.Sensitive", source=TagSource.Classification, labelType=LabelType.Manual, state=State.Confirmed),
        TagLabel(tagFQN=term.fullyQualifiedName.root, source=TagSource.Glossary, labelType=LabelType.Manual, state=State.Confirmed),
    ]
    board = metadata.create_or_update(
        CreateDashboardRequest(name="tagged", service=service.fullyQualifiedName, tags=labels)
    )
    tag_assets = metadata.get_tag_assets("PII.Sensitive", limit=100)
    assert str(board.id.root) in [a["id"] for a in tag_assets["data"]]
    term_assets = metadata.get_glossary_term_assets(term.fullyQualifiedName.root)
    assert [(a["id"], a["type"]) for a in term_assets["data"]] == [(str(board.id.root), "dashboard")]


def test_tables_inherit_the_domain_of_their_schema_for_data_products(metadata, name):
    from metadata.generated.schema.api.data.createTable import CreateTableRequest
    from metadata.generated.schema.entity.data.databaseSchema import DatabaseSchema
    from metadata.generated.schema.entity.data.table import Column, DataType, Table

    from test_database import make_schema

    _, _, schema = make_schema(metadata, name)
    domain = metadata.create_or_update(
        CreateDomainRequest(name=f"{name}-finance", domainType=DomainType.Source_aligned, description="Money.")
    )
    patched = metadata.patch_domain(
        entity=DatabaseSchema,
        source=schema,
        domains=ref_list(domain.id, "domain"),
    )
    assert patched is not None and [d.id for d in patched.domains.root] == [domain.id]
    table = metadata.create_or_update(
        CreateTableRequest(
            name="ledger",
            databaseSchema=schema.fullyQualifiedName,
            columns=[Column(name="id", dataType=DataType.INT)],
        )
    )
    fetched = metadata.get_by_id(entity=Table, entity_id=table.id, fields=["domains"])
    assert [(d.id, d.inherited) for d in fetched.domains.root] == [(domain.id, True)]
    # EntityRepository.createNewEntity calls setInheritedFields: the write response shows
    # the inherited domain as a read with fields=domains does, and so does a patch's.
    assert [(d.id, d.inherited) for d in table.domains.root] == [(domain.id, True)]
    described = metadata.patch_description(entity=Table, source=table, description="Ledger.")
    assert described is not None
    assert [(d.id, d.inherited) for d in described.domains.root] == [(domain.id, True)]
    dp = metadata.create_or_update(
        CreateDataProductRequest(name=f"{name}-ledger", description="Ledger.", domains=[domain.fullyQualifiedName.root])
    )
    added = metadata.add_assets_to_data_product(dp.name.root, [EntityReference(id=table.id, type="table")])
    assert added["status"] == "success"


def test_a_nested_term_inherits_owners_from_its_parent_term(metadata, name):
    glossary, (parent,) = glossary_with_terms(metadata, name, "Revenue")
    admin = metadata.get_by_name(entity=User, fqn="admin")
    owned = metadata.patch_owner(
        entity=GlossaryTerm,
        source=parent,
        owners=ref_list(admin.id, "user"),
    )
    assert owned is not None and [o.id for o in owned.owners.root] == [admin.id]
    child = metadata.create_or_update(
        CreateGlossaryTermRequest(
            glossary=glossary.fullyQualifiedName,
            parent=parent.fullyQualifiedName,
            name="Net",
            description="After costs.",
        )
    )
    fetched = metadata.get_by_id(entity=GlossaryTerm, entity_id=child.id, fields=["owners"])
    assert [(o.id, o.inherited) for o in fetched.owners.root] == [(admin.id, True)]


def test_a_relation_removed_from_either_side_is_gone_from_both(metadata, name):
    _, (one, two) = glossary_with_terms(metadata, name, "A", "B")
    linked = deepcopy(one)
    linked.relatedTerms = [TermRelation(term=EntityReference(id=two.id, type="glossaryTerm"))]
    patched = metadata.patch(entity=GlossaryTerm, source=one, destination=linked)
    assert patched is not None and [r.term.id for r in patched.relatedTerms] == [two.id]
    seen = metadata.get_by_id(entity=GlossaryTerm, entity_id=two.id, fields=["relatedTerms"])
    assert [r.term.id for r in seen.relatedTerms] == [one.id]
    described = deepcopy(seen)
    described.description = "Still related."
    kept = metadata.patch(entity=GlossaryTerm, source=seen, destination=described)
    assert kept is not None and kept.version.root == 0.2
    assert [r.term.id for r in kept.relatedTerms] == [one.id]
    unlinked = deepcopy(seen)
    unlinked.relatedTerms = []
    patched = metadata.patch(entity=GlossaryTerm, source=seen, destination=unlinked)
    assert patched is not None and not patched.relatedTerms
    for term in (one, two):
        fetched = metadata.get_by_id(entity=GlossaryTerm, entity_id=term.id, fields=["relatedTerms"])
        assert not fetched.relatedTerms, term.name
