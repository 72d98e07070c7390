//! Per-file syntax summaries: each is a pure function of one file's text.

pub mod bindings;
pub mod proto;
pub mod ts;
