//! Data kept beside an entity's definition, outside its versions (sample data, profiler
//! configuration, data models, failed-row samples): written without a new version.

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::field_rules::default_view;
use crate::engine::kinds::ServerKind;
use crate::engine::{Engine, Fields};
use crate::store::{self, Stored};

impl Engine {
    /// Sets (or with `None` removes) a field kept outside the entity's versions.
    pub fn set_attachment(
        &self,
        mut s: Stored,
        field: &str,
        value: Option<Value>,
    ) -> Result<Stored, ApiError> {
        match (value, s.json.as_object_mut()) {
            (Some(v), _) => s.json[field] = v,
            (None, Some(o)) => {
                o.remove(field);
            }
            (None, None) => {}
        }
        self.store_quietly(&s)?;
        Ok(s)
    }

    /// Stores an entity as it is, without a new version (data kept beside its definition).
    pub fn store_quietly(&self, s: &Stored) -> Result<(), ApiError> {
        let prepared = store::Prepared::new(s.clone(), default_view(s));
        self.write(move |c| Ok(store::rewrite(c, &prepared)?))
    }

    /// The entity presented with one more field.
    pub fn with_field(&self, sk: &ServerKind, s: &Stored, field: &str) -> Result<Value, ApiError> {
        self.present(sk, s, &Fields::Some(vec![field.to_string()]))
    }
}
