//! Writes the Rust source of one schema module.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::ir::{Field, Kind, Module, Ty, TypeDef};
use crate::model::{ItemKey, Model, SynthUnion};
use crate::naming;

/// The crate path of a schema module: `entity.data.table` → `crate::entity::data::table`.
pub fn module_path(module: &str) -> String {
    let mut out = String::from("crate");
    for seg in module.split('.') {
        out.push_str("::");
        out.push_str(&naming::module(seg));
    }
    out
}

/// Spellings of the std types, fully qualified where a schema class shadows them.
struct Std {
    option: &'static str,
    vec: &'static str,
    string: &'static str,
    boxed: &'static str,
}

impl Std {
    fn for_names(names: &BTreeSet<String>) -> Self {
        let shadowed = ["Option", "Vec", "String", "Box", "Result", "Some", "None"]
            .iter()
            .any(|n| names.contains(*n));
        if shadowed {
            Std {
                option: "::std::option::Option",
                vec: "::std::vec::Vec",
                string: "::std::string::String",
                boxed: "::std::boxed::Box",
            }
        } else {
            Std {
                option: "Option",
                vec: "Vec",
                string: "String",
                boxed: "Box",
            }
        }
    }
}

/// Emits one module's items.
pub struct ModuleEmitter<'m, 'a> {
    model: &'m Model<'a>,
    module: &'a Module,
    std: Std,
    out: String,
}

impl<'m, 'a> ModuleEmitter<'m, 'a> {
    pub fn new(model: &'m Model<'a>, module: &'a Module) -> Self {
        let std = Std::for_names(&model.modules[&module.module].names);
        ModuleEmitter {
            model,
            module,
            std,
            out: String::new(),
        }
    }

    pub fn emit(mut self) -> String {
        for t in &self.module.types {
            match t.kind {
                Kind::Struct => self.emit_struct(t),
                Kind::Enum => self.emit_enum(t),
                Kind::Root => self.emit_root(t),
            }
        }
        let unions: Vec<&SynthUnion> = self.model.modules[&self.module.module]
            .unions
            .values()
            .collect();
        for u in unions {
            let key = (self.module.module.clone(), u.name.clone());
            self.emit_union(&u.name, Some(&u.doc), &u.variants, &key);
        }
        self.out
    }

    fn key(&self, name: &str) -> ItemKey {
        (self.module.module.clone(), name.to_string())
    }

    /// The Rust type of a type expression; `owner` decides boxing of cyclic references.
    fn rust_type(&self, ty: &Ty, owner: &ItemKey, union: Option<&SynthUnion>) -> String {
        let s = &self.std;
        match ty {
            Ty::Str
            | Ty::Datetime
            | Ty::Date
            | Ty::Time
            | Ty::Duration
            | Ty::Url
            | Ty::Email
            | Ty::Bytes
            | Ty::Lit { .. } => s.string.to_string(),
            Ty::Int => "i64".into(),
            Ty::Float => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::Any | Ty::Null => "::serde_json::Value".into(),
            Ty::Uuid => "::uuid::Uuid".into(),
            Ty::Secret => "crate::SecretString".into(),
            Ty::Ref { m, n } => {
                let path = format!("{}::{}", module_path(m), n);
                if self.model.needs_box(owner, &(m.clone(), n.clone())) {
                    format!("{}<{}>", s.boxed, path)
                } else {
                    path
                }
            }
            Ty::List { t } => format!("{}<{}>", s.vec, self.rust_type(t, &none_key(), union)),
            Ty::Map { t } => format!(
                "::std::collections::BTreeMap<{}, {}>",
                s.string,
                self.rust_type(t, &none_key(), union)
            ),
            Ty::Opt { t } => format!("{}<{}>", s.option, self.rust_type(t, owner, union)),
            Ty::Union { .. } => {
                let u = union.expect("a union in a field has a synthesized name");
                let ukey = self.key(&u.name);
                if self.model.needs_box(owner, &ukey) {
                    format!("{}<{}>", s.boxed, u.name)
                } else {
                    u.name.clone()
                }
            }
        }
    }

