//! Emits the `Entity` / `CreateRequest` impls and the `ENTITY_KINDS` table from
//! `codegen/entities.txt`.

use std::fmt::Write;

use crate::emit::module_path;
use crate::ir::{Kind, Ty, TypeDef};
use crate::model::Model;

/// One row of the hand-kept table.
pub struct Row {
    pub type_name: String,
    pub collection: String,
    pub entity: (String, String),
    pub create: Option<(String, String)>,
}

/// Parses `codegen/entities.txt`.
pub fn parse(text: &str) -> Vec<Row> {
    let split = |s: &str| {
        let (m, n) = s.rsplit_once('.').expect("module.Class");
        (m.to_string(), n.to_string())
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(cols.len(), 4, "four columns in: {l}");
            Row {
                type_name: cols[0].into(),
                collection: cols[1].into(),
                entity: split(cols[2]),
                create: (cols[3] != "-").then(|| split(cols[3])),
            }
        })
        .collect()
}

/// How an accessor reads a field of a given shape.
fn accessor(model: &Model, t: &TypeDef, wire: &str, want: Want) -> String {
    let Some(field) = t.fields.iter().find(|f| f.wire == wire) else {
        return "None".into();
    };
    let ident = crate::naming::ident(wire);
    let optional = !field.required || matches!(field.ty, Ty::Opt { .. });
    let inner = field.ty.strip_opt();
    let shape = match inner {
        Ty::Ref { m, n } => match model.type_def(m, n) {
            Some(d) if d.kind == Kind::Root => match d.fields[0].ty.strip_opt() {
                Ty::Float => Shape::FloatNewtype,
                Ty::Uuid => Shape::Uuid,
                Ty::Str | Ty::Url | Ty::Email => Shape::Str,
                _ => Shape::Other,
            },
            _ => Shape::Other,
        },
        Ty::Str | Ty::Url => Shape::Str,
        Ty::Bool => Shape::Bool,
        Ty::Float => Shape::Float,
        _ => Shape::Other,
    };
    match (want, shape, optional) {
        (Want::Str, Shape::Str, false) => format!("Some(self.{ident}.as_ref())"),
        (Want::Str, Shape::Str, true) => format!("self.{ident}.as_deref()"),
        (Want::Uuid, Shape::Uuid, false) => format!("Some(&self.{ident})"),
        (Want::Uuid, Shape::Uuid, true) => format!("self.{ident}.as_ref()"),
        (Want::Float, Shape::FloatNewtype, true) => format!("self.{ident}.as_ref().map(|v| v.0)"),
        (Want::Float, Shape::FloatNewtype, false) => format!("Some(self.{ident}.0)"),
        (Want::Float, Shape::Float, true) => format!("self.{ident}"),
        (Want::Bool, Shape::Bool, true) => format!("self.{ident}"),
        (Want::Bool, Shape::Bool, false) => format!("Some(self.{ident})"),
        _ => "None".into(),
    }
}

#[derive(Clone, Copy)]
enum Want {
    Str,
    Uuid,
    Float,
    Bool,
}

#[derive(Clone, Copy)]
enum Shape {
    Str,
    Uuid,
    Float,
    FloatNewtype,
    Bool,
    Other,
}

