//! What a fresh server holds before anyone calls it: the admin and ingestion-bot users, the
//! standard classifications and tags, the root team, the custom-property types, the profiler
//! configuration setting, the standard test definitions; and the signing key and token files.

use std::path::Path;

use serde_json::{Value, json};

use crate::engine::{Caller, Engine};
use crate::error::ApiError;
use crate::kinds;

/// The standard classifications and their tags.
const CLASSIFICATIONS: &[(&str, &str, &[&str])] = &[
    (
        "PII",
        "Personally Identifiable Information.",
        &["Sensitive", "NonSensitive", "None"],
    ),
    (
        "Tier",
        "Tiers of business importance.",
        &["Tier1", "Tier2", "Tier3", "Tier4", "Tier5"],
    ),
    (
        "Certification",
        "Certification levels of data assets.",
        &["Gold", "Silver", "Bronze"],
    ),
    (
        "PersonalData",
        "Personal data categories.",
        &["Personal", "SpecialCategory"],
    ),
];

/// The custom-property field types and what they hold.
const PROPERTY_TYPES: &[(&str, &str)] = &[
    ("string", "A string."),
    ("integer", "An integer."),
    ("number", "A number."),
    ("markdown", "Text in Markdown."),
    ("date-cp", "A date, in the property's format."),
    ("dateTime-cp", "A date and time, in the property's format."),
    ("time-cp", "A time, in the property's format."),
    ("duration", "An ISO 8601 duration."),
    ("email", "An email address."),
    ("sqlQuery", "A SQL query."),
    ("timeInterval", "A start and an end timestamp."),
    ("timestamp", "A Unix epoch time in milliseconds."),
    ("enum", "One or more values of a list."),
    ("entityReference", "A reference to an entity."),
    ("entityReferenceList", "References to entities."),
];

/// A standard test definition: name, entity type, description, parameters (name, data type).
struct TestDefinitionSeed(&'static str, &'static str, &'static str, &'static [Param]);

/// A test definition parameter: name and data type.
type Param = (&'static str, &'static str);

/// The standard test definitions.
const TEST_DEFINITIONS: &[TestDefinitionSeed] = &[
    TestDefinitionSeed(
        "columnValuesToMatchRegex",
        "COLUMN",
        "Column values match the regular expression.",
        &[("regex", "STRING")],
    ),
    TestDefinitionSeed(
        "columnValuesToBeNotNull",
        "COLUMN",
        "Column values are not null.",
        &[],
    ),
    TestDefinitionSeed(
        "columnValuesToBeUnique",
        "COLUMN",
        "Column values are unique.",
        &[],
    ),
    TestDefinitionSeed(
        "tableRowCountToBeBetween",
        "TABLE",
        "The table's row count is between two values.",
        &[("minValue", "INT"), ("maxValue", "INT")],
    ),
    TestDefinitionSeed(
        "tableColumnCountToEqual",
        "TABLE",
        "The table has this many columns.",
        &[("columnCount", "INT")],
    ),
];

/// The system charts KPIs are defined on: (name, what the formula counts).
const KPI_CHARTS: &[(&str, &str)] = &[
    (
        "percentage_of_data_asset_with_description_kpi",
        "(count(k='id.keyword',q='hasDescription: 1')/count(k='id.keyword'))*100",
    ),
    (
        "percentage_of_data_asset_with_owner_kpi",
        "(count(k='id.keyword',q='owners.name.keyword: *')/count(k='id.keyword'))*100",
    ),
    (
        "number_of_data_asset_with_description_kpi",
        "count(k='id.keyword',q='hasDescription: 1')",
    ),
    (
        "number_of_data_asset_with_owner_kpi",
        "count(k='id.keyword',q='owners.name.keyword: *')",
    ),
];

