//! Data contracts and their execution results (the Python SDK's `data_contract_mixin`): the
//! contract of an entity, results put, listed, read and deleted. A result newer than the
//! contract's latest (or re-reporting it) becomes the contract's `latestResult`.
//!
//! ```no_run
//! # async fn demo(om: openmetadata::OpenMetadata, table: openmetadata::types::entity::data::table::Table) -> openmetadata::Result<()> {
//! use openmetadata::types::entity::datacontract::data_contract_result::DataContractResult;
//! use openmetadata::types::type_::contract_execution_status::ContractExecutionStatus;
//! let contract = om.get_data_contract_by_entity_id(table.id, "table").await?.expect("a contract");
//! let fqn = contract.fully_qualified_name.clone().expect("set by the server");
//! let run = DataContractResult::new(fqn, 1_764_000_000_000, ContractExecutionStatus::Success);
//! om.put_data_contract_result(contract.id, &run).await?;
//! let latest = om.get_latest_data_contract_result(contract.id).await?;
//! # Ok(()) }
//! ```

use std::fmt::Display;

use reqwest::Method;

use crate::assets::{TimeRange, body};
use crate::client::OpenMetadata;
use crate::error::Result;
use crate::types::entity::data::data_contract::DataContract;
use crate::types::entity::datacontract::data_contract_result::DataContractResult;

impl OpenMetadata {
    /// The data contract of an entity, or `None` when it has none (`GET
    /// /dataContracts/entity?entityId&entityType`).
    pub async fn get_data_contract_by_entity_id(
        &self,
        entity_id: impl Display,
        entity_type: &str,
    ) -> Result<Option<DataContract>> {
        let query = [
            ("entityId", entity_id.to_string()),
            ("entityType", entity_type.to_string()),
        ];
        self.get_opt("/dataContracts/entity", &query).await
    }

    /// Stores a result of a contract (an id is given to a result without one); returns the
    /// stored result.
    pub async fn put_data_contract_result(
        &self,
        contract_id: impl Display,
        result: &DataContractResult,
    ) -> Result<DataContractResult> {
        let path = format!("/dataContracts/{contract_id}/results");
        self.call(Method::PUT, &path, &[], body(result)?)
            .await?
            .json()
    }

    /// A contract's results, newest first: those in `range` (default: from 0 until now), at
    /// most `limit` (the server's default is 10).
    pub async fn get_data_contract_results(
        &self,
        contract_id: impl Display,
        range: Option<TimeRange>,
        limit: Option<u32>,
    ) -> Result<Vec<DataContractResult>> {
        let mut query = range.map(|r| r.query()).unwrap_or_default();
        if let Some(limit) = limit {
            query.push(("limit", limit.to_string()));
        }
        self.list_data(&format!("/dataContracts/{contract_id}/results"), &query)
            .await
    }

    /// A contract's latest result, `None` when it has none.
    pub async fn get_latest_data_contract_result(
        &self,
        contract_id: impl Display,
    ) -> Result<Option<DataContractResult>> {
        let path = format!("/dataContracts/{contract_id}/results/latest");
        let answer = self.call(Method::GET, &path, &[], None).await?;
        match answer.body.is_empty() {
            true => Ok(None),
            false => answer.json(),
        }
    }

    /// One result of a contract by its id, `None` when there is none.
    pub async fn get_data_contract_result_by_id(
        &self,
        contract_id: impl Display,
        result_id: impl Display,
    ) -> Result<Option<DataContractResult>> {
        let path = format!("/dataContracts/{contract_id}/results/{result_id}");
        self.get_opt(&path, &[]).await
    }

    /// Deletes the contract's result at a timestamp.
    pub async fn delete_data_contract_result(
        &self,
        contract_id: impl Display,
        timestamp: i64,
    ) -> Result<()> {
        let path = format!("/dataContracts/{contract_id}/results/{timestamp}");
        self.call(Method::DELETE, &path, &[], None).await?;
        Ok(())
    }

    /// Deletes the contract's results before a timestamp (that one kept).
    pub async fn delete_data_contract_results_before(
        &self,
        contract_id: impl Display,
        timestamp: i64,
    ) -> Result<()> {
        let path = format!("/dataContracts/{contract_id}/results/before/{timestamp}");
        self.call(Method::DELETE, &path, &[], None).await?;
        Ok(())
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/data_contracts.rs"]
mod blocking_twins;
