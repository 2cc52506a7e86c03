//! The generic entity API against a real in-process `ometa-server`.

mod common;

use common::start;

use futures_util::TryStreamExt;
use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
use openmetadata::types::api::data::create_database_schema::CreateDatabaseSchemaRequest;
use openmetadata::types::api::data::create_table::CreateTableRequest;
use openmetadata::types::api::data::create_topic::CreateTopicRequest;
use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
use openmetadata::types::api::services::create_messaging_service::CreateMessagingServiceRequest;
use openmetadata::types::entity::data::database_schema::DatabaseSchema;
use openmetadata::types::entity::data::table::{Column, DataType, Table};
use openmetadata::types::entity::data::topic::Topic;
use openmetadata::types::entity::services::database_service::{
    DatabaseService, DatabaseServiceType,
};
use openmetadata::types::entity::services::messaging_service::MessagingServiceType;
use openmetadata::{
    Auth, Config, DeleteParams, Error, GetParams, Include, ListParams, OpenMetadata,
};

async fn schema(om: &OpenMetadata) -> DatabaseSchema {
    om.create_or_update(&CreateDatabaseServiceRequest::new(
        "mysql_prod",
        DatabaseServiceType::Mysql,
    ))
    .await
    .unwrap();
    om.create_or_update(&CreateDatabaseRequest::new("sales", "mysql_prod"))
        .await
        .unwrap();
    om.create_or_update(&CreateDatabaseSchemaRequest::new(
        "public",
        "mysql_prod.sales",
    ))
    .await
    .unwrap()
}

fn table(name: &str) -> CreateTableRequest {
    CreateTableRequest::new(
        name,
        vec![
            Column::new("id", DataType::BIGINT),
            Column {
                data_length: Some(16),
                ..Column::new("status", DataType::VARCHAR)
            },
        ],
        "mysql_prod.sales.public",
    )
}

#[tokio::test]
async fn create_upsert_get_and_errors() {
    let (server, om) = start().await;
    let schema = schema(&om).await;
    assert_eq!(
        schema.fully_qualified_name.as_ref().unwrap().as_str(),
        "mysql_prod.sales.public"
    );
    let created = om.create(&table("orders")).await.unwrap();
    assert_eq!(created.version.as_ref().unwrap().0, 0.1);
    let again = om.create(&table("orders")).await.unwrap_err();
    assert!(again.is_conflict(), "{again}");
    let updated = om
        .create_or_update(&CreateTableRequest {
            description: Some("Orders.".into()),
            ..table("orders")
        })
        .await
        .unwrap();
    assert_eq!(updated.id, created.id);
    let by_name: Table = om
        .get_by_name("mysql_prod.sales.public.orders", &GetParams::default())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_name.description.unwrap().as_str(), "Orders.");
    let by_id: Table = om
        .get_by_id(&created.id, &GetParams::default().fields(["owners"]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_id.owners.unwrap().0, vec![]);
    assert!(
        om.get_by_name::<Table>("no.such.table", &GetParams::default())
            .await
            .unwrap()
            .is_none()
    );
    let dotted = om.create_or_update(&table("foo.bar/baz")).await.unwrap();
    let fqn = openmetadata::fqn::build(&["mysql_prod", "sales", "public", "foo.bar/baz"]).unwrap();
    assert_eq!(dotted.fully_qualified_name.as_ref().unwrap().as_str(), fqn);
    assert!(
        om.get_by_name::<Table>(&fqn, &GetParams::default())
            .await
            .unwrap()
            .is_some()
    );
    let bad = om
        .create_or_update(&CreateTableRequest::new("t", vec![], "no.such.schema"))
        .await
        .unwrap_err();
    assert!(bad.is_not_found(), "{bad}");
    server.shutdown().await;
}

#[tokio::test]
async fn list_pages_and_streams_everything() {
    let (server, om) = start().await;
    schema(&om).await;
    for i in 0..7 {
        om.create_or_update(&table(&format!("t{i}"))).await.unwrap();
    }
    let params = ListParams::default()
        .limit(3)
        .filter("database", "mysql_prod.sales");
    let p1 = om.list_entities::<Table>(&params).await.unwrap();
    assert_eq!((p1.entities.len(), p1.total), (3, 7));
    let p2 = om
        .list_entities::<Table>(&params.clone().after(p1.after.clone().unwrap()))
        .await
        .unwrap();
    let back = om
        .list_entities::<Table>(&params.clone().before(p2.before.clone().unwrap()))
        .await
        .unwrap();
    assert_eq!(back.entities, p1.entities);
    let all: Vec<Table> = om
        .list_all_entities::<Table>(params)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<String> = all.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, (0..7).map(|i| format!("t{i}")).collect::<Vec<_>>());
    server.shutdown().await;
}

