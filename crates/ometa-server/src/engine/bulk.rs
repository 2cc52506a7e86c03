//! Operations on many entities of a collection at once: `PUT {route}/bulk` (create or
//! update a list of create requests) and `DELETE {route}/deleteStale` (delete what an
//! ingestion run did not see in a scope). Both answer a `BulkOperationResult`.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::{Caller, Engine, Key};
use crate::store::{self, Include};

/// The outcome of each item of a bulk operation, summed up as a `BulkOperationResult`.
#[derive(Debug, Default)]
pub struct BulkOutcome {
    passed: Vec<Value>,
    failed: Vec<Value>,
    dry_run: bool,
}

impl BulkOutcome {
    fn pass(&mut self, request: Value, status: u16, message: &str) {
        self.passed
            .push(json!({"request": request, "status": status, "message": message}));
    }

    fn fail(&mut self, request: Value, e: &ApiError) {
        self.failed
            .push(json!({"request": request, "status": e.status.as_u16(), "message": e.message}));
    }

    /// An item that went through, reported by its request alone.
    pub(crate) fn succeed(&mut self, request: Value) {
        self.passed.push(json!({"request": request}));
    }

    /// An item refused, with why.
    pub(crate) fn refuse(&mut self, request: Value, message: &str) {
        self.failed
            .push(json!({"request": request, "message": message}));
    }

    /// The `BulkOperationResult` document.
    pub fn into_result(self) -> Value {
        let (passed, failed) = (self.passed.len(), self.failed.len());
        let status = match (passed, failed) {
            (_, 0) => "success",
            (0, _) => "failure",
            _ => "partialSuccess",
        };
        let mut out = json!({
            "status": status,
            "numberOfRowsProcessed": passed + failed,
            "numberOfRowsPassed": passed,
            "numberOfRowsFailed": failed,
            "successRequest": self.passed,
            "failedRequest": self.failed,
        });
        if self.dry_run {
            out["dryRun"] = json!(true);
        }
        out
    }
}

impl Engine {
    /// Creates or updates every create request of `items`, each on its own: one failing
    /// item does not stop the others.
    pub fn bulk_upsert(
        &self,
        sk: &ServerKind,
        items: &Value,
        caller: &Caller,
        override_metadata: bool,
    ) -> Result<BulkOutcome, ApiError> {
        let Value::Array(items) = items else {
            return Err(ApiError::bad_request(
                "A bulk request is a JSON array of create requests",
            ));
        };
        let mut outcome = BulkOutcome::default();
        for item in items {
            match self.upsert(sk, item, caller, true, override_metadata) {
                Ok((status, entity)) => {
                    let fqn = entity
                        .get("fullyQualifiedName")
                        .cloned()
                        .unwrap_or_default();
                    let message = if status.as_u16() == 201 {
                        "Entity created"
                    } else {
                        "Entity updated"
                    };
                    outcome.pass(fqn, status.as_u16(), message);
                }
                Err(e) => outcome.fail(item.clone(), &e),
            }
        }
        Ok(outcome)
    }

    /// Deletes the live entities of this collection under `scopeFqn` whose FQN is not in
    /// `seenFqns` (soft unless `hardDelete`; nothing with `dryRun`).
    pub fn delete_stale(
        &self,
        sk: &ServerKind,
        body: &Value,
        caller: &Caller,
    ) -> Result<BulkOutcome, ApiError> {
        let request: openmetadata_types::type_::bulk_delete_stale_request::BulkDeleteStaleRequest =
            serde_json::from_value(body.clone())
                .map_err(|e| ApiError::bad_request(format!("Invalid request: {e}")))?;
        let scope_kind = kinds::by_type(&request.scope_entity_type).ok_or_else(|| {
            ApiError::bad_request(format!(
                "Unknown scopeEntityType {}",
                request.scope_entity_type
            ))
        })?;
        let scope = self.find(
            &scope_kind,
            &Key::Fqn(request.scope_fqn.clone()),
            Include::NonDeleted,
        )?;
        let seen: HashSet<&str> = request.seen_fqns.iter().map(String::as_str).collect();
        let page = self.store.list(
            sk.kind.type_name,
            &store::ListScope {
                under: Some(scope.fqn.clone()),
                related: None,
                flag: None,
            },
            Include::NonDeleted,
            i64::MAX,
            None,
            None,
        )?;
        let recursive = request.recursive.unwrap_or(true);
        let hard = request.hard_delete.unwrap_or(false);
        let dry_run = request.dry_run.unwrap_or(false);
        let mut outcome = BulkOutcome {
            dry_run,
            ..BulkOutcome::default()
        };
        for stale in page.rows.iter().filter(|s| !seen.contains(s.fqn.as_str())) {
            let fqn = json!(stale.fqn);
            if dry_run {
                outcome.pass(fqn, 200, "Would be deleted");
                continue;
            }
            match self.delete(sk, &Key::Id(stale.id.clone()), recursive, hard, caller) {
                Ok(_) => outcome.pass(fqn, 200, "Entity deleted"),
                Err(e) if e.status.as_u16() == 404 => {}
                Err(e) => outcome.fail(fqn, &e),
            }
        }
        Ok(outcome)
    }
}
