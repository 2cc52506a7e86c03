//! Lost-update protection: a request's work whose write found the entity changed since it
//! was read ([`ApiError::is_stale`]) runs again, on the current entity.
//!
//! Every write of an entity row checks, inside the write transaction, that the row is still
//! at the revision the document was read at (`store::put`, `store::rewrite`). A stale write
//! writes nothing; its request is computed again from a fresh read, so concurrent patches of
//! one entity all land (each with its version), and an `If-Match` is checked against the
//! entity the write really replaces.

use std::sync::{Mutex, PoisonError};

use crate::engine::error::ApiError;

/// Reruns take turns: a rerun can then only be overtaken by first attempts, so every request
/// gets its turn even when many write one entity at once.
static RERUN_TURN: Mutex<()> = Mutex::new(());

/// How often one request's work is run again before it is answered with the 409 of
/// [`ApiError::stale`].
const MOST_RERUNS: usize = 1000;

/// Runs `work`, and again while its write was stale.
///
/// ```
/// use ometa_server::{ApiError, rerun_while_stale};
/// let mut attempts = 0;
/// let out = rerun_while_stale(|| {
///     attempts += 1;
///     if attempts < 3 { Err(ApiError::stale()) } else { Ok(attempts) }
/// });
/// assert_eq!(out.unwrap(), 3);
/// ```
pub fn rerun_while_stale<T>(mut work: impl FnMut() -> Result<T, ApiError>) -> Result<T, ApiError> {
    match work() {
        Err(e) if e.is_stale() => {}
        done => return done,
    }
    let _turn = RERUN_TURN.lock().unwrap_or_else(PoisonError::into_inner);
    let mut last = ApiError::stale();
    for _ in 0..MOST_RERUNS {
        match work() {
            Err(e) if e.is_stale() => last = e,
            done => return done,
        }
    }
    Err(last)
}
