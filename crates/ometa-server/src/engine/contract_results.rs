//! Data contracts (the real `DataContractRepository`): placed under the entity they are of,
//! one per entity; their results (`addContractResult`): one record
//! per result id in the contract's `dataContract.dataContractResult` series, and the
//! contract's `latestResult` moved forward when a result is the newest or re-reports it.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::engine::create::Placement;
use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};
use crate::engine::{Caller, Engine, Fields, Key, text_field};
use crate::store::timeseries::{Range, Series};
use crate::store::{Include, ListScope, Stored};

/// The series of a data contract's results.
pub const CONTRACT_RESULT: &str = "dataContract.dataContractResult";

/// Where a result landed: the newest (or the latest re-reported), or an older one filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultPlace {
    /// The contract's latest result now (200).
    Latest,
    /// Stored behind the latest (201).
    Backfilled,
}

impl Engine {
    /// The data contract of an id.
    pub fn data_contract(&self, id: &str) -> Result<(ServerKind, Stored), ApiError> {
        let sk = kinds::required("dataContract")?;
        let contract = self.find(&sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        Ok((sk, contract))
    }

    /// Where a data contract goes (`DataContractRepository.prepare`): under the entity it
    /// is of, named `<entity FQN>.dataContract_<name>` (the name is not quoted), one contract
    /// per entity, and every schema field a column (or topic field) of the entity.
    pub(crate) fn place_data_contract(
        &self,
        doc: &mut Map<String, Value>,
        name: &str,
    ) -> Result<Placement, ApiError> {
        let reference = doc.get("entity").filter(|v| !v.is_null());
        let (Some(entity_type), Some(entity_id)) = (
            reference
                .and_then(|r| r.get("type"))
                .and_then(Value::as_str),
            reference.and_then(|r| r.get("id")).and_then(Value::as_str),
        ) else {
            return Err(ApiError::bad_request(
                "Entity reference is required for data contract",
            ));
        };
        let entity = self.live_entity(entity_type, entity_id)?;
        let fqn = format!("{}.dataContract_{name}", entity.fqn);
        if let Some(other) = self.contract_of(&entity)?
            && other.fqn != fqn
        {
            return Err(ApiError::bad_request(format!(
                "A data contract already exists for entity '{entity_type}' with ID {entity_id}"
            )));
        }
        let missing = missing_schema_fields(doc.get("schema"), &entity);
        if !missing.is_empty() {
            return Err(ApiError::bad_request(format!(
                "Schema validation failed. The following fields specified in the data contract \
                 do not exist in the {entity_type}: {}",
                missing.join(", ")
            )));
        }
        doc.insert("entity".into(), self.reference(&entity));
        Ok(Placement {
            parent: Some(entity),
            fqn,
        })
    }

    /// The entity a contract is (to be) of: it must exist and not be deleted.
    fn live_entity(&self, entity_type: &str, entity_id: &str) -> Result<Stored, ApiError> {
        let kind = kinds::required(entity_type)?;
        self.find(&kind, &Key::Id(entity_id.to_string()), Include::NonDeleted)
    }

    /// The data contract of an entity, if it has one.
    fn contract_of(&self, entity: &Stored) -> Result<Option<Stored>, ApiError> {
        // A contract's FQN is its entity's with `.dataContract_<name>` appended.
        let scope = ListScope {
            under: Some(entity.fqn.clone()),
            ..ListScope::default()
        };
        let mut after = None;
        loop {
            let page = self.store.list(
                "dataContract",
                &scope,
                Include::NonDeleted,
                500,
                after.as_ref(),
                None,
            )?;
            let found = page.rows.into_iter().find(|c| {
                c.json.pointer("/entity/id").and_then(Value::as_str) == Some(entity.id.as_str())
            });
            match (found, page.after) {
                (Some(contract), _) => return Ok(Some(contract)),
                (None, Some(next)) => after = Some(next),
                (None, None) => return Ok(None),
            }
        }
    }

    /// The data contract of an entity (`GET /dataContracts/entity?entityId&entityType`): the
    /// entity must exist; 404 `Data contract for entity {id} is not found` without one.
    pub fn entity_data_contract(
        &self,
        entity_id: &str,
        entity_type: &str,
        fields: &Fields,
    ) -> Result<Value, ApiError> {
        let entity = self.live_entity(entity_type, entity_id)?;
        match self.contract_of(&entity)? {
            Some(contract) => self.present(&kinds::required("dataContract")?, &contract, fields),
            None => Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("Data contract for entity {entity_id} is not found"),
            )),
        }
    }

    /// Stores a result of the contract `id` (an `id` is given to a result without one, and
    /// its `dataContractFQN` is the contract's), replacing the record of the same result id;
    /// moves the contract's `latestResult` when the result is newer than it or is it.
    pub fn add_contract_result(
        &self,
        id: &str,
        result: &Value,
        caller: &Caller,
    ) -> Result<(ResultPlace, Value), ApiError> {
        let (sk, contract) = self.data_contract(id)?;
        let mut result = result.clone();
        let Some(fields) = result.as_object_mut() else {
            return Err(ApiError::bad_request(
                "a data contract result is a JSON object",
            ));
        };
        if !fields.get("id").is_some_and(Value::is_string) {
            fields.insert("id".into(), json!(uuid::Uuid::new_v4().to_string()));
        }
        fields.insert("dataContractFQN".into(), json!(contract.fqn));
        let result = openmetadata_types::wire::normalize::<
            openmetadata_types::entity::datacontract::data_contract_result::DataContractResult,
        >(&result)
        .map_err(ApiError::bad_request)?;
        let result_id = text_field(&result, "id").to_string();
        let ts = result.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
        let series = Series {
            entity_id: &contract.id,
            fqn: &contract.fqn,
            extension: CONTRACT_RESULT,
        };
        self.store
            .put_keyed_record(&series, ts, &result_id, &result)?;
        let latest = contract.json.get("latestResult");
        let is_latest = match latest {
            None | Some(Value::Null) => true,
            Some(l) => {
                l.get("timestamp")
                    .and_then(Value::as_i64)
                    .unwrap_or(i64::MIN)
                    < ts
                    || l.get("resultId").and_then(Value::as_str) == Some(result_id.as_str())
            }
        };
        if !is_latest {
            return Ok((ResultPlace::Backfilled, result));
        }
        let mut doc = contract.json.clone();
        let mut latest = json!({"timestamp": ts, "resultId": result_id});
        for (to, from) in [("status", "contractExecutionStatus"), ("message", "result")] {
            if let Some(v) = result.get(from) {
                latest[to] = v.clone();
            }
        }
        doc["latestResult"] = latest;
        self.commit_change(&sk, &contract, doc, caller)?;
        Ok((ResultPlace::Latest, result))
    }

    /// The contract's results from `range` (default: from 0 until now), newest first, at most
    /// `limit` (10 unless given; 0 for all).
    pub fn contract_results(
        &self,
        id: &str,
        range: Range,
        limit: i64,
    ) -> Result<Vec<Value>, ApiError> {
        let (_, contract) = self.data_contract(id)?;
        let limit = if limit > 0 { limit } else { i64::MAX };
        Ok(self
            .store
            .records(&contract.fqn, CONTRACT_RESULT, range, limit)?)
    }

    /// The contract's latest result (`null` when it has none, as the real server answers).
    pub fn latest_contract_result(&self, id: &str) -> Result<Value, ApiError> {
        let (_, contract) = self.data_contract(id)?;
        self.latest_record(&contract, CONTRACT_RESULT)
    }

    /// One result of the contract by its id.
    pub fn contract_result(&self, id: &str, result_id: &str) -> Result<Value, ApiError> {
        let (_, contract) = self.data_contract(id)?;
        self.store
            .record_by_key(&contract.fqn, CONTRACT_RESULT, result_id)?
            .ok_or_else(|| ApiError::not_found("dataContractResult", result_id))
    }

    /// Deletes the contract's results in `range`.
    pub fn delete_contract_results(&self, id: &str, range: Range) -> Result<(), ApiError> {
        let (_, contract) = self.data_contract(id)?;
        self.store
            .delete_records(&contract.fqn, CONTRACT_RESULT, range)?;
        Ok(())
    }
}

