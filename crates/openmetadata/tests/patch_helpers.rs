//! The named patch helpers beyond descriptions, tags and owners, against a real in-process
//! `ometa-server`: nested and FQN-named columns, topics, domains, constraints, life cycle,
//! test case definitions, role policies and policy rules.

mod common;

use common::{put, schema, start};

use openmetadata::types::entity::data::table::{Table, TableConstraint};
use openmetadata::types::entity::data::topic::Topic;
use openmetadata::types::entity::domains::domain::Domain;
use openmetadata::types::entity::policies::access_control::rule::Rule;
use openmetadata::types::entity::policies::policy::Policy;
use openmetadata::types::entity::teams::role::Role;
use openmetadata::types::tests::test_case::{TestCase, TestCaseParameterValue};
use openmetadata::types::type_::life_cycle::LifeCycle;
use openmetadata::types::type_::tag_label::TagLabel;
use openmetadata::utils::entity_reference;
use openmetadata::{Error, OpenMetadata, PatchOperation};
use serde_json::json;

async fn orders(om: &OpenMetadata) -> Table {
    use openmetadata::types::api::data::create_table;
    schema(om).await;
    put::<create_table::CreateTableRequest>(
        om,
        json!({"name": "orders", "databaseSchema": "svc.db.s", "columns": [
            {"name": "id", "dataType": "BIGINT"},
            {"name": "customer_id", "dataType": "BIGINT"},
            {"name": "address", "dataType": "STRUCT", "children": [
                {"name": "city", "dataType": "VARCHAR", "description": "Set by hand."}
            ]}
        ]}),
    )
    .await
}

#[tokio::test]
async fn column_descriptions_by_name_fqn_and_nesting() {
    let (_server, om) = start().await;
    let t = orders(&om).await;
    let edited: Table = om
        .patch_column_descriptions(
            &t.id,
            &[
                ("id", "Order id."),
                ("SVC.DB.S.ORDERS.CUSTOMER_ID", "Who ordered."),
                ("city", "Ingested."),
            ],
            false,
        )
        .await
        .unwrap()
        .unwrap();
    let described = |t: &Table, i: usize| t.columns[i].description.as_ref().map(|d| d.0.clone());
    assert_eq!(described(&edited, 0).as_deref(), Some("Order id."));
    assert_eq!(described(&edited, 1).as_deref(), Some("Who ordered."));
    let city = &edited.columns[2].children.as_ref().unwrap()[0];
    assert_eq!(
        city.description.as_ref().unwrap().0,
        "Set by hand.",
        "not forced"
    );

    let forced: Table = om
        .patch_column_description(&t.id, "svc.db.s.orders.address.city", "Forced.", true)
        .await
        .unwrap()
        .unwrap();
    let city = &forced.columns[2].children.as_ref().unwrap()[0];
    assert_eq!(city.description.as_ref().unwrap().0, "Forced.");
}

#[tokio::test]
async fn topic_schema_fields_are_columns_too() {
    use openmetadata::types::api::data::create_topic::CreateTopicRequest;
    use openmetadata::types::api::services::create_messaging_service::CreateMessagingServiceRequest;
    let (_server, om) = start().await;
    put::<CreateMessagingServiceRequest>(&om, json!({"name": "kafka", "serviceType": "Kafka"}))
        .await;
    let topic = put::<CreateTopicRequest>(
        &om,
        json!({"name": "orders", "service": "kafka", "partitions": 1, "messageSchema": {
            "schemaType": "Avro", "schemaFields": [{"name": "order_id", "dataType": "INT"}]
        }}),
    )
    .await;
    let pii: TagLabel = serde_json::from_value(json!({
        "tagFQN": "PII.Sensitive", "source": "Classification", "labelType": "Manual", "state": "Confirmed"
    }))
    .unwrap();
    let tagged: Topic = om
        .patch_column_tags(&topic.id, "order_id", &[pii], PatchOperation::Add)
        .await
        .unwrap()
        .unwrap();
    let field = &tagged.message_schema.unwrap().schema_fields.unwrap()[0];
    assert_eq!(
        field.tags.as_ref().unwrap()[0].tag_fqn.to_string(),
        "PII.Sensitive"
    );
}

