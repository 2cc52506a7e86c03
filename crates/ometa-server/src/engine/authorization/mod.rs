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
pub mod stop;
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
use crate::engine::authorization::stop::Stop;
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
        self.decide(subject, request, false).map_err(ApiError::from)
    }

    /// Answers `request` without reading the store, if it can be answered so: `None` when the
    /// answer needs the entity (a condition, a refusal a reviewer might overturn, an owning
    /// team's deny rule).
    pub fn authorize_offline(
        &self,
        subject: &Subject,
        request: &AuthRequest,
    ) -> Option<Result<(), ApiError>> {
        match self.decide(subject, request, true) {
            Ok(()) => Some(Ok(())),
            Err(Stop::Read) => None,
            Err(Stop::Failed(e)) if e.status == http::StatusCode::FORBIDDEN => None,
            Err(Stop::Failed(e)) => Some(Err(e)),
        }
    }

    /// The real evaluation: the subject's policies, then, if some team the subject does not
    /// belong to has a deny rule, the policies of the teams owning the entity; a refusal is
    /// overturned for a reviewer of the entity.
    fn decide(&self, subject: &Subject, request: &AuthRequest, offline: bool) -> Result<(), Stop> {
        if subject.is_admin {
            return Ok(());
        }
        let rc = &request.resource;
        let owner_teams = |facts: Option<&resource::EntityFacts>| match facts {
            Some(f) => self.owner_team_policies(subject, &f.owners),
            None => Ok(Vec::new()),
        };
        // Owning teams' policies can refuse only through a deny rule; without one anywhere
        // outside the subject's teams they are read only if the answer is a refusal.
        let early = if subject.deny_rules_elsewhere {
            Some(owner_teams(rc.facts(self, offline)?)?)
        } else {
            None
        };
        let answer = self.evaluate(
            subject,
            request,
            &chained(&subject.policies, early.as_deref().unwrap_or(&[])),
            offline,
        );
        let refusal = match answer {
            Err(Stop::Failed(refusal)) if refusal.status == http::StatusCode::FORBIDDEN => refusal,
            other => return other,
        };
        let facts = rc.facts(self, offline)?;
        if facts.is_some_and(|f| is_reviewer(subject, &f.entity)) {
            return Ok(());
        }
        if early.is_none() {
            let late = owner_teams(facts)?;
            if !late.is_empty() {
                return self.evaluate(
                    subject,
                    request,
                    &chained(&subject.policies, &late),
                    offline,
                );
            }
        }
        Err(Stop::Failed(refusal))
    }

    /// Deny rules first (the first that holds refuses), then allow rules, each removing the
    /// operations it grants; what is left is not allowed.
    fn evaluate(
        &self,
        subject: &Subject,
        request: &AuthRequest,
        policies: &[&PolicyContext],
        offline: bool,
    ) -> Result<(), Stop> {
        let rc = &request.resource;
        let holds = |policy: &PolicyContext, rule: &rules::Rule| {
            self.rule_holds(subject, rc, policy, rule, offline)
        };
        for policy in policies {
            for rule in policy.rules.iter().filter(|r| !r.allow) {
                if !rule.matches_resource(&rc.resource) {
                    continue;
                }
                for op in &request.operations {
                    if rule.matches_operation(op) && holds(policy, rule)? {
                        let message = denied_message(&subject.name, op, policy, rule);
                        return Err(ApiError::forbidden(message).into());
                    }
                }
            }
        }
        let mut left: Vec<&str> = request.operations.clone();
        for policy in policies {
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
            Err(ApiError::forbidden(not_allowed_message(&subject.name, &left)).into())
        }
    }

    /// Whether `rule`'s condition holds for `subject` on `rc` (no condition always holds; one
    /// that does not parse never does).
    pub(crate) fn rule_holds(
        &self,
        subject: &Subject,
        rc: &ResourceContext,
        policy: &PolicyContext,
        rule: &rules::Rule,
        offline: bool,
    ) -> Result<bool, Stop> {
        match &rule.condition {
            None => Ok(true),
            Some(Err(_)) => Ok(false),
            Some(Ok(condition)) => {
                let facts = Facts {
                    engine: self,
                    subject,
                    resource: rc,
                    policy,
                    offline,
                };
                condition.eval(|call| facts.call(call))
            }
        }
    }
}

/// The policies of `base`, then those of `extra`.
fn chained<'a>(base: &'a [PolicyContext], extra: &'a [PolicyContext]) -> Vec<&'a PolicyContext> {
    base.iter().chain(extra).collect()
}

/// Whether the subject is named among the entity's reviewers (a reviewer may do everything
/// to what they review).
fn is_reviewer(subject: &Subject, entity: &serde_json::Value) -> bool {
    crate::store::relations::references(entity, "reviewers")
        .iter()
        .any(|r| {
            let name = crate::engine::text_field(r, "name");
            let fqn = crate::engine::text_field(r, "fullyQualifiedName");
            name == subject.name || fqn == subject.name
        })
}
