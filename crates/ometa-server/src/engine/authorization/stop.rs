//! Why an authorization decision was not reached: it needed the store while deciding without
//! it, or it failed (a refusal is a failure with the real 403).

use crate::engine::error::ApiError;

/// Why a decision was not reached.
#[derive(Debug)]
pub enum Stop {
    /// It needs to read the store, which this evaluation may not.
    Read,
    /// It failed, or the request is refused (the 403).
    Failed(ApiError),
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Self {
        Stop::Failed(e)
    }
}

impl From<crate::store::StoreError> for Stop {
    fn from(e: crate::store::StoreError) -> Self {
        Stop::Failed(e.into())
    }
}

impl From<Stop> for ApiError {
    /// The error of an evaluation that was allowed to read (it never stops for want of it).
    fn from(stop: Stop) -> Self {
        match stop {
            Stop::Failed(e) => e,
            Stop::Read => ApiError::internal("authorization could not read the store"),
        }
    }
}
