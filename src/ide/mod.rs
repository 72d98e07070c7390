//! Features as pure functions over an immutable [`Index`](crate::index::Index): diagnostics, the
//! channel catalogue, the graph. Positions are byte offsets; nothing here knows LSP or the terminal.

pub mod catalogue;
pub mod diagnostics;
pub mod graph;

pub use diagnostics::{diagnostics, Code, Diagnostic, Related, Severity};
