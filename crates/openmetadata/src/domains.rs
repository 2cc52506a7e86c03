//! Data products (domain_mixin): assets added and removed in bulk, input and output ports.
//! The assets of a domain or a data product are listed with
//! [`get_assets`](crate::OpenMetadata::get_assets).

use openmetadata_types::api::domains::data_product_ports_view::{
    DataProductPortsView, PaginatedEntities,
};
use openmetadata_types::type_::bulk_operation_result::BulkOperationResult;
use openmetadata_types::type_::entity_reference::EntityReference;
use reqwest::Method;

use crate::client::OpenMetadata;
use crate::error::Result;
use crate::fqn::path_segment;

/// The two port lists of a data product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortKind {
    /// Data the product consumes.
    Input,
    /// Data the product exposes; each must be one of its assets.
    Output,
}

impl PortKind {
    fn segment(self) -> &'static str {
        match self {
            PortKind::Input => "inputPorts",
            PortKind::Output => "outputPorts",
        }
    }
}

/// Whether a bulk request adds or removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    Add,
    Remove,
}

impl Operation {
    fn segment(self) -> &'static str {
        match self {
            Operation::Add => "add",
            Operation::Remove => "remove",
        }
    }
}

impl OpenMetadata {
    async fn bulk_assets(
        &self,
        data_product: &str,
        list: &str,
        operation: Operation,
        assets: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        let path = format!(
            "/dataProducts/{}/{list}/{}",
            path_segment(data_product),
            operation.segment()
        );
        self.put_json(&path, &serde_json::json!({"assets": assets}))
            .await
    }

    /// Adds assets to a data product (by its name). Each asset must already be in one of the
    /// data product's domains; the result says which went through and why others did not.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, dashboard_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::type_::entity_reference::EntityReference;
    /// let asset: EntityReference = serde_json::from_value(
    ///     serde_json::json!({"id": dashboard_id, "type": "dashboard"})).unwrap();
    /// let result = om.add_assets_to_data_product("Orders", &[asset]).await?;
    /// assert_eq!(result.number_of_rows_failed.map(|n| n.0), Some(0));
    /// # Ok(()) }
    /// ```
    pub async fn add_assets_to_data_product(
        &self,
        data_product: &str,
        assets: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.bulk_assets(data_product, "assets", Operation::Add, assets)
            .await
    }

    /// Removes assets from a data product; removing one it does not hold succeeds.
    pub async fn remove_assets_from_data_product(
        &self,
        data_product: &str,
        assets: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.bulk_assets(data_product, "assets", Operation::Remove, assets)
            .await
    }

    /// Adds input or output ports to a data product. An output port must be one of the data
    /// product's assets, and no asset is both an input and an output port.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::PortKind;
    /// use openmetadata::types::type_::entity_reference::EntityReference;
    /// let source: EntityReference = serde_json::from_value(
    ///     serde_json::json!({"id": table_id, "type": "table"})).unwrap();
    /// om.add_ports_to_data_product("Orders", PortKind::Input, &[source]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_ports_to_data_product(
        &self,
        data_product: &str,
        kind: PortKind,
        ports: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.bulk_assets(data_product, kind.segment(), Operation::Add, ports)
            .await
    }

    /// Removes input or output ports from a data product.
    pub async fn remove_ports_from_data_product(
        &self,
        data_product: &str,
        kind: PortKind,
        ports: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.bulk_assets(data_product, kind.segment(), Operation::Remove, ports)
            .await
    }

    /// One page of a data product's input or output ports, each the port's entity with the
    /// `fields` asked for and its `entityType`.
    pub async fn get_data_product_ports(
        &self,
        data_product_fqn: &str,
        kind: PortKind,
        limit: u32,
        offset: u32,
    ) -> Result<PaginatedEntities> {
        let path = format!(
            "/dataProducts/name/{}/{}",
            path_segment(data_product_fqn),
            kind.segment()
        );
        let query = [("limit", limit.to_string()), ("offset", offset.to_string())];
        self.call(Method::GET, &path, &query, None).await?.json()
    }

    /// Both port lists of a data product at once (the first `limit` of each).
    pub async fn get_data_product_ports_view(
        &self,
        data_product_fqn: &str,
        limit: u32,
    ) -> Result<DataProductPortsView> {
        let path = format!(
            "/dataProducts/name/{}/portsView",
            path_segment(data_product_fqn)
        );
        let query = [
            ("inputLimit", limit.to_string()),
            ("outputLimit", limit.to_string()),
        ];
        self.call(Method::GET, &path, &query, None).await?.json()
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/domains.rs"]
mod blocking_twins;
