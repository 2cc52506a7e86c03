//! Soft and hard deletes (recursive through what an entity contains) and restore.

use serde_json::{Value, json};

use crate::engine::change::round1;
use crate::engine::error::ApiError;
use crate::engine::field_rules::default_view;
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Engine, Key, now_ms};
use crate::store::{self, Include, Stored, relations};

impl Engine {
    /// Soft or hard delete, optionally recursive through containment.
    pub fn delete(
        &self,
        sk: &ServerKind,
        key: &Key,
        recursive: bool,
        hard: bool,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let target = self.find(sk, key, Include::All)?;
        if !hard && target.deleted {
            return Err(ApiError::not_found(sk.kind.type_name, &target.id));
        }
        let mut subtree = Vec::new();
        self.collect_subtree(&target, &mut subtree)?;
        let live_children = subtree.iter().skip(1).any(|s| hard || !s.deleted);
        if live_children && !recursive {
            return Err(ApiError::bad_request(format!(
                "Entity {} is not empty; delete it with recursive=true",
                target.fqn
            )));
        }
        if hard {
            self.remove_all(&subtree, &caller.name)?;
            return Ok(self.reference(&target));
        }
        self.set_deleted(&target, subtree, true, caller)
    }

    /// Marks every entity of `subtree` that is not yet so as `deleted`, each with a version
    /// bump, and returns the new document of `target`.
    pub(super) fn set_deleted(
        &self,
        target: &Stored,
        subtree: Vec<Stored>,
        deleted: bool,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let mut out = target.json.clone();
        for s in subtree.into_iter().filter(|s| s.deleted != deleted) {
            let mut doc = s.json.clone();
            doc["deleted"] = json!(deleted);
            let version =
                round1(s.json.get("version").and_then(Value::as_f64).unwrap_or(0.1) + 0.1);
            doc["version"] = json!(version);
            doc["updatedAt"] = json!(now_ms());
            doc["updatedBy"] = json!(caller.name);
            let stored = Stored {
                deleted,
                json: doc,
                ..s
            };
            let prepared = store::Prepared::new(stored.clone(), default_view(&stored));
            self.write(move |c| Ok(store::put(c, &prepared, version)?))?;
            if stored.id == target.id {
                out = stored.json;
            }
        }
        Ok(out)
    }

    /// Hard-deletes entities, and takes them out of the relationship fields (owners,
    /// followers, domains, data products) of the entities that named them, without a new
    /// version of those; `user` deletes.
    pub(crate) fn remove_all(&self, doomed: &[Stored], user: &str) -> Result<(), ApiError> {
        let user = user.to_owned();
        let ids: Vec<String> = doomed.iter().map(|s| s.id.clone()).collect();
        let mut touched: Vec<Stored> = Vec::new();
        for id in &ids {
            for mut r in self.store.referrers(id)? {
                if ids.contains(&r.id) {
                    continue;
                }
                if let Some(pos) = touched.iter().position(|t| t.id == r.id) {
                    r = touched.swap_remove(pos);
                }
                for relation in relations::BY_FIELD {
                    if let Some(Value::Array(refs)) =
                        relation.field().and_then(|f| r.json.get_mut(f))
                    {
                        refs.retain(|x| relations::referenced_id(x) != Some(id));
                    }
                }
                touched.push(r);
            }
        }
        let rewritten: Vec<store::Prepared> = touched
            .into_iter()
            .map(|s| {
                let view = default_view(&s);
                store::Prepared::new(s, view)
            })
            .collect();
        self.write(move |c| {
            ids.iter().try_for_each(|id| store::remove(c, id, &user))?;
            Ok(rewritten.iter().try_for_each(|p| store::rewrite(c, p))?)
        })
    }

    pub(crate) fn collect_subtree(
        &self,
        root: &Stored,
        out: &mut Vec<Stored>,
    ) -> Result<(), ApiError> {
        out.push(root.clone());
        for child in self.store.children(&root.id)? {
            self.collect_subtree(&child, out)?;
        }
        Ok(())
    }

    /// Restores a soft-deleted entity and what it contains.
    pub fn restore(&self, sk: &ServerKind, id: &str, caller: &Caller) -> Result<Value, ApiError> {
        let target = self.find(sk, &Key::Id(id.to_string()), Include::All)?;
        if !target.deleted {
            return Err(ApiError::bad_request(format!(
                "Entity with id {id} is not deleted"
            )));
        }
        let mut subtree = Vec::new();
        self.collect_subtree(&target, &mut subtree)?;
        self.set_deleted(&target, subtree, false, caller)
    }
}
