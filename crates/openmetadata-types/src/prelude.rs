//! The types most programs need, in one `use openmetadata_types::prelude::*`.

pub use crate::api::data::create_database::CreateDatabaseRequest;
pub use crate::api::data::create_database_schema::CreateDatabaseSchemaRequest;
pub use crate::api::data::create_table::CreateTableRequest;
pub use crate::api::lineage::add_lineage::AddLineageRequest;
pub use crate::api::services::create_database_service::CreateDatabaseServiceRequest;
pub use crate::entity::data::database::Database;
pub use crate::entity::data::database_schema::DatabaseSchema;
pub use crate::entity::data::table::{Column, DataType, Table};
pub use crate::entity::services::database_service::DatabaseService;
pub use crate::entity::teams::team::Team;
pub use crate::entity::teams::user::User;
pub use crate::type_::basic::{EntityName, FullyQualifiedEntityName, Markdown, Timestamp, Uuid};
pub use crate::type_::entity_lineage::EntitiesEdge;
pub use crate::type_::entity_reference::EntityReference;
pub use crate::type_::tag_label::TagLabel;
pub use crate::{CreateRequest, Entity, EntityKind, SecretString};
