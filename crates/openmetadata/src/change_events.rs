//! Change events: what every write to the catalog did (`GET /api/v1/events`), read once or
//! followed as a stream, so a service can react to catalog changes.

use std::collections::HashSet;
use std::time::Duration;

use openmetadata_types::type_::change_event::ChangeEvent;
use reqwest::Method;
use serde::Deserialize;

use crate::client::{OpenMetadata, Paged};
use crate::error::{Error, Result};

/// Which change events to read: per event type, the entity types (`*` for all), and how
/// often a followed stream asks for more.
///
/// ```
/// use openmetadata::EventFilter;
/// let tables_and_dashboards = EventFilter::entity_types(&["table", "dashboard"]);
/// let only_new_tables = EventFilter::default().created(&["table"]);
/// let everything = EventFilter::all();
/// # let _ = (tables_and_dashboards, only_new_tables, everything);
/// ```
#[derive(Debug, Clone)]
pub struct EventFilter {
    created: Option<String>,
    updated: Option<String>,
    deleted: Option<String>,
    poll_interval: Duration,
}

impl Default for EventFilter {
    /// No event type at all (add some with [`EventFilter::created`] and its siblings); a
    /// followed stream polls every second.
    fn default() -> Self {
        EventFilter {
            created: None,
            updated: None,
            deleted: None,
            poll_interval: Duration::from_secs(1),
        }
    }
}

impl EventFilter {
    /// Every created, updated and deleted event of every entity type.
    pub fn all() -> Self {
        EventFilter::entity_types(&["*"])
    }

    /// Created, updated and deleted events of these entity types (`table`, `dashboard`).
    pub fn entity_types(types: &[&str]) -> Self {
        EventFilter::default()
            .created(types)
            .updated(types)
            .deleted(types)
    }

    /// Also `entityCreated` events of these entity types.
    pub fn created(mut self, types: &[&str]) -> Self {
        self.created = Some(types.join(","));
        self
    }

    /// Also `entityUpdated` events of these entity types.
    pub fn updated(mut self, types: &[&str]) -> Self {
        self.updated = Some(types.join(","));
        self
    }

    /// Also `entityDeleted` events of these entity types.
    pub fn deleted(mut self, types: &[&str]) -> Self {
        self.deleted = Some(types.join(","));
        self
    }

    /// How long a followed stream waits before asking again when it has seen everything.
    pub fn poll_interval(mut self, every: Duration) -> Self {
        self.poll_interval = every;
        self
    }

    fn query(&self, since: i64) -> Vec<(&'static str, String)> {
        let mut q = vec![("timestamp", since.to_string())];
        q.extend(self.created.clone().map(|t| ("entityCreated", t)));
        q.extend(self.updated.clone().map(|t| ("entityUpdated", t)));
        q.extend(self.deleted.clone().map(|t| ("entityDeleted", t)));
        q
    }
}

#[derive(Deserialize)]
struct EventList {
    data: Vec<ChangeEvent>,
}

/// Where a followed stream is: the newest timestamp read, and the events read at exactly
/// that time (the next poll asks from that time again, so these are skipped).
struct Cursor {
    since: i64,
    seen_at_since: HashSet<openmetadata_types::type_::basic::Uuid>,
}

impl OpenMetadata {
    /// The change events since `since` (epoch milliseconds, inclusive) that `filter` admits,
    /// oldest first, in one call.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::EventFilter;
    /// for event in om.list_change_events(&EventFilter::entity_types(&["table"]), 0).await? {
    ///     println!("{:?} {}", event.event_type, event.entity_type);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_change_events(
        &self,
        filter: &EventFilter,
        since: i64,
    ) -> Result<Vec<ChangeEvent>> {
        let list: EventList = self
            .call(Method::GET, "/events", &filter.query(since), None)
            .await?
            .json()?;
        Ok(list.data)
    }

    /// Follows the change events since `since` (epoch milliseconds) that `filter` admits:
    /// every event once, oldest first, then each new one as it happens (polling at the
    /// filter's interval). The stream does not end by itself; stop it with `take`,
    /// `take_while` or a timeout. A failed call ends it with that error.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use openmetadata::EventFilter;
    /// let mut events = std::pin::pin!(om.change_events(EventFilter::all(), 0));
    /// while let Some(event) = events.try_next().await? {
    ///     println!("{:?} {:?}", event.event_type, event.entity_fully_qualified_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn change_events(&self, filter: EventFilter, since: i64) -> Paged<ChangeEvent> {
        Box::pin({
            let client = self.clone();
            let start = Cursor {
                since,
                seen_at_since: HashSet::new(),
            };
            let batches =
                futures_util::stream::try_unfold((start, true), move |(mut cursor, first)| {
                    let client = client.clone();
                    let filter = filter.clone();
                    async move {
                        if !first {
                            tokio::time::sleep(filter.poll_interval).await;
                        }
                        let events = client.list_change_events(&filter, cursor.since).await?;
                        let fresh = take_fresh(&mut cursor, events);
                        Ok::<_, Error>(Some((
                            futures_util::stream::iter(fresh.into_iter().map(Ok)),
                            (cursor, false),
                        )))
                    }
                });
            futures_util::TryStreamExt::try_flatten(batches)
        })
    }
}

/// The events of `events` the cursor has not given yet; moves the cursor past them.
fn take_fresh(cursor: &mut Cursor, events: Vec<ChangeEvent>) -> Vec<ChangeEvent> {
    let mut fresh = Vec::new();
    for event in events {
        let at = event.timestamp.0;
        let id = event.id;
        if at < cursor.since || (at == cursor.since && cursor.seen_at_since.contains(&id)) {
            continue;
        }
        if at > cursor.since {
            cursor.since = at;
            cursor.seen_at_since.clear();
        }
        cursor.seen_at_since.insert(id);
        fresh.push(event);
    }
    fresh
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/change_events.rs"]
mod blocking_twins;