#[tokio::test]
async fn update_patches_with_if_match_and_versions_record_it() {
    let (server, om) = start().await;
    schema(&om).await;
    let t = om.create_or_update(&table("orders")).await.unwrap();
    let patched = om
        .update::<Table>(&t.id, &["tags"], |t| {
            t.description = Some("Patched.".into());
            t.columns[1].description = Some("State.".into());
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(patched.description.as_ref().unwrap().as_str(), "Patched.");
    assert_eq!(patched.version.as_ref().unwrap().0, 0.2);
    assert!(
        om.update::<Table>(&t.id, &[], |_| {})
            .await
            .unwrap()
            .is_none(),
        "no change, no call"
    );
    let mut stale_after = t.clone();
    stale_after.description = Some("Lost update".into());
    let stale = om.patch(&t, &stale_after).await.unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale}");
    let history = om.list_versions::<Table>(&t.id).await.unwrap();
    assert_eq!(history.versions.len(), 2);
    let v1: Table = om.get_entity_version(&t.id, "0.1").await.unwrap().unwrap();
    assert!(v1.description.is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn delete_restore_and_hard_delete_for_several_families() {
    let (server, om) = start().await;
    schema(&om).await;
    let t = om.create_or_update(&table("orders")).await.unwrap();
    om.delete::<Table>(&t.id, DeleteParams::default())
        .await
        .unwrap();
    assert!(
        om.get_by_id::<Table>(&t.id, &GetParams::default())
            .await
            .unwrap()
            .is_none()
    );
    let deleted: Table = om
        .get_by_id(&t.id, &GetParams::default().include(Include::All))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(deleted.deleted, Some(true));
    let restored: Table = om.restore::<Table>(&t.id).await.unwrap();
    assert_eq!(restored.deleted, Some(false));
    assert!(
        om.restore::<Table>(&t.id).await.is_err(),
        "restoring an active entity fails"
    );

    om.create_or_update(&CreateMessagingServiceRequest::new(
        "kafka",
        MessagingServiceType::Kafka,
    ))
    .await
    .unwrap();
    let topic = om
        .create_or_update(&CreateTopicRequest::new("orders", "kafka", 2))
        .await
        .unwrap();
    assert_eq!(topic.partitions, 2);
    om.delete_by_name::<Topic>("kafka.orders", DeleteParams::default().hard(true))
        .await
        .unwrap();
    assert!(
        om.get_by_id::<Topic>(&topic.id, &GetParams::default().include(Include::All))
            .await
            .unwrap()
            .is_none()
    );

    let err = om
        .delete_by_name::<DatabaseService>("mysql_prod", DeleteParams::default().hard(true))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err}");
    om.delete_by_name::<DatabaseService>(
        "mysql_prod",
        DeleteParams::default().hard(true).recursive(true),
    )
    .await
    .unwrap();
    assert!(
        om.get_by_id::<Table>(&t.id, &GetParams::default().include(Include::All))
            .await
            .unwrap()
            .is_none()
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_wrong_token_is_a_typed_error_and_version_is_checked() {
    let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory())
        .await
        .unwrap();
    let om = OpenMetadata::new(
        Config::new(format!("{}/api", server.base_url)).auth(Auth::Jwt("x.y.z".into())),
    )
    .unwrap();
    let err = om
        .list_entities::<Table>(&ListParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err}");
    assert_eq!(om.server_version().await.unwrap(), "2.0.7");
    let mut config = ometa_server::ServerConfig::in_memory();
    config.version = "1.9.3".into();
    let old = ometa_server::spawn(config).await.unwrap();
    let err = OpenMetadata::connect(Config::new(format!("{}/api", old.base_url)))
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::VersionMismatch { .. }), "{err}");
    server.shutdown().await;
    old.shutdown().await;
}

#[tokio::test]
async fn bulk_stale_async_followers_context_and_assets() {
    use openmetadata::BulkOptions;
    use openmetadata::types::api::teams::create_user::CreateUserRequest;
    use openmetadata::types::entity::teams::user::User;
    use openmetadata::types::type_::bulk_delete_stale_request::BulkDeleteStaleRequest;

    let (server, om) = start().await;
    schema(&om).await;
    let empty = om
        .bulk_create_or_update::<CreateTableRequest>(&[], BulkOptions::default())
        .await
        .unwrap();
    assert_eq!(empty.number_of_rows_processed.unwrap().0, 0);
    let requests: Vec<CreateTableRequest> = ["a", "b", "c"].into_iter().map(table).collect();
    let result = om
        .bulk_create_or_update(&requests, BulkOptions::default())
        .await
        .unwrap();
    assert_eq!(result.number_of_rows_passed.unwrap().0, 3);
    assert_eq!(result.number_of_rows_failed.unwrap().0, 0);

    let stale = om
        .delete_stale_entities::<Table>(&BulkDeleteStaleRequest::new(
            "mysql_prod.sales.public",
            "databaseSchema",
            vec!["mysql_prod.sales.public.a".to_string()],
        ))
        .await
        .unwrap();
    assert_eq!(stale.number_of_rows_passed.unwrap().0, 2);
    let live = om
        .list_entities::<Table>(&ListParams::default().limit(10))
        .await
        .unwrap();
    assert_eq!(live.total, 1);

    let a: Table = om
        .get_by_name("mysql_prod.sales.public.a", &GetParams::default())
        .await
        .unwrap()
        .unwrap();
    let a_id = a.id.to_string();
    let user: User = om
        .create(&CreateUserRequest::new("carol", "carol@example.com"))
        .await
        .unwrap();
    let user_id = user.id.to_string();
    let event = om.add_follower::<Table>(&a_id, &user_id).await.unwrap();
    assert_eq!(event.entity_type, "table");
    let followed: Table = om
        .get_by_id(&a_id, &GetParams::default().fields(["followers"]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(followed.followers.unwrap().0.len(), 1);
    om.remove_follower::<Table>(&a_id, &user_id).await.unwrap();

    let context = om
        .get_context::<Table>("mysql_prod.sales.public.a")
        .await
        .unwrap();
    assert!(context.contains("| status | VARCHAR |"), "{context}");

    om.update::<Table>(&a_id, &["owners"], |t| {
        t.owners = Some(
            vec![
                openmetadata::types::type_::entity_reference::EntityReference::new(user.id, "user"),
            ]
            .into(),
        );
    })
    .await
    .unwrap();
    let assets = om.get_assets::<User>("carol", 10, 0).await.unwrap();
    assert_eq!(assets.paging.total, 1);
    assert_eq!(assets.data[0].name.as_deref(), Some("a"));

    let job = om
        .delete_async::<Table>(&a_id, DeleteParams::default())
        .await
        .unwrap();
    assert!(!job.job_id.is_empty());
    let err = om
        .restore_async::<Table>("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    server.shutdown().await;
}

#[tokio::test]
async fn named_patch_helpers_edit_by_identity() {
    use openmetadata::PatchOperation;
    use openmetadata::types::type_::tag_label::{LabelType, State, TagLabel, TagSource};
    let (server, om) = start().await;
    schema(&om).await;
    let t = om.create(&table("orders")).await.unwrap();
    let d: Table = om
        .patch_description(&t.id, "Orders.", false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.description.as_deref(), Some("Orders."));
    assert!(
        om.patch_description::<Table>(&t.id, "Other.", false)
            .await
            .unwrap()
            .is_none(),
        "not forced"
    );
    let d: Table = om
        .patch_description(&t.id, "Forced.", true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.description.as_deref(), Some("Forced."));

    let pii = TagLabel::new(
        "PII.Sensitive",
        TagSource::Classification,
        LabelType::Manual,
        State::Confirmed,
    );
    let tier = TagLabel::new(
        "Tier.Tier1",
        TagSource::Classification,
        LabelType::Manual,
        State::Confirmed,
    );
    om.patch_tags::<Table>(&t.id, &[pii.clone(), tier.clone()], PatchOperation::Add)
        .await
        .unwrap();
    let tagged: Table = om
        .patch_tags(&t.id, std::slice::from_ref(&pii), PatchOperation::Remove)
        .await
        .unwrap()
        .unwrap();
    let names: Vec<String> = tagged
        .tags
        .unwrap()
        .iter()
        .map(|x| x.tag_fqn.to_string())
        .collect();
    assert_eq!(names, ["Tier.Tier1"]);

    let c: Table = om
        .patch_column_description(&t.id, "status", "Order status.", false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.columns[1].description.as_deref(), Some("Order status."));
    let c: Table = om
        .patch_column_tags(&t.id, "id", &[pii], PatchOperation::Add)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        c.columns[0].tags.as_ref().unwrap()[0].tag_fqn.to_string(),
        "PII.Sensitive"
    );
    let err = om
        .patch_column_description::<Table>(&t.id, "nope", "x", true)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err}");

    let admin: openmetadata::types::entity::teams::user::User = om
        .get_by_name("admin", &GetParams::default())
        .await
        .unwrap()
        .unwrap();
    let owner =
        openmetadata::types::type_::entity_reference::EntityReference::new(admin.id, "user");
    let owned: Table = om.patch_owners(&t.id, &[owner]).await.unwrap().unwrap();
    assert_eq!(owned.owners.unwrap().0[0].id, admin.id);
    server.shutdown().await;
}

#[tokio::test]
async fn custom_property_values_merge_into_extension() {
    let (server, om) = start().await;
    schema(&om).await;
    let t = om.create(&table("orders")).await.unwrap();
    let string = om
        .raw(
            openmetadata::Method::GET,
            "/metadata/types/name/string",
            None,
        )
        .await
        .unwrap();
    let table_type = om
        .raw(
            openmetadata::Method::GET,
            "/metadata/types/name/table",
            None,
        )
        .await
        .unwrap();
    om.raw(
        openmetadata::Method::PUT,
        &format!("/metadata/types/{}", table_type["id"].as_str().unwrap()),
        Some(serde_json::json!({"name": "steward", "description": "Who looks after it.", "propertyType": {"id": string["id"], "type": "type"}})),
    )
    .await
    .unwrap();
    let values = serde_json::json!({"steward": "ada"})
        .as_object()
        .unwrap()
        .clone();
    let with: Table = om
        .patch_custom_properties(&t.id, &values)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(with.extension.unwrap().0["steward"], "ada");
    server.shutdown().await;
}
