//! Per-file syntax summaries: each is a pure function of one file's text.

pub mod proto;
pub mod ts;
