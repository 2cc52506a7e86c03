//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `change_events.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::list_change_events`](crate::OpenMetadata::list_change_events).
    pub fn list_change_events(&self, filter: &EventFilter, since: i64) -> Result<Vec<ChangeEvent>> {
        self.call(|c| c.list_change_events(filter, since))
    }

    /// Blocking [`OpenMetadata::change_events`](crate::OpenMetadata::change_events).
    pub fn change_events(
        &self,
        filter: EventFilter,
        since: i64,
    ) -> crate::blocking::Iter<'_, ChangeEvent> {
        self.iter(self.inner().change_events(filter, since))
    }
}
