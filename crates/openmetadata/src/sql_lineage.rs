//! Table- and column-level lineage of SQL statements: `INSERT ... SELECT`,
//! `CREATE TABLE ... AS SELECT`, `CREATE VIEW ... AS SELECT` and `MERGE`, through CTEs,
//! subqueries, joins and set operations. Pure parsing: names are resolved to entities by
//! [`OpenMetadata::add_lineage_by_query`](crate::OpenMetadata::add_lineage_by_query).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, MergeAction, MergeInsertKind, MergeUpdateKind, ObjectName, ObjectNamePart, Query,
    SelectItem, SelectItemQualifiedWildcardKind, SetExpr, Statement, TableFactor, TableObject,
    Value, visit_expressions, visit_expressions_mut, visit_relations,
};

fn parse(sql: &str, dialect: &str) -> Result<Vec<Statement>, SqlLineageError> {
    let d = sqlparser::dialect::dialect_from_str(dialect)
        .ok_or_else(|| SqlLineageError::UnknownDialect(dialect.to_string()))?;
    sqlparser::parser::Parser::parse_sql(d.as_ref(), sql)
        .map_err(|e| SqlLineageError::Parse(e.to_string()))
}

/// The SQL with every string and number literal replaced by `?`, so that stored queries
/// carry no values (which may be personal data) and queries that differ only in their values
/// get the same checksum. The statements are printed back in sqlparser's normal form.
///
/// ```
/// use openmetadata::sql_lineage::mask_literals;
/// let masked = mask_literals("select * from users where email = 'ana@example.com' and age > 30", "generic").unwrap();
/// assert_eq!(masked, "SELECT * FROM users WHERE email = ? AND age > ?");
/// ```
pub fn mask_literals(sql: &str, dialect: &str) -> Result<String, SqlLineageError> {
    let mut statements = parse(sql, dialect)?;
    for statement in &mut statements {
        let _ = visit_expressions_mut(statement, |e| {
            if let Expr::Value(v) = e
                && !matches!(
                    v.value,
                    Value::Null | Value::Boolean(_) | Value::Placeholder(_)
                )
            {
                v.value = Value::Placeholder("?".into());
            }
            ControlFlow::<()>::Continue(())
        });
    }
    Ok(statements
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";\n"))
}

/// A table as the SQL names it (`db.schema.table`, `schema.table` or `table`).
///
/// ```
/// let lineage = openmetadata::sql_lineage::parse_lineage("insert into s.orders select * from s.raw", "generic").unwrap();
/// assert_eq!(lineage[0].target.to_string(), "s.orders");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableName(pub Vec<String>);

impl std::fmt::Display for TableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// Columns of source tables that feed one target column.
///
/// ```
/// let lineage = openmetadata::sql_lineage::parse_lineage("insert into t (a) select x from s", "generic").unwrap();
/// let mapping = &lineage[0].columns[0];
/// assert_eq!((mapping.from[0].1.as_str(), mapping.to.as_str()), ("x", "a"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    /// `(table, column)` pairs read.
    pub from: Vec<(TableName, String)>,
    /// The target column.
    pub to: String,
}

/// What one statement writes and reads.
///
/// ```
/// let lineage = openmetadata::sql_lineage::parse_lineage("create view v as select * from a join b on a.id = b.id", "generic").unwrap();
/// assert_eq!(lineage[0].sources.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLineage {
    /// The table written.
    pub target: TableName,
    /// The tables read.
    pub sources: Vec<TableName>,
    /// Column-level lineage, where the columns can be told.
    pub columns: Vec<ColumnMapping>,
}

/// SQL that cannot be read.
///
/// ```
/// use openmetadata::sql_lineage::{parse_lineage, SqlLineageError};
/// assert!(matches!(parse_lineage("select 1", "cobol"), Err(SqlLineageError::UnknownDialect(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SqlLineageError {
    /// The dialect name is not known.
    #[error("unknown SQL dialect {0}")]
    UnknownDialect(String),
    /// The statement does not parse.
    #[error("cannot parse the SQL: {0}")]
    Parse(String),
}

fn table_name(name: &ObjectName) -> TableName {
    TableName(
        name.0
            .iter()
            .map(|p| match p {
                ObjectNamePart::Identifier(i) => i.value.clone(),
                other => other.to_string(),
            })
            .collect(),
    )
}

fn last_part(name: &ObjectName) -> String {
    table_name(name).0.last().cloned().unwrap_or_default()
}

type Sources = BTreeSet<(TableName, String)>;

/// What a query yields: its output columns (name → sources), in order.
#[derive(Debug, Clone, Default)]
struct Output {
    columns: Vec<(Option<String>, Sources)>,
}

#[derive(Debug, Clone)]
enum Source {
    Table(TableName),
    Derived(Output),
}

