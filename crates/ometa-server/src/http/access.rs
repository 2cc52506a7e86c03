//! What a request needs of the authorizer, mapped as the real server's resources map it: a
//! read needs `ViewBasic` (and the view operation of each field asked for), a create
//! `Create` (judged on the parent), a PUT of an existing entity `EditAll`, a patch the
//! operations of the fields it edits, a delete `Delete`, lineage `EditLineage` on both ends;
//! setting `isAdmin`, `isBot` or roles of a user, and system settings, need an admin.
//! Follow, vote, search and lineage reads need no permission.

use axum::http::Method;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::engine::authorization::AuthRequest;
use crate::engine::authorization::operations::{
    patch_operations, patch_touches_tags, view_operations,
};
use crate::engine::authorization::resource::ResourceContext;
use crate::engine::authorization::stop::Stop;
use crate::engine::authorization::subject::Subject;
use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::{Caller, Engine, Fields, Key, text_field as text};

/// What a request needs.
#[derive(Debug)]
pub enum Need {
    /// Nothing beyond a valid token.
    Nothing,
    /// An admin caller.
    Admin,
    /// Every one of these to be allowed.
    All(Vec<AuthRequest>),
}

/// The request, as far as authorization reads it.
pub struct Call<'a> {
    /// The method.
    pub method: &'a Method,
    /// Path segments below `/api/v1`, percent-decoded.
    pub segments: &'a [String],
    /// Query parameters.
    pub query: &'a BTreeMap<String, String>,
    /// The JSON body, `Null` if none or not JSON (the handler reports that).
    pub body: &'a Value,
}

/// Entity collections, longest path first, as segment lists.
fn collections() -> &'static [(Vec<&'static str>, ServerKind)] {
    static TABLE: OnceLock<Vec<(Vec<&'static str>, ServerKind)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all: Vec<_> = kinds::all()
            .map(|k| (k.kind.collection.split('/').collect::<Vec<_>>(), k))
            .collect();
        all.sort_by_key(|(segs, _)| std::cmp::Reverse(segs.len()));
        all
    })
}

/// An id if it looks like one, else a name.
fn key(segment: &str) -> Key {
    if uuid::Uuid::parse_str(segment).is_ok() {
        Key::Id(segment.to_string())
    } else {
        Key::Fqn(segment.to_string())
    }
}

fn one(resource: ResourceContext, operations: Vec<&'static str>) -> Need {
    Need::All(vec![AuthRequest {
        resource,
        operations,
    }])
}

/// The view operations of the `fields` asked for.
fn views(query: &BTreeMap<String, String>) -> Vec<&'static str> {
    match Fields::parse(query.get("fields").map(String::as_str)) {
        Fields::Some(list) => view_operations(&list),
        Fields::All => vec!["ViewAll"],
        Fields::Default => vec!["ViewBasic"],
    }
}

/// The view operation of reading a sub-resource.
fn sub_view(sub: &str) -> &'static str {
    match sub {
        "versions" | "context" | "assets" | "columns" | "results" => "ViewBasic",
        "sampleData" => "ViewSampleData",
        "tableProfile" | "columnProfile" | "systemProfile" | "tableProfilerConfig" => {
            "ViewDataProfile"
        }
        "queries" => "ViewQueries",
        "usage" => "ViewUsage",
        "failedRowsSample" | "inspectionQuery" => "ViewTestCaseFailedRowsSample",
        _ => "ViewAll",
    }
}

/// The edit operation of writing a sub-resource.
fn sub_edit(sub: &str) -> &'static str {
    match sub {
        "sampleData" => "EditSampleData",
        "tableProfile" | "tableProfilerConfig" | "customMetric" => "EditDataProfile",
        "status" => "EditStatus",
        "pipelineStatus" => "EditIngestionPipelineStatus",
        "usage" => "EditUsage",
        "failedRowsSample" => "EditTests",
        _ => "EditAll",
    }
}

