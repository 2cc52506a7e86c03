"""Custom-property types and system settings through the official Python SDK."""

from __future__ import annotations

import pytest

from metadata.generated.schema.api.data.createCustomProperty import CreateCustomPropertyRequest
from metadata.generated.schema.api.data.createDatabaseSchema import CreateDatabaseSchemaRequest
from metadata.generated.schema.api.teams.createUser import CreateUserRequest
from metadata.generated.schema.configuration.profilerConfiguration import (
    MetricConfigurationDefinition,
    MetricType,
    ProfilerConfiguration,
)
from metadata.generated.schema.entity.data.table import DataType, Table
from metadata.generated.schema.settings.settings import Settings, SettingType
from metadata.generated.schema.type.customProperties.enumConfig import EnumConfig
from metadata.generated.schema.entity.data.databaseSchema import DatabaseSchema
from metadata.generated.schema.type.customProperty import CustomPropertyConfig, EntityTypes, Format
from metadata.ingestion.ometa.client import APIError
from metadata.ingestion.models.custom_properties import (
    CustomPropertyDataTypes,
    OMetaCustomProperties,
)

from test_database import make_schema


def test_property_types_are_seeded(metadata):
    for data_type in CustomPropertyDataTypes:
        ref = metadata.get_property_type_ref(data_type)
        assert ref.root.type == "type" and ref.root.id is not None


def test_adding_a_property_is_idempotent_and_enum_values_are_sorted(metadata):
    for _ in range(2):
        metadata.create_or_update_custom_property(
            OMetaCustomProperties(
                entity_type=Table,
                createCustomPropertyRequest=CreateCustomPropertyRequest(
                    name="Rating",
                    description="How good the table is.",
                    propertyType=metadata.get_property_type_ref(CustomPropertyDataTypes.ENUM),
                    customPropertyConfig=CustomPropertyConfig(
                        config=EnumConfig(values=["Good", "Average", "Bad"], multiSelect=False)
                    ),
                ),
            )
        )
    props = metadata.get_entity_custom_properties(entity_type=Table)
    ratings = [p for p in props if p["name"] == "Rating"]
    assert len(ratings) == 1
    assert ratings[0]["customPropertyConfig"]["config"]["values"] == ["Average", "Bad", "Good"]
    assert ratings[0]["propertyType"]["name"] == "enum"


def test_profiler_settings_round_trip(metadata):
    settings = Settings(
        config_type=SettingType.profilerConfiguration,
        config_value=ProfilerConfiguration(
            metricConfiguration=[
                MetricConfigurationDefinition(dataType=DataType.INT, metrics=[MetricType.valuesCount])
            ]
        ),
    )
    stored = metadata.create_or_update_settings(settings)
    assert stored.model_dump_json() == settings.model_dump_json()
    read = metadata.get_profiler_config_settings()
    assert read.model_dump_json() == settings.model_dump_json()


PROPERTIES = {
    "note": (CustomPropertyDataTypes.STRING, None),
    "doc": (CustomPropertyDataTypes.MARKDOWN, None),
    "rows": (CustomPropertyDataTypes.INTEGER, None),
    "ratio": (CustomPropertyDataTypes.NUMBER, None),
    "born": (CustomPropertyDataTypes.DATE, Format("yyyy-MM-dd")),
    "seen": (CustomPropertyDataTypes.DATETIME, Format("yyyy-MM-dd'T'HH:mm:ss'Z'")),
    "at": (CustomPropertyDataTypes.TIME, Format("HH:mm:ss")),
    "contact": (CustomPropertyDataTypes.EMAIL, None),
    "grade": (CustomPropertyDataTypes.ENUM, EnumConfig(values=["Good", "Average", "Bad"], multiSelect=False)),
    "labels": (CustomPropertyDataTypes.ENUM, EnumConfig(values=["D1", "D2", "D3"], multiSelect=True)),
    "stewards": (CustomPropertyDataTypes.ENTITY_REFERENCE_LIST, EntityTypes(["user"])),
}


@pytest.fixture(scope="module")
def schema_properties(metadata):
    for prop, (data_type, config) in PROPERTIES.items():
        metadata.create_or_update_custom_property(
            OMetaCustomProperties(
                entity_type=DatabaseSchema,
                createCustomPropertyRequest=CreateCustomPropertyRequest(
                    name=prop,
                    description=prop,
                    propertyType=metadata.get_property_type_ref(data_type),
                    customPropertyConfig=CustomPropertyConfig(config=config) if config else None,
                ),
            )
        )


def test_extension_values_round_trip(metadata, name, schema_properties):
    _, db, _ = make_schema(metadata, name)
    user = metadata.create_or_update(CreateUserRequest(name=f"{name}-steward", email=f"{name}@example.com"))
    values = {
        "note": "plain",
        "doc": "<h1>Long</h1>" + "<p>text</p>" * 200,
        "rows": 1000,
        "ratio": 2.5,
        "born": "2023-01-01",
        "seen": "2023-12-01T15:30:00Z",
        "at": "03:00:00",
        "contact": "owner@example.com",
        "grade": ["Good"],
        "labels": ["D2", "D1"],
        "stewards": [{"id": str(user.id.root), "type": "user"}],
    }
    metadata.create_or_update(
        CreateDatabaseSchemaRequest(name="props", database=db.fullyQualifiedName, extension=values)
    )
    read = metadata.get_by_name(entity=DatabaseSchema, fqn=f"{name}.sales.props", fields=["*"])
    extension = read.extension.root
    for prop in ("note", "doc", "rows", "ratio", "born", "seen", "at", "contact", "grade"):
        assert extension[prop] == values[prop], prop
    assert extension["labels"] == ["D1", "D2"]
    assert extension["stewards"][0]["id"] == str(user.id.root)
    assert extension["stewards"][0]["name"] == f"{name}-steward"


@pytest.mark.parametrize(
    "values, message",
    [
        ({"unknown": "x"}, "Unknown custom field unknown"),
        ({"rows": "many"}, "Custom field rows has invalid JSON"),
        ({"contact": "not-an-email"}, "Custom field contact has invalid JSON"),
        ({"born": "01/02/2023"}, "not as per defined format yyyy-MM-dd"),
        ({"grade": ["Good", "Bad"]}, "Only one value allowed for non-multiSelect grade property"),
        ({"labels": ["D9"]}, "Values '[D9]' not supported for property labels"),
    ],
)
def test_invalid_extension_values_are_refused(metadata, name, schema_properties, values, message):
    _, db, _ = make_schema(metadata, name)
    with pytest.raises(APIError) as refused:
        metadata.create_or_update(
            CreateDatabaseSchemaRequest(name="props", database=db.fullyQualifiedName, extension=values)
        )
    assert refused.value.status_code == 400
    assert message in str(refused.value)
    assert metadata.get_by_name(entity=DatabaseSchema, fqn=f"{name}.sales.props") is None