/// The names of a contract's schema fields the entity does not have: a table's columns, a
/// topic's message schema fields at any depth; other kinds are not checked.
fn missing_schema_fields(schema: Option<&Value>, entity: &Stored) -> Vec<String> {
    let wanted: Vec<&str> = schema
        .and_then(Value::as_array)
        .map(|cols| {
            cols.iter()
                .filter_map(|c| c.get("name")?.as_str())
                .collect()
        })
        .unwrap_or_default();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut names = Vec::new();
    match entity.kind.as_str() {
        "table" => collect_names(entity.json.get("columns"), false, &mut names),
        "topic" => collect_names(
            entity.json.pointer("/messageSchema/schemaFields"),
            true,
            &mut names,
        ),
        _ => return Vec::new(),
    }
    wanted
        .into_iter()
        .filter(|w| !names.iter().any(|n| n == w))
        .map(String::from)
        .collect()
}

/// The `name` of each item of a list, and with `deep` of their `children` too.
fn collect_names(items: Option<&Value>, deep: bool, out: &mut Vec<String>) {
    for item in items.and_then(Value::as_array).into_iter().flatten() {
        if let Some(n) = item.get("name").and_then(Value::as_str) {
            out.push(n.to_string());
        }
        if deep {
            collect_names(item.get("children"), true, out);
        }
    }
}