impl Call<'_> {
    /// What this request needs of its caller (not an admin: admins need nothing).
    /// `offline`: without reading the store; a create or upsert then needs both `Create`
    /// and `EditAll` (whichever applies must be allowed), and what cannot be known without
    /// reading stops with [`Stop::Read`].
    pub fn needs(&self, engine: &Engine, caller: &Caller, offline: bool) -> Result<Need, Stop> {
        let segs: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        let reading = self.method == Method::GET;
        match segs.first().copied() {
            None | Some("permissions" | "search" | "feed") => return Ok(Need::Nothing),
            Some("system") => {
                return Ok(if reading { Need::Nothing } else { Need::Admin });
            }
            Some("lineage") => return Ok(self.lineage(&segs)),
            Some("usage") => return Ok(self.usage(&segs)),
            Some("analytics") if segs.get(1) == Some(&"web") => return Ok(Need::Nothing),
            _ => {}
        }
        let found = collections()
            .iter()
            .find(|(c, _)| segs.len() >= c.len() && segs[..c.len()] == c[..]);
        let Some((coll, sk)) = found else {
            return Ok(if reading {
                Need::Nothing
            } else {
                one(ResourceContext::of_type("all"), vec!["EditAll"])
            });
        };
        let rest = &segs[coll.len()..];
        let type_ctx = || ResourceContext::of_type(sk.kind.type_name);
        let entity = |k: Key| ResourceContext::of_entity(*sk, k);
        if sk.kind.type_name == "user"
            && let Some(need) = self.user_rules(engine, caller, rest, offline)?
        {
            return Ok(need);
        }
        let m = self.method;
        Ok(match rest {
            [] if reading => one(type_ctx(), views(self.query)),
            [] if offline && (*m == Method::POST || *m == Method::PUT) => {
                let unknown = || ResourceContext::unknown(sk.kind.type_name);
                let mut both = vec![AuthRequest {
                    resource: unknown(),
                    operations: vec!["Create"],
                }];
                if *m == Method::PUT {
                    both.push(AuthRequest {
                        resource: unknown(),
                        operations: vec!["EditAll"],
                    });
                }
                Need::All(both)
            }
            [] if *m == Method::POST || *m == Method::PUT => {
                let (ctx, exists) = engine.upsert_context(sk, self.body, caller)?;
                let op = if exists && *m == Method::PUT {
                    "EditAll"
                } else {
                    "Create"
                };
                one(ctx, vec![op])
            }
            [] => Need::Nothing,
            ["restore"] => one(
                entity(Key::Id(text(self.body, "id").into())),
                vec!["EditAll"],
            ),
            ["bulk"] => one(type_ctx(), vec!["Create", "EditAll"]),
            ["deleteStale"] => one(type_ctx(), vec!["Delete"]),
            ["async", id] => one(entity(Key::Id(id.to_string())), vec!["Delete"]),
            ["deploy" | "trigger" | "kill" | "stop", k, ..] => {
                let op = match rest[0] {
                    "deploy" => "Deploy",
                    "kill" | "stop" => "Kill",
                    _ => "Trigger",
                };
                one(entity(key(k)), vec![op])
            }
            // DataContractResource.getByEntityId: ViewAll on the entity the contract is of.
            ["entity"] if sk.kind.type_name == "dataContract" => {
                let kind = self.query.get("entityType").and_then(|t| kinds::by_type(t));
                match (kind, self.query.get("entityId")) {
                    (Some(kind), Some(id)) => one(
                        ResourceContext::of_entity(kind, Key::Id(id.clone())),
                        vec!["ViewAll"],
                    ),
                    _ => Need::Nothing,
                }
            }
            ["name", fqn] | [fqn] => {
                let k = if rest.len() == 2 {
                    Key::Fqn(fqn.to_string())
                } else {
                    key(fqn)
                };
                let ctx = entity(k);
                if reading {
                    one(ctx, views(self.query))
                } else if *m == Method::PATCH {
                    let before = match patch_touches_tags(self.body) {
                        true => ctx.facts(engine, offline)?.map(|f| f.entity.clone()),
                        false => None,
                    };
                    let ops = patch_operations(before.as_ref(), self.body);
                    one(ctx, ops)
                } else if *m == Method::DELETE {
                    one(ctx, vec!["Delete"])
                } else {
                    one(ctx, vec!["EditAll"])
                }
            }
            ["name", fqn, sub, ..] => self.sub_resource(entity(Key::Fqn(fqn.to_string())), sub),
            [k, sub, ..] => self.sub_resource(entity(key(k)), sub),
        })
    }

    /// A sub-resource of an entity: followers and votes need nothing, reads their view
    /// operation, writes their edit operation.
    fn sub_resource(&self, ctx: ResourceContext, sub: &str) -> Need {
        match sub {
            "followers" | "vote" | "votes" => Need::Nothing,
            _ if self.method == Method::GET => one(ctx, vec![sub_view(sub)]),
            "results" if self.method == Method::DELETE => one(ctx, vec!["Delete"]),
            _ => one(ctx, vec![sub_edit(sub)]),
        }
    }

    /// `PUT /lineage` and the edge paths by id need `EditLineage` on both ends; the other
    /// deletes `EditLineage` on `lineage`; reads nothing.
    fn lineage(&self, segs: &[&str]) -> Need {
        if self.method == Method::GET {
            return Need::Nothing;
        }
        let end = |kind: &str, k: Key| match kinds::by_type(kind) {
            Some(sk) => ResourceContext::of_entity(sk, k),
            None => ResourceContext::of_type(kind),
        };
        let ends = match segs {
            ["lineage"] => {
                let edge = &self.body["edge"];
                let of = |e: &Value| end(text(e, "type"), Key::Id(text(e, "id").into()));
                Some((of(&edge["fromEntity"]), of(&edge["toEntity"])))
            }
            ["lineage", from_type, from_id, to_type, to_id]
                if *from_id != "name" && *to_type != "type" =>
            {
                Some((
                    end(from_type, Key::Id(from_id.to_string())),
                    end(to_type, Key::Id(to_id.to_string())),
                ))
            }
            _ => None,
        };
        match ends {
            Some((from, to)) => Need::All(vec![
                AuthRequest {
                    resource: from,
                    operations: vec!["EditLineage"],
                },
                AuthRequest {
                    resource: to,
                    operations: vec!["EditLineage"],
                },
            ]),
            None => one(ResourceContext::of_type("lineage"), vec!["EditLineage"]),
        }
    }

    /// Usage of an entity: reading it `ViewUsage`, reporting it `EditUsage`.
    fn usage(&self, segs: &[&str]) -> Need {
        let op = if self.method == Method::GET {
            "ViewUsage"
        } else {
            "EditUsage"
        };
        let ctx = match segs {
            ["usage", kind, "name", fqn] | ["usage", kind, fqn] => match kinds::by_type(kind) {
                Some(sk) => {
                    let k = if segs.len() == 4 {
                        Key::Fqn(fqn.to_string())
                    } else {
                        key(fqn)
                    };
                    ResourceContext::of_entity(sk, k)
                }
                None => ResourceContext::of_type(kind),
            },
            ["usage", _, kind, ..] => ResourceContext::of_type(kind),
            _ => ResourceContext::of_type("all"),
        };
        one(ctx, vec![op])
    }

    /// The real `UserResource`'s own gates: the token endpoints and who-am-I need nothing
    /// here (their handlers check); a PUT making an admin or a bot needs an admin, a PUT of
    /// one's own user nothing; a patch setting `isAdmin`, `isBot` or roles, or joining a
    /// closed team, needs an admin.
    fn user_rules(
        &self,
        engine: &Engine,
        caller: &Caller,
        rest: &[&str],
        offline: bool,
    ) -> Result<Option<Need>, Stop> {
        const OWN_GATES: &[&str] = &[
            "loggedInUser",
            "generateToken",
            "revokeToken",
            "token",
            "auth-mechanism",
            "security",
        ];
        if rest.first().is_some_and(|r| OWN_GATES.contains(r)) {
            return Ok(Some(Need::Nothing));
        }
        let flag = |f: &str| self.body.get(f).and_then(Value::as_bool) == Some(true);
        if rest.is_empty() && self.method == Method::PUT {
            if flag("isAdmin") || flag("isBot") {
                return Ok(Some(Need::Admin));
            }
            if text(self.body, "name") == caller.name {
                return Ok(Some(Need::Nothing));
            }
        }
        if self.method == Method::PATCH {
            for op in self.body.as_array().into_iter().flatten() {
                let (Some(path), Some(value)) =
                    (op.get("path").and_then(Value::as_str), op.get("value"))
                else {
                    continue;
                };
                if path == "/isAdmin" || path == "/isBot" || path.contains("/roles") {
                    return Ok(Some(Need::Admin));
                }
                if text(op, "op") == "add" && path.starts_with("/teams/") && value.is_object() {
                    if offline {
                        return Err(Stop::Read);
                    }
                    let joinable = engine
                        .store
                        .get(text(value, "id"))?
                        .and_then(|t| t.json.get("isJoinable").and_then(Value::as_bool))
                        .unwrap_or(false);
                    if !joinable {
                        return Ok(Some(Need::Admin));
                    }
                }
            }
        }
        Ok(None)
    }
}

