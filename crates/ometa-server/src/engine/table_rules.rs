//! Table constraints and partitions as the real server checks them: on a create or PUT
//! request (`DatabaseUtil.validateConstraints` / `validateTablePartition`, through
//! `TableMapper`) the primary key is tagged once and constraint and partition columns exist;
//! on every write (`TableRepository.validateTableConstraints`) no constraint repeats, its
//! columns exist and the columns it refers to exist in their tables.

use serde_json::{Map, Value};

use crate::engine::error::ApiError;
use crate::engine::{Engine, fqn, text_field};

/// Partition columns BigQuery has without declaring them.
const PSEUDO_PARTITION_COLUMNS: &[&str] = &["_PARTITIONDATE", "_PARTITIONTIME"];

/// The top-level column names of a table document.
fn column_names(doc: &Map<String, Value>) -> Vec<&str> {
    doc.get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("name").and_then(Value::as_str))
        .collect()
}

fn constraints(doc: &Map<String, Value>) -> &[Value] {
    doc.get("tableConstraints")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The column names of a constraint.
fn constraint_columns(constraint: &Value) -> impl Iterator<Item = &str> {
    constraint
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// `DatabaseUtil`'s checks of a create or PUT request of a table.
pub(crate) fn check_new_table(doc: &Map<String, Value>) -> Result<(), ApiError> {
    let names = column_names(doc);
    let primary_keys = doc
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| c.get("constraint").and_then(Value::as_str) == Some("PRIMARY_KEY"))
        .count();
    if primary_keys > 1 {
        return Err(ApiError::bad_request(
            "Multiple columns tagged with primary key constraints",
        ));
    }
    for constraint in constraints(doc) {
        let is_primary =
            constraint.get("constraintType").and_then(Value::as_str) == Some("PRIMARY_KEY");
        if is_primary && primary_keys > 0 {
            return Err(ApiError::bad_request(
                "A column already tagged as a primary key and table constraint also includes primary key",
            ));
        }
        if constraint_columns(constraint).any(|c| !names.contains(&c)) {
            return Err(ApiError::bad_request(
                "Invalid column name found in table constraint",
            ));
        }
    }
    let partition_columns = doc
        .get("tablePartition")
        .and_then(|p| p.get("columns"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| {
            c.as_str()
                .or_else(|| c.get("columnName").and_then(Value::as_str))
        });
    for column in partition_columns {
        if !names.contains(&column) && !PSEUDO_PARTITION_COLUMNS.contains(&column) {
            return Err(ApiError::bad_request(
                "Invalid column name found in table partition",
            ));
        }
    }
    Ok(())
}

impl Engine {
    /// `TableRepository.validateTableConstraints`, on every write of a table.
    pub(crate) fn check_table_constraints(&self, doc: &Value) -> Result<(), ApiError> {
        let Some(doc) = doc.as_object() else {
            return Ok(());
        };
        let names = column_names(doc);
        let all = constraints(doc);
        for (i, constraint) in all.iter().enumerate() {
            if all[..i].contains(constraint) {
                return Err(ApiError::bad_request(format!(
                    "Duplicate constraint found in request: {constraint}"
                )));
            }
            if let Some(missing) = constraint_columns(constraint).find(|c| !names.contains(c)) {
                return Err(ApiError::bad_request(format!(
                    "Invalid column name {missing}"
                )));
            }
            let referred = constraint
                .get("referredColumns")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            for column_fqn in referred {
                self.check_referred_column(column_fqn)?;
            }
        }
        Ok(())
    }

    /// A referred column's table exists (deleted or not) and has the column.
    fn check_referred_column(&self, column_fqn: &str) -> Result<(), ApiError> {
        let Some((table_fqn, column)) = fqn::split_last(column_fqn) else {
            return Err(ApiError::bad_request(format!(
                "Invalid column name {column_fqn}"
            )));
        };
        let table = self
            .store
            .get_by_fqn("table", table_fqn)?
            .ok_or_else(|| ApiError::bad_request(format!("Table not found: {table_fqn}")))?;
        let has = table
            .json
            .get("columns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| text_field(c, "name") == column);
        match has {
            true => Ok(()),
            false => Err(ApiError::bad_request(format!(
                "Invalid column name {column}"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn new_table(doc: Value) -> Result<(), ApiError> {
        check_new_table(doc.as_object().unwrap())
    }

    #[test]
    fn database_util_rules() {
        let cols = json!([{"name": "id", "constraint": "PRIMARY_KEY"}, {"name": "k"}]);
        assert!(new_table(json!({"columns": cols})).is_ok());
        let two = json!([{"name": "a", "constraint": "PRIMARY_KEY"}, {"name": "b", "constraint": "PRIMARY_KEY"}]);
        assert!(new_table(json!({"columns": two})).is_err());
        let both = json!({"columns": cols, "tableConstraints": [{"constraintType": "PRIMARY_KEY", "columns": ["k"]}]});
        assert!(new_table(both).is_err());
        let unknown = json!({"columns": cols, "tableConstraints": [{"constraintType": "UNIQUE", "columns": ["nope"]}]});
        assert!(new_table(unknown).is_err());
        let pseudo = json!({"columns": cols, "tablePartition": {"columns": [{"columnName": "_PARTITIONTIME"}]}});
        assert!(new_table(pseudo).is_ok());
        let bad = json!({"columns": cols, "tablePartition": {"columns": [{"columnName": "day"}]}});
        assert!(new_table(bad).is_err());
    }
}
