//! Values of custom properties (an entity's `extension`), checked against the properties its
//! type declares, as the real server checks them on a write: an unknown property, a value of
//! the wrong JSON type, an email that is not one, a date that does not follow the property's
//! format, or an enum value outside its list is a 400. Enum values are stored sorted; entity
//! references are stored as full references.

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::{Engine, text_field as text};

fn invalid(field: &str, detail: &str) -> ApiError {
    ApiError::bad_request(format!("Custom field {field} has invalid JSON [{detail}]"))
}

/// Whether a string looks like an email address (what the `email` type's pattern admits).
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let bare = |p: &str| !p.is_empty() && !p.chars().any(char::is_whitespace);
    (6..=127).contains(&s.len())
        && bare(local)
        && bare(domain)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

/// Whether `value` is written in the Java `DateTimeFormatter` pattern `format` (the letters
/// `y M d H h m s S a`, quoted literals and any other character as itself), with each number
/// in its range.
fn follows_format(value: &str, format: &str) -> bool {
    let (mut v, mut f) = (value.chars().peekable(), format.chars().peekable());
    while let Some(c) = f.next() {
        if c == '\'' {
            for lit in f.by_ref() {
                if lit == '\'' {
                    break;
                }
                if v.next() != Some(lit) {
                    return false;
                }
            }
            continue;
        }
        if !"yMdHhmsSa".contains(c) {
            if v.next() != Some(c) {
                return false;
            }
            continue;
        }
        let mut width = 1;
        while f.peek() == Some(&c) {
            f.next();
            width += 1;
        }
        if c == 'a' {
            let marker: String = v.by_ref().take(2).collect();
            if marker != "AM" && marker != "PM" {
                return false;
            }
            continue;
        }
        let (min, max) = if width == 1 { (1, 2) } else { (width, width) };
        let mut digits = String::new();
        while digits.len() < max && v.peek().is_some_and(char::is_ascii_digit) {
            digits.extend(v.next());
        }
        if digits.len() < min {
            return false;
        }
        let n: u32 = digits.parse().unwrap_or(u32::MAX);
        let in_range = match c {
            'M' => (1..=12).contains(&n),
            'd' => (1..=31).contains(&n),
            'H' => n <= 23,
            'h' => (1..=12).contains(&n),
            'm' | 's' => n <= 59,
            _ => true,
        };
        if !in_range {
            return false;
        }
    }
    v.next().is_none()
}

impl Engine {
    /// Checks the `extension` of a document of `type_name`, normalizing what the real server
    /// normalizes.
    pub(crate) fn check_extension(&self, type_name: &str, doc: &mut Value) -> Result<(), ApiError> {
        let Some(extension) = doc.get_mut("extension").filter(|e| !e.is_null()) else {
            return Ok(());
        };
        let Value::Object(values) = extension else {
            return Err(ApiError::bad_request("extension must be a JSON object"));
        };
        let properties: Vec<Value> = self
            .store
            .get_by_fqn("type", type_name)?
            .and_then(|t| t.json.get("customProperties").cloned())
            .and_then(|p| p.as_array().cloned())
            .unwrap_or_default();
        for (field, value) in values.iter_mut() {
            let property = properties
                .iter()
                .find(|p| text(p, "name") == field)
                .ok_or_else(|| ApiError::bad_request(format!("Unknown custom field {field}")))?;
            let config = property.pointer("/customPropertyConfig/config");
            let kind = property
                .pointer("/propertyType/name")
                .and_then(Value::as_str)
                .unwrap_or("");
            self.check_custom_value(field, kind, config, value)?;
        }
        Ok(())
    }

    fn check_custom_value(
        &self,
        field: &str,
        kind: &str,
        config: Option<&Value>,
        value: &mut Value,
    ) -> Result<(), ApiError> {
        let expect = |ok: bool, what: &str| match ok {
            true => Ok(()),
            false => Err(invalid(field, &format!("$: {what} expected"))),
        };
        match kind {
            "string" | "markdown" | "sqlQuery" | "duration" => expect(value.is_string(), "string"),
            "integer" | "timestamp" => expect(value.is_i64() || value.is_u64(), "integer"),
            "number" => expect(value.is_number(), "number"),
            "email" => expect(value.as_str().is_some_and(is_email), "an email address"),
            "timeInterval" => {
                let bound = |k: &str| value.get(k).is_some_and(Value::is_i64);
                expect(
                    bound("start") && bound("end"),
                    "an object with start and end",
                )
            }
            "date-cp" | "dateTime-cp" | "time-cp" => {
                let format = config.and_then(Value::as_str).unwrap_or_default();
                match value.as_str() {
                    Some(s) if format.is_empty() || follows_format(s, format) => Ok(()),
                    _ => Err(ApiError::bad_request(format!(
                        "Custom field {field} value is not as per defined format {format}"
                    ))),
                }
            }
            "enum" => Self::check_enum(field, config, value),
            "entityReference" => {
                *value = self.custom_reference(field, config, value)?;
                Ok(())
            }
            "entityReferenceList" => {
                let Value::Array(items) = value else {
                    return Err(invalid(field, "$: array expected"));
                };
                for item in items.iter_mut() {
                    *item = self.custom_reference(field, config, item)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn check_enum(field: &str, config: Option<&Value>, value: &mut Value) -> Result<(), ApiError> {
        let Value::Array(chosen) = value else {
            return Err(invalid(field, "$: array expected"));
        };
        let allowed: Vec<&str> = config
            .and_then(|c| c.get("values"))
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let multi = config
            .and_then(|c| c.get("multiSelect"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !multi && chosen.len() > 1 {
            return Err(ApiError::bad_request(format!(
                "Only one value allowed for non-multiSelect {field} property"
            )));
        }
        let unknown: Vec<String> = chosen
            .iter()
            .map(|c| c.as_str().map_or_else(|| c.to_string(), String::from))
            .filter(|c| !allowed.contains(&c.as_str()))
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::bad_request(format!(
                "Values '[{}]' not supported for property {field}",
                unknown.join(", ")
            )));
        }
        chosen.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        Ok(())
    }

    /// A full reference to the entity a custom value names, of one of the configured types.
    fn custom_reference(
        &self,
        field: &str,
        config: Option<&Value>,
        value: &Value,
    ) -> Result<Value, ApiError> {
        let types: Vec<&str> = config
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if !value.is_object() {
            return Err(invalid(field, "$: object expected"));
        }
        let stored = self.resolve(value, &types)?;
        let mut reference = self.reference(&stored);
        if let Value::Object(r) = &mut reference {
            r.retain(|k, _| k != "inherited");
        }
        Ok(reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_date_patterns_are_followed() {
        assert!(follows_format("2023-01-01", "yyyy-MM-dd"));
        assert!(follows_format(
            "2023-12-01T15:30:00Z",
            "yyyy-MM-dd'T'HH:mm:ss'Z'"
        ));
        assert!(follows_format("03:00:00", "HH:mm:ss"));
        assert!(follows_format("1/2/2024 3:04 PM", "d/M/yyyy h:mm a"));
        assert!(!follows_format("2023-13-01", "yyyy-MM-dd"));
        assert!(!follows_format("01-01-2023", "yyyy-MM-dd"));
        assert!(!follows_format("2023-01-01 extra", "yyyy-MM-dd"));
        assert!(!follows_format("25:00:00", "HH:mm:ss"));
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_email("ana@example.com"));
        assert!(!is_email("ana@example"));
        assert!(!is_email("example.com"));
        assert!(!is_email("a b@example.com"));
    }
}
