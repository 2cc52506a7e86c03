//! The real server's rules through the Rust SDK, against a real in-process `ometa-server`:
//! strict validation (`DatabaseUtil`, `TagLabelUtil`, `EntityRepository.validateOwners`) and
//! the system entities a fresh server has.

mod common;

use common::{schema, start, table};
use openmetadata::types::entity::applications::app::App;
use openmetadata::types::entity::data::table::Table;
use openmetadata::types::entity::services::connections::test_connection_definition::TestConnectionDefinition;
use openmetadata::types::tests::test_definition::TestDefinition;
use openmetadata::{Error, GetParams, OpenMetadata};
use serde_json::{Value, json};

/// PUTs a table of `extra` in `svc.db.s` as raw JSON, answering the SDK's error.
async fn put_table(om: &OpenMetadata, extra: Value) -> Result<Table, Error> {
    use openmetadata::types::api::data::create_table::CreateTableRequest;
    let mut body = json!({"name": "t", "databaseSchema": "svc.db.s"});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let request: CreateTableRequest = serde_json::from_value(body).unwrap();
    om.create_or_update(&request).await
}

fn message(err: &Error) -> String {
    match err {
        Error::Api { message, .. } | Error::NotFound { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn writes_are_checked_as_the_real_server_checks_them() {
    let (_server, om) = start().await;
    schema(&om).await;
    let cases = [
        (
            json!({"columns": [{"name": "s", "dataType": "VARCHAR"}]}),
            400,
            "For column data types char, varchar, binary, varbinary dataLength must not be null",
        ),
        (
            json!({"columns": [{"name": "a", "dataType": "ARRAY"}]}),
            400,
            "For column data type array, arrayDataType must not be null",
        ),
        (
            json!({"columns": [{"name": "id", "dataType": "INT"}, {"name": "id", "dataType": "INT"}]}),
            400,
            "Column name id is repeated",
        ),
        (
            json!({"columns": [{"name": "id", "dataType": "INT"}], "tags": [{"tagFQN": "PII.Nope", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]}),
            404,
            "tag instance for PII.Nope not found",
        ),
        (
            json!({"columns": [{"name": "id", "dataType": "INT"}], "tags": [
                {"tagFQN": "Tier.Tier1", "source": "Classification", "labelType": "Manual", "state": "Confirmed"},
                {"tagFQN": "Tier.Tier3", "source": "Classification", "labelType": "Manual", "state": "Confirmed"}]}),
            400,
            "Tag labels Tier.Tier3 and Tier.Tier1 are mutually exclusive and can't be assigned together",
        ),
    ];
    for (body, status, expected) in cases {
        let err = put_table(&om, body.clone()).await.unwrap_err();
        assert_eq!(err.status(), Some(status), "{body}: {err:?}");
        assert_eq!(message(&err), expected, "{body}");
    }
    let missing = om
        .get_by_name::<Table>("svc.db.s.t", &GetParams::default())
        .await
        .unwrap();
    assert!(missing.is_none(), "no refused write left anything");
    let ok = table(
        &om,
        json!({"name": "ok", "columns": [{"name": "s", "dataType": "VARCHAR", "dataLength": 16}]}),
    )
    .await;
    assert_eq!(ok.columns[0].data_length, Some(16));
}

#[tokio::test]
async fn a_fresh_server_has_the_system_entities() {
    let (_server, om) = start().await;
    let mysql: TestConnectionDefinition = om
        .get_by_name("Mysql.testConnectionDefinition", &GetParams::default())
        .await
        .unwrap()
        .expect("a test connection definition per service type");
    assert!(!mysql.steps.is_empty());
    let not_null: TestDefinition = om
        .get_by_name("columnValuesToBeNotNull", &GetParams::default())
        .await
        .unwrap()
        .expect("the standard test definitions");
    assert_eq!(not_null.name.to_string(), "columnValuesToBeNotNull");
    let indexing: App = om
        .get_by_name(
            "SearchIndexingApplication",
            &GetParams::default().fields(["bot"]),
        )
        .await
        .unwrap()
        .expect("the installed apps");
    assert_eq!(
        indexing.bot.unwrap().name.as_deref(),
        Some("SearchIndexingApplicationBot")
    );
}
