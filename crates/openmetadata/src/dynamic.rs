//! Entities of a type known only at run time, by its type name, as JSON: what a command line
//! or a generic tool needs (like kube-rs's `DynamicObject`). Requests are checked against the
//! schema before they are sent, so a typo in a field name is caught locally.

use openmetadata_types::EntityKind;
use openmetadata_types::type_::entity_history::EntityVersionHistory;
use serde_json::Value;

use crate::client::{EntityList, OpenMetadata, Paged};
use crate::error::{Error, Result};
use crate::fqn::path_segment;
use crate::params::{DeleteParams, GetParams, ListParams};

/// The entities of one type, as JSON documents.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// let tables = om.dynamic("table")?;
/// let orders = tables.get("mysql.sales.public.orders", &Default::default()).await?;
/// println!("{}", orders.unwrap()["description"]);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct DynamicApi {
    client: OpenMetadata,
    kind: &'static EntityKind,
}

/// How a command names an entity: an id (a UUID) or a fully qualified name.
fn entity_path(kind: &EntityKind, key: &str) -> String {
    if is_uuid(key) {
        format!("/{}/{}", kind.collection, key)
    } else {
        format!("/{}/name/{}", kind.collection, path_segment(key))
    }
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

impl OpenMetadata {
    /// The entities of the type named `type_name` (`"table"`, `"databaseService"`; case does
    /// not matter).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let tables = om.dynamic("table")?;
    /// let orders = tables.get("svc.db.s.orders", &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub fn dynamic(&self, type_name: &str) -> Result<DynamicApi> {
        let kind = EntityKind::by_type_name(type_name)
            .ok_or_else(|| Error::UnknownEntityType(type_name.to_string()))?;
        Ok(DynamicApi {
            client: self.clone(),
            kind,
        })
    }
}

impl DynamicApi {
    /// The entity type.
    ///
    /// ```
    /// let om = openmetadata::OpenMetadata::new(openmetadata::Config::new("http://om:8585/api")).unwrap();
    /// assert_eq!(om.dynamic("databaseSchema").unwrap().kind().collection, "databaseSchemas");
    /// ```
    pub fn kind(&self) -> &'static EntityKind {
        self.kind
    }

    /// The entity with this id or FQN, or `None` (404 only).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let by_name = om.dynamic("topic")?.get("kafka.orders", &Default::default()).await?;
    /// let by_id = om.dynamic("topic")?.get("0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get(&self, key: &str, params: &GetParams) -> Result<Option<Value>> {
        self.client
            .get_opt(&entity_path(self.kind, key), &params.query())
            .await
    }

    /// One page.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let page = om.dynamic("dashboard")?.list(&openmetadata::ListParams::default().limit(20)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, params: &ListParams) -> Result<EntityList<Value>> {
        self.client.list_page(self.kind.collection, params).await
    }

    /// Every entity, page after page.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let all: Vec<serde_json::Value> = om.dynamic("chart")?.list_all(Default::default()).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn list_all(&self, params: ListParams) -> Paged<Value> {
        Box::pin(self.client.list_stream(self.kind.collection, params))
    }

    /// Checks a create request against the schema without sending it.
    ///
    /// ```
    /// let om = openmetadata::OpenMetadata::new(openmetadata::Config::new("http://om:8585/api")).unwrap();
    /// let databases = om.dynamic("database").unwrap();
    /// assert!(databases.check_create(&serde_json::json!({"name": "sales", "service": "svc"})).is_ok());
    /// assert!(databases.check_create(&serde_json::json!({"name": "sales", "colour": "red"})).is_err());
    /// ```
    pub fn check_create(&self, request: &Value) -> Result<()> {
        let check = self.kind.check_create.ok_or_else(|| {
            Error::InvalidRequest(format!(
                "{} entities are not created through their collection",
                self.kind.type_name
            ))
        })?;
        check(request)
            .map(|_| ())
            .map_err(|e| Error::InvalidRequest(format!("{} request: {e}", self.kind.type_name)))
    }

    /// `PUT`: creates or updates from a create request, checked first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let db = om.dynamic("database")?
    ///     .create_or_update(&serde_json::json!({"name": "sales", "service": "mysql_prod"}))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update(&self, request: &Value) -> Result<Value> {
        self.check_create(request)?;
        self.client
            .put_at(self.kind.collection, request.clone())
            .await
    }

    /// Applies a JSON Patch document (RFC 6902) to the entity with this id or FQN; with
    /// `if_version`, only if the entity is still at that version.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let ops = serde_json::json!([{"op": "add", "path": "/description", "value": "Sales."}]);
    /// om.dynamic("database")?.patch("mysql_prod.sales", &ops, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch(&self, key: &str, ops: &Value, if_version: Option<f64>) -> Result<Value> {
        if serde_json::from_value::<json_patch::Patch>(ops.clone()).is_err() {
            return Err(Error::InvalidRequest(
                "a JSON Patch is an array of {op, path, value} operations".into(),
            ));
        }
        self.client
            .patch_at(&entity_path(self.kind, key), ops.clone(), if_version)
            .await
    }

    /// Deletes the entity with this id or FQN.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// om.dynamic("databaseService")?.delete("mysql_prod", openmetadata::DeleteParams::default().recursive(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, key: &str, params: DeleteParams) -> Result<()> {
        self.client
            .delete_at(&entity_path(self.kind, key), params)
            .await
    }

    /// Restores a soft-deleted entity by id.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// om.dynamic("table")?.restore("0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f").await?;
    /// # Ok(()) }
    /// ```
    pub async fn restore(&self, id: &str) -> Result<Value> {
        self.client.restore_at(self.kind.collection, id).await
    }

    /// Every version of the entity with this id, latest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let history = om.dynamic("table")?.versions("0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f").await?;
    /// # Ok(()) }
    /// ```
    pub async fn versions(&self, id: &str) -> Result<EntityVersionHistory> {
        self.client.versions_at(self.kind.collection, id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_take_their_own_paths() {
        let kind = EntityKind::by_type_name("table").unwrap();
        assert_eq!(
            entity_path(kind, "7f8b2c1e-1111-4a2b-9c3d-0123456789ab"),
            "/tables/7f8b2c1e-1111-4a2b-9c3d-0123456789ab"
        );
        assert_eq!(
            entity_path(kind, "svc.db.\"a/b\".t"),
            "/tables/name/svc.db.%22a%2Fb%22.t"
        );
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/dynamic.rs"]
mod blocking_twins;
