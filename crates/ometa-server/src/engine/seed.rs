//! What a fresh server holds before anyone calls it, as a fresh real server does: the admin
//! user; the default policies, roles and the Organization team; every default bot with its
//! user and roles; the standard classifications and tags, test definitions and test
//! connection definitions (one per service type); the installed applications and the
//! marketplace; the data insight charts; the custom-property types and the profiler setting.
//! The data are tables in `seed/` (the facts of the real server's seed files, in create-request
//! shapes; descriptions in our words). Whatever a store lacks of them is added at every start,
//! so an older data directory gains what a newer version seeds; nothing present is changed.
//! Also the signing key and token files.

use std::path::Path;

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::{Caller, Engine, text_field};

/// Policies, roles, teams and bots (`{"policies", "roles", "teams", "bots"}`).
const ACCESS: &str = include_str!("../../seed/access.json");
/// Classifications, each with its `tags`.
const CLASSIFICATIONS: &str = include_str!("../../seed/classifications.json");
/// Standard test definitions (create requests).
const TEST_DEFINITIONS: &str = include_str!("../../seed/test_definitions.json");
/// Test connection definitions: name, display name, steps.
const TEST_CONNECTIONS: &str = include_str!("../../seed/test_connections.json");
/// `{"marketplace": [definition create requests], "installed": [apps]}`.
const APPS: &str = include_str!("../../seed/apps.json");
/// `{"charts": [data insight charts], "customCharts": [system chart create requests]}`.
const INSIGHT_CHARTS: &str = include_str!("../../seed/insight_charts.json");

/// The role every application's bot user has (the real `APP_BOT_ROLE`).
const APP_BOT_ROLE: &str = "ApplicationBotRole";

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

fn table(name: &str, text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::internal(format!("seed table {name} does not parse: {e}")))
}

fn items<'a>(v: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    v.get(field).and_then(Value::as_array).into_iter().flatten()
}

/// Adds what is missing of the seed data to `engine`'s store.
struct Seeder<'a> {
    engine: &'a Engine,
    admin: Caller,
}

