//! `ometa lineage` (the graph around an entity as a tree; add, delete, and lineage from SQL)
//! and `ometa search`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use futures_util::TryStreamExt;
use openmetadata::types::api::lineage::add_lineage::AddLineageRequest;
use openmetadata::types::type_::entity_lineage::{EntitiesEdge, EntityLineage, LineageDetails};
use openmetadata::types::type_::entity_reference::EntityReference;
use openmetadata::{GetParams, Node, OpenMetadata, QueryContext, Search};
use serde_json::{Value, json};

use crate::entity_cmds::{api, fetch};
use crate::failure::{CmdResult, Failure};
use crate::output::{self, Format};

/// An edge end written `TYPE:FQN` (`table:svc.db.s.orders`).
pub fn parse_end(s: &str) -> CmdResult<(String, String)> {
    s.split_once(':')
        .map(|(t, f)| (t.to_string(), f.to_string()))
        .filter(|(t, f)| !t.is_empty() && !f.is_empty())
        .ok_or_else(|| {
            Failure::bad_input(format!(
                "expected TYPE:FQN (table:svc.db.schema.t), got {s:?}"
            ))
        })
}

/// The graph as an indented tree: upstream entities above, downstream below.
fn tree(lineage: &EntityLineage) -> String {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for r in std::iter::once(&lineage.entity).chain(lineage.nodes.iter().flatten()) {
        let fqn = r
            .fully_qualified_name
            .clone()
            .or_else(|| r.name.clone())
            .unwrap_or_default();
        names.insert(r.id.to_string(), format!("{fqn} ({})", r.r#type));
    }
    let edges = |list: &Option<Vec<openmetadata::types::type_::entity_lineage::Edge>>, up: bool| {
        let mut next: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
        for e in list.iter().flatten() {
            let columns = e
                .lineage_details
                .as_ref()
                .and_then(|d| d.columns_lineage.as_ref())
                .map_or(0, Vec::len);
            let (from, to) = (e.from_entity.to_string(), e.to_entity.to_string());
            let (key, value) = if up { (to, from) } else { (from, to) };
            next.entry(key).or_default().push((value, columns));
        }
        next
    };
    fn walk(
        id: &str,
        next: &BTreeMap<String, Vec<(String, usize)>>,
        names: &BTreeMap<String, String>,
        prefix: &str,
        seen: &mut Vec<String>,
        out: &mut String,
    ) {
        let children = next.get(id).cloned().unwrap_or_default();
        for (i, (child, columns)) in children.iter().enumerate() {
            let last = i + 1 == children.len();
            let label = names.get(child).cloned().unwrap_or_else(|| child.clone());
            let cols = if *columns > 0 {
                format!("  [{columns} column mappings]")
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{prefix}{}{label}{cols}\n",
                if last { "└── " } else { "├── " }
            ));
            if !seen.contains(child) {
                seen.push(child.clone());
                let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
                walk(child, next, names, &deeper, seen, out);
            }
        }
    }
    let focal = lineage.entity.id.to_string();
    let mut out = format!("{}\n", names.get(&focal).cloned().unwrap_or_default());
    for (title, up) in [("upstream", true), ("downstream", false)] {
        let next = edges(
            if up {
                &lineage.upstream_edges
            } else {
                &lineage.downstream_edges
            },
            up,
        );
        out.push_str(&format!("{title}:\n"));
        if next.is_empty() {
            out.push_str("    (none)\n");
        } else {
            walk(
                &focal,
                &next,
                &names,
                "    ",
                &mut vec![focal.clone()],
                &mut out,
            );
        }
    }
    out
}

/// `ometa lineage show TYPE KEY`.
pub async fn show(
    om: &OpenMetadata,
    type_name: &str,
    key: &str,
    upstream: u32,
    downstream: u32,
    format: Format,
) -> CmdResult {
    let api = api(om, type_name)?;
    let entity = fetch(&api, key, &GetParams::default()).await?;
    let id = entity
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or(key)
        .to_string();
    let lineage = om
        .get_lineage(&Node::Id(api.kind().type_name, id), upstream, downstream)
        .await?;
    match format {
        Format::Table => {
            print!("{}", tree(&lineage));
            Ok(())
        }
        other => output::print_one(
            other,
            &serde_json::to_value(&lineage).unwrap_or(Value::Null),
        ),
    }
}

async fn reference(om: &OpenMetadata, end: &(String, String)) -> CmdResult<EntityReference> {
    let api = api(om, &end.0)?;
    let found = fetch(&api, &end.1, &GetParams::default()).await?;
    serde_json::from_value(json!({"id": found["id"], "type": api.kind().type_name}))
        .map_err(|e| Failure::bad_input(format!("{}: {e}", end.1)))
}

/// `ometa lineage add --from TYPE:FQN --to TYPE:FQN`.
pub async fn add(
    om: &OpenMetadata,
    from: &str,
    to: &str,
    description: Option<String>,
    sql: Option<String>,
) -> CmdResult {
    let (from, to) = (parse_end(from)?, parse_end(to)?);
    let mut edge = EntitiesEdge::new(reference(om, &from).await?, reference(om, &to).await?);
    edge.lineage_details = Some(LineageDetails {
        description,
        sql_query: sql.map(Into::into),
        ..Default::default()
    });
    om.add_lineage(&AddLineageRequest::new(edge), true).await?;
    eprintln!("added {} → {}", from.1, to.1);
    Ok(())
}

/// `ometa lineage delete --from TYPE:FQN --to TYPE:FQN`.
pub async fn delete(om: &OpenMetadata, from: &str, to: &str) -> CmdResult {
    let (from, to) = (parse_end(from)?, parse_end(to)?);
    let (fk, tk) = (api(om, &from.0)?.kind(), api(om, &to.0)?.kind());
    om.delete_lineage_edge(
        &Node::Name(fk.type_name, &from.1),
        &Node::Name(tk.type_name, &to.1),
    )
    .await?;
    eprintln!("deleted {} → {}", from.1, to.1);
    Ok(())
}

/// `ometa lineage sql --service S FILE`: lineage read from SQL statements.
pub async fn from_sql(
    om: &OpenMetadata,
    path: PathBuf,
    context: QueryContext<'_>,
    format: Format,
) -> CmdResult {
    let sql = if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Failure::bad_input(format!("cannot read stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(&path)
            .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", path.display())))?
    };
    let report = om.add_lineage_by_query(&sql, context).await?;
    let doc = json!({
        "edges": report.edges.iter().map(|(f, t)| json!({"from": f, "to": t})).collect::<Vec<_>>(),
        "unresolved": report.unresolved,
    });
    match format {
        Format::Table => {
            for (f, t) in &report.edges {
                println!("{f} → {t}");
            }
            for u in &report.unresolved {
                eprintln!("not found in {}: {u}", context.service);
            }
            Ok(())
        }
        other => output::print_one(other, &doc),
    }
}

/// `ometa search QUERY`.
pub async fn search(
    om: &OpenMetadata,
    query: &str,
    index: &str,
    filter: Option<String>,
    size: u32,
    all: bool,
    format: Format,
) -> CmdResult {
    let mut search = Search::new(index)
        .query(query)
        .size(size)
        .sort("_score", true);
    if let Some(f) = filter {
        let parsed: Value = serde_json::from_str(&f)
            .map_err(|e| Failure::bad_input(format!("--filter is not valid JSON: {e}")))?;
        search = search.filter(parsed);
    }
    let (hits, total) = if all {
        let hits: Vec<_> = om.search_all(search).try_collect().await?;
        let n = hits.len() as u64;
        (hits, n)
    } else {
        let page = om.search(&search).await?;
        (page.hits.hits, page.hits.total.value)
    };
    if format != Format::Table {
        let docs: Vec<Value> = hits.iter().map(|h| h.source.clone()).collect();
        return output::print_many(format, &docs);
    }
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|h| {
            vec![
                output::cell(h.source.get("entityType")),
                output::cell(h.source.get("fullyQualifiedName")),
                h.score.map_or_else(String::new, |s| format!("{s:.2}")),
                output::cell(h.source.get("description")),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(&["TYPE", "FQN", "SCORE", "DESCRIPTION"], &rows)
    );
    eprintln!("{} of {total}", hits.len());
    Ok(())
}