/// Seeds an empty store (the base data only when the admin user does not exist yet); adds the
/// system KPI charts to any store that lacks them.
pub fn seed(engine: &Engine) -> Result<(), ApiError> {
    let admin = Caller {
        name: "admin".into(),
        is_bot: false,
    };
    let put = |type_name: &str, body: Value| -> Result<(), ApiError> {
        let sk = kinds::by_type(type_name)
            .ok_or_else(|| ApiError::internal(format!("no kind {type_name}")))?;
        engine.upsert(&sk, &body, &admin, true, false).map(|_| ())
    };
    for (name, formula) in KPI_CHARTS {
        if engine
            .store
            .get_by_fqn("dataInsightCustomChart", name)?
            .is_none()
        {
            put(
                "dataInsightCustomChart",
                json!({
                    "name": name,
                    "chartType": "LineChart",
                    "chartDetails": {"type": "LineChart", "metrics": [{"formula": formula}]}
                }),
            )?;
        }
    }
    if engine.store.get_by_fqn("user", "admin")?.is_some() {
        return Ok(());
    }
    put(
        "user",
        json!({"name": "admin", "email": "admin@openmetadata.org", "isAdmin": true}),
    )?;
    put(
        "user",
        json!({"name": "ingestion-bot", "email": "ingestion-bot@openmetadata.org", "isBot": true}),
    )?;
    put(
        "bot",
        json!({"name": "ingestion-bot", "botUser": "ingestion-bot", "description": "Bot for ingestion."}),
    )?;
    put(
        "team",
        json!({"name": "Organization", "teamType": "Organization", "description": "The root team."}),
    )?;
    for (name, description) in PROPERTY_TYPES {
        put(
            "type",
            json!({"name": name, "description": description, "nameSpace": "data", "category": "field", "schema": "{}"}),
        )?;
    }
    for kind in kinds::all().filter(|k| k.kind.create_class.is_some() && k.kind.type_name != "type")
    {
        put(
            "type",
            json!({
                "name": kind.kind.type_name,
                "description": format!("The `{}` entity.", kind.kind.type_name),
                "nameSpace": "data",
                "category": "entity",
                "schema": "{}"
            }),
        )?;
    }
    engine.put_setting(&json!({"config_type": "profilerConfiguration", "config_value": {"metricConfiguration": []}}))?;
    for TestDefinitionSeed(name, entity_type, description, params) in TEST_DEFINITIONS {
        let parameters: Vec<Value> = params
            .iter()
            .map(|(p, data_type)| json!({"name": p, "dataType": data_type, "required": true}))
            .collect();
        put(
            "testDefinition",
            json!({
                "name": name,
                "description": description,
                "entityType": entity_type,
                "testPlatforms": ["OpenMetadata"],
                "parameterDefinition": parameters
            }),
        )?;
    }
    for (classification, description, tags) in CLASSIFICATIONS {
        put(
            "classification",
            json!({"name": classification, "description": description}),
        )?;
        for tag in *tags {
            put(
                "tag",
                json!({"name": tag, "classification": classification, "description": format!("{classification} {tag}.")}),
            )?;
        }
    }
    Ok(())
}

/// Reads `<dir>/jwt.key`, creating it with a fresh random key on first start.
pub fn signing_key(dir: &Path) -> Result<Vec<u8>, std::io::Error> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("jwt.key");
    match std::fs::read_to_string(&path) {
        Ok(hex) => Ok(hex.trim().as_bytes().to_vec()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = random_key();
            std::fs::write(&path, &key)?;
            Ok(key)
        }
        Err(e) => Err(e),
    }
}

/// A random key (hex of two v4 UUIDs: 244 random bits).
pub fn random_key() -> Vec<u8> {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
    .into_bytes()
}

/// Writes `<dir>/tokens/admin.jwt` and `<dir>/tokens/ingestion-bot.jwt`.
pub fn write_tokens(dir: &Path, admin: &str, bot: &str) -> Result<(), std::io::Error> {
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens)?;
    std::fs::write(tokens.join("admin.jwt"), admin)?;
    std::fs::write(tokens.join("ingestion-bot.jwt"), bot)
}
