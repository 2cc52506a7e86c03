//! Constructors for what every pipeline writes, so a call site reads like the catalog it
//! describes: typed columns, tag and glossary labels, references to entities, and lineage
//! edges with their column mappings. Hand-written (the generated types stay untouched).
//!
//! ```
//! use openmetadata_types::prelude::*;
//! use openmetadata_types::type_::entity_lineage::EntitiesEdge;
//! use openmetadata_types::type_::entity_reference::EntityReference;
//!
//! let columns = vec![
//!     Column::bigint("id"),
//!     Column::varchar("email", 255).with_tags([TagLabel::classification("PII.Sensitive")]),
//!     Column::decimal("amount", 12, 2),
//! ];
//! assert_eq!(columns[1].data_length, Some(255));
//!
//! let raw = EntityReference::to::<Table>(Uuid::new_v4());
//! let orders = EntityReference::to::<Table>(Uuid::new_v4());
//! let edge = EntitiesEdge::between(raw, orders)
//!     .with_columns([("svc.db.s.raw.email", "svc.db.s.orders.email")]);
//! let mapped = edge.lineage_details.unwrap().columns_lineage.unwrap();
//! assert_eq!(mapped[0].to_column.as_ref().unwrap().to_string(), "svc.db.s.orders.email");
//! ```

use crate::entity::data::table::{Column, DataType};
use crate::entity_trait::Entity;
use crate::type_::basic::Uuid;
use crate::type_::entity_lineage::{ColumnLineage, EntitiesEdge, LineageDetails};
use crate::type_::entity_reference::EntityReference;
use crate::type_::tag_label::{LabelType, State, TagLabel, TagSource};

impl TagLabel {
    /// A manual, confirmed label of a classification's tag (`"PII.Sensitive"`, `"Tier.Tier1"`).
    ///
    /// ```
    /// let pii = openmetadata_types::prelude::TagLabel::classification("PII.Sensitive");
    /// assert_eq!(pii.tag_fqn.to_string(), "PII.Sensitive");
    /// ```
    pub fn classification(tag_fqn: &str) -> Self {
        TagLabel::new(
            tag_fqn,
            TagSource::Classification,
            LabelType::Manual,
            State::Confirmed,
        )
    }

    /// A manual, confirmed label of a glossary term (`"Business.Revenue"`).
    ///
    /// ```
    /// use openmetadata_types::type_::tag_label::TagSource;
    /// let term = openmetadata_types::prelude::TagLabel::glossary("Business.Revenue");
    /// assert_eq!(term.source, TagSource::Glossary);
    /// ```
    pub fn glossary(term_fqn: &str) -> Self {
        TagLabel::new(
            term_fqn,
            TagSource::Glossary,
            LabelType::Manual,
            State::Confirmed,
        )
    }
}

impl Column {
    /// A `BIGINT` column.
    pub fn bigint(name: &str) -> Self {
        Column::new(name, DataType::BIGINT)
    }

    /// An `INT` column.
    pub fn int(name: &str) -> Self {
        Column::new(name, DataType::INT)
    }

    /// A `BOOLEAN` column.
    pub fn boolean(name: &str) -> Self {
        Column::new(name, DataType::BOOLEAN)
    }

    /// A `TEXT` column.
    pub fn text(name: &str) -> Self {
        Column::new(name, DataType::TEXT)
    }

    /// A `DATE` column.
    pub fn date(name: &str) -> Self {
        Column::new(name, DataType::DATE)
    }

    /// A `TIMESTAMP` column.
    pub fn timestamp(name: &str) -> Self {
        Column::new(name, DataType::TIMESTAMP)
    }

    /// A `VARCHAR(length)` column (the server requires the length).
    ///
    /// ```
    /// let c = openmetadata_types::prelude::Column::varchar("email", 255);
    /// assert_eq!((c.data_length, c.data_type_display.as_deref()), (Some(255), Some("varchar(255)")));
    /// ```
    pub fn varchar(name: &str, length: i64) -> Self {
        Column::sized(name, DataType::VARCHAR, length)
    }

    /// A `CHAR(length)` column (the server requires the length).
    pub fn char(name: &str, length: i64) -> Self {
        Column::sized(name, DataType::CHAR, length)
    }

