//! The server and service mixins: system settings, get-or-create of an entity or of the
//! service an ingestion `source` names, entity references and chart lookups.

use serde_json::{Value, json};

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn::{self, path_segment};
use crate::params::{GetParams, StoreConnection};
use crate::types::entity::data::chart::Chart;
use crate::types::metadata_ingestion::workflow::Source;
use crate::types::settings::settings::{SettingType, Settings};
use crate::types::type_::entity_reference::EntityReference;
use crate::types::{CreateRequest, Entity};

impl OpenMetadata {
    /// Starts a reindex of the search index (`SearchIndexingApplication`). `ometa-server`
    /// indexes every write as it commits, so there it only records a finished run.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// om.reindex().await?;
    /// while om.is_reindex_app_running().await? {
    ///     tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn reindex(&self) -> Result<()> {
        self.call(
            reqwest::Method::POST,
            "/apps/trigger/SearchIndexingApplication",
            &[],
            None,
        )
        .await
        .map(|_| ())
    }

    /// Whether the latest reindex run is still running; `false` when there has been none
    /// (Python raises instead).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let busy = om.is_reindex_app_running().await?;
    /// # Ok(()) }
    /// ```
    pub async fn is_reindex_app_running(&self) -> Result<bool> {
        let runs: Vec<Value> = self
            .list_data(
                "/apps/name/SearchIndexingApplication/status",
                &[("offset", "0".into()), ("limit", "1".into())],
            )
            .await?;
        Ok(runs
            .first()
            .and_then(|r| r.get("status"))
            .and_then(Value::as_str)
            == Some("running"))
    }

    /// One system setting (`GET /system/settings/{type}`), or `None` if the server has none.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::settings::settings::SettingType;
    /// let profiler = om.get_settings(SettingType::ProfilerConfiguration).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_settings(&self, setting: SettingType) -> Result<Option<Settings>> {
        self.get_opt(&format!("/system/settings/{}", setting.as_str()), &[])
            .await
    }

    /// The profiler configuration setting (the Python SDK's `get_profiler_config_settings`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// if let Some(setting) = om.get_profiler_config_settings().await? {
    ///     println!("{:?}", setting.config_value);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_profiler_config_settings(&self) -> Result<Option<Settings>> {
        self.get_settings(SettingType::ProfilerConfiguration).await
    }

    /// Creates or replaces a system setting (`PUT /system/settings`); answers it as stored.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::settings::settings::Settings;
    /// let setting: Settings = serde_json::from_value(serde_json::json!({
    ///     "config_type": "profilerConfiguration",
    ///     "config_value": {"metricConfiguration": [{"dataType": "INT", "metrics": ["COUNT"]}]}
    /// })).unwrap();
    /// om.create_or_update_settings(&setting).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update_settings(&self, settings: &Settings) -> Result<Settings> {
        let body = serde_json::to_value(settings).map_err(|e| Error::Config(e.to_string()))?;
        self.put_at("system/settings", body).await
    }

    /// The entity the request names if it exists, else the entity the request creates
    /// (the Python SDK's `get_service_or_create`, for any kind of entity).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::services::create_database_service::CreateDatabaseServiceRequest;
    /// let request: CreateDatabaseServiceRequest = serde_json::from_value(serde_json::json!({
    ///     "name": "mysql_prod", "serviceType": "Mysql"
    /// })).unwrap();
    /// let service = om.get_or_create(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_or_create<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        let name = request
            .name()
            .ok_or_else(|| Error::Config("the create request has no name".into()))?;
        let path = format!("/{}", C::Entity::COLLECTION);
        self.find_or_put(&fqn::build(&[name])?, &path, || Ok(request))
            .await
    }

    /// Creates (or updates) the service an ingestion workflow's `source` names: its
    /// `serviceName`, the `type` of its connection's `config` as `serviceType`, and the
    /// connection itself when `store_connection` (the connection's `storeServiceConnection`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> Result<(), Box<dyn std::error::Error>> {
    /// use openmetadata::types::entity::services::database_service::DatabaseService;
    /// use openmetadata::types::metadata_ingestion::workflow::Source;
    /// let source: Source = serde_json::from_str(&std::fs::read_to_string("source.json")?)?;
    /// let service: DatabaseService = om.create_service_from_source(&source, true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_service_from_source<S: Entity>(
        &self,
        source: &Source,
        store_connection: impl Into<StoreConnection>,
    ) -> Result<S> {
        let request = service_request(source, store_connection.into().is_yes())?;
        self.put_at(S::COLLECTION, request).await
    }

    /// The service an ingestion `source` names, created first if it does not exist.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::services::database_service::DatabaseService;
    /// use openmetadata::types::metadata_ingestion::workflow::Source;
    /// let source: Source = serde_json::from_value(serde_json::json!({
    ///     "type": "mysql", "serviceName": "local_mysql",
    ///     "serviceConnection": {"config": {"type": "Mysql", "username": "u", "hostPort": "localhost:3306", "authType": {"password": "p"}}},
    ///     "sourceConfig": {"config": {"type": "DatabaseMetadata"}}
    /// })).unwrap();
    /// let service: DatabaseService = om.get_service_or_create(&source, true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_service_or_create<S: Entity>(
        &self,
        source: &Source,
        store_connection: impl Into<StoreConnection>,
    ) -> Result<S> {
        let name = fqn::build(&[service_name(source)?])?;
        self.find_or_put(&name, &format!("/{}", S::COLLECTION), || {
            service_request(source, store_connection.into().is_yes())
        })
        .await
    }

    /// A reference to the entity with this FQN, or `None` if there is none.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let owner_of_lineage = om.get_entity_reference::<Table>("svc.db.sch.orders").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_entity_reference<E: Entity>(
        &self,
        fqn: &str,
    ) -> Result<Option<EntityReference>> {
        let entity = self.get_by_name::<E>(fqn, &GetParams::default()).await?;
        entity
            .map(|e| crate::utils::entity_reference(&e))
            .transpose()
    }

    /// The FQNs of the charts of `service` whose names are `chart_ids` (the Python SDK's
    /// `get_chart_entities_from_id`); charts that do not exist are left out.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let fqns = om.get_chart_fqns(&["revenue", "churn"], "looker").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_chart_fqns(&self, chart_ids: &[&str], service: &str) -> Result<Vec<String>> {
        let mut fqns = Vec::new();
        for id in chart_ids {
            let fqn = fqn::build(&[service, id])?;
            let path = format!("/{}/name/{}", Chart::COLLECTION, path_segment(&fqn));
            if let Some(chart) = self.get_opt::<Chart>(&path, &[]).await? {
                fqns.extend(chart.fully_qualified_name().map(String::from));
            }
        }
        Ok(fqns)
    }
}

