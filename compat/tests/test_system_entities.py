"""The system entities a fresh real server has, read through the official Python SDK (the
real server's seed data under `json/data/`: bots, roles, policies, teams, apps,
testConnections, tests, tags, dataInsight)."""

from __future__ import annotations

from metadata.generated.schema.dataInsight.dataInsightChart import DataInsightChart
from metadata.generated.schema.entity.applications.app import App
from metadata.generated.schema.entity.applications.marketplace.appMarketPlaceDefinition import (
    AppMarketPlaceDefinition,
)
from metadata.generated.schema.entity.bot import Bot
from metadata.generated.schema.entity.classification.classification import Classification
from metadata.generated.schema.entity.classification.tag import Tag
from metadata.generated.schema.entity.policies.policy import Policy
from metadata.generated.schema.entity.services.connections.testConnectionDefinition import (
    TestConnectionDefinition,
)
from metadata.generated.schema.entity.teams.role import Role
from metadata.generated.schema.entity.teams.team import Team
from metadata.generated.schema.entity.teams.user import User
from metadata.generated.schema.tests.testDefinition import TestDefinition
from metadata.ingestion.ometa.utils import model_str


def names(metadata, entity) -> set[str]:
    return {model_str(e.name) for e in metadata.list_all_entities(entity=entity, limit=100)}


def test_every_service_type_has_its_test_connection_definition(metadata):
    # TestConnectionDefinitionRepository.setFullyQualifiedName: `<name>.testConnectionDefinition`.
    mysql = metadata.get_by_name(entity=TestConnectionDefinition, fqn="Mysql.testConnectionDefinition")
    assert mysql is not None
    assert [model_str(s.name) for s in mysql.steps][:2] == ["CheckAccess", "GetSchemas"]
    assert all(s.mandatory is not None for s in mysql.steps)
    every = names(metadata, TestConnectionDefinition)
    assert {"Mysql", "Postgres", "Snowflake", "BigQuery", "Looker", "Kafka", "Airflow", "S3"} <= every
    assert len(every) >= 100


def test_standard_test_definitions_classifications_and_charts(metadata):
    definitions = names(metadata, TestDefinition)
    assert {"columnValuesToBeNotNull", "columnValuesToBeBetween", "tableRowCountToBeBetween",
            "tableCustomSQLQuery", "tableDiff"} <= definitions
    assert len(definitions) >= 25
    between = metadata.get_by_name(entity=TestDefinition, fqn="columnValuesToBeBetween")
    assert [model_str(p.name) for p in between.parameterDefinition] == ["minValue", "maxValue"]

    assert {"PII", "Tier", "Certification", "PersonalData"} <= names(metadata, Classification)
    tier = metadata.get_by_name(entity=Classification, fqn="Tier")
    assert tier.mutuallyExclusive is True
    assert metadata.get_by_name(entity=Tag, fqn="Certification.Gold") is not None
    assert metadata.get_by_name(entity=Tag, fqn="PII.Sensitive") is not None

    charts = names(metadata, DataInsightChart)
    assert {"PercentageOfEntitiesWithDescriptionByType", "TotalEntitiesByType", "dailyActiveUsers"} <= charts
    system = metadata.client.get("/analytics/dataInsights/system/charts/name/total_data_assets")
    assert system["isSystemChart"] is True


def test_installed_apps_have_their_bots(metadata):
    apps = names(metadata, App)
    assert {"SearchIndexingApplication", "DataInsightsApplication", "DataRetentionApplication"} <= apps
    indexing = metadata.get_by_name(entity=App, fqn="SearchIndexingApplication", fields=["bot"])
    assert model_str(indexing.bot.name) == "SearchIndexingApplicationBot"
    bot = metadata.get_by_name(entity=Bot, fqn="SearchIndexingApplicationBot")
    user = metadata.get_by_name(entity=User, fqn=model_str(bot.botUser.name), fields=["roles"])
    assert user.isBot is True
    assert [model_str(r.name) for r in user.roles.root] == ["ApplicationBotRole"]
    assert "SearchIndexingApplication" in names(metadata, AppMarketPlaceDefinition)


