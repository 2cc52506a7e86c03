//! Access control through a real server: plain users, data stewards, bots and a custom role
//! with a deny rule and a condition, each trying the operation families. The expected
//! answers are written from the real seed policies and roles
//! (`openmetadata-service/src/main/resources/json/data/policy/{OrganizationPolicy,
//! DataConsumerPolicy,DataStewardPolicy,DefaultBotPolicy,IngestionBotPolicy}.json`, the
//! roles beside them, and `TeamRepository.initOrganization`: every user is in
//! `Organization`, default role `DataConsumer`, policy `OrganizationPolicy`), not from what
//! this server answers.

mod common;

use common::{Api, enc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A world: a service, schema and tables (one owned by alice), the users alice (no role),
/// steve (DataSteward) and carol (a role denying everything on tables tagged PII).
async fn world() -> (Api, String) {
    let api = Api::start().await;
    let schema = api.schema().await;
    for t in ["orders", "customers", "alices"] {
        api.table(&schema, t).await;
    }
    let steward = api.ok(Method::GET, "/roles/name/DataSteward", None).await;
    api.ok(
        Method::POST,
        "/policies",
        Some(json!({"name": "NoPII", "rules": [{
            "name": "deny-pii", "effect": "deny", "resources": ["table"], "operations": ["All"],
            "condition": "matchAnyTag('PII.Sensitive')"
        }]})),
    )
    .await;
    let no_pii = api
        .ok(
            Method::POST,
            "/roles",
            Some(json!({"name": "NoPIIRole", "policies": ["NoPII"]})),
        )
        .await;
    for (name, roles) in [
        ("alice", json!([])),
        ("steve", json!([steward["id"]])),
        ("carol", json!([no_pii["id"]])),
        ("bob", json!([])),
    ] {
        api.ok(
            Method::POST,
            "/users",
            Some(json!({"name": name, "email": format!("{name}@x.org"), "roles": roles})),
        )
        .await;
    }
    let alice = api.ok(Method::GET, "/users/name/alice", None).await;
    let t = format!("/tables/name/{}", enc(&format!("{schema}.alices")));
    api.ok(
        Method::PATCH,
        &t,
        Some(json!([{"op": "add", "path": "/owners", "value": [{"id": alice["id"], "type": "user"}]}])),
    )
    .await;
    let t = format!("/tables/name/{}", enc(&format!("{schema}.customers")));
    api.ok(
        Method::PATCH,
        &t,
        Some(json!([{"op": "add", "path": "/tags", "value": [
            {"tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}
        ]}])),
    )
    .await;
    (api, schema)
}

async fn as_user(
    api: &Api,
    user: &str,
    m: Method,
    path: String,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let token = api.server.token_for(user);
    api.call_as(Some(&token), m, &path, body).await
}

fn forbidden(answer: &(StatusCode, Value), message: &str) {
    assert_eq!(answer.0, StatusCode::FORBIDDEN, "{}", answer.1);
    assert_eq!(answer.1["code"], 403);
    assert_eq!(answer.1["message"], message, "{}", answer.1);
}

fn table_path(schema: &str, name: &str) -> String {
    format!("/tables/name/{}", enc(&format!("{schema}.{name}")))
}

fn set(path: &str, value: Value) -> Option<Value> {
    Some(json!([{"op": "add", "path": path, "value": value}]))
}

#[tokio::test]
async fn a_plain_user_gets_the_real_403s_and_may_do_what_data_consumers_may() {
    let (api, schema) = world().await;
    let orders = table_path(&schema, "orders");
    let alice = |m, p: &str, b| as_user(&api, "alice", m, p.to_string(), b);
    let p = |a: &str| format!("Principal: CatalogPrincipal{{name='alice'}} {a}");

    assert_eq!(alice(Method::GET, &orders, None).await.0, StatusCode::OK);
    assert_eq!(
        alice(Method::GET, "/tables?limit=5", None).await.0,
        StatusCode::OK
    );
    let r = alice(
        Method::PATCH,
        &orders,
        set("/description", json!("the orders")),
    )
    .await;
    assert_eq!(r.0, StatusCode::OK, "{}", r.1);
    let tag = json!([{"tagFQN": "PersonalData.Personal", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]);
    assert_eq!(
        alice(Method::PATCH, &orders, set("/tags", tag)).await.0,
        StatusCode::OK
    );
    forbidden(
        &alice(Method::PATCH, &orders, set("/displayName", json!("Orders"))).await,
        &p("operations [EditDisplayName] not allowed"),
    );
    forbidden(
        &alice(
            Method::DELETE,
            "/services/databaseServices/name/mysql_prod?hardDelete=true&recursive=true",
            None,
        )
        .await,
        &p("operations [Delete] not allowed"),
    );
    let me = api.ok(Method::GET, "/users/name/alice", None).await;
    forbidden(
        &alice(
            Method::PATCH,
            &format!("/users/{}", me["id"].as_str().unwrap()),
            Some(json!([{"op": "replace", "path": "/isAdmin", "value": true}])),
        )
        .await,
        &p("is not admin"),
    );
    let all = json!({"name": "mine", "rules": [{"name": "r", "effect": "allow", "resources": ["all"], "operations": ["All"]}]});
    forbidden(
        &alice(Method::POST, "/policies", Some(all)).await,
        &p("operations [Create] not allowed"),
    );
    forbidden(
        &alice(
            Method::POST,
            "/bots",
            Some(json!({"name": "b", "botUser": "bob"})),
        )
        .await,
        &p("operations [Create] not allowed"),
    );
    let customers = api
        .ok(Method::GET, &table_path(&schema, "customers"), None)
        .await;
    let orders_doc = api.ok(Method::GET, &orders, None).await;
    let edge = json!({"edge": {
        "fromEntity": {"id": orders_doc["id"], "type": "table"},
        "toEntity": {"id": customers["id"], "type": "table"}
    }});
    forbidden(
        &alice(Method::PUT, "/lineage", Some(edge.clone())).await,
        &p("operations [EditLineage] not allowed"),
    );
    // Nobody owns `orders`: anyone may claim it (OrganizationPolicy-NoOwner-Rule) ...
    let owner = json!([{"id": me["id"], "type": "user"}]);
    assert_eq!(
        alice(Method::PATCH, &orders, set("/owners", owner.clone()))
            .await
            .0,
        StatusCode::OK
    );
    // ... and the owner may do everything to it (OrganizationPolicy-Owner-Rule).
    assert_eq!(
        alice(Method::PATCH, &orders, set("/displayName", json!("Orders")))
            .await
            .0,
        StatusCode::OK
    );
    let bob = api.ok(Method::GET, "/users/name/bob", None).await;
    let steal = set("/owners", json!([{"id": bob["id"], "type": "user"}]));
    assert_eq!(
        as_user(
            &api,
            "bob",
            Method::PATCH,
            table_path(&schema, "customers"),
            steal.clone()
        )
        .await
        .0,
        StatusCode::OK
    );
    forbidden(
        &alice(
            Method::PATCH,
            &table_path(&schema, "customers"),
            set("/owners", owner),
        )
        .await,
        &p("operations [EditOwners] not allowed"),
    );
    assert_eq!(
        alice(
            Method::DELETE,
            &format!("{}?hardDelete=true", table_path(&schema, "alices")),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    // A user may edit their own profile (a user owns itself), not their roles.
    let mine = format!("/users/{}", me["id"].as_str().unwrap());
    assert_eq!(
        alice(Method::PATCH, &mine, set("/displayName", json!("Alice")))
            .await
            .0,
        StatusCode::OK
    );
    forbidden(
        &alice(Method::PATCH, &mine, set("/roles", json!([]))).await,
        &p("is not admin"),
    );
}

#[tokio::test]
async fn a_data_steward_edits_names_and_lineage_but_deletes_nothing() {
    let (api, schema) = world().await;
    let orders = table_path(&schema, "orders");
    let steve = |m, p: &str, b| as_user(&api, "steve", m, p.to_string(), b);
    assert_eq!(
        steve(Method::PATCH, &orders, set("/displayName", json!("Orders")))
            .await
            .0,
        StatusCode::OK
    );
    let a = api.ok(Method::GET, &orders, None).await;
    let b = api
        .ok(Method::GET, &table_path(&schema, "customers"), None)
        .await;
    let edge = json!({"edge": {"fromEntity": {"id": a["id"], "type": "table"}, "toEntity": {"id": b["id"], "type": "table"}}});
    assert_eq!(
        steve(Method::PUT, "/lineage", Some(edge)).await.0,
        StatusCode::OK
    );
    forbidden(
        &steve(Method::DELETE, &orders, None).await,
        "Principal: CatalogPrincipal{name='steve'} operations [Delete] not allowed",
    );
}

#[tokio::test]
async fn a_deny_rule_with_a_condition_refuses_by_role_policy_and_rule() {
    let (api, schema) = world().await;
    let carol = |m, p: &str| as_user(&api, "carol", m, p.to_string(), None);
    assert_eq!(
        carol(Method::GET, &table_path(&schema, "orders")).await.0,
        StatusCode::OK
    );
    forbidden(
        &carol(Method::GET, &table_path(&schema, "customers")).await,
        "Principal: CatalogPrincipal{name='carol'} operation ViewBasic denied by role NoPIIRole, policy NoPII, rule deny-pii",
    );
    // Her permissions on the tagged table say so; on tables in general the rule is conditional.
    let on_entity = api
        .ok(
            Method::GET,
            &format!(
                "/permissions/table/name/{}?user=carol",
                enc(&format!("{schema}.customers"))
            ),
            None,
        )
        .await;
    let access = |v: &Value, op: &str| {
        v["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["operation"] == op)
            .map(|p| p["access"].clone())
    };
    assert_eq!(access(&on_entity, "ViewAll"), Some(json!("deny")));
    let on_type = api
        .ok(Method::GET, "/permissions/table?user=carol", None)
        .await;
    assert_eq!(access(&on_type, "Delete"), Some(json!("conditionalDeny")));
    // A disabled policy counts for nothing.
    let policy = api.ok(Method::GET, "/policies/name/NoPII", None).await;
    api.ok(
        Method::PATCH,
        &format!("/policies/{}", policy["id"].as_str().unwrap()),
        set("/enabled", json!(false)),
    )
    .await;
    assert_eq!(
        carol(Method::GET, &table_path(&schema, "customers"))
            .await
            .0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn bots_have_their_seed_roles() {
    let (api, schema) = world().await;
    let bot = api.server.bot_token.clone();
    let created = api
        .call_as(Some(&bot), Method::PUT, "/tables", Some(json!({
            "name": "loaded", "databaseSchema": schema, "columns": [{"name": "id", "dataType": "INT"}]
        })))
        .await;
    assert_eq!(created.0, StatusCode::CREATED, "{}", created.1);
    forbidden(
        &api.call_as(
            Some(&bot),
            Method::PATCH,
            &table_path(&schema, "loaded"),
            set("/displayName", json!("L")),
        )
        .await,
        "Principal: CatalogPrincipal{name='ingestion-bot'} operation EditDisplayName denied by role IngestionBotRole, policy DefaultBotPolicy, rule DisplayName-Deny",
    );
    forbidden(
        &api.call_as(
            Some(&bot),
            Method::POST,
            "/bots",
            Some(json!({"name": "b2", "botUser": "bob"})),
        )
        .await,
        "Principal: CatalogPrincipal{name='ingestion-bot'} operation Create denied by role IngestionBotRole, policy DefaultBotPolicy, rule BotRule-Deny",
    );
}

#[tokio::test]
async fn permissions_list_what_a_user_may_do_and_others_need_an_admin() {
    let (api, _) = world().await;
    let (status, mine) = as_user(&api, "alice", Method::GET, "/permissions".into(), None).await;
    assert_eq!(status, StatusCode::OK);
    let table = mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"] == "table")
        .unwrap();
    let of = |op: &str| {
        table["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["operation"] == op)
            .cloned()
            .unwrap()
    };
    assert_eq!(of("ViewAll")["access"], "allow");
    assert_eq!(of("ViewAll")["policy"], "DataConsumerPolicy");
    assert_eq!(of("EditDescription")["access"], "allow");
    assert_eq!(of("EditOwners")["access"], "conditionalAllow");
    // Owners may do everything (OrganizationPolicy-Owner-Rule, condition isOwner()).
    assert_eq!(of("Create")["access"], "conditionalAllow");
    assert_eq!(
        of("Create")["rule"]["name"],
        "OrganizationPolicy-Owner-Rule"
    );
    forbidden(
        &as_user(
            &api,
            "alice",
            Method::GET,
            "/permissions?user=steve".into(),
            None,
        )
        .await,
        "Principal: CatalogPrincipal{name='alice'} is not admin",
    );
    let admin = api.ok(Method::GET, "/permissions/table", None).await;
    assert!(
        admin["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["access"] == "allow")
    );
    let descriptors = api.ok(Method::GET, "/policies/resources", None).await;
    assert_eq!(descriptors["data"][0]["name"], "all");
}

#[tokio::test]
async fn the_noop_authorizer_lets_any_valid_token_do_anything() {
    let config = ometa_server::ServerConfig {
        authorizer: ometa_server::AuthorizerMode::Noop,
        ..ometa_server::ServerConfig::in_memory()
    };
    let api = Api {
        server: ometa_server::spawn(config).await.unwrap(),
        http: reqwest::Client::new(),
    };
    api.schema().await;
    api.ok(
        Method::POST,
        "/users",
        Some(json!({"name": "alice", "email": "alice@x.org"})),
    )
    .await;
    let r = as_user(
        &api,
        "alice",
        Method::DELETE,
        "/services/databaseServices/name/mysql_prod?hardDelete=true&recursive=true".into(),
        None,
    )
    .await;
    assert_eq!(r.0, StatusCode::OK, "{}", r.1);
}

#[tokio::test]
async fn a_regenerated_or_revoked_bot_token_is_refused() {
    let (api, _) = world().await;
    let bot = api.ok(Method::GET, "/users/name/lineage-bot", None).await;
    let id = bot["id"].as_str().unwrap().to_string();
    let first = api
        .ok(
            Method::PUT,
            &format!("/users/generateToken/{id}"),
            Some(json!({"JWTTokenExpiry": "7"})),
        )
        .await;
    assert_eq!(first["JWTTokenExpiry"], "7");
    assert!(first["JWTTokenExpiresAt"].as_i64().unwrap() > 0);
    let first = first["JWTToken"].as_str().unwrap().to_string();
    let read = |t: String| {
        let api = &api;
        async move {
            api.call_as(Some(&t), Method::GET, "/tables?limit=1", None)
                .await
        }
    };
    assert_eq!(read(first.clone()).await.0, StatusCode::OK);
    assert_eq!(
        api.ok(Method::GET, &format!("/users/token/{id}"), None)
            .await["JWTToken"],
        first
    );
    let second = api
        .ok(
            Method::PUT,
            &format!("/users/generateToken/{id}"),
            Some(json!({"JWTTokenExpiry": "Unlimited"})),
        )
        .await["JWTToken"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = read(first).await;
    assert_eq!(refused.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused.1["message"],
        "Not Authorized! The given token does not match the current bot's token!"
    );
    assert_eq!(read(second.clone()).await.0, StatusCode::OK);
    api.ok(Method::PUT, "/users/revokeToken", Some(json!({"id": id})))
        .await;
    assert_eq!(read(second).await.0, StatusCode::UNAUTHORIZED);
    forbidden(
        &as_user(
            &api,
            "alice",
            Method::PUT,
            format!("/users/generateToken/{id}"),
            Some(json!({"JWTTokenExpiry": "7"})),
        )
        .await,
        "Principal: CatalogPrincipal{name='alice'} is not admin",
    );
    let alice = api.ok(Method::GET, "/users/name/alice", None).await;
    let not_bot = api
        .call(
            Method::PUT,
            "/users/revokeToken",
            Some(json!({"id": alice["id"]})),
        )
        .await;
    assert_eq!(not_bot.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        not_bot.1["message"],
        "Revoke Token can only be applied to Bot Users."
    );
}

#[tokio::test]
async fn a_revoked_personal_access_token_is_refused() {
    let (api, _) = world().await;
    let made = as_user(
        &api,
        "alice",
        Method::PUT,
        "/users/security/token".into(),
        Some(json!({"tokenName": "ci", "JWTTokenExpiry": "30"})),
    )
    .await;
    assert_eq!(made.0, StatusCode::OK, "{}", made.1);
    assert_eq!(made.1["tokenType"], "PERSONAL_ACCESS");
    let pat = made.1["jwtToken"].as_str().unwrap().to_string();
    let me = api
        .call_as(Some(&pat), Method::GET, "/users/loggedInUser", None)
        .await;
    assert_eq!(me.1["name"], "alice");
    let listed = api
        .call_as(Some(&pat), Method::GET, "/users/security/token", None)
        .await;
    assert_eq!(listed.1["data"][0]["tokenName"], "ci");
    let left = api
        .call_as(
            Some(&pat),
            Method::PUT,
            "/users/security/token/revoke",
            Some(json!({"tokenIds": [made.1["token"]]})),
        )
        .await;
    assert_eq!(left.1["data"], json!([]));
    let refused = api
        .call_as(Some(&pat), Method::GET, "/users/loggedInUser", None)
        .await;
    assert_eq!(refused.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refused.1["message"],
        "Not Authorized! Invalid personal access token!"
    );
    let bot = api
        .call_as(
            Some(&api.server.bot_token),
            Method::PUT,
            "/users/security/token",
            Some(json!({"tokenName": "x", "JWTTokenExpiry": "1"})),
        )
        .await;
    assert_eq!(
        bot.1["message"],
        "Bots cannot have a Personal Access Token."
    );
}

#[tokio::test]
async fn a_team_only_policy_guards_what_the_team_owns_and_reviewers_may_edit() {
    let (api, schema) = world().await;
    api.table(&schema, "ledger").await;
    let dan = api
        .ok(
            Method::POST,
            "/users",
            Some(json!({"name": "dan", "email": "dan@x.org"})),
        )
        .await;
    let team_only = api
        .ok(Method::GET, "/policies/name/TeamOnlyPolicy", None)
        .await;
    let team = api
        .ok(
            Method::POST,
            "/teams",
            Some(json!({"name": "finance", "teamType": "Group", "users": [dan["id"]], "policies": [team_only["id"]]})),
        )
        .await;
    let ledger = table_path(&schema, "ledger");
    api.ok(
        Method::PATCH,
        &ledger,
        set("/owners", json!([{"id": team["id"], "type": "team"}])),
    )
    .await;
    forbidden(
        &as_user(&api, "alice", Method::GET, ledger.clone(), None).await,
        "Principal: CatalogPrincipal{name='alice'} operation ViewBasic denied policy TeamOnlyPolicy, rule TeamOnlyPolicy-Rule",
    );
    assert_eq!(
        as_user(&api, "dan", Method::GET, ledger.clone(), None)
            .await
            .0,
        StatusCode::OK
    );
    // Tables the team does not own are not its business.
    assert_eq!(
        as_user(
            &api,
            "alice",
            Method::GET,
            table_path(&schema, "orders"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );

    api.ok(
        Method::PUT,
        "/glossaries",
        Some(json!({"name": "g", "description": "g"})),
    )
    .await;
    let alice = api.ok(Method::GET, "/users/name/alice", None).await;
    let term = api
        .ok(
            Method::PUT,
            "/glossaryTerms",
            Some(json!({"name": "t", "glossary": "g", "description": "t", "reviewers": [{"id": alice["id"], "type": "user"}]})),
        )
        .await;
    let term_path = format!("/glossaryTerms/{}", term["id"].as_str().unwrap());
    // DataConsumer may not rename; a reviewer of the term may do anything to it.
    let r = as_user(
        &api,
        "alice",
        Method::PATCH,
        term_path.clone(),
        set("/displayName", json!("T")),
    )
    .await;
    assert_eq!(r.0, StatusCode::OK, "{}", r.1);
    forbidden(
        &as_user(
            &api,
            "bob",
            Method::PATCH,
            term_path,
            set("/displayName", json!("T2")),
        )
        .await,
        "Principal: CatalogPrincipal{name='bob'} operations [EditDisplayName] not allowed",
    );
}
