//! Search: the Elasticsearch-shaped `/search/query` and `/search/fieldQuery`, typed; lookups
//! by FQN pattern, every hit of a query as a `Stream` (following `search_after`, keeping the
//! query), and user or team references by email or name.

use openmetadata_types::Entity;
use openmetadata_types::entity::data::container::Container;
use openmetadata_types::entity::teams::team::Team;
use openmetadata_types::entity::teams::user::User;
use openmetadata_types::type_::entity_reference::EntityReference;
use reqwest::Method;
use serde_json::Value;

use crate::client::{OpenMetadata, Paged};
use crate::error::{Error, Result};
use crate::params::{GetParams, OwnersOnly};

/// The search index of an entity type (`table_search_index`).
///
/// ```
/// use openmetadata::types::entity::data::table::Table;
/// assert_eq!(openmetadata::index_of::<Table>(), "table_search_index");
/// ```
pub fn index_of<E: Entity>() -> String {
    match E::TYPE_NAME {
        "searchIndex" => "search_entity_search_index".to_string(),
        t => {
            let mut out = String::new();
            for (i, c) in t.chars().enumerate() {
                if c.is_ascii_uppercase() {
                    if i > 0 {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.push(c);
                }
            }
            format!("{out}_search_index")
        }
    }
}

/// One hit.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// let page = om.search(&openmetadata::Search::new("table_search_index").query("orders")).await?;
/// for hit in &page.hits.hits { println!("{} {}", hit.id, hit.source["fullyQualifiedName"]); }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Hit {
    /// The index it came from.
    #[serde(rename = "_index")]
    pub index: String,
    /// The document id (the entity id).
    #[serde(rename = "_id")]
    pub id: String,
    /// Relevance.
    #[serde(rename = "_score", default)]
    pub score: Option<f64>,
    /// The search document.
    #[serde(rename = "_source", default)]
    pub source: Value,
    /// The sort values, for `search_after`.
    #[serde(default)]
    pub sort: Vec<Value>,
}

impl Hit {
    /// The hit's document as an entity type (search documents carry the entity's fields).
    ///
    /// ```
    /// use openmetadata::types::entity::data::table::Table;
    /// let hit: openmetadata::Hit = serde_json::from_value(serde_json::json!({
    ///     "_index": "table_search_index", "_id": "6b7e1b8e-6f0a-4c57-9bd2-3b5c2c8d7a11",
    ///     "_source": {"id": "6b7e1b8e-6f0a-4c57-9bd2-3b5c2c8d7a11", "name": "orders", "columns": []}})).unwrap();
    /// let table: Table = hit.entity().unwrap();
    /// assert_eq!(table.name.to_string(), "orders");
    /// ```
    pub fn entity<E: crate::types::Entity>(&self) -> Result<E> {
        serde_json::from_value(self.source.clone()).map_err(|e| Error::Decode {
            path: self.index.clone(),
            message: e.to_string(),
            snippet: self.source.to_string().chars().take(200).collect(),
        })
    }
}

/// The total of a search.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// let page = om.search(&openmetadata::Search::new("all").query("customer")).await?;
/// println!("{} matches", page.hits.total.value);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, serde::Deserialize)]
pub struct Total {
    /// How many documents match.
    pub value: u64,
}

/// The hits of a search.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// let hits = om.search(&openmetadata::Search::new("topic_search_index")).await?.hits;
/// assert!(hits.hits.len() as u64 <= hits.total.value);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Hits {
    /// How many match in all.
    pub total: Total,
    /// This page.
    pub hits: Vec<Hit>,
}

/// A search answer.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// let answer: openmetadata::SearchResponse = om.search(&openmetadata::Search::new("user_search_index")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SearchResponse {
    /// The hits.
    pub hits: Hits,
}

/// Which documents a search asks for.
///
/// ```
/// let s = openmetadata::Search::new("table_search_index")
///     .query("orders")
///     .filter(serde_json::json!({"term": {"service.name.keyword": "mysql"}}))
///     .size(50);
/// assert_eq!(s.size, 50);
/// ```
#[derive(Debug, Clone)]
pub struct Search {
    /// Index name (`table_search_index`, `all`).
    pub index: String,
    /// Query string (`q`); empty means everything.
    pub q: String,
    /// A query-DSL filter.
    pub filter: Option<Value>,
    /// Page size.
    pub size: u32,
    /// Offset (ignored with `search_after`).
    pub from: u32,
    /// Sort field (`fullyQualifiedName`, `_score`).
    pub sort_field: String,
    /// Descending order.
    pub descending: bool,
    /// Only live (`Some(false)`) or only deleted (`Some(true)`) entities.
    pub deleted: Option<bool>,
    /// Source fields to return (all when empty).
    pub source_fields: Vec<String>,
}

