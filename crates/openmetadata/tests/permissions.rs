//! Refusals and permissions against a real in-process `ometa-server`: a restricted bot's
//! typed `Forbidden` (the real server's `DefaultBotPolicy` denies renaming) and a plain
//! user's effective permissions (`DataConsumer` through `Organization`).

mod common;

use common::{schema, start, table};
use openmetadata::types::entity::data::table::Table;
use openmetadata::{Auth, Config, Error, OpenMetadata};
use serde_json::json;

fn access(
    p: &openmetadata::types::entity::policies::access_control::resource_permission::ResourcePermission,
    op: &str,
) -> String {
    p.permissions
        .iter()
        .find(|x| x.operation.as_ref().is_some_and(|o| o.as_str() == op))
        .and_then(|x| x.access.as_ref())
        .map(|a| a.as_str().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_restricted_bot_gets_a_typed_forbidden_and_can_ask_first() {
    let (server, admin) = start().await;
    schema(&admin).await;
    table(&admin, json!({"name": "orders"})).await;
    let bot = OpenMetadata::new(
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt(server.bot_token.clone())),
    )
    .unwrap();
    let ops = json!([{"op": "add", "path": "/displayName", "value": "Orders"}]);
    match bot
        .dynamic("table")
        .unwrap()
        .patch("svc.db.s.orders", &ops, None)
        .await
    {
        Err(Error::Forbidden {
            principal,
            operations,
            message,
        }) => {
            assert_eq!(principal.as_deref(), Some("ingestion-bot"));
            assert_eq!(operations, ["EditDisplayName"]);
            assert!(message.ends_with(
                "denied by role IngestionBotRole, policy DefaultBotPolicy, rule DisplayName-Deny"
            ));
        }
        other => panic!("{other:?}"),
    }
    let on_it = bot
        .entity_permission_by_name::<Table>("svc.db.s.orders", None)
        .await
        .unwrap();
    // As the real server trims a listing: once `EditAll` is decided, the single `Edit…`
    // operations are left out (the deny of `EditDisplayName` shows only when tried).
    assert_eq!(access(&on_it, "EditAll"), "allow");
    assert_eq!(access(&on_it, "EditDisplayName"), "");
    assert_eq!(access(&on_it, "Create"), "allow");
}

#[tokio::test]
async fn a_plain_user_s_permissions_come_from_the_organization() {
    let (server, admin) = start().await;
    schema(&admin).await;
    let orders = table(&admin, json!({"name": "orders"})).await;
    admin
        .dynamic("user")
        .unwrap()
        .create_or_update(&json!({"name": "alice", "email": "alice@x.org"}))
        .await
        .unwrap();
    let alice = OpenMetadata::new(
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt(server.token_for("alice"))),
    )
    .unwrap();
    let all = alice.permissions(None).await.unwrap();
    let tables = all.iter().find(|r| r.resource == "table").unwrap();
    assert_eq!(access(tables, "ViewAll"), "allow");
    assert_eq!(access(tables, "Delete"), "conditionalAllow");
    let on_orders = alice
        .entity_permission::<Table>(&orders.id.to_string(), None)
        .await
        .unwrap();
    assert_eq!(access(&on_orders, "Delete"), "notAllow");
    assert_eq!(access(&on_orders, "EditDescription"), "allow");
    let e = alice.permissions(Some("admin")).await.unwrap_err();
    assert!(e.is_forbidden(), "{e}");
    assert_eq!(
        admin
            .resource_permission("table", Some("alice"))
            .await
            .unwrap(),
        alice.resource_permission("table", None).await.unwrap()
    );
}
