//! Features as pure functions over an immutable [`Index`](crate::index::Index): diagnostics, the
//! channel catalogue, the graph. Positions are byte offsets; nothing here knows LSP or the terminal.

pub mod actions;
pub mod catalogue;
pub mod complete;
pub mod diagnostics;
pub mod generated;
pub mod graph;
pub mod hover;
pub mod nav;
pub mod rename;
pub mod symbols;

pub use diagnostics::{diagnostics, plural, Code, Diagnostic, DiagnosticsCache, Related, Severity};
