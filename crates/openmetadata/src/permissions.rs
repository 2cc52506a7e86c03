//! What a user may do (`/permissions`): on every resource, on one resource type, on one
//! entity (the rules' conditions evaluated on it). A call the server refuses fails with
//! [`Error::Forbidden`](crate::Error::Forbidden), naming the principal and operations.
//!
//! ```no_run
//! # async fn demo(bot: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
//! use openmetadata::types::entity::data::table::Table;
//! use openmetadata::Error;
//! // A restricted bot may not rename tables: the real server's DefaultBotPolicy denies it.
//! let ops = serde_json::json!([{"op": "add", "path": "/displayName", "value": "Orders"}]);
//! match bot.dynamic("table")?.patch("mysql.sales.public.orders", &ops, None).await {
//!     Err(Error::Forbidden { principal, operations, .. }) => {
//!         assert_eq!(principal.as_deref(), Some("ingestion-bot"));
//!         assert_eq!(operations, ["EditDisplayName"]);
//!     }
//!     other => panic!("{other:?}"),
//! }
//! // What it may do to the table (a listing is trimmed as the real server trims it: once
//! // `ViewAll` or `EditAll` is decided, the single `View…`/`Edit…` operations are left out).
//! let perms = bot.entity_permission_by_name::<Table>("mysql.sales.public.orders", None).await?;
//! for p in &perms.permissions {
//!     println!("{:?}: {:?}", p.operation, p.access);
//! }
//! # Ok(()) }
//! ```

use crate::client::OpenMetadata;
use crate::error::Result;
use crate::fqn::path_segment;
use crate::types::Entity;
use crate::types::entity::policies::access_control::resource_permission::ResourcePermission;

/// `?user=` when asking about someone else (an admin's question).
fn user_query(user: Option<&str>) -> Vec<(&'static str, String)> {
    user.map(|u| ("user", u.to_string())).into_iter().collect()
}

#[derive(serde::Deserialize)]
struct PermissionList {
    data: Vec<ResourcePermission>,
}

impl OpenMetadata {
    /// The `ResourcePermission` answered at `path` (a `/permissions/...` path).
    async fn permission_at(&self, path: &str, user: Option<&str>) -> Result<ResourcePermission> {
        self.call(reqwest::Method::GET, path, &user_query(user), None)
            .await?
            .json()
    }

    /// The caller's permissions (or `user`'s, for an admin) on every resource.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// for resource in om.permissions(None).await? {
    ///     println!("{}: {} operations", resource.resource, resource.permissions.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn permissions(&self, user: Option<&str>) -> Result<Vec<ResourcePermission>> {
        let list: PermissionList = self
            .call(
                reqwest::Method::GET,
                "/permissions",
                &user_query(user),
                None,
            )
            .await?
            .json()?;
        Ok(list.data)
    }

    /// The caller's (or `user`'s) permissions on a resource type (`"table"`); rules with a
    /// condition show as `conditionalAllow` / `conditionalDeny`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let tables = om.resource_permission("table", Some("alice")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn resource_permission(
        &self,
        resource: &str,
        user: Option<&str>,
    ) -> Result<ResourcePermission> {
        let path = format!("/permissions/{}", path_segment(resource));
        self.permission_at(&path, user).await
    }

    /// The caller's (or `user`'s) permissions on the entity `id` of `E`, its rules'
    /// conditions evaluated on it.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let on_it = om.entity_permission::<Table>(id, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn entity_permission<E: Entity>(
        &self,
        id: &str,
        user: Option<&str>,
    ) -> Result<ResourcePermission> {
        let path = format!("/permissions/{}/{}", E::TYPE_NAME, path_segment(id));
        self.permission_at(&path, user).await
    }

    /// Like [`entity_permission`](Self::entity_permission), by fully qualified name.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let on_it = om.entity_permission_by_name::<Table>("mysql.sales.public.orders", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn entity_permission_by_name<E: Entity>(
        &self,
        fqn: &str,
        user: Option<&str>,
    ) -> Result<ResourcePermission> {
        let path = format!("/permissions/{}/name/{}", E::TYPE_NAME, path_segment(fqn));
        self.permission_at(&path, user).await
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/permissions.rs"]
mod blocking_twins;
