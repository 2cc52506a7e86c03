//! What the server knows per entity type beyond `ENTITY_KINDS`: where an entity sits in the
//! containment tree, which determines its FQN, its references and recursive deletes.

use openmetadata_types::{ENTITY_KINDS, EntityKind};

/// The containing entity of a kind: the create request names it in `field` (by FQN or as a
/// reference) and it is of one of `types`.
#[derive(Debug, Clone, Copy)]
pub struct Container {
    /// Field of the create request and of the entity.
    pub field: &'static str,
    /// Entity types the container may be.
    pub types: &'static [&'static str],
}

const SERVICES: &[&str] = &[
    "databaseService",
    "dashboardService",
    "messagingService",
    "pipelineService",
    "storageService",
    "mlmodelService",
    "metadataService",
    "searchService",
    "apiService",
    "securityService",
    "driveService",
    "mcpService",
];

/// The containment table: one row per contained kind.
const CONTAINERS: &[(&str, Container)] = &[
    (
        "database",
        Container {
            field: "service",
            types: &["databaseService"],
        },
    ),
    (
        "databaseSchema",
        Container {
            field: "database",
            types: &["database"],
        },
    ),
    (
        "table",
        Container {
            field: "databaseSchema",
            types: &["databaseSchema"],
        },
    ),
    (
        "storedProcedure",
        Container {
            field: "databaseSchema",
            types: &["databaseSchema"],
        },
    ),
    (
        "dashboard",
        Container {
            field: "service",
            types: &["dashboardService"],
        },
    ),
    (
        "query",
        Container {
            field: "service",
            types: &["databaseService"],
        },
    ),
    (
        "chart",
        Container {
            field: "service",
            types: &["dashboardService"],
        },
    ),
    (
        "dashboardDataModel",
        Container {
            field: "service",
            types: &["dashboardService"],
        },
    ),
    (
        "pipeline",
        Container {
            field: "service",
            types: &["pipelineService"],
        },
    ),
    (
        "topic",
        Container {
            field: "service",
            types: &["messagingService"],
        },
    ),
    (
        "mlmodel",
        Container {
            field: "service",
            types: &["mlmodelService"],
        },
    ),
    (
        "container",
        Container {
            field: "service",
            types: &["storageService"],
        },
    ),
    (
        "searchIndex",
        Container {
            field: "service",
            types: &["searchService"],
        },
    ),
    (
        "apiCollection",
        Container {
            field: "service",
            types: &["apiService"],
        },
    ),
    (
        "apiEndpoint",
        Container {
            field: "apiCollection",
            types: &["apiCollection"],
        },
    ),
    (
        "directory",
        Container {
            field: "service",
            types: &["driveService"],
        },
    ),
    (
        "file",
        Container {
            field: "service",
            types: &["driveService"],
        },
    ),
    (
        "spreadsheet",
        Container {
            field: "service",
            types: &["driveService"],
        },
    ),
    (
        "worksheet",
        Container {
            field: "spreadsheet",
            types: &["spreadsheet"],
        },
    ),
    (
        "mcpServer",
        Container {
            field: "service",
            types: &["mcpService"],
        },
    ),
    (
        "tag",
        Container {
            field: "classification",
            types: &["classification"],
        },
    ),
    (
        "glossaryTerm",
        Container {
            field: "glossary",
            types: &["glossary"],
        },
    ),
    (
        "ingestionPipeline",
        Container {
            field: "service",
            types: SERVICES,
        },
    ),
];

/// Kinds whose create request may name a parent of the same kind in `parent` (nested tags,
/// glossary terms, containers, domains); the FQN then continues the parent's.
const NESTED_BY_PARENT: &[&str] = &["tag", "glossaryTerm", "container", "domain"];

/// An entity kind as the server sees it.
#[derive(Debug, Clone, Copy)]
pub struct ServerKind {
    /// The generated row: type name, collection, schema checks.
    pub kind: &'static EntityKind,
    /// Its container, if it is contained.
    pub container: Option<Container>,
    /// Whether `parent` may name a parent of the same kind.
    pub nested: bool,
}

/// Looks a kind up by type name.
pub fn by_type(type_name: &str) -> Option<ServerKind> {
    let kind = EntityKind::by_type_name(type_name)?;
    Some(describe(kind))
}

/// Looks up a kind the server itself names (a missing one is a bug: 500).
pub fn required(type_name: &str) -> Result<ServerKind, crate::engine::error::ApiError> {
    by_type(type_name)
        .ok_or_else(|| crate::engine::error::ApiError::internal(format!("no kind {type_name}")))
}

/// Every kind the server serves as a collection.
pub fn all() -> impl Iterator<Item = ServerKind> {
    ENTITY_KINDS.iter().map(describe)
}

fn describe(kind: &'static EntityKind) -> ServerKind {
    ServerKind {
        kind,
        container: CONTAINERS
            .iter()
            .find(|(t, _)| *t == kind.type_name)
            .map(|(_, c)| *c),
        nested: NESTED_BY_PARENT.contains(&kind.type_name),
    }
}

/// Whether a kind is a service (its create request names a connection).
pub fn is_service(type_name: &str) -> bool {
    SERVICES.contains(&type_name)
}