impl Search {
    /// Everything in `index`, 10 per page, by FQN descending, live entities only.
    ///
    /// ```
    /// let s = openmetadata::Search::new("dashboard_search_index");
    /// assert_eq!((s.size, s.sort_field.as_str(), s.descending), (10, "fullyQualifiedName", true));
    /// ```
    pub fn new(index: impl Into<String>) -> Self {
        Search {
            index: index.into(),
            q: String::new(),
            filter: None,
            size: 10,
            from: 0,
            sort_field: "fullyQualifiedName".into(),
            descending: true,
            deleted: Some(false),
            source_fields: Vec::new(),
        }
    }

    /// Sets the query string.
    ///
    /// ```
    /// let s = openmetadata::Search::new("all").query("name:orders AND tier:Tier1");
    /// assert_eq!(s.q, "name:orders AND tier:Tier1");
    /// ```
    pub fn query(mut self, q: impl Into<String>) -> Self {
        self.q = q.into();
        self
    }

    /// Sets the DSL filter.
    ///
    /// ```
    /// let s = openmetadata::Search::new("table_search_index")
    ///     .filter(serde_json::json!({"bool": {"must": [{"term": {"service.name.keyword": "mysql_prod"}}]}}));
    /// assert!(s.filter.is_some());
    /// ```
    pub fn filter(mut self, filter: Value) -> Self {
        self.filter = Some(filter);
        self
    }

    /// Sets the page size.
    ///
    /// ```
    /// assert_eq!(openmetadata::Search::new("all").size(100).size, 100);
    /// ```
    pub fn size(mut self, size: u32) -> Self {
        self.size = size;
        self
    }

    /// Sorts by a field, ascending or not.
    ///
    /// ```
    /// let s = openmetadata::Search::new("all").sort("_score", true);
    /// assert_eq!(s.sort_field, "_score");
    /// ```
    pub fn sort(mut self, field: impl Into<String>, descending: bool) -> Self {
        self.sort_field = field.into();
        self.descending = descending;
        self
    }

    fn params(&self, after: &[Value]) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("q", self.q.clone()),
            ("index", self.index.clone()),
            ("size", self.size.to_string()),
            ("from", self.from.to_string()),
            ("sort_field", self.sort_field.clone()),
            (
                "sort_order",
                if self.descending { "desc" } else { "asc" }.to_string(),
            ),
        ];
        if let Some(d) = self.deleted {
            p.push(("deleted", d.to_string()));
        }
        if let Some(f) = &self.filter {
            p.push(("query_filter", f.to_string()));
        }
        for f in &self.source_fields {
            p.push(("include_source_fields", f.clone()));
        }
        for v in after {
            p.push((
                "search_after",
                v.as_str().map_or_else(|| v.to_string(), String::from),
            ));
        }
        p
    }
}

