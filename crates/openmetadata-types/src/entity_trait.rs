//! The `Entity` trait: what the SDK and the server know about every entity type.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::type_::basic::Uuid;

/// An entity type served under its own collection route (`/api/v1/<COLLECTION>`).
///
/// Implemented for every entity collection the Python SDK routes to (its `ROUTES` table) by code
/// generated from one hand-kept table (`codegen/entities.txt`).
///
/// ```
/// use openmetadata_types::Entity;
/// use openmetadata_types::entity::data::table::Table;
/// assert_eq!(Table::TYPE_NAME, "table");
/// assert_eq!(Table::COLLECTION, "tables");
/// ```
pub trait Entity:
    Serialize + DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static
{
    /// The entity type name used in entity references and links (`"table"`).
    const TYPE_NAME: &'static str;
    /// The collection path below `/api/v1` (`"tables"`, `"services/databaseServices"`).
    const COLLECTION: &'static str;
    /// The entity's id.
    fn id(&self) -> Option<&Uuid>;
    /// The entity's name.
    fn name(&self) -> Option<&str>;
    /// The entity's fully qualified name.
    fn fully_qualified_name(&self) -> Option<&str>;
    /// The entity's version (`0.1` when created).
    fn version(&self) -> Option<f64>;
    /// Whether the entity is soft-deleted.
    fn deleted(&self) -> Option<bool>;
    /// The link to the entity resource.
    fn href(&self) -> Option<&str>;

    /// The FQN the server gave the entity: always set on an entity read or written through
    /// the server (empty only on one built by hand), so no `Option` to unwrap.
    ///
    /// ```
    /// use openmetadata_types::Entity;
    /// let table: openmetadata_types::entity::data::table::Table = serde_json::from_value(serde_json::json!({
    ///     "id": "6b7e1b8e-6f0a-4c57-9bd2-3b5c2c8d7a11", "name": "orders", "columns": [],
    ///     "fullyQualifiedName": "svc.db.s.orders"})).unwrap();
    /// assert_eq!(table.fqn(), "svc.db.s.orders");
    /// ```
    fn fqn(&self) -> &str {
        self.fully_qualified_name().unwrap_or_default()
    }

    /// A reference to this entity (id, type, name and FQN), for owners, lineage edges,
    /// data product assets, ...
    fn reference(&self) -> crate::type_::entity_reference::EntityReference {
        crate::type_::entity_reference::EntityReference::from(self)
    }
}

/// A `Create*Request`: the body of `POST` / `PUT` on its entity's collection.
///
/// ```
/// use openmetadata_types::CreateRequest;
/// use openmetadata_types::api::data::create_database::CreateDatabaseRequest;
/// let req = CreateDatabaseRequest::new("sales", "mysql_prod");
/// assert_eq!(req.name(), Some("sales"));
/// ```
pub trait CreateRequest:
    Serialize + DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static
{
    /// The entity the request creates.
    type Entity: Entity;
    /// The name of the entity to create.
    fn name(&self) -> Option<&str>;
}

/// One row of [`ENTITY_KINDS`](crate::ENTITY_KINDS): an entity type known by name at run time.
#[derive(Clone, Copy, Debug)]
pub struct EntityKind {
    /// The entity type name (`"table"`).
    pub type_name: &'static str,
    /// The collection path below `/api/v1` (`"tables"`).
    pub collection: &'static str,
    /// The schema class of the entity (`"Table"`).
    pub entity_class: &'static str,
    /// The schema class of its create request, if it has one (`"CreateTableRequest"`).
    pub create_class: Option<&'static str>,
    /// Wire names of the entity's fields, in schema order.
    pub fields: &'static [&'static str],
    /// Checks a JSON entity against the schema and returns it normalized (see
    /// [`normalize`](crate::wire::normalize)).
    pub check_entity: fn(&serde_json::Value) -> Result<serde_json::Value, String>,
    /// Checks a JSON create request the same way, if the entity has one.
    pub check_create: Option<fn(&serde_json::Value) -> Result<serde_json::Value, String>>,
}

impl EntityKind {
    /// Looks an entity kind up by its type name (`"table"`), case-insensitively.
    ///
    /// ```
    /// let kind = openmetadata_types::EntityKind::by_type_name("databaseService").unwrap();
    /// assert_eq!(kind.collection, "services/databaseServices");
    /// ```
    pub fn by_type_name(name: &str) -> Option<&'static EntityKind> {
        crate::ENTITY_KINDS
            .iter()
            .find(|k| k.type_name.eq_ignore_ascii_case(name))
    }
}