impl Seeder<'_> {
    fn exists(&self, type_name: &str, fqn: &str) -> Result<bool, ApiError> {
        Ok(self.engine.store.get_by_fqn(type_name, fqn)?.is_some())
    }

    fn kind(type_name: &str) -> Result<kinds::ServerKind, ApiError> {
        kinds::by_type(type_name).ok_or_else(|| ApiError::internal(format!("no kind {type_name}")))
    }

    /// Creates from a create request unless an entity of `fqn` exists.
    fn create(&self, type_name: &str, fqn: &str, body: Value) -> Result<(), ApiError> {
        if self.exists(type_name, fqn)? {
            return Ok(());
        }
        let sk = Self::kind(type_name)?;
        self.engine
            .upsert(&sk, &body, &self.admin, true, false)
            .map(|_| ())
            .map_err(|e| ApiError::internal(format!("seeding {type_name} {fqn}: {}", e.message)))
    }

    /// Writes an entity document unless an entity of `fqn` exists.
    fn document(&self, type_name: &str, fqn: &str, doc: Value) -> Result<(), ApiError> {
        if self.exists(type_name, fqn)? {
            return Ok(());
        }
        let sk = Self::kind(type_name)?;
        self.engine
            .insert_system_document(&sk, doc, fqn)
            .map_err(|e| ApiError::internal(format!("seeding {type_name} {fqn}: {}", e.message)))
    }

    /// A reference to the seeded entity `fqn`.
    fn reference(&self, type_name: &str, fqn: &str) -> Result<Value, ApiError> {
        let s = self
            .engine
            .store
            .get_by_fqn(type_name, fqn)?
            .ok_or_else(|| {
                ApiError::internal(format!("seed data names a missing {type_name} {fqn}"))
            })?;
        Ok(self.engine.reference(&s))
    }

    fn references(&self, type_name: &str, names: &Value) -> Result<Value, ApiError> {
        let refs = names
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|n| self.reference(type_name, n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Value::Array(refs))
    }

    /// Policies and roles are system documents (`allowDelete`/`allowEdit` are theirs, not a
    /// create request's); the Organization team, then the users and bots.
    fn access(&self) -> Result<(), ApiError> {
        let access = table("access", ACCESS)?;
        for policy in items(&access, "policies") {
            let mut doc = policy.clone();
            doc["enabled"] = json!(true);
            self.document("policy", text_field(policy, "name"), doc)?;
        }
        for role in items(&access, "roles") {
            let mut doc = role.clone();
            doc["policies"] = self.references("policy", &role["policies"])?;
            self.document("role", text_field(role, "name"), doc)?;
        }
        for team in items(&access, "teams") {
            let name = text_field(team, "name");
            let mut doc = team.clone();
            for (field, kind) in [("defaultRoles", "role"), ("policies", "policy")] {
                if let Some(names) = team.get(field) {
                    doc[field] = self.references(kind, names)?;
                }
            }
            self.document("team", name, doc)?;
        }
        self.create(
            "user",
            "admin",
            json!({"name": "admin", "email": "admin@open-metadata.org", "isAdmin": true}),
        )?;
        for bot in items(&access, "bots") {
            self.bot(bot)?;
        }
        Ok(())
    }

    /// A bot user (`bot.user`, with its roles by name) and its bot (`bot.name`, and its
    /// `displayName`, `description` and `provider` when given).
    fn bot(&self, bot: &Value) -> Result<(), ApiError> {
        let user = &bot["user"];
        let user_name = text_field(user, "name");
        let mut create_user = user.clone();
        create_user["isBot"] = json!(true);
        let role_ids: Vec<Value> = items(user, "roles")
            .filter_map(Value::as_str)
            .map(|r| self.reference("role", r).map(|r| r["id"].clone()))
            .collect::<Result<_, _>>()?;
        create_user["roles"] = Value::Array(role_ids);
        self.create(
            "user",
            &crate::engine::fqn::quote_name(user_name)?,
            create_user,
        )?;
        let name = text_field(bot, "name");
        let mut create_bot = json!({"name": name, "botUser": user_name, "provider": "system"});
        for field in ["description", "displayName", "provider"] {
            if let Some(v) = bot.get(field) {
                create_bot[field] = v.clone();
            }
        }
        self.create("bot", &crate::engine::fqn::quote_name(name)?, create_bot)
    }

    fn classifications(&self) -> Result<(), ApiError> {
        for c in table("classifications", CLASSIFICATIONS)?
            .as_array()
            .into_iter()
            .flatten()
        {
            let name = text_field(c, "name");
            let mut body = c.clone();
            body.as_object_mut().map(|o| o.remove("tags"));
            self.create("classification", name, body)?;
            for tag in items(c, "tags") {
                let mut body = tag.clone();
                body["classification"] = json!(name);
                let fqn = crate::engine::fqn::child(Some(name), text_field(tag, "name"))?;
                self.create("tag", &fqn, body)?;
            }
        }
        Ok(())
    }

    fn quality(&self) -> Result<(), ApiError> {
        for t in table("test_definitions", TEST_DEFINITIONS)?
            .as_array()
            .into_iter()
            .flatten()
        {
            self.document("testDefinition", text_field(t, "name"), t.clone())?;
        }
        // TestConnectionDefinitionRepository.setFullyQualifiedName: `<name>.testConnectionDefinition`.
        for d in table("test_connections", TEST_CONNECTIONS)?
            .as_array()
            .into_iter()
            .flatten()
        {
            let fqn = format!("{}.testConnectionDefinition", text_field(d, "name"));
            self.document("testConnectionDefinition", &fqn, d.clone())?;
        }
        Ok(())
    }

    /// The marketplace, then each installed app from its definition (the real
    /// `AppMapper.createToEntity`) with its bot `<App>Bot` (`AppRepository.createNewAppBot`).
    fn apps(&self) -> Result<(), ApiError> {
        let apps = table("apps", APPS)?;
        for m in items(&apps, "marketplace") {
            self.document("appMarketPlaceDefinition", text_field(m, "name"), m.clone())?;
        }
        for app in items(&apps, "installed") {
            let name = text_field(app, "name");
            if self.exists("app", name)? {
                continue;
            }
            let Some(definition) =
                items(&apps, "marketplace").find(|m| text_field(m, "name") == name)
            else {
                continue;
            };
            // The app's bot user is named as the bot and mailed at openmetadata.org, as
            // `createNewAppBot` writes it (not the principal domain the seed bots use).
            let bot = format!("{name}Bot");
            self.bot(&json!({
                "name": bot,
                "provider": "user",
                "user": {
                    "name": bot,
                    "displayName": definition.get("displayName"),
                    "email": format!("{bot}@openmetadata.org"),
                    "roles": [APP_BOT_ROLE]
                }
            }))?;
            let mut doc = definition.clone();
            if let (Some(doc), Some(app)) = (doc.as_object_mut(), app.as_object()) {
                doc.extend(app.clone());
            }
            doc["bot"] = self.reference("bot", &bot)?;
            doc["enabled"] = json!(true);
            self.document("app", name, doc)?;
        }
        Ok(())
    }

    fn charts(&self) -> Result<(), ApiError> {
        let charts = table("insight_charts", INSIGHT_CHARTS)?;
        for c in items(&charts, "charts") {
            self.document("dataInsightChart", text_field(c, "name"), c.clone())?;
        }
        for c in items(&charts, "customCharts") {
            self.document("dataInsightCustomChart", text_field(c, "name"), c.clone())?;
        }
        Ok(())
    }

    fn types_and_settings(&self) -> Result<(), ApiError> {
        for (name, description) in PROPERTY_TYPES {
            self.create(
                "type",
                name,
                json!({"name": name, "description": description, "nameSpace": "data", "category": "field", "schema": "{}"}),
            )?;
        }
        for kind in
            kinds::all().filter(|k| k.kind.create_class.is_some() && k.kind.type_name != "type")
        {
            let name = kind.kind.type_name;
            self.create(
                "type",
                name,
                json!({
                    "name": name,
                    "description": format!("The `{name}` entity."),
                    "nameSpace": "data",
                    "category": "entity",
                    "schema": "{}"
                }),
            )?;
        }
        let settings = [
            json!({"config_type": "profilerConfiguration", "config_value": {"metricConfiguration": []}}),
            // The classification whose tags certify assets, and for how long a certification
            // holds (the real `assetCertificationSettings` seed).
            json!({"config_type": "assetCertificationSettings", "config_value": {"allowedClassification": "Certification", "validityPeriod": "P30D"}}),
        ];
        for setting in settings {
            if !self.exists("settings", text_field(&setting, "config_type"))? {
                self.engine.put_setting(&setting)?;
            }
        }
        Ok(())
    }
}

/// Adds to the store whatever it lacks of the seed data (everything, on a new store).
pub fn seed(engine: &Engine) -> Result<(), ApiError> {
    let seeder = Seeder {
        engine,
        admin: Caller {
            name: "admin".into(),
            is_bot: false,
        },
    };
    seeder.access()?;
    seeder.classifications()?;
    seeder.quality()?;
    seeder.apps()?;
    seeder.charts()?;
    seeder.types_and_settings()
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