    fn emit_struct(&mut self, t: &TypeDef) {
        let owner = self.key(&t.name);
        let mut taken = BTreeSet::new();
        struct Out {
            ident: String,
            wire: String,
            ty: String,
            optional: bool,
            doc: Option<String>,
        }
        let mut fields = Vec::new();
        for f in &t.fields {
            let union = self.model.field_union(&self.module.module, &t.name, f);
            let ident = naming::unique(naming::ident(&f.wire), &mut taken);
            let (ty, optional) = self.field_type(f, &owner, union);
            fields.push(Out {
                ident,
                wire: f.wire.clone(),
                ty,
                optional,
                doc: f.doc.clone(),
            });
        }
        let allow_extra = t.extra.as_deref() == Some("allow");
        let all_optional = fields.iter().all(|f| f.optional);
        let o = &mut self.out;
        write_doc(
            o,
            t.doc.as_deref(),
            "",
            &format!("`{}` of the OpenMetadata schema.", t.name),
        );
        let default = if all_optional { ", Default" } else { "" };
        let _ = writeln!(
            o,
            "#[derive(Clone, Debug, PartialEq{default}, ::serde::Serialize, ::serde::Deserialize)]"
        );
        let _ = writeln!(o, "pub struct {} {{", t.name);
        for f in &fields {
            write_doc(
                o,
                f.doc.as_deref(),
                "    ",
                &format!("The `{}` field.", f.wire),
            );
            let mut attrs = Vec::new();
            if naming_differs(&f.ident, &f.wire) {
                attrs.push(format!("rename = \"{}\"", f.wire));
            }
            if f.optional {
                attrs.push("default".to_string());
                attrs.push("skip_serializing_if = \"Option::is_none\"".to_string());
            }
            if !attrs.is_empty() {
                let _ = writeln!(o, "    #[serde({})]", attrs.join(", "));
            }
            let _ = writeln!(o, "    pub {}: {},", f.ident, f.ty);
        }
        if allow_extra {
            let _ = writeln!(
                o,
                "    /// Properties beyond the declared ones (the schema allows them)."
            );
            let _ = writeln!(o, "    #[serde(flatten)]");
            let _ = writeln!(
                o,
                "    pub additional_properties: ::std::collections::BTreeMap<{}, ::serde_json::Value>,",
                self.std.string
            );
        }
        let _ = writeln!(o, "}}\n");
        if !all_optional {
            let required: Vec<&Out> = fields.iter().filter(|f| !f.optional).collect();
            let _ = writeln!(o, "impl {} {{", t.name);
            let names: Vec<String> = required
                .iter()
                .map(|f| format!("`{}`", f.ident.trim_start_matches("r#")))
                .collect();
            let _ = writeln!(
                o,
                "    /// Builds a `{}` from its required fields ({}); every optional field is unset.",
                t.name,
                names.join(", ")
            );
            let params: Vec<String> = required
                .iter()
                .map(|f| format!("{}: impl Into<{}>", f.ident, f.ty))
                .collect();
            let _ = writeln!(o, "    pub fn new({}) -> Self {{", params.join(", "));
            let _ = writeln!(o, "        Self {{");
            for f in &fields {
                if f.optional {
                    let _ = writeln!(o, "            {}: None,", f.ident);
                } else {
                    let _ = writeln!(o, "            {}: {}.into(),", f.ident, f.ident);
                }
            }
            if allow_extra {
                let _ = writeln!(o, "            additional_properties: Default::default(),");
            }
            let _ = writeln!(o, "        }}\n    }}\n}}\n");
        }
    }

    /// The Rust type of a field and whether it is optional on the wire.
    fn field_type(&self, f: &Field, owner: &ItemKey, union: Option<&SynthUnion>) -> (String, bool) {
        let ty = self.rust_type(&f.ty, owner, union);
        match (&f.ty, f.required) {
            (Ty::Opt { .. }, false) => (ty, true),
            (Ty::Opt { .. }, true) => (ty, false),
            (_, true) => (ty, false),
            (_, false) => (format!("{}<{}>", self.std.option, ty), true),
        }
    }

    fn emit_enum(&mut self, t: &TypeDef) {
        let o = &mut self.out;
        let _ = writeln!(o, "crate::wire::wire_enum! {{");
        write_doc(
            o,
            t.doc.as_deref(),
            "    ",
            &format!("`{}` of the OpenMetadata schema.", t.name),
        );
        let _ = writeln!(o, "    {} {{", t.name);
        let mut taken = BTreeSet::from(["Unknown".to_string()]);
        for v in &t.values {
            let Some(value) = &v.value else { continue };
            let variant = naming::unique(naming::pascal(&v.name), &mut taken);
            let _ = writeln!(o, "        {variant} = {value:?},");
        }
        let _ = writeln!(o, "    }}\n}}\n");
    }

