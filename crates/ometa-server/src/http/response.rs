//! Response helpers: the ETag header of an entity answer, and connection secrets masked for
//! everyone but bots.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::engine::change::etag;
use crate::engine::kinds::ServerKind;
use crate::engine::{Caller, kinds};

pub(crate) fn with_etag(status: StatusCode, entity: Value) -> Response {
    let tag = etag(&entity);
    let mut resp = (status, axum::Json(entity)).into_response();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        resp.headers_mut().insert(header::ETAG, v);
    }
    resp
}

/// Whether responses of this kind to this caller have secrets to mask.
pub(crate) fn needs_mask(sk: &ServerKind, caller: &Caller) -> bool {
    !caller.is_bot
        && (kinds::is_service(sk.kind.type_name)
            || ["ingestionPipeline", "workflow"].contains(&sk.kind.type_name))
}

/// Masks connection secrets for everyone but bots.
pub(crate) fn mask(sk: &ServerKind, caller: &Caller, mut v: Value) -> Value {
    if caller.is_bot
        || !(kinds::is_service(sk.kind.type_name)
            || ["ingestionPipeline", "workflow"].contains(&sk.kind.type_name))
    {
        return v;
    }
    fn walk(v: &mut Value) {
        match v {
            Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    if openmetadata_types::SECRET_FIELDS.contains(&k.as_str()) && x.is_string() {
                        *x = json!("*********");
                    } else {
                        walk(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}
