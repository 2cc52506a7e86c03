//! Endpoints beside the entity collections: custom properties of types, system settings.

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::{Caller, Engine, Key};
use crate::store::{self, Include, Stored};

impl Engine {
    /// Adds a custom property to a type, or replaces the one of the same name (idempotent).
    /// Enum values are kept sorted, as the real server does.
    pub fn add_custom_property(
        &self,
        sk: &ServerKind,
        id: &str,
        property: &Value,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let old = self.find(sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let mut property = property.clone();
        let name = property
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("name must not be null"))?
            .to_string();
        let property_type = property
            .get("propertyType")
            .ok_or_else(|| ApiError::bad_request("propertyType must not be null"))?;
        let resolved = self.resolve(property_type, &["type"])?;
        property["propertyType"] = self.reference(&resolved);
        if let Some(Value::Array(values)) =
            property.pointer_mut("/customPropertyConfig/config/values")
        {
            values.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
        let mut doc = old.json.clone();
        let mut properties: Vec<Value> = doc
            .get("customProperties")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        match properties
            .iter_mut()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name.as_str()))
        {
            Some(existing) => *existing = property,
            None => properties.push(property),
        }
        doc["customProperties"] = Value::Array(properties);
        Ok(self.commit_change(sk, &old, doc, caller)?.json)
    }

    /// A system setting by its `config_type`.
    pub fn setting(&self, config_type: &str) -> Result<Value, ApiError> {
        self.store
            .get_by_fqn("settings", config_type)?
            .map(|s| s.json)
            .ok_or_else(|| ApiError::not_found("settings", config_type))
    }

    /// Every system setting.
    pub fn settings(&self) -> Result<Value, ApiError> {
        let page = self.store.list(
            "settings",
            &Default::default(),
            Include::All,
            1000,
            None,
            None,
        )?;
        let data: Vec<Value> = page.rows.into_iter().map(|s| s.json).collect();
        Ok(json!({"data": data, "paging": {"total": page.total}}))
    }

    /// Creates or replaces a system setting (`{config_type, config_value}`), checked against
    /// the schema; answers the stored setting.
    pub fn put_setting(&self, body: &Value) -> Result<Value, ApiError> {
        let kind =
            kinds::by_type("settings").ok_or_else(|| ApiError::internal("no settings kind"))?;
        let checked = (kind.kind.check_entity)(body).map_err(ApiError::bad_request)?;
        let config_type = checked
            .get("config_type")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("config_type must not be null"))?
            .to_string();
        let id = match self.store.get_by_fqn("settings", &config_type)? {
            Some(s) => s.id,
            None => uuid::Uuid::new_v4().to_string(),
        };
        let stored = Stored {
            id,
            kind: "settings".into(),
            fqn: config_type.clone(),
            name: config_type,
            parent_id: None,
            deleted: false,
            json: body.clone(),
            rev: None,
        };
        let prepared = store::Prepared::new(stored, body.to_string());
        self.write(move |c| Ok(store::put(c, &prepared, 0.1)?))?;
        Ok(body.clone())
    }
}
