//! The one path that changes the server's state, and document changes applied in arrival order.
//!
//! Every change of the [`State`] is a [`Change`] given to [`apply`]: document and watched-file
//! notifications, workspace folders, the configuration, `initialize`, loading the workspace,
//! settling documents. Before it waits for the state, a change that alters the inputs bumps the
//! shared [`Generation`](crate::base::Generation): an analysis that holds the state (maybe for
//! seconds on a large workspace) sees that it is stale, stops and lets go, so a keystroke never
//! waits for work whose result it makes useless.
//!
//! tower-lsp runs up to four handlers at once, so a handler that awaits before applying an edit can
//! be overtaken by a later one. [`Ordered`] sits in front of the `LspService`: its `call` runs
//! synchronously in the order messages are read, and applies `didOpen`/`didChange`/`didClose` and
//! watched-file events there, before any later request can take a snapshot. The handlers that
//! follow only publish diagnostics.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, FileChangeType,
};
use tower_lsp_server::LspService;

use crate::base::WideEncoding;
use crate::config::Config;

use super::from_proto::uri_path;
use super::server::Backend;
use super::state::State;
use super::Shared;

/// One change of the state.
pub enum Change {
    /// The client's workspace folders, encoding and settings, at `initialize`: a fresh state.
    Initialize {
        roots: Vec<PathBuf>,
        encoding: WideEncoding,
        watches_files: bool,
        editor_config: Option<Config>,
    },
    /// The workspace read from disk, unless it already was (the inputs stay what they are).
    Load,
    Open(DidOpenTextDocumentParams),
    Edit(DidChangeTextDocumentParams),
    Save,
    Close(DidCloseTextDocumentParams),
    Folders(DidChangeWorkspaceFoldersParams),
    WatchedFiles(DidChangeWatchedFilesParams),
    /// The editor's settings, used where a folder has no `ipcls.toml`.
    EditorConfig(Config),
    /// The open scripts last updated from one statement parsed whole again ([`State::settle`]).
    Settle,
    /// The problems met while following the disk, taken for the log.
    TakeNotes,
}

/// What applying a change gave.
#[derive(Default)]
pub struct Applied {
    /// The index changed ([`Change::Settle`]).
    pub changed: bool,
    /// The problems taken ([`Change::TakeNotes`]).
    pub notes: Vec<String>,
}

/// Applies `change` to the state: the only code that changes it.
pub fn apply(shared: &Shared, change: Change) -> Applied {
    match change {
        // Parsing again changes no text: work on the state is cancelled only when it changed
        // the index, and only once it did.
        Change::Settle => {
            let mut state = shared.lock();
            let changed = std::panic::catch_unwind(AssertUnwindSafe(|| state.settle())).unwrap_or(false);
            if changed {
                drop(shared.generation.announce());
            }
            Applied { changed, notes: Vec::new() }
        }
        Change::Load => {
            let mut state = shared.lock();
            if !state.loaded {
                state.load();
            }
            Applied::default()
        }
        Change::TakeNotes => Applied { changed: false, notes: std::mem::take(&mut shared.lock().notes) },
        change => {
            // First cancel what runs on the current state, then wait for it.
            let announced = shared.generation.announce();
            let mut state = shared.lock();
            change_inputs(&mut state, change);
            // Settled while the state is still held: no work starts on a change half applied.
            drop(announced);
            Applied::default()
        }
    }
}

fn change_inputs(state: &mut State, change: Change) {
    match change {
        Change::Initialize { roots, encoding, watches_files, editor_config } => {
            *state = State::new(&roots);
            state.encoding = encoding;
            state.client_watches_files = watches_files;
            state.editor_config = editor_config;
        }
        Change::Open(p) => {
            state.refresh_from_disk();
            state.open(&p.text_document.uri, p.text_document.text, p.text_document.version);
        }
        Change::Edit(p) => {
            if let Err(e) = state.change(&p.text_document.uri, p.text_document.version, &p.content_changes) {
                tracing::error!("didChange: {e}");
            }
        }
        Change::Save => state.refresh_from_disk(),
        Change::Close(p) => state.close(&p.text_document.uri),
        Change::Folders(p) => {
            let added: Vec<_> = p.event.added.iter().filter_map(|f| uri_path(&f.uri)).collect();
            let removed: Vec<_> = p.event.removed.iter().filter_map(|f| uri_path(&f.uri)).collect();
            state.change_folders(&added, &removed);
        }
        Change::WatchedFiles(p) => {
            for change in &p.changes {
                if let Some(path) = uri_path(&change.uri) {
                    state.disk_changed(&path, change.typ == FileChangeType::DELETED);
                }
            }
        }
        Change::EditorConfig(config) => {
            state.editor_config = Some(config);
            state.reload_config();
        }
        Change::Load | Change::Settle | Change::TakeNotes => {}
    }
}

/// The change a notification makes, applied as it is read; `None` for the others (the
/// configuration is applied by its handler, which may have to ask the client for it first).
fn change_of(req: &Request) -> Option<Change> {
    fn params<T: serde::de::DeserializeOwned>(req: &Request) -> Option<T> {
        serde_json::from_value(req.params()?.clone()).ok()
    }
    match req.method() {
        "textDocument/didOpen" => params(req).map(Change::Open),
        "textDocument/didSave" => req.params().map(|_| Change::Save),
        "textDocument/didChange" => params(req).map(Change::Edit),
        "textDocument/didClose" => params(req).map(Change::Close),
        "workspace/didChangeWorkspaceFolders" => params(req).map(Change::Folders),
        "workspace/didChangeWatchedFiles" => params(req).map(Change::WatchedFiles),
        _ => None,
    }
}

pub struct Ordered {
    inner: LspService<Backend>,
    shared: Arc<Shared>,
}

impl Ordered {
    pub fn new(inner: LspService<Backend>, shared: Arc<Shared>) -> Ordered {
        Ordered { inner, shared }
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
        if self.shared.initialized() {
            if let Some(change) = change_of(&req) {
                apply(&self.shared, change);
            }
        }
        Box::pin(self.inner.call(req))
    }
}