    /// A `DECIMAL(precision, scale)` column.
    ///
    /// ```
    /// let c = openmetadata_types::prelude::Column::decimal("amount", 12, 2);
    /// assert_eq!((c.precision, c.scale), (Some(12), Some(2)));
    /// ```
    pub fn decimal(name: &str, precision: i64, scale: i64) -> Self {
        let mut column = Column::new(name, DataType::DECIMAL);
        column.precision = Some(precision);
        column.scale = Some(scale);
        column.data_type_display = Some(format!("decimal({precision},{scale})"));
        column
    }

    /// An `ARRAY` of `items` (the server requires the item type).
    pub fn array(name: &str, items: DataType) -> Self {
        let mut column = Column::new(name, DataType::ARRAY);
        column.array_data_type = Some(items);
        column
    }

    /// A `STRUCT` with its fields (the server requires them).
    pub fn structure(name: &str, fields: impl IntoIterator<Item = Column>) -> Self {
        let mut column = Column::new(name, DataType::STRUCT);
        column.children = Some(fields.into_iter().collect());
        column
    }

    /// The column with a description.
    pub fn with_description(mut self, description: &str) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The column with these tags (classification tags or glossary terms).
    pub fn with_tags(mut self, tags: impl IntoIterator<Item = TagLabel>) -> Self {
        self.tags = Some(tags.into_iter().collect());
        self
    }

    fn sized(name: &str, data_type: DataType, length: i64) -> Self {
        let display = format!("{}({length})", data_type.as_str().to_ascii_lowercase());
        let mut column = Column::new(name, data_type);
        column.data_length = Some(length);
        column.data_type_display = Some(display);
        column
    }
}

impl EntityReference {
    /// A reference to the entity of type `E` with this id.
    ///
    /// ```
    /// use openmetadata_types::prelude::*;
    /// use openmetadata_types::type_::entity_reference::EntityReference;
    /// let owner = EntityReference::to::<User>(Uuid::new_v4());
    /// assert_eq!(owner.r#type, "user");
    /// ```
    pub fn to<E: Entity>(id: impl Into<Uuid>) -> Self {
        EntityReference::new(id, E::TYPE_NAME)
    }
}

/// The reference of an entity read from the server: its id, type, name and FQN.
impl<E: Entity> From<&E> for EntityReference {
    fn from(entity: &E) -> Self {
        let mut reference = EntityReference::new(
            entity.id().copied().unwrap_or(Uuid(uuid::Uuid::nil())),
            E::TYPE_NAME,
        );
        reference.name = entity.name().map(String::from);
        reference.fully_qualified_name = entity.fully_qualified_name().map(String::from);
        reference
    }
}

impl EntitiesEdge {
    /// An edge from one entity to another (data flows `from` → `to`).
    pub fn between(from: impl Into<EntityReference>, to: impl Into<EntityReference>) -> Self {
        EntitiesEdge::new(from.into(), to.into())
    }

    /// The edge with column-level lineage: each pair maps a column FQN of `from` to one of
    /// `to`; several pairs into one target column are one mapping with several sources.
    pub fn with_columns<F: AsRef<str>, T: AsRef<str>>(
        mut self,
        pairs: impl IntoIterator<Item = (F, T)>,
    ) -> Self {
        let mut mapped: Vec<ColumnLineage> = Vec::new();
        for (from, to) in pairs {
            let (from, to) = (from.as_ref(), to.as_ref());
            let existing = mapped
                .iter_mut()
                .find(|m| m.to_column.as_ref().is_some_and(|t| t.as_str() == to));
            match existing {
                Some(m) => m
                    .from_columns
                    .get_or_insert_with(Vec::new)
                    .push(from.into()),
                None => mapped.push(ColumnLineage {
                    from_columns: Some(vec![from.into()]),
                    to_column: Some(to.into()),
                    ..ColumnLineage::default()
                }),
            }
        }
        let details = self
            .lineage_details
            .get_or_insert_with(LineageDetails::default);
        details
            .columns_lineage
            .get_or_insert_with(Vec::new)
            .extend(mapped);
        self
    }

    /// The edge with the pipeline that moves the data.
    pub fn through(mut self, pipeline: impl Into<EntityReference>) -> Self {
        self.lineage_details
            .get_or_insert_with(LineageDetails::default)
            .pipeline = Some(pipeline.into());
        self
    }
}