type Ctes = BTreeMap<String, Output>;

fn ctes_of(q: &Query, outer: &Ctes) -> Ctes {
    let mut ctes = outer.clone();
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            let mut out = query_output(&cte.query, &ctes);
            for (i, c) in cte.alias.columns.iter().enumerate() {
                if let Some(col) = out.columns.get_mut(i) {
                    col.0 = Some(c.name.value.to_lowercase());
                }
            }
            ctes.insert(cte.alias.name.value.to_lowercase(), out);
        }
    }
    ctes
}

fn query_output(q: &Query, outer: &Ctes) -> Output {
    let ctes = ctes_of(q, outer);
    set_output(&q.body, &ctes)
}

fn set_output(s: &SetExpr, ctes: &Ctes) -> Output {
    match s {
        SetExpr::Select(select) => {
            let mut scope: Vec<(String, Source)> = Vec::new();
            for twj in &select.from {
                add_factor(&twj.relation, ctes, &mut scope);
                for j in &twj.joins {
                    add_factor(&j.relation, ctes, &mut scope);
                }
            }
            let mut out = Output::default();
            for item in &select.projection {
                match item {
                    SelectItem::UnnamedExpr(e) => {
                        let name = match e {
                            Expr::Identifier(i) => Some(i.value.to_lowercase()),
                            Expr::CompoundIdentifier(p) => p.last().map(|i| i.value.to_lowercase()),
                            _ => None,
                        };
                        out.columns.push((name, resolve(e, &scope)));
                    }
                    SelectItem::ExprWithAlias { expr, alias } => {
                        out.columns
                            .push((Some(alias.value.to_lowercase()), resolve(expr, &scope)));
                    }
                    SelectItem::Wildcard(_) => {
                        for (_, src) in &scope {
                            if let Source::Derived(o) = src {
                                out.columns.extend(o.columns.iter().cloned());
                            }
                        }
                    }
                    SelectItem::QualifiedWildcard(
                        SelectItemQualifiedWildcardKind::ObjectName(n),
                        _,
                    ) => {
                        let alias = last_part(n).to_lowercase();
                        if let Some((_, Source::Derived(o))) =
                            scope.iter().find(|(a, _)| *a == alias)
                        {
                            out.columns.extend(o.columns.iter().cloned());
                        }
                    }
                    _ => {}
                }
            }
            out
        }
        SetExpr::Query(q) => query_output(q, ctes),
        SetExpr::SetOperation { left, right, .. } => {
            let (mut l, r) = (set_output(left, ctes), set_output(right, ctes));
            for (i, (_, sources)) in r.columns.into_iter().enumerate() {
                if let Some(col) = l.columns.get_mut(i) {
                    col.1.extend(sources);
                }
            }
            l
        }
        _ => Output::default(),
    }
}

fn add_factor(f: &TableFactor, ctes: &Ctes, scope: &mut Vec<(String, Source)>) {
    match f {
        TableFactor::Table { name, alias, .. } => {
            let last = last_part(name).to_lowercase();
            let source = match (name.0.len(), ctes.get(&last)) {
                (1, Some(out)) => Source::Derived(out.clone()),
                _ => Source::Table(table_name(name)),
            };
            let alias = alias.as_ref().map_or(last, |a| a.name.value.to_lowercase());
            scope.push((alias, source));
        }
        TableFactor::Derived {
            subquery, alias, ..
        } => {
            let alias = alias
                .as_ref()
                .map(|a| a.name.value.to_lowercase())
                .unwrap_or_default();
            scope.push((alias, Source::Derived(query_output(subquery, ctes))));
        }
        TableFactor::NestedJoin {
            table_with_joins, ..
        } => {
            add_factor(&table_with_joins.relation, ctes, scope);
            for j in &table_with_joins.joins {
                add_factor(&j.relation, ctes, scope);
            }
        }
        _ => {}
    }
}

