//! `GET /api/v1/events`: the change events of every write since a time, by event type and
//! entity type, as the real `EventResource.get` lists them (`entityCreated`, `entityUpdated`
//! and `entityDeleted`, each a comma-separated list of entity types or `*`; `timestamp` in
//! epoch milliseconds, inclusive; oldest first).

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use serde_json::Value;

use crate::engine::Engine;
use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::http::extract::blocking;
use crate::http::state::{Params, Shared};
use crate::store::event_log::{self, EventType, TypeFilter};
use crate::store::timeseries::listing;

/// Most events one answer holds; a reader that gets this many asks again from the last
/// event's timestamp.
pub const MAX_EVENTS: usize = 10_000;

/// The query parameters naming entity types per event type.
const EVENT_PARAMS: &[(&str, EventType)] = &[
    ("entityCreated", EventType::Created),
    ("entityUpdated", EventType::Updated),
    ("entityDeleted", EventType::Deleted),
];

/// Parses one entity-type list parameter as the real `Entity.EntityList.getEntityList` does:
/// absent is none, `*` is every type, otherwise every name must be an entity type.
fn type_filter(param: &str, value: Option<&str>) -> Result<TypeFilter, ApiError> {
    let Some(value) = value else {
        return Ok(TypeFilter::None);
    };
    let value = value.replace(' ', "");
    if value == "*" {
        return Ok(TypeFilter::All);
    }
    let types: Vec<String> = value.split(',').map(str::to_owned).collect();
    if let Some(unknown) = types.iter().find(|t| kinds::by_type(t).is_none()) {
        return Err(ApiError::bad_request(format!(
            "Invalid entity {unknown} in query param {param}"
        )));
    }
    Ok(TypeFilter::Only(types))
}

impl Engine {
    /// The change events the query asks for, oldest first (at most [`MAX_EVENTS`]).
    pub fn change_events(&self, q: &BTreeMap<String, String>) -> Result<Vec<Value>, ApiError> {
        let since = match q.get("timestamp") {
            None => 0,
            Some(t) => t.parse::<i64>().map_err(|_| {
                ApiError::bad_request(format!(
                    "query param timestamp must be epoch milliseconds, not `{t}`"
                ))
            })?,
        };
        let wanted = EVENT_PARAMS
            .iter()
            .map(|(param, event_type)| {
                type_filter(param, q.get(*param).map(String::as_str)).map(|f| (*event_type, f))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.read(|c| event_log::list(c, since, &wanted, MAX_EVENTS))
    }
}

/// The events route.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/events",
        get(|State(s): State<Shared>, Query(q): Params| async move {
            blocking(move || s.engine.change_events(&q).map(listing))
                .await
                .map(axum::Json)
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_type_lists_parse_as_the_real_server_does() {
        assert_eq!(
            type_filter("entityCreated", None).unwrap(),
            TypeFilter::None
        );
        assert_eq!(
            type_filter("entityCreated", Some(" * ")).unwrap(),
            TypeFilter::All
        );
        assert_eq!(
            type_filter("entityUpdated", Some("table, dashboard")).unwrap(),
            TypeFilter::Only(vec!["table".into(), "dashboard".into()])
        );
        let err = type_filter("entityDeleted", Some("table,nope")).unwrap_err();
        assert_eq!(
            err.message,
            "Invalid entity nope in query param entityDeleted"
        );
    }
}