def test_default_bots_roles_policies_and_teams(metadata):
    bots = names(metadata, Bot)
    assert {"ingestion-bot", "profiler-bot", "lineage-bot", "usage-bot", "testsuite-bot"} <= bots
    ingestion = metadata.get_by_name(entity=User, fqn="ingestion-bot", fields=["roles"])
    assert "IngestionBotRole" in [model_str(r.name) for r in ingestion.roles.root]
    roles = names(metadata, Role)
    assert {"DataConsumer", "DataSteward", "ApplicationBotRole", "IngestionBotRole"} <= roles
    consumer = metadata.get_by_name(entity=Role, fqn="DataConsumer", fields=["policies"])
    assert [model_str(p.name) for p in consumer.policies.root] == ["DataConsumerPolicy"]
    assert {"OrganizationPolicy", "DataConsumerPolicy", "DataStewardPolicy", "TeamOnlyPolicy"} <= names(
        metadata, Policy
    )
    org = metadata.get_by_name(entity=Team, fqn="Organization", fields=["defaultRoles", "policies"])
    assert model_str(org.teamType.value) == "Organization"
    assert "DataConsumer" in [model_str(r.name) for r in org.defaultRoles.root]
    assert "OrganizationPolicy" in [model_str(p.name) for p in org.policies.root]


def test_access_seed_is_the_real_one(metadata):
    """18 policies, 17 roles and the 9 bots of 2.0 (json/data/{policy,role,bot,botUser}), with
    the real rules, lower-case bot users and the default principal domain."""
    seeded_policies = {
        "OrganizationPolicy", "DataConsumerPolicy", "DataStewardPolicy", "TeamOnlyPolicy",
        "DomainOnlyAccessPolicy", "TaskAuthorPolicy", "DefaultBotPolicy", "IngestionBotPolicy",
        "LineageBotPolicy", "ProfilerBotPolicy", "QualityBotPolicy", "UsageBotPolicy",
        "AutoClassificationBotPolicy", "ApplicationBotPolicy", "ApplicationBotImpersonationPolicy",
        "BotImpersonationPolicy", "BotNonAdminImpersonationPolicy", "ScimBotPolicy",
    }
    assert seeded_policies <= names(metadata, Policy)
    assert len(seeded_policies) == 18
    org = metadata.get_by_name(entity=Policy, fqn="OrganizationPolicy")
    rules = {r.name: r for r in org.rules.root}
    owner = rules["OrganizationPolicy-Owner-Rule"]
    assert (owner.effect.value, owner.resources, model_str(owner.condition)) == ("allow", ["all"], "isOwner()")
    assert [o.value for o in owner.operations] == ["All"]
    assert org.enabled is True and org.allowDelete is False
    domain_only = metadata.get_by_name(entity=Role, fqn="DomainOnlyAccessRole")
    assert (domain_only.allowDelete, domain_only.provider.value) == (True, "user")
    impersonation = metadata.get_by_name(entity=Role, fqn="ApplicationBotImpersonationRole", fields=["policies"])
    assert [model_str(p.name) for p in impersonation.policies.root] == [
        "DefaultBotPolicy", "ApplicationBotPolicy", "ApplicationBotImpersonationPolicy",
    ]
    assert len(names(metadata, Role)) >= 17
    bots = names(metadata, Bot)
    assert {"governance-bot", "scim-bot", "McpApplicationBot", "autoClassification-bot"} <= bots
    assert not {"memory-bot", "ontology-bot"} & bots
    mcp = metadata.get_by_name(entity=Bot, fqn="McpApplicationBot")
    assert model_str(mcp.botUser.name) == "mcpapplicationbot"
    user = metadata.get_by_name(entity=User, fqn="mcpapplicationbot", fields=["roles"])
    assert model_str(user.email) == "mcpapplicationbot@open-metadata.org"
    assert [model_str(r.name) for r in user.roles.root] == ["ApplicationBotImpersonationRole"]
    admin = metadata.get_by_name(entity=User, fqn="admin")
    assert model_str(admin.email) == "admin@open-metadata.org"