impl OpenMetadata {
    /// One page of a search.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let page = om.search(&openmetadata::Search::new("table_search_index").query("orders").size(20)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn search(&self, search: &Search) -> Result<SearchResponse> {
        self.call(Method::GET, "/search/query", &search.params(&[]), None)
            .await?
            .json()
    }

    /// Every hit of a search, page after page with `search_after` (the query is kept).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let hits: Vec<openmetadata::Hit> = om.search_all(openmetadata::Search::new("table_search_index").size(500)).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn search_all(&self, search: Search) -> Paged<Hit> {
        Box::pin({
            let client = self.clone();
            let pages = futures_util::stream::try_unfold(Some(Vec::<Value>::new()), move |after| {
                let (client, search) = (client.clone(), search.clone());
                async move {
                    let Some(after) = after else { return Ok(None) };
                    let page: SearchResponse = client
                        .call(Method::GET, "/search/query", &search.params(&after), None)
                        .await?
                        .json()?;
                    let next = page
                        .hits
                        .hits
                        .last()
                        .map(|h| h.sort.clone())
                        .filter(|s| !s.is_empty());
                    let done = page.hits.hits.len() < search.size as usize;
                    let hits = page.hits.hits.into_iter().map(Ok);
                    Ok(Some((
                        futures_util::stream::iter(hits),
                        if done { None } else { next },
                    )))
                }
            });
            futures_util::TryStreamExt::try_flatten(pages)
        })
    }

    /// Entities of type `E` whose FQN matches a pattern (`svc.*.*.orders`), read in full with
    /// `params`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let tables: Vec<Table> = om.search_by_fqn("mysql_prod.*.*.orders", 10, &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn search_by_fqn<E: Entity>(
        &self,
        pattern: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<E>> {
        self.search_by_field::<E>("fullyQualifiedName", pattern, size, params)
            .await
    }

    /// Entities of type `E` that have `alias` among their `aliases` (the Python SDK's
    /// `es_search_from_alias`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let tables: Vec<Table> = om.search_by_alias("legacy.orders", 10, &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn search_by_alias<E: Entity>(
        &self,
        alias: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<E>> {
        self.search_by_field::<E>("aliases.keyword", alias, size, params)
            .await
    }

    /// Containers whose `fullPath` matches (wildcards allowed; the Python SDK's
    /// `es_search_container_by_path`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let found = om.search_containers_by_path("s3://lake/raw/*", 10, &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn search_containers_by_path(
        &self,
        full_path: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<Container>> {
        self.search_by_field::<Container>("fullPath", full_path, size, params)
            .await
    }

    /// `GET /search/fieldQuery` on one field of `E`'s index, each hit read in full.
    async fn search_by_field<E: Entity>(
        &self,
        field: &str,
        value: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<E>> {
        let page: SearchResponse = self
            .call(
                Method::GET,
                "/search/fieldQuery",
                &[
                    ("fieldName", field.to_string()),
                    ("fieldValue", value.to_string()),
                    ("from", "0".into()),
                    ("size", size.to_string()),
                    ("index", index_of::<E>()),
                    ("deleted", "false".into()),
                ],
                None,
            )
            .await?
            .json()?;
        let mut out = Vec::new();
        for hit in page.hits.hits {
            if let Some(e) = self.get_by_id::<E>(&hit.id, params).await? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The first entity of type `E` a query string finds, read in full with `params`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let first: Option<Table> = om.get_entity_from_es("orders", &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_entity_from_es<E: Entity>(
        &self,
        query: &str,
        params: &GetParams,
    ) -> Result<Option<E>> {
        let found = self
            .search(
                &Search::new(index_of::<E>())
                    .query(query)
                    .size(1)
                    .sort("_score", true),
            )
            .await?;
        match found.hits.hits.first() {
            Some(hit) => self.get_by_id::<E>(&hit.id, params).await,
            None => Ok(None),
        }
    }

    /// The entity of type `E` whose FQN ends with `partial_fqn` in any service
    /// (`sales.public.orders` finds `mysql_prod.sales.public.orders`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let found: Option<Table> = om.search_in_any_service("sales.public.orders").await?;
    /// # Ok(()) }
    /// ```
    pub async fn search_in_any_service<E: Entity>(&self, partial_fqn: &str) -> Result<Option<E>> {
        let found = self
            .search_by_fqn::<E>(&format!("*.{partial_fqn}"), 1, &GetParams::default())
            .await?;
        Ok(found.into_iter().next())
    }

    /// The user, else the team, with this email.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let owner = om.get_reference_by_email("ana@example.com").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_reference_by_email(&self, email: &str) -> Result<Option<EntityReference>> {
        let term = serde_json::json!({"term": {"email.keyword": email}});
        for index in [index_of::<User>(), index_of::<Team>()] {
            let found = self
                .search(&Search::new(index).filter(term.clone()).size(1))
                .await?;
            if let Some(hit) = found.hits.hits.first() {
                return reference_of(hit).map(Some);
            }
        }
        Ok(None)
    }

    /// The team, else the user (not a bot), whose name or display name has these words
    /// (case-insensitive: `Random User` finds `random.user`). With `owner_only`, a team must
    /// be of type `Group` to count.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let owner = om.get_reference_by_name("Data Platform", true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_reference_by_name(
        &self,
        name: &str,
        owner_only: impl Into<OwnersOnly>,
    ) -> Result<Option<EntityReference>> {
        let owners_only = owner_only.into().is_yes();
        let filter = serde_json::json!({"query_string": {
            "query": format!("{} AND isBot:false", escape(name)),
            "fields": ["name", "displayName"],
            "default_operator": "AND"
        }});
        for index in [index_of::<Team>(), index_of::<User>()] {
            let found = self
                .search(
                    &Search::new(index)
                        .filter(filter.clone())
                        .size(1)
                        .sort("_score", true),
                )
                .await?;
            if let Some(hit) = found.hits.hits.first() {
                let is_team = hit.source.get("entityType").and_then(Value::as_str) == Some("team");
                if is_team
                    && owners_only
                    && hit.source.get("teamType").and_then(Value::as_str) != Some("Group")
                {
                    return Ok(None);
                }
                return reference_of(hit).map(Some);
            }
        }
        Ok(None)
    }
}

/// Escapes the query-string operators in free text.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "+-!(){}[]^\"~*?:\\/&|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn reference_of(hit: &Hit) -> Result<EntityReference> {
    let text = |k: &str| hit.source.get(k).and_then(Value::as_str).map(String::from);
    let kind = text("entityType").unwrap_or_default();
    let id = hit
        .id
        .parse::<openmetadata_types::type_::basic::Uuid>()
        .map_err(|e| crate::error::Error::Decode {
            path: "_id".into(),
            message: e.to_string(),
            snippet: hit.id.clone(),
        })?;
    Ok(EntityReference {
        name: text("name"),
        display_name: text("displayName"),
        fully_qualified_name: text("fullyQualifiedName"),
        ..EntityReference::new(id, kind)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use openmetadata_types::entity::data::database_schema::DatabaseSchema;
    use openmetadata_types::entity::data::table::Table;

    #[test]
    fn index_names_and_escaping() {
        assert_eq!(index_of::<Table>(), "table_search_index");
        assert_eq!(index_of::<DatabaseSchema>(), "database_schema_search_index");
        assert_eq!(escape("a.b (c)"), "a.b \\(c\\)");
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/search.rs"]
mod blocking_twins;