/// The generated `src/kinds.rs`.
pub fn emit(model: &Model, rows: &[Row], header: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{header}");
    let _ = writeln!(
        o,
        "//! `Entity` and `CreateRequest` impls for every collection route, and the `ENTITY_KINDS` table.\n"
    );
    let _ = writeln!(o, "use crate::{{CreateRequest, Entity, EntityKind}};\n");
    for r in rows {
        let (m, n) = &r.entity;
        let t = model
            .type_def(m, n)
            .unwrap_or_else(|| panic!("entity {m}.{n} is not in the schema"));
        let path = format!("{}::{}", module_path(m), n);
        let _ = writeln!(o, "impl Entity for {path} {{");
        let _ = writeln!(o, "    const TYPE_NAME: &'static str = {:?};", r.type_name);
        let _ = writeln!(
            o,
            "    const COLLECTION: &'static str = {:?};",
            r.collection
        );
        let _ = writeln!(
            o,
            "    fn id(&self) -> Option<&crate::type_::basic::Uuid> {{ {} }}",
            accessor(model, t, "id", Want::Uuid)
        );
        let _ = writeln!(
            o,
            "    fn name(&self) -> Option<&str> {{ {} }}",
            accessor(model, t, "name", Want::Str)
        );
        let _ = writeln!(
            o,
            "    fn fully_qualified_name(&self) -> Option<&str> {{ {} }}",
            accessor(model, t, "fullyQualifiedName", Want::Str)
        );
        let _ = writeln!(
            o,
            "    fn version(&self) -> Option<f64> {{ {} }}",
            accessor(model, t, "version", Want::Float)
        );
        let _ = writeln!(
            o,
            "    fn deleted(&self) -> Option<bool> {{ {} }}",
            accessor(model, t, "deleted", Want::Bool)
        );
        let _ = writeln!(
            o,
            "    fn href(&self) -> Option<&str> {{ {} }}",
            accessor(model, t, "href", Want::Str)
        );
        let _ = writeln!(o, "}}\n");
        if let Some((cm, cn)) = &r.create {
            let ct = model
                .type_def(cm, cn)
                .unwrap_or_else(|| panic!("create {cm}.{cn} is not in the schema"));
            let cpath = format!("{}::{}", module_path(cm), cn);
            let _ = writeln!(o, "impl CreateRequest for {cpath} {{");
            let _ = writeln!(o, "    type Entity = {path};");
            let _ = writeln!(
                o,
                "    fn name(&self) -> Option<&str> {{ {} }}",
                accessor(model, ct, "name", Want::Str)
            );
            let _ = writeln!(o, "}}\n");
        }
    }
    let _ = writeln!(
        o,
        "/// Every collection route of the OpenMetadata 2.0.7 REST API, one row per entity type (and the custom-property types)."
    );
    let _ = writeln!(o, "pub const ENTITY_KINDS: &[EntityKind] = &[");
    for r in rows {
        let (create, check_create) = match &r.create {
            Some((m, n)) => (
                format!("Some({n:?})"),
                format!("Some(crate::wire::normalize::<{}::{n}>)", module_path(m)),
            ),
            None => ("None".into(), "None".into()),
        };
        let check_entity = format!(
            "crate::wire::normalize::<{}::{}>",
            module_path(&r.entity.0),
            r.entity.1
        );
        let t = model
            .type_def(&r.entity.0, &r.entity.1)
            .expect("entity in schema");
        let fields: Vec<String> = t.fields.iter().map(|f| format!("{:?}", f.wire)).collect();
        let _ = writeln!(
            o,
            "    EntityKind {{ type_name: {:?}, collection: {:?}, entity_class: {:?}, create_class: {create}, fields: &[{}], check_entity: {check_entity}, check_create: {check_create} }},",
            r.type_name,
            r.collection,
            r.entity.1,
            fields.join(", ")
        );
    }
    let _ = writeln!(o, "];\n");
    let mut secrets = std::collections::BTreeSet::new();
    for m in &model.ir.modules {
        for t in &m.types {
            for f in &t.fields {
                if matches!(f.ty.strip_opt(), Ty::Secret) {
                    secrets.insert(f.wire.clone());
                }
            }
        }
    }
    let _ = writeln!(
        o,
        "/// Wire names of every field the schema marks as a secret (passwords, client secrets, tokens)."
    );
    let _ = writeln!(o, "pub const SECRET_FIELDS: &[&str] = &[");
    for s in &secrets {
        let _ = writeln!(o, "    {s:?},");
    }
    let _ = writeln!(o, "];");
    o
}

/// The generated `tests/registry/mod.rs`: a lookup from schema class to a round-trip function,
/// used by the conformance test.
pub fn emit_registry(model: &Model, header: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{header}");
    let _ = writeln!(
        o,
        "//! Every schema class by its schema name, for the conformance test.\n"
    );
    let _ = writeln!(o, "use serde_json::Value;\n");
    let _ = writeln!(
        o,
        "/// Round-trips `doc` through the Rust type of the schema class `module.Name`;"
    );
    let _ = writeln!(o, "/// `None` when the class has no Rust type.");
    let _ = writeln!(
        o,
        "pub fn roundtrip(class: &str, doc: &Value) -> Option<Result<Value, String>> {{"
    );
    let _ = writeln!(o, "    Some(match class {{");
    for m in &model.ir.modules {
        let path = module_path(&m.module).replacen("crate", "openmetadata_types", 1);
        for t in &m.types {
            let _ = writeln!(
                o,
                "        \"{}.{}\" => super::roundtrip::<{path}::{}>(doc),",
                m.module, t.name, t.name
            );
        }
    }
    let _ = writeln!(o, "        _ => return None,\n    }})\n}}");
    o
}