/// Whether a successful write to this path may change what some caller may do.
pub fn changes_access(segments: &[String]) -> bool {
    matches!(
        segments.first().map(String::as_str),
        Some("users" | "teams" | "roles" | "policies" | "bots" | "domains")
    )
}

/// Answers `need` for `subject`.
pub fn decide(engine: &Engine, subject: &Subject, need: &Need) -> Result<(), ApiError> {
    match need {
        Need::Nothing => Ok(()),
        Need::Admin => crate::engine::authorization::require_admin(subject),
        Need::All(requests) => requests
            .iter()
            .try_for_each(|r| engine.authorize(subject, r)),
    }
}

/// Answers `need` for `subject` without reading the store: `Some(Ok)` if allowed so, `None`
/// if only a reading evaluation can tell (or it is refused: the full evaluation words it).
pub fn decide_offline(
    engine: &Engine,
    subject: &Subject,
    need: &Need,
) -> Option<Result<(), ApiError>> {
    match need {
        Need::Nothing => Some(Ok(())),
        Need::Admin => subject.is_admin.then_some(Ok(())),
        Need::All(requests) => {
            for r in requests {
                match engine.authorize_offline(subject, r)? {
                    Ok(()) => {}
                    Err(e) => return Some(Err(e)),
                }
            }
            Some(Ok(()))
        }
    }
}
