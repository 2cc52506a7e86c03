//! Small helpers of the Python SDK's `utils` module.

use base64::Engine;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::types::Entity;
use crate::types::type_::entity_reference::EntityReference;

/// Replaces every ASCII punctuation character and every space with `_` (how the Python SDK
/// names ML model features).
///
/// ```
/// assert_eq!(openmetadata::utils::format_name("sales.amount (usd)"), "sales_amount__usd_");
/// ```
pub fn format_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_punctuation() || c == ' ' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// A reference to an entity: id, type, name, FQN, display name, description and href.
/// An error if the entity has no id (it was never stored).
///
/// ```
/// use openmetadata::types::entity::data::database::Database;
/// let db: Database = serde_json::from_value(serde_json::json!({
///     "id": "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "name": "sales",
///     "fullyQualifiedName": "mysql.sales",
///     "service": {"id": "1b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "type": "databaseService"}
/// })).unwrap();
/// let r = openmetadata::utils::entity_reference(&db).unwrap();
/// assert_eq!((r.r#type.as_str(), r.fully_qualified_name.as_deref()), ("database", Some("mysql.sales")));
/// ```
pub fn entity_reference<E: Entity>(entity: &E) -> Result<EntityReference> {
    let id = entity
        .id()
        .cloned()
        .ok_or_else(|| Error::Config(format!("the {} has no id", E::TYPE_NAME)))?;
    let json = serde_json::to_value(entity).map_err(|e| Error::Config(e.to_string()))?;
    let text = |k: &str| json.get(k).and_then(Value::as_str).map(String::from);
    Ok(EntityReference {
        name: entity.name().map(String::from),
        fully_qualified_name: entity.fully_qualified_name().map(String::from),
        display_name: text("displayName"),
        description: text("description").map(Into::into),
        href: entity.href().map(Into::into),
        ..EntityReference::new(id, E::TYPE_NAME)
    })
}

/// The claims of a JWT, decoded without checking its signature; `None` if it is not a JWT.
///
/// ```
/// let token = "e30.eyJzdWIiOiJpbmdlc3Rpb24tYm90In0.c2ln";
/// let claims = openmetadata::utils::decode_jwt_claims(token).unwrap();
/// assert_eq!(claims["sub"], "ingestion-bot");
/// ```
pub fn decode_jwt_claims(token: &str) -> Option<Value> {
    let parts: Vec<&str> = token.split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return None;
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A user agent made safe for a header: printable ASCII only, trimmed, at most 256 characters;
/// `None` if nothing is left.
///
/// ```
/// use openmetadata::utils::sanitize_user_agent;
/// assert_eq!(sanitize_user_agent(" my-tool/1.0\n").as_deref(), Some("my-tool/1.0"));
/// assert_eq!(sanitize_user_agent("\u{7}"), None);
/// ```
pub fn sanitize_user_agent(value: &str) -> Option<String> {
    let printable: String = value.chars().filter(|c| (' '..='~').contains(c)).collect();
    let trimmed: String = printable.trim().chars().take(256).collect();
    let trimmed = trimmed.trim_end();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}
