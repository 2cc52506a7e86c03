"""Custom-property types and system settings through the official Python SDK."""

from __future__ import annotations

from metadata.generated.schema.api.data.createCustomProperty import CreateCustomPropertyRequest
from metadata.generated.schema.configuration.profilerConfiguration import (
    MetricConfigurationDefinition,
    MetricType,
    ProfilerConfiguration,
)
from metadata.generated.schema.entity.data.table import DataType, Table
from metadata.generated.schema.settings.settings import Settings, SettingType
from metadata.generated.schema.type.customProperties.enumConfig import EnumConfig
from metadata.generated.schema.type.customProperty import CustomPropertyConfig
from metadata.ingestion.models.custom_properties import (
    CustomPropertyDataTypes,
    OMetaCustomProperties,
)


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
