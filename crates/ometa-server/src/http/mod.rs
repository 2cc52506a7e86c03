//! The HTTP kit every endpoint family shares: shared state, extractors and body parsing,
//! authentication, the `{code, message}` error body, ETag headers and secret masking, tokens
//! and the request log. It knows no endpoint family.

pub mod access;
pub mod auth;
pub mod authorize;
pub mod error;
pub mod extract;
pub mod jwt;
pub mod request_log;
pub mod response;
pub mod state;