fn service_name(source: &Source) -> Result<&str> {
    source
        .service_name
        .as_deref()
        .ok_or_else(|| Error::Config("the source has no serviceName".into()))
}

/// The `Create<Kind>ServiceRequest` body for a workflow source.
fn service_request(source: &Source, store_connection: bool) -> Result<Value> {
    let connection = serde_json::to_value(&source.service_connection)
        .map_err(|e| Error::Config(e.to_string()))?;
    let service_type = connection
        .pointer("/config/type")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::Config("the source's serviceConnection.config has no type".into()))?
        .to_string();
    let mut request = json!({ "name": service_name(source)?, "serviceType": service_type });
    if store_connection {
        request["connection"] = connection;
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_becomes_a_service_request() {
        let source: Source = serde_json::from_value(json!({
            "type": "mysql",
            "serviceName": "local_mysql",
            "serviceConnection": {"config": {"type": "Mysql", "username": "u", "hostPort": "h:3306",
                "authType": {"password": "p"}}},
            "sourceConfig": {"config": {"type": "DatabaseMetadata"}}
        }))
        .unwrap();
        let with = service_request(&source, true).unwrap();
        assert_eq!(with["name"], "local_mysql");
        assert_eq!(with["serviceType"], "Mysql");
        assert_eq!(with["connection"]["config"]["hostPort"], "h:3306");
        let without = service_request(&source, false).unwrap();
        assert!(without.get("connection").is_none());
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/server_ops.rs"]
mod blocking_twins;
