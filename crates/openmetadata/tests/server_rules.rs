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

/// `EntityUpdater.updateCertification` and `updateLifeCycle`: a certification is checked
/// against `assetCertificationSettings` and dated by the server (expiring after P30D); the
/// events of a life cycle never go back in time.
#[tokio::test]
async fn certification_is_dated_and_life_cycle_never_goes_back() {
    let (_server, om) = start().await;
    schema(&om).await;
    table(&om, json!({"name": "certified"})).await;
    let tables = om.dynamic("table").unwrap();
    let fqn = "svc.db.s.certified";
    let certify = |tag: &str| {
        json!([{"op": "add", "path": "/certification", "value": {"tagLabel": {
            "tagFQN": tag, "source": "Classification", "labelType": "Manual", "state": "Confirmed"
        }}}])
    };
    let err = tables
        .patch(fqn, &certify("PII.Sensitive"), None)
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        "Invalid Classification: PII.Sensitive is not valid for Certification."
    );
    let before = openmetadata_now();
    let certified = tables
        .patch(fqn, &certify("Certification.Gold"), None)
        .await
        .unwrap();
    let applied = certified["certification"]["appliedDate"].as_i64().unwrap();
    let expiry = certified["certification"]["expiryDate"].as_i64().unwrap();
    assert!(
        applied >= before,
        "applied {applied} before the request {before}"
    );
    assert_eq!(expiry - applied, 30 * 86_400_000);

    let life = |created: i64, accessed: i64| {
        json!([{"op": "add", "path": "/lifeCycle", "value": {
            "created": {"timestamp": created}, "accessed": {"timestamp": accessed}
        }}])
    };
    tables.patch(fqn, &life(1_000, 5_000), None).await.unwrap();
    let later = tables.patch(fqn, &life(500, 9_000), None).await.unwrap();
    let stored = tables
        .get(fqn, &GetParams::default().fields(["lifeCycle"]))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored["lifeCycle"]["created"]["timestamp"], 1_000);
    assert_eq!(stored["lifeCycle"]["accessed"]["timestamp"], 9_000);
    assert_eq!(later["lifeCycle"], stored["lifeCycle"]);
}

fn openmetadata_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn teams_nest_by_type_and_constraints_name_real_columns() {
    use openmetadata::types::api::teams::create_team::CreateTeamRequest;
    let (_server, om) = start().await;
    schema(&om).await;
    let team = |body: Value| serde_json::from_value::<CreateTeamRequest>(body).unwrap();
    let dept = om
        .create_or_update(&team(json!({"name": "dept", "teamType": "Department"})))
        .await
        .unwrap();
    let under_dept = team(json!({"name": "bu", "teamType": "BusinessUnit", "parents": [dept.id]}));
    let err = om.create_or_update(&under_dept).await.unwrap_err();
    assert_eq!(
        message(&err),
        "Team dept of type Department can't be of parent of team bu of type BusinessUnit"
    );
    let constraint = json!({"columns": [{"name": "id", "dataType": "INT"}],
        "tableConstraints": [{"constraintType": "UNIQUE", "columns": ["nope"]}]});
    let err = put_table(&om, constraint).await.unwrap_err();
    assert_eq!(
        message(&err),
        "Invalid column name found in table constraint"
    );
    assert!(
        om.get_by_name::<Table>("svc.db.s.t", &GetParams::default())
            .await
            .unwrap()
            .is_none()
    );
    table(&om, json!({"name": "ok"})).await;
}
