//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `data_contracts.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::get_data_contract_by_entity_id`](crate::OpenMetadata::get_data_contract_by_entity_id).
    pub fn get_data_contract_by_entity_id(
        &self,
        entity_id: impl Display,
        entity_type: &str,
    ) -> Result<Option<DataContract>> {
        self.call(|c| c.get_data_contract_by_entity_id(entity_id, entity_type))
    }

    /// Blocking [`OpenMetadata::put_data_contract_result`](crate::OpenMetadata::put_data_contract_result).
    pub fn put_data_contract_result(
        &self,
        contract_id: impl Display,
        result: &DataContractResult,
    ) -> Result<DataContractResult> {
        self.call(|c| c.put_data_contract_result(contract_id, result))
    }

    /// Blocking [`OpenMetadata::get_data_contract_results`](crate::OpenMetadata::get_data_contract_results).
    pub fn get_data_contract_results(
        &self,
        contract_id: impl Display,
        range: Option<TimeRange>,
        limit: Option<u32>,
    ) -> Result<Vec<DataContractResult>> {
        self.call(|c| c.get_data_contract_results(contract_id, range, limit))
    }

    /// Blocking [`OpenMetadata::get_latest_data_contract_result`](crate::OpenMetadata::get_latest_data_contract_result).
    pub fn get_latest_data_contract_result(
        &self,
        contract_id: impl Display,
    ) -> Result<Option<DataContractResult>> {
        self.call(|c| c.get_latest_data_contract_result(contract_id))
    }

    /// Blocking [`OpenMetadata::get_data_contract_result_by_id`](crate::OpenMetadata::get_data_contract_result_by_id).
    pub fn get_data_contract_result_by_id(
        &self,
        contract_id: impl Display,
        result_id: impl Display,
    ) -> Result<Option<DataContractResult>> {
        self.call(|c| c.get_data_contract_result_by_id(contract_id, result_id))
    }

    /// Blocking [`OpenMetadata::delete_data_contract_result`](crate::OpenMetadata::delete_data_contract_result).
    pub fn delete_data_contract_result(
        &self,
        contract_id: impl Display,
        timestamp: i64,
    ) -> Result<()> {
        self.call(|c| c.delete_data_contract_result(contract_id, timestamp))
    }

    /// Blocking [`OpenMetadata::delete_data_contract_results_before`](crate::OpenMetadata::delete_data_contract_results_before).
    pub fn delete_data_contract_results_before(
        &self,
        contract_id: impl Display,
        timestamp: i64,
    ) -> Result<()> {
        self.call(|c| c.delete_data_contract_results_before(contract_id, timestamp))
    }
}
