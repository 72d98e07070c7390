//! Document changes applied in arrival order.
//!
//! tower-lsp runs up to four handlers at once, so a handler that awaits before applying an edit can
//! be overtaken by a later one. This service sits in front of the `LspService`: its `call` runs
//! synchronously in the order messages are read, and applies `didOpen`/`didChange`/`didClose` and
//! watched-file events to the state there, before any later request can take a snapshot. The
//! handlers that follow only publish diagnostics.
//!
//! Before it waits for the state, a change bumps the shared [`Generation`]: an analysis that holds
//! the state (maybe for seconds on a large workspace) sees that it is stale, stops and lets go, so a
//! keystroke never waits for work whose result it makes useless.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, FileChangeType,
};
use tower_lsp_server::LspService;

use crate::base::Generation;

use super::server::Backend;
use super::state::{uri_path, State};

pub struct Ordered {
    inner: LspService<Backend>,
    state: Arc<Mutex<State>>,
    /// Shared with the backend, whose work takes its cancellation tokens from it.
    generation: Generation,
}

/// The notifications that change the state (applied here or, for the configuration, by the handler).
fn changes_state(method: &str) -> bool {
    matches!(
        method,
        "textDocument/didOpen"
            | "textDocument/didSave"
            | "textDocument/didChange"
            | "textDocument/didClose"
            | "workspace/didChangeWorkspaceFolders"
            | "workspace/didChangeWatchedFiles"
            | "workspace/didChangeConfiguration"
    )
}

impl Ordered {
    pub fn new(inner: LspService<Backend>, state: Arc<Mutex<State>>, generation: Generation) -> Ordered {
        Ordered { inner, state, generation }
    }

    fn apply(&self, req: &Request) {
        if !changes_state(req.method()) {
            return;
        }
        // First cancel what runs on the current state, then wait for it.
        let announced = self.generation.announce();
        let Some(params) = req.params() else { return };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match req.method() {
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params.clone()) {
                    state.refresh_from_disk();
                    state.open(&p.text_document.uri, p.text_document.text, p.text_document.version);
                }
            }
            "textDocument/didSave" => state.refresh_from_disk(),
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params.clone()) {
                    if let Err(e) = state.change(&p.text_document.uri, p.text_document.version, &p.content_changes) {
                        tracing::error!("didChange: {e}");
                    }
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params.clone()) {
                    state.close(&p.text_document.uri);
                }
            }
            "workspace/didChangeWorkspaceFolders" => {
                if let Ok(p) = serde_json::from_value::<DidChangeWorkspaceFoldersParams>(params.clone()) {
                    let added: Vec<_> = p.event.added.iter().filter_map(|f| uri_path(&f.uri)).collect();
                    let removed: Vec<_> = p.event.removed.iter().filter_map(|f| uri_path(&f.uri)).collect();
                    state.change_folders(&added, &removed);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(params.clone()) {
                    for change in &p.changes {
                        if let Some(path) = uri_path(&change.uri) {
                            state.disk_changed(&path, change.typ == FileChangeType::DELETED);
                        }
                    }
                }
            }
            _ => {}
        }
        // Settled while the state is still held: no work starts on a change half applied.
        drop(announced);
    }
}

impl tower::Service<Request> for Ordered {
    type Response = Option<Response>;
    type Error = <LspService<Backend> as tower::Service<Request>>::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // Only once the server is initialized: before that, the service answers with an error.
        if self.inner.inner().initialized() {
            self.apply(&req);
        }
        Box::pin(self.inner.call(req))
    }
}