/// The source columns an expression reads, through the scope's aliases.
fn resolve(e: &Expr, scope: &[(String, Source)]) -> Sources {
    let mut refs: Vec<(Option<String>, String)> = Vec::new();
    let _ = visit_expressions(e, |x| {
        match x {
            Expr::Identifier(i) => refs.push((None, i.value.to_lowercase())),
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => refs.push((
                Some(parts[parts.len() - 2].value.to_lowercase()),
                parts[parts.len() - 1].value.to_lowercase(),
            )),
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    let mut out = Sources::new();
    for (qualifier, column) in refs {
        let candidates: Vec<&Source> = match &qualifier {
            Some(q) => scope.iter().filter(|(a, _)| a == q).map(|(_, s)| s).collect(),
            None if scope.len() == 1 => vec![&scope[0].1],
            None => scope
                .iter()
                .map(|(_, s)| s)
                .filter(|s| matches!(s, Source::Derived(o) if o.columns.iter().any(|(n, _)| n.as_deref() == Some(&column))))
                .collect(),
        };
        if let [source] = candidates.as_slice() {
            match source {
                Source::Table(t) => {
                    out.insert((t.clone(), column));
                }
                Source::Derived(o) => {
                    if let Some((_, s)) = o
                        .columns
                        .iter()
                        .find(|(n, _)| n.as_deref() == Some(&column))
                    {
                        out.extend(s.iter().cloned());
                    }
                }
            }
        }
    }
    out
}

/// Every real table a query reads (CTE names are not tables).
fn tables_read<V: sqlparser::ast::Visit>(
    node: &V,
    ctes: &Ctes,
    target: &TableName,
) -> Vec<TableName> {
    let mut found = BTreeSet::new();
    let _ = visit_relations(node, |name| {
        let t = table_name(name);
        let is_cte = t.0.len() == 1 && ctes.contains_key(&t.0[0].to_lowercase());
        if !is_cte && &t != target {
            found.insert(t);
        }
        ControlFlow::<()>::Continue(())
    });
    found.into_iter().collect()
}

fn all_ctes(q: &Query) -> Ctes {
    let mut ctes = ctes_of(q, &Ctes::new());
    collect_nested_ctes(&q.body, &mut ctes);
    ctes
}

fn collect_nested_ctes(s: &SetExpr, ctes: &mut Ctes) {
    if let SetExpr::Query(q) = s {
        let inner = ctes_of(q, ctes);
        ctes.extend(inner);
        collect_nested_ctes(&q.body, ctes);
    }
}

fn mappings(targets: &[String], out: &Output) -> Vec<ColumnMapping> {
    let names: Vec<Option<String>> = if targets.is_empty() {
        out.columns.iter().map(|(n, _)| n.clone()).collect()
    } else if targets.len() == out.columns.len() {
        targets.iter().map(|t| Some(t.to_lowercase())).collect()
    } else {
        return Vec::new();
    };
    names
        .into_iter()
        .zip(&out.columns)
        .filter_map(|(to, (_, from))| {
            let to = to?;
            (!from.is_empty()).then(|| ColumnMapping {
                from: from.iter().cloned().collect(),
                to,
            })
        })
        .collect()
}

fn from_query(target: TableName, target_columns: &[String], q: &Query) -> StatementLineage {
    let ctes = all_ctes(q);
    let out = query_output(q, &Ctes::new());
    StatementLineage {
        sources: tables_read(q, &ctes, &target),
        columns: mappings(target_columns, &out),
        target,
    }
}

fn from_merge(m: &sqlparser::ast::Merge) -> Option<StatementLineage> {
    let TableFactor::Table { name, .. } = &m.table else {
        return None;
    };
    let target = table_name(name);
    let mut scope: Vec<(String, Source)> = Vec::new();
    add_factor(&m.source, &Ctes::new(), &mut scope);
    let from_source =
        |e: &Expr| -> Vec<(TableName, String)> { resolve(e, &scope).into_iter().collect() };
    let mut columns = Vec::new();
    for clause in &m.clauses {
        match &clause.action {
            MergeAction::Update(u) => {
                if let MergeUpdateKind::Set(assignments) = &u.kind {
                    for a in assignments {
                        if let sqlparser::ast::AssignmentTarget::ColumnName(n) = &a.target {
                            let from = from_source(&a.value);
                            if !from.is_empty() {
                                columns.push(ColumnMapping {
                                    from,
                                    to: last_part(n).to_lowercase(),
                                });
                            }
                        }
                    }
                }
            }
            MergeAction::Insert(i) => {
                if let MergeInsertKind::Values(values) = &i.kind
                    && let Some(row) = values.rows.first()
                {
                    for (n, e) in i.columns.iter().zip(&row.content) {
                        let from = from_source(e);
                        if !from.is_empty() {
                            columns.push(ColumnMapping {
                                from,
                                to: last_part(n).to_lowercase(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Some(StatementLineage {
        sources: tables_read(&m.source, &Ctes::new(), &target),
        columns,
        target,
    })
}

/// The lineage of every statement of `sql` that writes a table from others, in the named
/// dialect (`mysql`, `postgresql`, `snowflake`, `bigquery`, `generic`, ...).
///
/// ```
/// let l = openmetadata::sql_lineage::parse_lineage(
///     "INSERT INTO mart.daily (day, total) SELECT o.day, sum(o.amount) FROM sales.orders o GROUP BY o.day",
///     "generic",
/// ).unwrap();
/// assert_eq!(l[0].target.to_string(), "mart.daily");
/// assert_eq!(l[0].sources[0].to_string(), "sales.orders");
/// assert_eq!(l[0].columns[1].to, "total");
/// ```
pub fn parse_lineage(sql: &str, dialect: &str) -> Result<Vec<StatementLineage>, SqlLineageError> {
    let statements = parse(sql, dialect)?;
    let mut out = Vec::new();
    for s in &statements {
        let lineage = match s {
            Statement::Insert(insert) => match (&insert.table, &insert.source) {
                (TableObject::TableName(name), Some(q)) => {
                    let cols: Vec<String> = insert.columns.iter().map(last_part).collect();
                    Some(from_query(table_name(name), &cols, q))
                }
                _ => None,
            },
            Statement::CreateTable(ct) => ct.query.as_ref().map(|q| {
                let cols: Vec<String> = ct.columns.iter().map(|c| c.name.value.clone()).collect();
                from_query(table_name(&ct.name), &cols, q)
            }),
            Statement::CreateView(v) => {
                let cols: Vec<String> = v.columns.iter().map(|c| c.name.value.clone()).collect();
                Some(from_query(table_name(&v.name), &cols, &v.query))
            }
            Statement::Merge(m) => from_merge(m),
            _ => None,
        };
        out.extend(lineage.filter(|l| !l.sources.is_empty()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TableName {
        TableName(s.split('.').map(String::from).collect())
    }

    fn cols(l: &StatementLineage) -> Vec<(String, Vec<String>)> {
        l.columns
            .iter()
            .map(|c| {
                (
                    c.to.clone(),
                    c.from.iter().map(|(t, c)| format!("{t}.{c}")).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn insert_select_with_join_and_aliases() {
        let l = parse_lineage(
            "INSERT INTO mart.revenue (day, customer, amount)
             SELECT o.placed_at, c.email, o.amount + o.tax FROM sales.orders o JOIN sales.customers AS c ON o.cid = c.id",
            "mysql",
        )
        .unwrap();
        assert_eq!(l[0].target, t("mart.revenue"));
        assert_eq!(l[0].sources, vec![t("sales.customers"), t("sales.orders")]);
        assert_eq!(
            cols(&l[0]),
            vec![
                ("day".into(), vec!["sales.orders.placed_at".into()]),
                ("customer".into(), vec!["sales.customers.email".into()]),
                (
                    "amount".into(),
                    vec!["sales.orders.amount".into(), "sales.orders.tax".into()]
                ),
            ]
        );
    }

    #[test]
    fn ctas_views_ctes_and_unions() {
        let l = parse_lineage(
            "CREATE TABLE daily AS WITH big AS (SELECT id, amount AS amt FROM orders WHERE amount > 10)
             SELECT b.id, b.amt AS total FROM big b",
            "postgresql",
        )
        .unwrap();
        assert_eq!(l[0].sources, vec![t("orders")], "the CTE is not a table");
        assert_eq!(
            cols(&l[0]),
            vec![
                ("id".into(), vec!["orders.id".into()]),
                ("total".into(), vec!["orders.amount".into()])
            ]
        );
        let v = parse_lineage(
            "CREATE VIEW v AS SELECT a FROM x UNION ALL SELECT b FROM y",
            "generic",
        )
        .unwrap();
        assert_eq!(v[0].sources, vec![t("x"), t("y")]);
        assert_eq!(
            cols(&v[0]),
            vec![("a".into(), vec!["x.a".into(), "y.b".into()])]
        );
        let sub = parse_lineage(
            "INSERT INTO t SELECT s.k FROM (SELECT k FROM src) s",
            "generic",
        )
        .unwrap();
        assert_eq!(cols(&sub[0]), vec![("k".into(), vec!["src.k".into()])]);
    }

    #[test]
    fn merge_reads_the_source_into_the_target() {
        let l = parse_lineage(
            "MERGE INTO dim.customers t USING staging.customers s ON t.id = s.id
             WHEN MATCHED THEN UPDATE SET email = s.email
             WHEN NOT MATCHED THEN INSERT (id, email) VALUES (s.id, s.email)",
            "snowflake",
        )
        .unwrap();
        assert_eq!(l[0].target, t("dim.customers"));
        assert_eq!(l[0].sources, vec![t("staging.customers")]);
        assert_eq!(
            cols(&l[0])[0],
            ("email".into(), vec!["staging.customers.email".into()])
        );
        assert_eq!(cols(&l[0]).len(), 3);
    }

    #[test]
    fn statements_without_lineage_and_bad_sql() {
        assert!(parse_lineage("SELECT 1", "generic").unwrap().is_empty());
        assert!(
            parse_lineage("INSERT INTO t VALUES (1)", "generic")
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            parse_lineage("INSERT INTO", "generic"),
            Err(SqlLineageError::Parse(_))
        ));
        assert!(matches!(
            parse_lineage("SELECT 1", "cobol"),
            Err(SqlLineageError::UnknownDialect(_))
        ));
    }
}
