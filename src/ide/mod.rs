//! Features over an immutable [`Index`](crate::index::Index), behind one facade, [`Analysis`]:
//! navigation, hover, completion, rename, diagnostics and their fixes, symbols, lenses, hints, the
//! channel catalogue, the graph. Positions are byte offsets; nothing here knows LSP or the terminal.

pub mod actions;
mod analysis;
pub mod catalogue;
pub mod complete;
pub mod diagnostics;
pub mod generated;
pub mod graph;
pub mod hover;
pub mod inlay_hints;
pub mod lens;
pub mod nav;
pub mod rename;
pub mod source_change;
pub mod symbols;
#[cfg(test)]
mod tests;

pub use analysis::{Analysis, CodeActions};
pub use diagnostics::{diagnostics, Code, Diagnostic, DiagnosticsCache, Related, Severity};
