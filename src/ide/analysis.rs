//! The feature API: an [`Analysis`] holds one immutable snapshot of a workspace and the token that
//! says when work on it should stop; every feature is one method that answers `Cancellable<T>`.
//! The language server and the command line call features only through it.

use std::sync::Arc;

use crate::base::{Cancel, Cancellable, FileId, TextRange};
use crate::ide::actions::{self, Action, Regenerate};
use crate::ide::catalogue::{self, Catalogue};
use crate::ide::complete::{self, CompletionItem};
use crate::ide::diagnostics::{self, Diagnostic};
use crate::ide::generated::{self, FileRewrite};
use crate::ide::graph::{self, GraphFormat};
use crate::ide::hover::{self, HoverResult};
use crate::ide::inlay_hints::{self, InlayHint};
use crate::ide::lens::{self, Lens};
use crate::ide::nav::{self, NavTarget};
use crate::ide::rename;
use crate::ide::source_change::SourceChange;
use crate::ide::symbols::{self, Symbol};
use crate::index::Index;

/// A snapshot to answer questions about, and the token of the work done on it.
#[derive(Clone, Debug)]
pub struct Analysis {
    index: Arc<Index>,
    cancel: Cancel,
}

/// The quick fixes at a range: edits of the sources, and the regeneration of stale bindings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeActions {
    pub fixes: Vec<Action>,
    pub regenerate: Option<Regenerate>,
}

impl Analysis {
    pub fn new(index: Arc<Index>, cancel: Cancel) -> Analysis {
        Analysis { index, cancel }
    }

    /// The snapshot, for converting positions and paths of the answers.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The snapshot itself (its identity says which diagnostics belong to it).
    pub fn snapshot(&self) -> &Arc<Index> {
        &self.index
    }

    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// Runs a feature that does not look at the token itself, unless the token already says stop.
    fn with<T>(&self, f: impl FnOnce(&Index) -> T) -> Cancellable<T> {
        self.cancel.check()?;
        Ok(f(&self.index))
    }

    pub fn definition(&self, file: FileId, offset: u32) -> Cancellable<Vec<NavTarget>> {
        self.with(|index| nav::definition(index, file, offset))
    }

    pub fn implementation(&self, file: FileId, offset: u32) -> Cancellable<Vec<NavTarget>> {
        self.with(|index| nav::implementation(index, file, offset))
    }

    pub fn references(&self, file: FileId, offset: u32, include_declaration: bool) -> Cancellable<Vec<NavTarget>> {
        self.with(|index| nav::references(index, file, offset, include_declaration))
    }

    pub fn hover(&self, file: FileId, offset: u32) -> Cancellable<Option<HoverResult>> {
        self.with(|index| hover::hover(index, file, offset))
    }

    pub fn completions(&self, file: FileId, offset: u32) -> Cancellable<Vec<CompletionItem>> {
        self.with(|index| complete::completions(index, file, offset))
    }

    /// The range to rename at `offset` and its current text, or why nothing there can be renamed.
    pub fn prepare_rename(&self, file: FileId, offset: u32) -> Cancellable<Result<(TextRange, String), String>> {
        self.with(|index| rename::prepare_rename(index, file, offset))
    }

    pub fn rename(&self, file: FileId, offset: u32, new_name: &str) -> Cancellable<Result<SourceChange, String>> {
        self.with(|index| rename::rename(index, file, offset, new_name))
    }

    /// Every diagnostic of the snapshot.
    pub fn diagnostics(&self) -> Cancellable<Vec<Diagnostic>> {
        diagnostics::diagnostics(&self.index, &self.cancel)
    }

    /// The quick fixes for the diagnostics of `file` that touch `range`. `known` are diagnostics of
    /// `file` already computed for this snapshot (those the server published); without them, the
    /// diagnostics are computed here.
    pub fn code_actions(
        &self,
        file: FileId,
        range: TextRange,
        known: Option<&[Diagnostic]>,
    ) -> Cancellable<CodeActions> {
        let computed;
        let diagnostics = match known {
            Some(known) => known,
            None => {
                computed = self.diagnostics()?;
                &computed[..]
            }
        };
        self.with(|index| CodeActions {
            fixes: actions::actions(index, diagnostics, file, range),
            regenerate: actions::regenerate(index, diagnostics, file, range),
        })
    }

    pub fn document_symbols(&self, file: FileId) -> Cancellable<Vec<Symbol>> {
        self.with(|index| symbols::document_symbols(index, file))
    }

    pub fn workspace_symbols(&self, query: &str) -> Cancellable<Vec<Symbol>> {
        self.with(|index| symbols::workspace_symbols(index, query))
    }

    pub fn code_lenses(&self, file: FileId) -> Cancellable<Vec<Lens>> {
        self.with(|index| lens::lenses(index, file))
    }

    pub fn inlay_hints(&self, file: FileId) -> Cancellable<Vec<InlayHint>> {
        self.with(|index| inlay_hints::inlay_hints(index, file))
    }

    /// Every channel with its contract rpc and sites (`ipcls channels`, `ipcls/channels`).
    pub fn catalogue(&self) -> Cancellable<Catalogue> {
        self.with(catalogue::catalogue)
    }

    /// How many channels the catalogue lists.
    pub fn channel_count(&self) -> Cancellable<usize> {
        self.with(catalogue::channel_count)
    }

    /// The IPC map as Mermaid or DOT.
    pub fn graph(&self, format: GraphFormat) -> Cancellable<String> {
        self.with(|index| graph::graph(index, format))
    }

    /// The generated files `ipcls generate` would change, or why the contract cannot be generated from.
    pub fn generate_rewrites(&self) -> Cancellable<Result<Vec<FileRewrite>, String>> {
        self.with(generated::generate_rewrites)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Analysis;
    use crate::base::{Cancel, Cancelled, TextRange};
    use crate::ide::graph::GraphFormat;
    use crate::test_fixture::Fixture;

    /// A token that says stop stops every feature before it starts.
    #[test]
    fn a_cancelled_analysis_answers_cancelled() {
        let text = "//- /src/main/index.ts\nimport { ipcMain } from 'electron';\nipcMain.handle('a', () => 1);\n";
        let index = Arc::new(Fixture::parse(text).index());
        let file = index.file_for_rel("src/main/index.ts").expect("file");
        let live = Analysis::new(index.clone(), Cancel::never());
        assert_eq!(live.code_lenses(file).map(|l| l.len()), Ok(1));
        let stopped = Analysis::new(index, Cancel::after(0));
        assert_eq!(stopped.definition(file, 60).err(), Some(Cancelled));
        assert_eq!(stopped.code_lenses(file).err(), Some(Cancelled));
        assert_eq!(stopped.graph(GraphFormat::Dot).err(), Some(Cancelled));
        assert_eq!(stopped.diagnostics().err(), Some(Cancelled));
        assert_eq!(stopped.code_actions(file, TextRange::new(0, 0), None).err(), Some(Cancelled));
        assert_eq!(stopped.code_actions(file, TextRange::new(0, 0), Some(&[])).err(), Some(Cancelled));
    }
}
