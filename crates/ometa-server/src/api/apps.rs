//! Applications the SDK starts: `SearchIndexingApplication` (a reindex). The search index of
//! `ometa-server` is written in the same transaction as the entities, so a reindex has
//! nothing to do: a trigger records a finished run, and the status lists the runs.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::{Engine, now_ms};
use crate::http::extract::blocking;
use crate::http::extract::number;
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Range, Series};

/// Applications a trigger is accepted for.
const APPS: &[&str] = &["SearchIndexingApplication"];

/// Series of application runs (keyed by application name).
const APP_RUN: &str = "app.run";

fn known(name: &str) -> Result<&'static str, ApiError> {
    APPS.iter()
        .find(|a| **a == name)
        .copied()
        .ok_or_else(|| ApiError::not_found("app", name))
}

/// What an installed app takes from its marketplace definition (the real
/// `AppMapper.createToEntity`).
const FROM_DEFINITION: &[&str] = &[
    "displayName",
    "description",
    "features",
    "developer",
    "developerUrl",
    "privacyPolicyUrl",
    "supportEmail",
    "className",
    "sourcePythonClass",
    "appType",
    "scheduleType",
    "permission",
    "runtime",
    "allowConfiguration",
    "appConfiguration",
    "appScreenshots",
    "system",
    "supportsInterrupt",
];

impl Engine {
    /// Completes an app create request from the marketplace definition of its name, as the
    /// real server installs an app: 404 when there is no such definition.
    pub(crate) fn install_from_marketplace(
        &self,
        doc: &mut serde_json::Map<String, Value>,
    ) -> Result<(), ApiError> {
        let name = doc.get("name").and_then(Value::as_str).unwrap_or_default();
        let definition = self
            .store
            .get_by_fqn(
                "appMarketPlaceDefinition",
                &crate::engine::fqn::quote_name(name)?,
            )?
            .filter(|d| !d.deleted)
            .ok_or_else(|| ApiError::not_found("appMarketPlaceDefinition", name))?;
        for field in FROM_DEFINITION {
            if let Some(v) = definition.json.get(*field)
                && doc.get(*field).is_none_or(Value::is_null)
            {
                doc.insert((*field).to_string(), v.clone());
            }
        }
        Ok(())
    }

    /// `POST /apps/trigger/{name}`: records a finished on-demand run.
    fn trigger_app(&self, name: &str) -> Result<Value, ApiError> {
        let name = known(name)?;
        let now = now_ms();
        let run = json!({
            "appName": name,
            "timestamp": now,
            "startTime": now,
            "endTime": now,
            "executionTime": 0,
            "status": "success",
            "runType": "OnDemandExecutor",
        });
        let series = Series {
            entity_id: "",
            fqn: name,
            extension: APP_RUN,
        };
        self.store
            .put_record(&series, now, &uuid::Uuid::new_v4().to_string(), &run)?;
        Ok(run)
    }

    /// `GET /apps/name/{name}/status?offset&limit`: the runs, newest first.
    fn app_runs(&self, name: &str, offset: i64, limit: i64) -> Result<Value, ApiError> {
        let name = known(name)?;
        let runs = self.store.records(name, APP_RUN, Range::ALL, i64::MAX)?;
        let total = runs.len();
        let page: Vec<Value> = runs
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(0))
            .take(usize::try_from(limit).unwrap_or(0))
            .collect();
        Ok(json!({"data": page, "paging": {"offset": offset, "limit": limit, "total": total}}))
    }
}

/// The application routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/apps/trigger/{name}",
        post(
            |State(s): State<Shared>, Path(name): Path<String>| async move {
                blocking(move || s.engine.trigger_app(&name))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/apps/name/{fqn}/status",
        get(
            |State(s): State<Shared>, Path(name): Path<String>, Query(q): Params| async move {
                let (offset, limit) = (number(&q, "offset", 0)?, number(&q, "limit", 10)?);
                if offset < 0 || limit < 0 {
                    return Err(ApiError::bad_request(
                        "offset and limit must not be negative",
                    ));
                }
                blocking(move || s.engine.app_runs(&name, offset, limit))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}
