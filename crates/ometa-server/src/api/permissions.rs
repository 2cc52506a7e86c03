//! `/permissions`: what a user may do, as the real `PermissionsResource` answers: on every
//! resource, on one resource type, on one entity by id or name (its rules' conditions
//! evaluated on it), or what a list of policies grants; and `/policies/resources`, the
//! operations of every resource. Asking for another user's permissions needs an admin.

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use serde_json::{Value, json};
use std::sync::Arc;

use crate::engine::authorization::permissions::descriptors;
use crate::engine::authorization::resource::ResourceContext;
use crate::engine::authorization::subject::Subject;
use crate::engine::authorization::{AuthRequest, require_admin};
use crate::engine::error::ApiError;
use crate::engine::{Caller, Key, kinds};
use crate::http::extract::blocking;
use crate::http::state::{Params, Shared};

type CallerExt = axum::Extension<Caller>;

/// Adds the permission routes to `api`.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route("/permissions", get(own))
        .route("/permissions/policies", get(of_policies))
        .route("/permissions/{resource}", get(of_resource))
        .route("/permissions/{resource}/{id}", get(of_entity_by_id))
        .route(
            "/permissions/{resource}/name/{name}",
            get(of_entity_by_name),
        )
        .route("/policies/resources", get(resources))
}

/// The subject asked about: the caller, or `?user=` (admins only, for someone else).
fn asked_subject(s: &Shared, caller: &Caller, q: &Params) -> Result<Arc<Subject>, ApiError> {
    let me = s.authorizer.subject(&s.engine, &caller.name)?;
    match q.get("user").filter(|u| **u != caller.name) {
        Some(other) => {
            require_admin(&me)?;
            s.authorizer.subject(&s.engine, other)
        }
        None => Ok(me),
    }
}

async fn own(
    State(s): State<Shared>,
    c: CallerExt,
    q: Params,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let subject = asked_subject(&s, &c, &q)?;
        s.engine.all_permissions(&subject)
    })
    .await
    .map(axum::Json)
}

async fn of_resource(
    State(s): State<Shared>,
    c: CallerExt,
    Path(resource): Path<String>,
    q: Params,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || {
        let subject = asked_subject(&s, &c, &q)?;
        s.engine.resource_permission(&subject, &resource, None)
    })
    .await
    .map(axum::Json)
}

/// The permissions of the asked subject on one entity.
fn on_entity(
    s: &Shared,
    c: &Caller,
    q: &Params,
    resource: &str,
    key: Key,
) -> Result<Value, ApiError> {
    let subject = asked_subject(s, c, q)?;
    let sk = kinds::all()
        .find(|k| k.kind.type_name.eq_ignore_ascii_case(resource))
        .ok_or_else(|| ApiError::bad_request(format!("Resource type {resource} not found")))?;
    let entity = s.engine.find(&sk, &key, crate::store::Include::All)?;
    let ctx = s.engine.resource_context(&entity)?;
    s.engine
        .resource_permission(&subject, sk.kind.type_name, Some(&ctx))
}

async fn of_entity_by_id(
    State(s): State<Shared>,
    c: CallerExt,
    Path((resource, id)): Path<(String, String)>,
    q: Params,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || on_entity(&s, &c, &q, &resource, Key::Id(id.clone())))
        .await
        .map(axum::Json)
}

async fn of_entity_by_name(
    State(s): State<Shared>,
    c: CallerExt,
    Path((resource, name)): Path<(String, String)>,
    q: Params,
) -> Result<axum::Json<Value>, ApiError> {
    blocking(move || on_entity(&s, &c, &q, &resource, Key::Fqn(name.clone())))
        .await
        .map(axum::Json)
}

/// `?ids=a&ids=b`: what those policies grant, each of which the caller must be allowed to
/// view.
async fn of_policies(
    State(s): State<Shared>,
    c: CallerExt,
    RawQuery(raw): RawQuery,
) -> Result<axum::Json<Value>, ApiError> {
    let ids: Vec<String> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(k, _)| k == "ids")
        .map(|(_, v)| v.into_owned())
        .collect();
    blocking(move || {
        let me = s.authorizer.subject(&s.engine, &c.name)?;
        let policy = kinds::required("policy")?;
        for id in &ids {
            let ctx = ResourceContext::of_entity(policy, Key::Id(id.clone()));
            s.engine.authorize(
                &me,
                &AuthRequest {
                    resource: ctx,
                    operations: vec!["ViewAll"],
                },
            )?;
        }
        let subject = s.engine.policies_subject(&ids)?;
        s.engine.all_permissions(&subject)
    })
    .await
    .map(axum::Json)
}

/// Every resource and its operations.
async fn resources() -> axum::Json<Value> {
    let data: Vec<Value> = descriptors()
        .into_iter()
        .map(|(name, operations)| json!({"name": name, "operations": operations}))
        .collect();
    axum::Json(json!({"data": data}))
}