#[tokio::test]
async fn domains_constraints_and_life_cycle() {
    use openmetadata::types::api::domains::create_domain::CreateDomainRequest;
    let (_server, om) = start().await;
    let t = orders(&om).await;
    let domain: Domain = put::<CreateDomainRequest>(
        &om,
        json!({"name": "Sales", "domainType": "Aggregate", "description": "Sales data."}),
    )
    .await;
    let reference = entity_reference(&domain).unwrap();
    let with: Table = om
        .patch_domains(&t.id, std::slice::from_ref(&reference))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(with.domains.unwrap().0[0].id, domain.id);
    assert!(
        om.patch_domains::<Table>(&t.id, &[reference])
            .await
            .unwrap()
            .is_none(),
        "the same domains send nothing"
    );

    let pk: TableConstraint =
        serde_json::from_value(json!({"constraintType": "PRIMARY_KEY", "columns": ["id"]}))
            .unwrap();
    let constrained = om
        .patch_table_constraints(&t.id, &[pk])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        constrained.table_constraints.unwrap()[0]
            .columns
            .as_ref()
            .unwrap()[0],
        "id"
    );

    let life: LifeCycle = serde_json::from_value(json!({
        "created": {"timestamp": 1_700_000_000_000_i64, "accessedByAProcess": "etl"}
    }))
    .unwrap();
    om.patch_life_cycle::<Table>(&t.id, &life).await.unwrap();
    let read: Table = om
        .get_by_id(
            &t.id,
            &openmetadata::GetParams::default().fields(["lifeCycle"]),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.life_cycle.unwrap(), life);
}

#[tokio::test]
async fn a_test_case_is_pointed_at_a_column() {
    use openmetadata::types::api::tests::create_test_case::CreateTestCaseRequest;
    let (_server, om) = start().await;
    orders(&om).await;
    let case = om
        .get_or_create_test_case("svc.db.s.orders.rows", || {
            CreateTestCaseRequest::new(
                "rows",
                "tableRowCountToBeBetween",
                "<#E::table::svc.db.s.orders>",
            )
        })
        .await
        .unwrap();
    let min: TestCaseParameterValue =
        serde_json::from_value(json!({"name": "minValueForMaxInCol", "value": "1"})).unwrap();
    let moved: TestCase = om
        .patch_test_case_definition(
            case.id.unwrap(),
            "<#E::table::svc.db.s.orders::columns::id>",
            Some(&[min]),
            Some(true),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        moved.entity_link.0,
        "<#E::table::svc.db.s.orders::columns::id>"
    );
    assert_eq!(
        moved.parameter_values.unwrap()[0].value.as_deref(),
        Some("1")
    );
    assert_eq!(moved.compute_passed_failed_row_count, Some(true));
}

fn rule(name: &str) -> Rule {
    serde_json::from_value(json!({
        "name": name, "effect": "allow", "condition": "isOwner()",
        "operations": ["EditAll"], "resources": ["table"]
    }))
    .unwrap()
}

#[tokio::test]
async fn roles_keep_a_policy_and_policies_keep_a_rule() {
    use openmetadata::types::api::policies::create_policy::CreatePolicyRequest;
    use openmetadata::types::api::teams::create_role::CreateRoleRequest;
    let (_server, om) = start().await;
    let first: Policy =
        put::<CreatePolicyRequest>(&om, json!({"name": "first", "rules": [rule("r1")]})).await;
    let second: Policy =
        put::<CreatePolicyRequest>(&om, json!({"name": "second", "rules": [rule("r1")]})).await;
    let role: Role =
        put::<CreateRoleRequest>(&om, json!({"name": "editors", "policies": ["first"]})).await;

    let err = om
        .patch_role_policy(&role.id, &first.id, PatchOperation::Remove)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
    let two = om
        .patch_role_policy(&role.id, &second.id, PatchOperation::Add)
        .await
        .unwrap()
        .unwrap();
    let names: Vec<_> = two
        .policies
        .unwrap()
        .0
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        [Some("first".to_string()), Some("second".to_string())]
    );
    let one = om
        .patch_role_policy(&role.id, &first.id, PatchOperation::Remove)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one.policies.unwrap().0[0].id, second.id);

    let grown = om
        .patch_policy_rule(&first.id, &rule("r2"), PatchOperation::Add)
        .await
        .unwrap()
        .unwrap();
    let rules: Vec<_> = grown.rules.0.iter().map(|r| r.name.clone()).collect();
    assert_eq!(rules, ["r1", "r2"]);
    let shrunk = om
        .patch_policy_rule(&first.id, &rule("r1"), PatchOperation::Remove)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shrunk.rules.0.len(), 1);
    let err = om
        .patch_policy_rule(&first.id, &rule("r2"), PatchOperation::Remove)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
}
