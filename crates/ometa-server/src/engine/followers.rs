//! Followers: `PUT {route}/{id}/followers` (body: the user's id) and
//! `DELETE {route}/{id}/followers/{userId}`. Like the real server, following is not a new
//! version of the entity; the answer is the change event.

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::field_rules::default_view;
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, Engine, Key, now_ms};
use crate::store::{self, Include};

impl Engine {
    /// Adds (`follow = true`) or removes a follower; returns the change event.
    pub fn set_follower(
        &self,
        sk: &ServerKind,
        id: &str,
        user_id: &str,
        follow: bool,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let mut target = self.find(sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let user = self
            .store
            .get(user_id)?
            .filter(|u| u.kind == "user" && !u.deleted)
            .ok_or_else(|| ApiError::not_found("user", user_id))?;
        let reference = self.reference(&user);
        let mut followers = match target.json.get("followers") {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let present = followers
            .iter()
            .any(|f| f.get("id").and_then(Value::as_str) == Some(user_id));
        let changed = present != follow;
        if follow && !present {
            followers.push(reference.clone());
        } else if !follow {
            followers.retain(|f| f.get("id").and_then(Value::as_str) != Some(user_id));
        }
        if changed {
            target.json["followers"] = Value::Array(followers);
            let prepared = store::Prepared::new(target.clone(), default_view(&target));
            self.write(move |c| Ok(store::rewrite(c, &prepared)?))?;
        }
        let version = target.json.get("version").cloned().unwrap_or(json!(0.1));
        let listed = json!([reference]).to_string();
        let (added, deleted) = match (changed, follow) {
            (false, _) => (json!([]), json!([])),
            (true, true) => (
                json!([{"name": "followers", "newValue": listed}]),
                json!([]),
            ),
            (true, false) => (
                json!([]),
                json!([{"name": "followers", "oldValue": listed}]),
            ),
        };
        Ok(json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "eventType": "entityUpdated",
            "entityType": sk.kind.type_name,
            "entityId": target.id,
            "entityFullyQualifiedName": target.fqn,
            "previousVersion": version,
            "currentVersion": version,
            "userName": caller.name,
            "timestamp": now_ms(),
            "changeDescription": {
                "fieldsAdded": added,
                "fieldsUpdated": [],
                "fieldsDeleted": deleted,
                "previousVersion": version,
            },
            "entity": target.json,
        }))
    }
}