    fn emit_root(&mut self, t: &TypeDef) {
        let owner = self.key(&t.name);
        let inner = &t.fields[0].ty;
        let fallback = format!("`{}` of the OpenMetadata schema.", t.name);
        if let Ty::Union { ts } = inner {
            self.emit_union(&t.name, t.doc.as_deref(), ts, &owner);
            return;
        }
        let macro_name = match inner {
            t if t.is_string_like() => Some("string_newtype"),
            Ty::Uuid => Some("uuid_newtype"),
            Ty::Int => Some("int_newtype"),
            _ => None,
        };
        if let Some(mac) = macro_name {
            let _ = writeln!(self.out, "crate::wire::{mac}! {{");
            write_doc(&mut self.out, t.doc.as_deref(), "    ", &fallback);
            let _ = writeln!(self.out, "    {}\n}}\n", t.name);
            return;
        }
        let ty = self.rust_type(inner, &owner, None);
        let o = &mut self.out;
        write_doc(o, t.doc.as_deref(), "", &fallback);
        let _ = writeln!(
            o,
            "#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]"
        );
        let _ = writeln!(o, "#[serde(transparent)]");
        let _ = writeln!(o, "pub struct {}(pub {});\n", t.name, ty);
        let _ = writeln!(o, "impl From<{ty}> for {} {{", t.name);
        let _ = writeln!(
            o,
            "    fn from(value: {ty}) -> Self {{\n        Self(value)\n    }}\n}}\n"
        );
    }

    fn emit_union(&mut self, name: &str, doc: Option<&str>, variants: &[Ty], owner: &ItemKey) {
        let mut taken = BTreeSet::from(["Unknown".to_string()]);
        let mut rows = Vec::new();
        for v in variants {
            let base = match v {
                Ty::Ref { n, .. } => n.clone(),
                Ty::Str | Ty::Lit { .. } => "String".into(),
                Ty::Int => "Integer".into(),
                Ty::Float => "Number".into(),
                Ty::Bool => "Boolean".into(),
                Ty::Map { .. } => "Map".into(),
                Ty::List { .. } => "List".into(),
                _ => "Value".into(),
            };
            let variant = naming::unique(base, &mut taken);
            rows.push((variant, self.rust_type(v, owner, None)));
        }
        let o = &mut self.out;
        write_doc(o, doc, "", &format!("`{name}`: one of several shapes."));
        let _ = writeln!(
            o,
            "///\n/// Deserializing picks the variant that represents the input exactly, else the closest one."
        );
        let _ = writeln!(o, "#[derive(Clone, Debug, PartialEq, ::serde::Serialize)]");
        let _ = writeln!(o, "#[serde(untagged)]");
        let _ = writeln!(o, "pub enum {name} {{");
        for (variant, ty) in &rows {
            let _ = writeln!(o, "    /// A `{variant}`.");
            let _ = writeln!(o, "    {variant}({ty}),");
        }
        let _ = writeln!(o, "}}\n");
        let _ = writeln!(o, "impl<'de> ::serde::Deserialize<'de> for {name} {{");
        let _ = writeln!(
            o,
            "    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {{"
        );
        let _ = writeln!(
            o,
            "        let mut pick = crate::wire::UnionPick::read(deserializer)?;"
        );
        for (variant, _) in &rows {
            let _ = writeln!(o, "        pick.offer(Self::{variant});");
        }
        let _ = writeln!(o, "        pick.finish(\"{name}\")\n    }}\n}}\n");
    }
}

fn none_key() -> ItemKey {
    (String::new(), String::new())
}

/// Whether serde needs a `rename` for this field.
fn naming_differs(ident: &str, wire: &str) -> bool {
    ident.trim_start_matches("r#") != wire
}

/// Writes a doc comment from a schema description, keeping rustdoc from reading indented
/// text or bare fences as Rust code.
pub fn write_doc(out: &mut String, doc: Option<&str>, indent: &str, fallback: &str) {
    let text = doc
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .unwrap_or(fallback);
    let mut in_fence = false;
    for raw in text.replace('\r', "").lines() {
        let line = raw.trim();
        let line = if line.starts_with("```") {
            in_fence = !in_fence;
            if in_fence && line.trim_start_matches('`').trim().is_empty() {
                "```text".to_string()
            } else {
                line.to_string()
            }
        } else {
            line.to_string()
        };
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
    if in_fence {
        let _ = writeln!(out, "{indent}/// ```");
    }
}
