//! Writes: POST and PUT (create or update, with the rules of a bot's PUT), and the commit of
//! a changed document with its version, change description and checks.

use http::StatusCode;
use serde_json::{Value, json};

use crate::engine::change::{describe_change, round1};
use crate::engine::create::Draft;
use crate::engine::error::ApiError;
use crate::engine::field_rules::{
    BOOKKEEPING, CREATE_DEFAULTS, DERIVED_FIELDS, PROTECTED_ON_BOT_PUT, default_view, is_empty,
};
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Engine, now_ms, text_field};
use crate::store::{self, Stored};

impl Engine {
    /// `POST` (create only) or `PUT` (create or update) of a create request; an ML model's
    /// feature sources become lineage edges.
    pub fn upsert(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
        put: bool,
        override_metadata: bool,
    ) -> Result<(StatusCode, Value), ApiError> {
        let (status, entity) = self.upsert_entity(sk, body, caller, put, override_metadata)?;
        match sk.kind.type_name {
            "mlmodel" => self.add_feature_lineage(&entity, caller)?,
            "testSuite" => self.link_basic_suite(&entity)?,
            _ => {}
        }
        Ok((status, entity))
    }

    pub(super) fn upsert_entity(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
        put: bool,
        override_metadata: bool,
    ) -> Result<(StatusCode, Value), ApiError> {
        let Draft {
            doc,
            name,
            fqn,
            parent_id,
        } = self.entity_from_create(sk, body, caller)?;
        let existing = self.store.get_by_fqn(sk.kind.type_name, &fqn)?;
        match existing {
            Some(_) if !put => Err(ApiError::conflict("Entity already exists")),
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                let mut entity = Value::Object(doc);
                entity["id"] = json!(id);
                entity["fullyQualifiedName"] = json!(fqn);
                entity["version"] = json!(0.1);
                entity["updatedAt"] = json!(now_ms());
                entity["updatedBy"] = json!(caller.name);
                entity["href"] = json!(self.href(sk, &id));
                entity["deleted"] = json!(false);
                for (kind, field, value) in CREATE_DEFAULTS {
                    if *kind == sk.kind.type_name && entity.get(*field).is_none_or(Value::is_null) {
                        entity[*field] = json!(value);
                    }
                }
                self.check_extension(sk.kind.type_name, &mut entity)?;
                let entity = Self::check_entity(sk, &mut entity)?;
                self.check_invariants(sk, &entity, None)?;
                let stored = Stored {
                    id,
                    kind: sk.kind.type_name.into(),
                    fqn,
                    name,
                    parent_id,
                    deleted: false,
                    json: entity,
                    rev: None,
                };
                let response = self.write_response(sk, &stored)?;
                let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
                match self.write(move |c| Ok(store::put(c, &prepared, 0.1)?)) {
                    Ok(()) => Ok((StatusCode::CREATED, response)),
                    Err(e) if put && e.status == StatusCode::CONFLICT => {
                        self.upsert_entity(sk, body, caller, put, override_metadata)
                    }
                    Err(e) => Err(e),
                }
            }
            Some(old) => {
                let mut merged = old.json.clone();
                for (k, v) in doc {
                    if BOOKKEEPING.contains(&k.as_str()) {
                        continue;
                    }
                    let protected = caller.is_bot
                        && !override_metadata
                        && PROTECTED_ON_BOT_PUT.contains(&k.as_str())
                        && !is_empty(old.json.get(&k));
                    if !protected {
                        merged[k.as_str()] = v;
                    }
                }
                let stored = self.commit(sk, &old, merged, caller, true)?;
                Ok((StatusCode::OK, self.write_response(sk, &stored)?))
            }
        }
    }

    /// Writes a document the server owns itself (seed data, kinds the API cannot create) as
    /// version 0.1 by `admin`, with the FQN given.
    pub(crate) fn insert_system_document(
        &self,
        sk: &ServerKind,
        mut doc: Value,
        fqn: &str,
    ) -> Result<(), ApiError> {
        let name = text_field(&doc, "name").to_string();
        let id = uuid::Uuid::new_v4().to_string();
        doc["id"] = json!(id);
        doc["fullyQualifiedName"] = json!(fqn);
        doc["version"] = json!(0.1);
        doc["updatedAt"] = json!(now_ms());
        doc["updatedBy"] = json!("admin");
        doc["deleted"] = json!(false);
        let entity = Self::check_entity(sk, &mut doc)?;
        let stored = Stored {
            id,
            kind: sk.kind.type_name.into(),
            fqn: fqn.into(),
            name,
            parent_id: None,
            deleted: false,
            json: entity,
            rev: None,
        };
        let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
        self.write(move |c| Ok(store::put(c, &prepared, 0.1)?))
    }

    /// Records a change of an existing entity: version bump, change description, history.
    pub(crate) fn commit_change(
        &self,
        sk: &ServerKind,
        old: &Stored,
        new: Value,
        caller: &Caller,
    ) -> Result<Stored, ApiError> {
        self.commit(sk, old, new, caller, false)
    }

    /// [`Engine::commit_change`]; `restore`: a soft-deleted `old` comes back (the real
    /// `EntityUpdater.updateDeleted` records `deleted: true → false`), as a PUT of it does.
    pub(super) fn commit(
        &self,
        sk: &ServerKind,
        old: &Stored,
        mut new: Value,
        caller: &Caller,
        restore: bool,
    ) -> Result<Stored, ApiError> {
        for k in [
            "id",
            "fullyQualifiedName",
            "href",
            "version",
            "updatedAt",
            "updatedBy",
            "changeDescription",
            "deleted",
        ] {
            match old.json.get(k) {
                Some(v) => new[k] = v.clone(),
                None => {
                    new.as_object_mut().map(|o| o.remove(k));
                }
            }
        }
        if new.get("extension") != old.json.get("extension") {
            self.check_extension(sk.kind.type_name, &mut new)?;
        }
        crate::engine::dated_fields::keep_newer_life_cycle(&old.json, &mut new);
        let certification_settings = || {
            self.setting("assetCertificationSettings")
                .ok()
                .map(|s| s["config_value"].clone())
        };
        crate::engine::dated_fields::stamp_certification(
            &old.json,
            &mut new,
            certification_settings,
            now_ms(),
        )?;
        // Normalized as the stored document was (nested FQNs, schema defaults), so that only
        // real differences count as a change.
        let mut new = Self::check_entity(sk, &mut new)?;
        self.check_invariants(sk, &new, Some(&old.json))?;
        let mut change = describe_change(&old.json, &new);
        let restored = restore && old.deleted;
        if restored {
            let (c, _) = change.get_or_insert_with(|| {
                (
                    json!({"fieldsAdded": [], "fieldsUpdated": [], "fieldsDeleted": []}),
                    false,
                )
            });
            c["fieldsUpdated"]
                .as_array_mut()
                .expect("a change lists its updates")
                .push(json!({"name": "deleted", "oldValue": "true", "newValue": "false"}));
            new["deleted"] = json!(false);
        }
        let Some((change, major)) = change else {
            return Ok(old.clone());
        };
        let previous = old
            .json
            .get("version")
            .and_then(Value::as_f64)
            .unwrap_or(0.1);
        let version = round1(if major {
            previous + 1.0
        } else {
            previous + 0.1
        });
        new["version"] = json!(version);
        new["updatedAt"] = json!(now_ms());
        new["updatedBy"] = json!(caller.name);
        let mut change = change;
        change["previousVersion"] = json!(previous);
        new["changeDescription"] = change;
        let checked = new;
        let name = checked
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&old.name)
            .to_string();
        let stored = Stored {
            json: checked,
            name,
            deleted: old.deleted && !restored,
            ..old.clone()
        };
        let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
        self.write(move |c| Ok(store::put(c, &prepared, version)?))?;
        Ok(Stored {
            rev: old.rev.map(|r| r + 1),
            ..stored
        })
    }

    /// What a write returns: the entity with what it stores, and the derived fields writes
    /// show (a glossary term's reviewers and related terms); tables always list `owners`.
    pub(super) fn write_response(
        &self,
        sk: &ServerKind,
        stored: &Stored,
    ) -> Result<Value, ApiError> {
        let mut out = stored.json.clone();
        if sk.kind.type_name == "table" && out.get("owners").is_none() {
            out["owners"] = json!([]);
        }
        // EntityRepository.createNewEntity and the updater call setInheritedFields.
        self.fill_inherited(sk, stored, &mut out, |_| true)?;
        self.show_derived_on_writes(sk, stored, &mut out)?;
        Ok(out)
    }

    /// Sets the derived fields of `sk` that writes show (and patches apply to) in `doc`.
    pub(super) fn show_derived_on_writes(
        &self,
        sk: &ServerKind,
        s: &Stored,
        doc: &mut Value,
    ) -> Result<(), ApiError> {
        for d in DERIVED_FIELDS {
            if d.kind == sk.kind.type_name && d.on_writes {
                doc[d.field] = (d.read)(self, s)?;
            }
        }
        Ok(())
    }
}
