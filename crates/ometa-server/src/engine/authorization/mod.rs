//! Access control as the real server decides it (`DefaultAuthorizer`, `PolicyEvaluator`):
//! an admin may do everything; a reviewer of an entity everything on it; anyone else what
//! the rules of their policies allow and no deny rule refuses. The policies come from the
//! subject's roles and teams ([`subject`]), the rules are matched by resource and operation
//! ([`rules`], [`operations`]) and their conditions evaluated on the resource ([`resource`],
//! [`conditions`]). The HTTP layer maps each request to the operations it needs; this module
//! knows no HTTP.

pub mod conditions;
pub mod operations;
pub mod permissions;
pub mod resource;
pub mod rules;
pub mod subject;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::engine::Engine;
use crate::engine::authorization::conditions::Facts;
use crate::engine::authorization::resource::ResourceContext;
use crate::engine::authorization::rules::{
    PolicyContext, denied_message, not_admin_message, not_allowed_message,
};
use crate::engine::authorization::subject::Subject;
use crate::engine::error::ApiError;

/// How requests are authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthorizerMode {
    /// As the real server: roles, policies and rules.
    #[default]
    Default,
    /// Every authenticated caller may do everything (the real `NoopAuthorizer`).
    Noop,
}

impl std::str::FromStr for AuthorizerMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "default" => Ok(AuthorizerMode::Default),
            "noop" => Ok(AuthorizerMode::Noop),
            other => Err(format!(
                "unknown authorizer `{other}`: expected `default` or `noop`"
            )),
        }
    }
}

/// How many subjects the cache holds before it starts over.
const SUBJECT_CACHE_LIMIT: usize = 10_000;

/// The authorizer: its mode and the subjects it has read, valid until access data change.
#[derive(Debug, Default)]
pub struct Authorizer {
    mode: AuthorizerMode,
    /// Counts changes of users, teams, roles, policies and domains.
    generation: AtomicU64,
    subjects: Mutex<HashMap<String, (u64, Arc<Subject>)>>,
}

/// One question to the authorizer: may the caller do `operations` on `resource`?
#[derive(Debug, Clone)]
pub struct AuthRequest {
    /// What is acted on.
    pub resource: ResourceContext,
    /// What is done to it.
    pub operations: Vec<&'static str>,
}

impl Authorizer {
    /// An authorizer in `mode`.
    pub fn new(mode: AuthorizerMode) -> Self {
        Authorizer {
            mode,
            ..Default::default()
        }
    }

    /// Its mode.
    pub fn mode(&self) -> AuthorizerMode {
        self.mode
    }

    /// Forgets every subject read so far (users, teams, roles or policies changed).
    pub fn access_changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The subject named `name` if it is cached and current.
    pub fn cached(&self, name: &str) -> Option<Arc<Subject>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let subjects = self.subjects.lock().ok()?;
        subjects
            .get(name)
            .filter(|(g, _)| *g == generation)
            .map(|(_, s)| s.clone())
    }

    /// The subject named `name`, read once per change of access data.
    pub fn subject(&self, engine: &Engine, name: &str) -> Result<Arc<Subject>, ApiError> {
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some(subject) = self.cached(name) {
            return Ok(subject);
        }
        let subject = Arc::new(engine.subject(name)?);
        if let Ok(mut m) = self.subjects.lock() {
            if m.len() >= SUBJECT_CACHE_LIMIT {
                m.clear();
            }
            m.insert(name.to_string(), (generation, subject.clone()));
        }
        Ok(subject)
    }
}

/// A 403 unless `subject` is an admin.
pub fn require_admin(subject: &Subject) -> Result<(), ApiError> {
    if subject.is_admin {
        Ok(())
    } else {
        Err(ApiError::forbidden(not_admin_message(&subject.name)))
    }
}

impl Engine {
    /// Answers `request` for `subject`: `Ok` if allowed, else the real server's 403.
    pub fn authorize(&self, subject: &Subject, request: &AuthRequest) -> Result<(), ApiError> {
        if subject.is_admin || is_reviewer(subject, &request.resource) {
            return Ok(());
        }
        let rc = &request.resource;
        let owner_teams = match &rc.owners {
            Some(owners) => self.owner_team_policies(subject, owners)?,
            None => Vec::new(),
        };
        let policies: Vec<&PolicyContext> =
            subject.policies.iter().chain(owner_teams.iter()).collect();
        let holds =
            |policy: &PolicyContext, rule: &rules::Rule| self.rule_holds(subject, rc, policy, rule);
        for policy in &policies {
            for rule in policy.rules.iter().filter(|r| !r.allow) {
                if !rule.matches_resource(&rc.resource) {
                    continue;
                }
                for op in &request.operations {
                    if rule.matches_operation(op) && holds(policy, rule)? {
                        return Err(ApiError::forbidden(denied_message(
                            &subject.name,
                            op,
                            policy,
                            rule,
                        )));
                    }
                }
            }
        }
        let mut left: Vec<&str> = request.operations.clone();
        for policy in &policies {
            for rule in policy.rules.iter().filter(|r| r.allow) {
                if left.is_empty() {
                    return Ok(());
                }
                if !rule.matches_resource(&rc.resource) {
                    continue;
                }
                let mut kept = Vec::with_capacity(left.len());
                for op in left {
                    if !(rule.matches_operation(op) && holds(policy, rule)?) {
                        kept.push(op);
                    }
                }
                left = kept;
            }
        }
        if left.is_empty() {
            Ok(())
        } else {
            Err(ApiError::forbidden(not_allowed_message(
                &subject.name,
                &left,
            )))
        }
    }
}

impl Engine {
    /// Whether `rule`'s condition holds for `subject` on `rc` (no condition always holds; one
    /// that does not parse never does).
    pub(crate) fn rule_holds(
        &self,
        subject: &Subject,
        rc: &ResourceContext,
        policy: &PolicyContext,
        rule: &rules::Rule,
    ) -> Result<bool, ApiError> {
        match &rule.condition {
            None => Ok(true),
            Some(Err(_)) => Ok(false),
            Some(Ok(condition)) => {
                let facts = Facts {
                    engine: self,
                    subject,
                    resource: rc,
                    policy,
                };
                condition.eval(|call| facts.call(call))
            }
        }
    }
}

/// Whether the subject is named among the entity's reviewers (a reviewer may do everything
/// to what they review).
fn is_reviewer(subject: &Subject, rc: &ResourceContext) -> bool {
    rc.entity.as_ref().is_some_and(|e| {
        crate::store::relations::references(e, "reviewers")
            .iter()
            .any(|r| {
                let name = crate::engine::text_field(r, "name");
                let fqn = crate::engine::text_field(r, "fullyQualifiedName");
                name == subject.name || fqn == subject.name
            })
    })
}
