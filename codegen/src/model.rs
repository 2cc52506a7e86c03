//! The resolved model: every named Rust item, where it lives, and which references need a `Box`.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Field, Ir, Kind, Ty, TypeDef};
use crate::naming;

/// Identifies a named item: (schema module, item name as emitted).
pub type ItemKey = (String, String);

/// A union type that a field declares inline; it becomes a named Rust enum.
#[derive(Debug)]
pub struct SynthUnion {
    pub name: String,
    pub doc: String,
    pub variants: Vec<Ty>,
}

/// Everything emitted for one schema module.
#[derive(Debug, Default)]
pub struct ModuleItems {
    /// Inline unions keyed by (owner type name, field wire name).
    pub unions: BTreeMap<(String, String), SynthUnion>,
    /// Names in use in the module (schema classes and synthesized unions).
    pub names: BTreeSet<String>,
}

/// The resolved schema.
pub struct Model<'a> {
    pub ir: &'a Ir,
    pub modules: BTreeMap<String, ModuleItems>,
    /// Items (keyed by module and name) that are part of a reference cycle with each
    /// other; a reference between two items of one cycle is boxed.
    pub cycle_of: BTreeMap<ItemKey, usize>,
}

impl<'a> Model<'a> {
    pub fn build(ir: &'a Ir) -> Self {
        let mut modules = BTreeMap::new();
        for m in &ir.modules {
            let mut items = ModuleItems::default();
            for t in &m.types {
                items.names.insert(t.name.clone());
            }
            for t in &m.types {
                if t.kind != Kind::Struct {
                    continue;
                }
                for f in &t.fields {
                    if let Some(variants) = find_union(&f.ty) {
                        let base = format!("{}{}", t.name, naming::pascal(&f.wire));
                        let name = naming::unique(base, &mut items.names);
                        let doc = format!(
                            "One of the types the `{}` field of [`{}`] accepts.",
                            f.wire, t.name
                        );
                        items.unions.insert(
                            (t.name.clone(), f.wire.clone()),
                            SynthUnion {
                                name,
                                doc,
                                variants: variants.clone(),
                            },
                        );
                    }
                }
            }
            modules.insert(m.module.clone(), items);
        }
        let mut model = Model {
            ir,
            modules,
            cycle_of: BTreeMap::new(),
        };
        model.find_cycles();
        model
    }

    /// The inline union of a field, if it has one.
    pub fn field_union(&self, module: &str, owner: &str, field: &Field) -> Option<&SynthUnion> {
        self.modules[module]
            .unions
            .get(&(owner.to_string(), field.wire.clone()))
    }

    /// Direct (unboxed) references of every item, for cycle detection.
    fn edges(&self) -> BTreeMap<ItemKey, Vec<ItemKey>> {
        let mut edges: BTreeMap<ItemKey, Vec<ItemKey>> = BTreeMap::new();
        for m in &self.ir.modules {
            for t in &m.types {
                let key = (m.module.clone(), t.name.clone());
                let mut out = Vec::new();
                match t.kind {
                    Kind::Enum => {}
                    Kind::Root => {
                        let ty = &t.fields[0].ty;
                        match ty.strip_opt() {
                            Ty::Union { ts } => ts.iter().for_each(|v| direct_refs(v, &mut out)),
                            other => direct_refs(other, &mut out),
                        }
                    }
                    Kind::Struct => {
                        for f in &t.fields {
                            if let Some(u) = self.field_union(&m.module, &t.name, f) {
                                if is_direct_union(&f.ty) {
                                    out.push((m.module.clone(), u.name.clone()));
                                }
                                let ukey = (m.module.clone(), u.name.clone());
                                let mut uout = Vec::new();
                                u.variants.iter().for_each(|v| direct_refs(v, &mut uout));
                                edges.insert(ukey, uout);
                            } else {
                                direct_refs(&f.ty, &mut out);
                            }
                        }
                    }
                }
                edges.insert(key, out);
            }
        }
        edges
    }

    /// Tarjan's strongly connected components over the direct-reference graph.
    fn find_cycles(&mut self) {
        let edges = self.edges();
        let mut index = 0usize;
        let mut indices: BTreeMap<ItemKey, usize> = BTreeMap::new();
        let mut low: BTreeMap<ItemKey, usize> = BTreeMap::new();
        let mut stack: Vec<ItemKey> = Vec::new();
        let mut on_stack: BTreeSet<ItemKey> = BTreeSet::new();
        let mut component = 0usize;
        let nodes: Vec<ItemKey> = edges.keys().cloned().collect();
        // Iterative Tarjan: frames of (node, next edge position).
        for start in nodes {
            if indices.contains_key(&start) {
                continue;
            }
            let mut frames: Vec<(ItemKey, usize)> = vec![(start.clone(), 0)];
            indices.insert(start.clone(), index);
            low.insert(start.clone(), index);
            index += 1;
            stack.push(start.clone());
            on_stack.insert(start);
            while let Some((node, pos)) = frames.pop() {
                let succ = edges.get(&node).cloned().unwrap_or_default();
                if pos < succ.len() {
                    frames.push((node.clone(), pos + 1));
                    let next = succ[pos].clone();
                    if !edges.contains_key(&next) {
                        continue;
                    }
                    if !indices.contains_key(&next) {
                        indices.insert(next.clone(), index);
                        low.insert(next.clone(), index);
                        index += 1;
                        stack.push(next.clone());
                        on_stack.insert(next.clone());
                        frames.push((next, 0));
                    } else if on_stack.contains(&next) {
                        let v = low[&node].min(indices[&next]);
                        low.insert(node, v);
                    }
                    continue;
                }
                if low[&node] == indices[&node] {
                    let mut members = Vec::new();
                    while let Some(top) = stack.pop() {
                        on_stack.remove(&top);
                        let done = top == node;
                        members.push(top);
                        if done {
                            break;
                        }
                    }
                    let self_loop = edges[&node].contains(&node);
                    if members.len() > 1 || self_loop {
                        for m in members {
                            self.cycle_of.insert(m, component);
                        }
                        component += 1;
                    }
                }
                if let Some((parent, _)) = frames.last() {
                    let v = low[parent].min(low[&node]);
                    low.insert(parent.clone(), v);
                }
            }
        }
    }

    /// Whether a direct reference from `from` to `to` must be boxed.
    pub fn needs_box(&self, from: &ItemKey, to: &ItemKey) -> bool {
        match (self.cycle_of.get(from), self.cycle_of.get(to)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// Looks a schema class up.
    pub fn type_def(&self, module: &str, name: &str) -> Option<&'a TypeDef> {
        self.ir
            .modules
            .iter()
            .find(|m| m.module == module)
            .and_then(|m| m.types.iter().find(|t| t.name == name))
    }
}

/// The variants of the union a field type contains, if any (at most one per field).
fn find_union(ty: &Ty) -> Option<&Vec<Ty>> {
    match ty {
        Ty::Union { ts } => Some(ts),
        Ty::Opt { t } | Ty::List { t } | Ty::Map { t } => find_union(t),
        _ => None,
    }
}

/// Whether the union sits directly in the field (not behind a list or map).
fn is_direct_union(ty: &Ty) -> bool {
    matches!(ty.strip_opt(), Ty::Union { .. })
}

/// References reachable without going through a list or a map.
fn direct_refs(ty: &Ty, out: &mut Vec<ItemKey>) {
    match ty {
        Ty::Ref { m, n } => out.push((m.clone(), n.clone())),
        Ty::Opt { t } => direct_refs(t, out),
        Ty::Union { ts } => ts.iter().for_each(|t| direct_refs(t, out)),
        _ => {}
    }
}
