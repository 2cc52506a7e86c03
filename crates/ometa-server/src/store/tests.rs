//! Storage as a whole: migration of older layouts, and the search index at commit.

use serde_json::json;

use crate::store::db::{Durability, Store};
use crate::store::error::StoreError;
use crate::store::prepared::Prepared;
use crate::store::relations::Relation;
use crate::store::rows::Stored;
use crate::store::writes::{put, remove};

fn owned_table() -> Stored {
    Stored {
        id: "t1".into(),
        kind: "table".into(),
        fqn: "s.d.sc.t".into(),
        name: "t".into(),
        parent_id: Some("sc1".into()),
        deleted: false,
        json: json!({"owners": [{"id": "u1", "type": "user"}], "columns": [
            {"name": "c", "tags": [{"tagFQN": "PII.Sensitive"}]}
        ]}),
        rev: None,
    }
}

#[test]
fn opening_an_older_database_fills_the_relationship_tables() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_file(dir.path(), Durability::default()).unwrap();
    let t = Prepared::new(owned_table(), "{}".into());
    store.write(move |c| put(c, &t, 0.1)).unwrap();
    store
        .write(|c| {
            c.execute_batch(
                "DELETE FROM relationship; DELETE FROM tag_usage; PRAGMA user_version = 0;",
            )?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let (rows, total) = store.related("u1", Relation::Owns, 10, 0).unwrap();
    assert_eq!((rows.len(), total), (0, 0));
    drop(store);

    let store = Store::open_file(dir.path(), Durability::default()).unwrap();
    let (rows, total) = store.related("u1", Relation::Owns, 10, 0).unwrap();
    assert_eq!(total, 1);
    assert_eq!(rows[0].id, "t1");
    assert_eq!(store.tagged("PII.Sensitive", 10, 0).unwrap().1, 1);
    assert_eq!(
        store.related("sc1", Relation::Contains, 10, 0).unwrap().1,
        1
    );
}

#[test]
fn a_failed_write_leaves_no_index_entry_and_a_good_one_is_indexed_at_commit() {
    let store = Store::open_in_memory().unwrap();
    let indexed = |store: &Store| {
        store
            .read(|c| {
                c.query_row("SELECT count(*) FROM search_meta", [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .unwrap()
    };
    let t = Prepared::new(owned_table(), "{}".into());
    let failed = store.write(move |c| {
        put(c, &t, 0.1)?;
        Err::<(), _>(StoreError::Invalid("refused after writing".into()))
    });
    assert!(failed.is_err());
    assert_eq!(indexed(&store), 0);
    assert!(store.get("t1").unwrap().is_none());

    let t = Prepared::new(owned_table(), "{}".into());
    store.write(move |c| put(c, &t, 0.1)).unwrap();
    assert_eq!(indexed(&store), 1);
    store.write(|c| remove(c, "t1", "admin")).unwrap();
    assert_eq!(indexed(&store), 0);
}
