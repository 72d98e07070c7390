//! The `LanguageServer` implementation. Each handler is thin: convert in, run a feature of
//! `crate::ide` on a snapshot (on a blocking thread, a panic answered as an error), convert out.
//!
//! Work on a blocking thread carries a [`Cancel`] token of the current [`Generation`]: a change
//! (bumped by `ordered.rs` before it waits for the state) stops an analysis or diagnostics run that
//! it made stale, and a request the client cancelled stops the work it started.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::base::cancel::AbandonOnDrop;
use crate::base::{Cancel, Cancelled, FileId, Generation, TextRange, WideEncoding};
use crate::config::Config;
use crate::ide::{self, Severity};
use crate::index::{Index, Stamps};
use rustc_hash::FxHashSet;

use super::convert;
use super::state::{uri_path, State};

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    initialized: AtomicBool,
    /// Wakes the publisher after a change.
    dirty: Arc<Notify>,
    /// Bumped before every change; cancels work on the state as it was.
    generation: Generation,
    work_done_progress: AtomicBool,
    /// The client answers `workspace/configuration`.
    pull_configuration: AtomicBool,
    /// The client asked for `ipcls/indexChanged` (experimental capability `ipclsIndexChanged`).
    index_notifications: AtomicBool,
}

/// The `ipcls/indexChanged` notification, sent after the diagnostics of a new index generation were
/// published, to clients that set `experimental.ipclsIndexChanged` in their capabilities.
#[derive(serde::Serialize)]
struct IndexChanged {
    /// Goes up with every change the server applied.
    generation: u64,
    /// Channels over every workspace folder, as `ipcls/channels` counts them.
    channels: usize,
}

impl Backend {
    pub fn new(client: Client, state: Arc<Mutex<State>>, generation: Generation) -> Backend {
        Backend {
            client,
            state,
            initialized: AtomicBool::new(false),
            dirty: Arc::new(Notify::new()),
            generation,
            work_done_progress: AtomicBool::new(false),
            pull_configuration: AtomicBool::new(false),
            index_notifications: AtomicBool::new(false),
        }
    }

    /// Whether `initialize` has been answered (document changes are applied from then on).
    pub fn initialized(&self) -> bool {
        self.initialized.load(Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs a read-only feature on a snapshot on a blocking thread; a panic becomes an error reply.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Index, WideEncoding) -> T + Send + 'static,
    {
        self.run(false, None, f).await
    }

    /// [`Self::read`] for answers tied to positions in a document: when the documents change while
    /// the answer is computed, it is stale and the client is told so (`ContentModified`).
    async fn read_at<T, F>(&self, uri: &Uri, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Index, WideEncoding) -> T + Send + 'static,
    {
        self.run(true, uri_path(uri), f).await
    }

    /// Runs `f` on the snapshot of the folder holding `path` (the first folder without one). With
    /// `stale_check`, a change made while the answer is computed makes it `ContentModified` as soon
    /// as the work sees it; without, the analysis starts again on the new texts. When the client
    /// cancels the request, tower-lsp drops this future, and the guard stops the blocking work.
    async fn run<T, F>(&self, stale_check: bool, path: Option<std::path::PathBuf>, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Index, WideEncoding) -> T + Send + 'static,
    {
        self.run_cancellable(stale_check, path, move |index, enc, _| f(index, enc)).await
    }

    /// [`Self::run`] for a feature that checks the token itself.
    async fn run_cancellable<T, F>(&self, stale_check: bool, path: Option<std::path::PathBuf>, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Index, WideEncoding, &Cancel) -> T + Send + 'static,
    {
        let state = self.state.clone();
        let generation = self.generation.clone();
        let abandoned = Arc::new(AtomicBool::new(false));
        let _guard = AbandonOnDrop(abandoned.clone());
        let task = tokio::task::spawn_blocking(move || {
            let (index, enc, cancel) =
                current_snapshot(&state, &generation, path.as_deref(), &abandoned, !stale_check).ok()?;
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(&index, enc, &cancel)));
            (!stale_check || !cancel.is_cancelled()).then_some(result)
        });
        match task.await {
            Ok(None) => Err(Error::content_modified()),
            Ok(Some(Ok(v))) => Ok(v),
            Ok(Some(Err(panic))) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!("request failed: {msg}");
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: format!("ipcls failed on this request: {msg}").into(),
                    data: None,
                })
            }
            Err(e) => Err(Error { code: ErrorCode::InternalError, message: e.to_string().into(), data: None }),
        }
    }

    /// Publishes diagnostics for every file whose diagnostics changed since the last time; then,
    /// to clients that asked, `ipcls/indexChanged` when the generation moved on. Diagnostics are
    /// derived incrementally per folder, and only the files whose diagnostics or text changed are
    /// converted again. A change that cancels the analysis or the diagnostics also woke the
    /// publisher: nothing is published, and the next round works on the new texts.
    async fn publish(&self, published: &mut Published) {
        let state = self.state.clone();
        let generation = self.generation.clone();
        let folders = std::mem::take(&mut published.folders);
        let result = tokio::task::spawn_blocking(move || {
            let snapshot = {
                let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                let cancel = generation.token();
                s.snapshots(&cancel).map(|indexes| (indexes, s.encoding, s.generation, cancel))
            };
            let (indexes, enc, generation, cancel) = match snapshot {
                Ok(taken) => taken,
                Err(Cancelled) => return Err(folders),
            };
            let channels = indexes.iter().map(|i| ide::catalogue::channel_count(i)).sum::<usize>();
            let mut old = folders;
            let mut next: Vec<(std::path::PathBuf, FolderDiagnostics)> = Vec::new();
            let mut touched: Vec<Uri> = Vec::new();
            let mut versions: HashMap<Uri, i32> = HashMap::new();
            let mut cancelled = false;
            for index in &indexes {
                let mut folder = match old.iter().position(|(root, _)| root == &index.root) {
                    Some(i) => old.swap_remove(i).1,
                    None => FolderDiagnostics::default(),
                };
                if cancelled {
                    next.push((index.root.clone(), folder));
                    continue;
                }
                let refreshed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let uris = folder.refresh(index, enc, &mut versions, &cancel);
                    (folder, uris)
                }));
                match refreshed {
                    Ok((folder, Ok(uris))) => {
                        touched.extend(uris);
                        next.push((index.root.clone(), folder));
                    }
                    // The folder's cache kept what is left to do; nothing is published.
                    Ok((folder, Err(Cancelled))) => {
                        cancelled = true;
                        next.push((index.root.clone(), folder));
                    }
                    // What the folder had published is cleared; the next run starts afresh.
                    Err(_) => next.push((index.root.clone(), FolderDiagnostics::default())),
                }
            }
            if cancelled {
                next.extend(old);
                return Err(next);
            }
            // Folders that are gone: what was published for them is looked at again.
            for (_, gone) in old {
                touched.extend(gone.converted.into_keys());
            }
            Ok((next, touched, versions, IndexChanged { generation, channels }))
        })
        .await;
        let (folders, mut touched, versions, changed) = match result {
            Ok(Ok(done)) => done,
            Ok(Err(folders)) => {
                published.folders = folders;
                return;
            }
            Err(_) => return,
        };
        published.folders = folders;
        // A folder that failed starts afresh: whatever was published for it is looked at again.
        touched.extend(
            published
                .last
                .keys()
                .filter(|u| !published.folders.iter().any(|(_, f)| f.converted.contains_key(*u)))
                .cloned(),
        );
        touched.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        touched.dedup();
        for uri in touched {
            // A file in nested folders gets the diagnostics of each, in folder order.
            let diags: Vec<Diagnostic> = published
                .folders
                .iter()
                .flat_map(|(_, f)| f.converted.get(&uri).into_iter().flatten().cloned())
                .collect();
            if published.last.get(&uri).map_or(diags.is_empty(), |l| *l == diags) {
                continue;
            }
            self.client.publish_diagnostics(uri.clone(), diags.clone(), versions.get(&uri).copied()).await;
            if diags.is_empty() {
                published.last.remove(&uri);
            } else {
                published.last.insert(uri, diags);
            }
        }
        if self.index_notifications.load(Ordering::SeqCst) && published.generation != Some(changed.generation) {
            published.generation = Some(changed.generation);
            let params = serde_json::to_value(&changed).unwrap_or(Value::Null);
            self.client.send_notification::<IndexChangedNotification>(params).await;
        }
    }

    /// [`State::settle`] on a blocking thread; `true` when the index changed (work on the old one
    /// is cancelled as by any change).
    async fn settle_documents(&self) -> bool {
        let state = self.state.clone();
        let generation = self.generation.clone();
        tokio::task::spawn_blocking(move || {
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            let changed = std::panic::catch_unwind(AssertUnwindSafe(|| state.settle())).unwrap_or(false);
            if changed {
                drop(generation.announce());
            }
            changed
        })
        .await
        .unwrap_or(false)
    }

    /// `ipcls/debug/panic` (debug builds only): a read-only request whose feature panics, to test
    /// that the panic is answered as an error and the server keeps running.
    #[cfg(debug_assertions)]
    pub async fn debug_panic(&self, _params: Option<Value>) -> Result<Value> {
        self.read(|_, _| -> Value { panic!("deliberate panic for testing") }).await
    }

    /// `ipcls/debug/waitForCancel` (debug builds only): a request whose work runs until its token
    /// is cancelled (`$/cancelRequest`, or a change), then logs why, so that tests can see without
    /// timing that cancelled work stops.
    #[cfg(debug_assertions)]
    pub async fn debug_wait_for_cancel(&self, _params: Option<Value>) -> Result<Value> {
        let client = self.client.clone();
        let runtime = tokio::runtime::Handle::current();
        self.run_cancellable(true, None, move |_, _, cancel| {
            let waiting = client.clone();
            runtime.spawn(async move { waiting.log_message(MessageType::INFO, "ipcls: debug work waiting").await });
            let start = std::time::Instant::now();
            while !cancel.is_cancelled() && start.elapsed() < std::time::Duration::from_secs(60) {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            let message = format!("ipcls: debug work stopped (abandoned: {})", cancel.is_abandoned());
            runtime.spawn(async move { client.log_message(MessageType::INFO, message).await });
            Value::Null
        })
        .await
    }

    /// The `ipcls/channels` request: the same JSON as `ipcls channels --format json`.
    pub async fn channels(&self, _params: Option<Value>) -> Result<Value> {
        self.read(|index, _| serde_json::to_value(ide::catalogue::catalogue(index)).unwrap_or(Value::Null)).await
    }

    async fn load_workspace(&self) {
        let token = NumberOrString::String("ipcls/index".into());
        let progress = self.work_done_progress.load(Ordering::SeqCst)
            && self
                .client
                .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams { token: token.clone() })
                .await
                .is_ok();
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: "ipcls: indexing".into(),
                    cancellable: Some(false),
                    message: Some("reading files".into()),
                    percentage: Some(0),
                }),
            )
            .await;
        }
        let state = self.state.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            if !s.loaded {
                s.load();
            }
        })
        .await;
        if progress {
            self.progress(
                &token,
                WorkDoneProgress::Report(WorkDoneProgressReport {
                    cancellable: Some(false),
                    message: Some("resolving channels".into()),
                    percentage: Some(50),
                }),
            )
            .await;
        }
        let index = {
            let state = self.state.clone();
            let generation = self.generation.clone();
            // Changes that arrive meanwhile (the editor opens its files at once) cancel the first
            // analysis; it starts again on the new texts, keeping the files it already parsed.
            let never_abandoned = Arc::new(AtomicBool::new(false));
            tokio::task::spawn_blocking(move || current_snapshot(&state, &generation, None, &never_abandoned, true))
                .await
                .ok()
                .and_then(|r| r.ok())
                .map_or_else(
                    || Arc::new(crate::index::Workspace::new(std::path::Path::new("/"), Config::default()).analyze()),
                    |(index, _, _)| index,
                )
        };
        for e in &index.config_errors {
            self.client.log_message(MessageType::WARNING, format!("ipcls: {e}")).await;
        }
        for note in &index.notes {
            self.client.log_message(MessageType::WARNING, format!("ipcls: {note}")).await;
        }
        if progress {
            let message =
                format!("{} channels in {} files", index.channels.len(), index.stats.scripts + index.stats.protos);
            self.progress(&token, WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(message) })).await;
        }
        self.client
            .log_message(
                MessageType::INFO,
                format!("ipcls: indexed {} channels, {} sites", index.channels.len(), index.sites.len()),
            )
            .await;
    }

    async fn progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        self.client
            .send_notification::<notification::Progress>(ProgressParams {
                token: token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            })
            .await;
    }

    /// Asks the client for the `ipcls` settings (`workspace/configuration`) and applies them when the
    /// workspace has no `ipcls.toml`.
    async fn pull_configuration(&self) {
        if !self.pull_configuration.load(Ordering::SeqCst) {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("ipcls".into()) };
        let Ok(values) = self.client.configuration(vec![item]).await else { return };
        let Some(value) = values.into_iter().next().filter(|v| v.is_object()) else { return };
        match serde_json::from_value::<Config>(value) {
            Ok(config) => {
                let (config, errors) = config.validate(None);
                for e in errors {
                    self.client.log_message(MessageType::WARNING, format!("ipcls settings: {}", e.message)).await;
                }
                let announced = self.generation.announce();
                let mut state = self.lock();
                state.editor_config = Some(config);
                state.reload_config();
                drop(announced);
            }
            Err(e) => self.client.log_message(MessageType::WARNING, format!("ipcls settings: {e}")).await,
        }
        self.dirty.notify_one();
    }

    async fn register_watchers(&self) {
        let watchers = [
            "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte}",
            "**/*.proto",
            "**/ipcls.toml",
            "**/{tsconfig,jsconfig}*.json",
        ]
        .iter()
        .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String(g.to_string()), kind: None })
        .collect();
        let registration = Registration {
            id: "ipcls-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("file watchers not registered: {e}");
        }
    }
}

/// The snapshot of the folder holding `path`, its encoding, and the token it was analysed under
/// (the current generation, and `abandoned`). A change that arrives during the analysis cancels it:
/// with `retry` it starts again once the change is applied, else the caller gets `Cancelled`. Work
/// the requester abandoned is never retried.
fn current_snapshot(
    state: &Mutex<State>,
    generation: &Generation,
    path: Option<&std::path::Path>,
    abandoned: &Arc<AtomicBool>,
    retry: bool,
) -> std::result::Result<(Arc<Index>, WideEncoding, Cancel), Cancelled> {
    loop {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        let cancel = generation.token().or_abandoned(abandoned.clone());
        match s.snapshot_cancellable(path, &cancel) {
            Ok(index) => return Ok((index, s.encoding, cancel)),
            Err(Cancelled) if !retry || cancel.is_abandoned() => return Err(Cancelled),
            Err(Cancelled) => {
                // Let the change that cancelled the analysis take the state first.
                drop(s);
                std::thread::yield_now();
            }
        }
    }
}

enum IndexChangedNotification {}

impl notification::Notification for IndexChangedNotification {
    type Params = Value;
    const METHOD: &'static str = "ipcls/indexChanged";
}

/// What the publisher keeps between runs: each folder's diagnostics, and what each URI was last
/// published with.
#[derive(Default)]
struct Published {
    folders: Vec<(std::path::PathBuf, FolderDiagnostics)>,
    last: HashMap<Uri, Vec<Diagnostic>>,
    generation: Option<u64>,
}

/// One folder's diagnostics, derived incrementally, and each file's diagnostics converted for the
/// protocol.
#[derive(Default)]
struct FolderDiagnostics {
    cache: ide::diagnostics::DiagnosticsCache,
    /// The stamps of the index last converted.
    stamps: Option<Arc<Stamps>>,
    converted: HashMap<Uri, Vec<Diagnostic>>,
}

impl FolderDiagnostics {
    /// Brings the diagnostics up to `index` and converts those of the files whose diagnostics
    /// changed, whose text changed (positions are converted through it), or that have related
    /// information in a file whose text changed; returns their URIs. Cancelled, it keeps what is
    /// left to do for the next run.
    fn refresh(
        &mut self,
        index: &Index,
        enc: WideEncoding,
        versions: &mut HashMap<Uri, i32>,
        cancel: &Cancel,
    ) -> std::result::Result<Vec<Uri>, Cancelled> {
        let changed = self.cache.update_cancellable(index, cancel)?;
        let stamps = &index.stamps;
        let mut uris: Vec<Uri> = Vec::new();
        let files: Vec<FileId> = match self.stamps.as_ref().filter(|s| s.base == stamps.base) {
            Some(before) => {
                let moved: FxHashSet<FileId> =
                    stamps.files.iter().filter(|(f, s)| before.files.get(*f) != Some(s)).map(|(f, _)| *f).collect();
                let mut files: Vec<FileId> = changed;
                files.extend(moved.iter().copied());
                if !moved.is_empty() {
                    let related = self.cache.all().filter(|d| d.related.iter().any(|r| moved.contains(&r.file)));
                    files.extend(related.map(|d| d.file));
                }
                files.sort();
                files.dedup();
                files
            }
            None => {
                uris.extend(self.converted.drain().map(|(uri, _)| uri));
                self.cache.files().collect()
            }
        };
        for file in files {
            let Some(uri) = convert::uri(index, file) else { continue };
            let list: Vec<Diagnostic> =
                self.cache.of_file(file).iter().map(|d| to_lsp_diagnostic(index, d, enc)).collect();
            if let Some(version) = index.vfs.get(file).and_then(|t| t.version) {
                versions.insert(uri.clone(), version);
            }
            if list.is_empty() {
                self.converted.remove(&uri);
            } else {
                self.converted.insert(uri.clone(), list);
            }
            uris.push(uri);
        }
        self.stamps = Some(stamps.clone());
        Ok(uris)
    }
}

fn to_lsp_diagnostic(index: &Index, d: &ide::Diagnostic, enc: WideEncoding) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let related = d
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: convert::uri(index, r.file)?,
                    range: convert::range(index, r.file, r.range, enc),
                },
                message: r.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut data = serde_json::Map::new();
    if let Some(c) = &d.channel {
        data.insert("channel".into(), Value::String(c.clone()));
    }
    Diagnostic {
        range: convert::range(index, d.file, d.range, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().into())),
        source: Some("ipcls".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.code == ide::Code::UnusedHandler).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: (!data.is_empty()).then_some(Value::Object(data)),
        ..Default::default()
    }
}

/// The file and byte offset of a position, in the snapshot.
fn locate(index: &Index, uri: &Uri, pos: Position, enc: WideEncoding) -> Option<(FileId, u32)> {
    let path = uri_path(uri)?;
    let file = index.vfs.file_id(&path).filter(|f| index.vfs.get(*f).is_some())?;
    Some((file, convert::offset(index, file, pos, enc)))
}

fn location(index: &Index, file: FileId, range: TextRange, enc: WideEncoding) -> Option<Location> {
    Some(Location { uri: convert::uri(index, file)?, range: convert::range(index, file, range, enc) })
}

fn workspace_edit(index: &Index, change: &ide::rename::SourceChange, enc: WideEncoding) -> WorkspaceEdit {
    let mut document_changes = Vec::new();
    for (file, edits) in &change.edits {
        let Some(uri) = convert::uri(index, *file) else { continue };
        let version = index.vfs.get(*file).and_then(|t| t.version);
        let edits = edits
            .iter()
            .map(|e| {
                OneOf::Left(TextEdit {
                    range: convert::range(index, *file, e.range, enc),
                    new_text: e.new_text.clone(),
                })
            })
            .collect();
        document_changes
            .push(TextDocumentEdit { text_document: OptionalVersionedTextDocumentIdentifier { uri, version }, edits });
    }
    WorkspaceEdit { document_changes: Some(DocumentChanges::Edits(document_changes)), ..Default::default() }
}

/// The command that regenerates the bindings (`workspace/executeCommand`; a VS Code command can call it).
pub const GENERATE_COMMAND: &str = "ipcls.generate";

/// Whole generated files replaced (or created) with what `ipcls generate` writes.
fn rewrite_edit(index: &Index, rewrites: &[ide::generated::FileRewrite], enc: WideEncoding) -> WorkspaceEdit {
    let mut operations = Vec::new();
    for r in rewrites {
        let (uri, version, range) = match r.file {
            Some(file) => {
                let Some(uri) = convert::uri(index, file) else { continue };
                (uri, index.vfs.get(file).and_then(|t| t.version), convert::range(index, file, r.range, enc))
            }
            None => {
                let Some(uri) = Uri::from_file_path(index.root.join(&r.path)) else { continue };
                operations.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                    annotation_id: None,
                })));
                (uri, None, Range::default())
            }
        };
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
            edits: vec![OneOf::Left(TextEdit { range, new_text: r.text.clone() })],
        }));
    }
    WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(operations)), ..Default::default() }
}

/// The files `ipcls generate` would change, for the server command: the configured folder, else
/// the default one.
fn generate_rewrites(index: &Index) -> std::result::Result<Vec<ide::generated::FileRewrite>, String> {
    if let Some(stale) = ide::generated::stale(index) {
        return Ok(stale);
    }
    let generated = ide::generated::generate(index).map_err(|problems| problems.join("; "))?;
    Ok(ide::generated::rewrites(index, &ide::generated::out_dir(index), &generated))
}

fn invalid_params(message: impl Into<String>) -> Error {
    Error { code: ErrorCode::InvalidParams, message: message.into().into(), data: None }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut roots: Vec<std::path::PathBuf> =
            params.workspace_folders.iter().flatten().filter_map(|f| uri_path(&f.uri)).collect();
        if roots.is_empty() {
            #[allow(deprecated)]
            let root = params.root_uri.as_ref().and_then(uri_path).or_else(|| std::env::current_dir().ok());
            roots.extend(root);
        }
        let enc =
            convert::negotiate(params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let progress = params.capabilities.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
        let pull = params.capabilities.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        self.pull_configuration.store(pull, Ordering::SeqCst);
        let watches = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.work_done_progress.store(progress, Ordering::SeqCst);
        let index_notifications = params
            .capabilities
            .experimental
            .as_ref()
            .and_then(|e| e.get("ipclsIndexChanged"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.index_notifications.store(index_notifications, Ordering::SeqCst);
        let editor_config = params.initialization_options.and_then(|v| serde_json::from_value::<Config>(v).ok());
        {
            let mut state = self.lock();
            *state = State::new(&roots);
            state.encoding = enc;
            state.client_watches_files = watches;
            state.editor_config = editor_config.map(|c| c.validate(None).0);
        }
        self.initialized.store(true, Ordering::SeqCst);
        Ok(InitializeResult {
            server_info: Some(ServerInfo { name: "ipcls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                implementation_provider: Some(ImplementationProviderCapability::Simple(true)),
                references_provider: Some(OneOf::Left(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["'".into(), "\"".into(), "`".into(), ":".into()]),
                    ..Default::default()
                }),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![GENERATE_COMMAND.to_string()],
                    ..Default::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.lock().client_watches_files {
            self.register_watchers().await;
        }
        self.load_workspace().await;
        self.pull_configuration().await;
        // The publisher: after every change, publish what changed (bursts coalesce).
        let dirty = self.dirty.clone();
        let backend = Backend {
            client: self.client.clone(),
            state: self.state.clone(),
            initialized: AtomicBool::new(true),
            dirty: dirty.clone(),
            generation: self.generation.clone(),
            work_done_progress: AtomicBool::new(false),
            pull_configuration: AtomicBool::new(false),
            index_notifications: AtomicBool::new(self.index_notifications.load(Ordering::SeqCst)),
        };
        tokio::spawn(async move {
            let mut published = Published::default();
            loop {
                backend.publish(&mut published).await;
                // Off the keystroke's path: the files last updated from one statement are parsed
                // whole again; in the rare case that changes a summary, publish again.
                if backend.settle_documents().await {
                    continue;
                }
                dirty.notified().await;
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    // Document changes were applied in order by `Ordered`; these only wake the publisher.
    async fn did_open(&self, _: DidOpenTextDocumentParams) {
        self.dirty.notify_one();
    }

    async fn did_change(&self, _: DidChangeTextDocumentParams) {
        self.dirty.notify_one();
    }

    async fn did_close(&self, _: DidCloseTextDocumentParams) {
        self.dirty.notify_one();
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        self.dirty.notify_one();
    }

    // Applied in order by `Ordered`.
    async fn did_change_workspace_folders(&self, _: DidChangeWorkspaceFoldersParams) {
        self.dirty.notify_one();
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        let notes = std::mem::take(&mut self.lock().notes);
        for note in notes {
            self.client.log_message(MessageType::WARNING, format!("ipcls: {note}")).await;
        }
        self.dirty.notify_one();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that pull send an empty notification and expect the server to ask.
        if self.pull_configuration.load(Ordering::SeqCst) {
            self.pull_configuration().await;
            return;
        }
        let value = params.settings.get("ipcls").cloned().unwrap_or(params.settings);
        if let Ok(config) = serde_json::from_value::<Config>(value) {
            let announced = self.generation.announce();
            let mut state = self.lock();
            state.editor_config = Some(config.validate(None).0);
            state.reload_config();
            drop(announced);
        }
        self.dirty.notify_one();
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.read_at(&p.text_document.uri.clone(), move |index, enc| {
            let (file, offset) = locate(index, &p.text_document.uri, p.position, enc)?;
            let targets: Vec<Location> = ide::nav::definition(index, file, offset)
                .iter()
                .filter_map(|t| location(index, t.file, t.range, enc))
                .collect();
            (!targets.is_empty()).then_some(GotoDefinitionResponse::Array(targets))
        })
        .await
    }

    async fn goto_implementation(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.read_at(&p.text_document.uri.clone(), move |index, enc| {
            let (file, offset) = locate(index, &p.text_document.uri, p.position, enc)?;
            let targets: Vec<Location> = ide::nav::implementation(index, file, offset)
                .iter()
                .filter_map(|t| location(index, t.file, t.range, enc))
                .collect();
            (!targets.is_empty()).then_some(GotoDefinitionResponse::Array(targets))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let decl = params.context.include_declaration;
        self.read_at(&p.text_document.uri.clone(), move |index, enc| {
            let (file, offset) = locate(index, &p.text_document.uri, p.position, enc)?;
            Some(
                ide::nav::references(index, file, offset, decl)
                    .iter()
                    .filter_map(|t| location(index, t.file, t.range, enc))
                    .collect(),
            )
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.read_at(&p.text_document.uri.clone(), move |index, enc| {
            let (file, offset) = locate(index, &p.text_document.uri, p.position, enc)?;
            let h = ide::hover::hover(index, file, offset)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: h.markdown }),
                range: Some(convert::range(index, file, h.range, enc)),
            })
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.read_at(&p.text_document.uri.clone(), move |index, enc| {
            let (file, offset) = locate(index, &p.text_document.uri, p.position, enc)?;
            let items: Vec<CompletionItem> = ide::complete::completions(index, file, offset)
                .into_iter()
                .map(|c| CompletionItem {
                    label: c.label.clone(),
                    kind: Some(if c.contract { CompletionItemKind::INTERFACE } else { CompletionItemKind::EVENT }),
                    detail: Some(c.detail),
                    sort_text: Some(format!("{}{}", if c.preferred { "0" } else { "1" }, c.label)),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                        range: convert::range(index, file, c.replace, enc),
                        new_text: c.label,
                    })),
                    ..Default::default()
                })
                .collect();
            (!items.is_empty()).then_some(CompletionResponse::Array(items))
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        // Nothing renamable here is `null`, as the protocol asks (the client then says so).
        self.read_at(&params.text_document.uri.clone(), move |index, enc| {
            let (file, offset) = locate(index, &params.text_document.uri, params.position, enc)?;
            let (range, placeholder) = ide::rename::prepare_rename(index, file, offset).ok()?;
            Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(index, file, range, enc),
                placeholder,
            })
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let new_name = params.new_name;
        let result = self
            .read_at(&p.text_document.uri.clone(), move |index, enc| {
                let (file, offset) =
                    locate(index, &p.text_document.uri, p.position, enc).ok_or("not in the workspace")?;
                let change = ide::rename::rename(index, file, offset, &new_name)?;
                Ok::<_, String>(workspace_edit(index, &change, enc))
            })
            .await?;
        result.map(Some).map_err(invalid_params)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.read_at(&params.text_document.uri.clone(), move |index, enc| {
            let path = uri_path(&params.text_document.uri)?;
            let file = index.vfs.file_id(&path)?;
            let start = convert::offset(index, file, params.range.start, enc);
            let end = convert::offset(index, file, params.range.end, enc).max(start);
            let diagnostics = ide::diagnostics(index);
            let actions: Vec<CodeActionOrCommand> =
                ide::actions::actions(index, &diagnostics, file, TextRange::new(start, end))
                    .into_iter()
                    .map(|a| {
                        CodeActionOrCommand::CodeAction(CodeAction {
                            title: a.title,
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![to_lsp_diagnostic(index, &a.fixes, enc)]),
                            edit: Some(workspace_edit(index, &a.change, enc)),
                            is_preferred: Some(a.preferred),
                            ..Default::default()
                        })
                    })
                    .collect();
            let mut actions = actions;
            let stale: Vec<&ide::Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.code == ide::Code::StaleBindings && d.file == file)
                .filter(|d| d.range.start <= end && start <= d.range.end)
                .collect();
            if let (Some(first), Some(rewrites)) = (stale.first(), ide::generated::stale(index)) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Regenerate the IPC bindings (ipcls generate)".into(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp_diagnostic(index, first, enc)]),
                    edit: Some(rewrite_edit(index, &rewrites, enc)),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
            Some(actions)
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != GENERATE_COMMAND {
            return Err(invalid_params(format!("unknown command {}", params.command)));
        }
        let edit =
            self.read(|index, enc| generate_rewrites(index).map(|r| (r.len(), rewrite_edit(index, &r, enc)))).await?;
        let (count, edit) = edit.map_err(invalid_params)?;
        if count == 0 {
            return Ok(Some(serde_json::json!({ "changed": 0 })));
        }
        let applied = self.client.apply_edit(edit).await.map_err(|e| Error {
            code: ErrorCode::InternalError,
            message: e.message,
            data: None,
        })?;
        Ok(Some(serde_json::json!({ "changed": count, "applied": applied.applied })))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.run(false, uri_path(&params.text_document.uri), move |index, enc| {
            let path = uri_path(&params.text_document.uri)?;
            let file = index.vfs.file_id(&path)?;
            #[allow(deprecated)]
            fn convert_symbol(index: &Index, s: &ide::symbols::Symbol, enc: WideEncoding) -> DocumentSymbol {
                let range = convert::range(index, s.file, s.range, enc);
                DocumentSymbol {
                    name: s.name.clone(),
                    detail: Some(s.detail.clone()),
                    kind: match s.kind {
                        ide::symbols::SymbolKind::Channel => SymbolKind::EVENT,
                        ide::symbols::SymbolKind::Service => SymbolKind::INTERFACE,
                        ide::symbols::SymbolKind::Rpc => SymbolKind::METHOD,
                    },
                    tags: None,
                    deprecated: None,
                    range,
                    selection_range: range,
                    children: Some(s.children.iter().map(|c| convert_symbol(index, c, enc)).collect()),
                }
            }
            let symbols =
                ide::symbols::document_symbols(index, file).iter().map(|s| convert_symbol(index, s, enc)).collect();
            Some(DocumentSymbolResponse::Nested(symbols))
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.read(move |index, enc| {
            #[allow(deprecated)]
            let symbols = ide::symbols::workspace_symbols(index, &params.query)
                .iter()
                .filter_map(|s| {
                    Some(SymbolInformation {
                        name: s.name.clone(),
                        kind: SymbolKind::EVENT,
                        tags: None,
                        deprecated: None,
                        location: location(index, s.file, s.range, enc)?,
                        container_name: Some(s.detail.clone()),
                    })
                })
                .collect();
            Some(WorkspaceSymbolResponse::Flat(symbols))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.run(false, uri_path(&params.text_document.uri), move |index, enc| {
            let path = uri_path(&params.text_document.uri)?;
            let file = index.vfs.file_id(&path)?;
            let mut lenses = Vec::new();
            let callers = |channel: &str| index.channel_sites(channel).filter(|s| s.kind.is_sender()).count();
            for s in index.sites.iter().filter(|s| {
                s.file == file && matches!(s.kind, crate::syntax::ts::Kind::Handle | crate::syntax::ts::Kind::On)
            }) {
                let Some(channel) = s.channel.known() else { continue };
                let n = callers(channel);
                lenses.push(CodeLens {
                    range: convert::range(index, file, s.range, enc),
                    command: Some(Command {
                        title: format!("{n} caller{}", if n == 1 { "" } else { "s" }),
                        command: String::new(),
                        arguments: None,
                    }),
                    data: None,
                });
            }
            for r in index.rpcs.iter().filter(|r| r.file == file) {
                let rpc = &index.contract.services[r.service].methods[r.method];
                let handler = index
                    .channel_sites(&r.channel)
                    .find(|s| s.kind.is_receiver() && s.process == crate::index::Process::Main);
                let n = callers(&r.channel);
                let title = match handler {
                    Some(h) => {
                        format!("handled in {} · {n} caller{}", index.rel_path(h.file), if n == 1 { "" } else { "s" })
                    }
                    None => format!("not implemented · {n} caller{}", if n == 1 { "" } else { "s" }),
                };
                lenses.push(CodeLens {
                    range: convert::range(index, file, rpc.name_range, enc),
                    command: Some(Command { title, command: String::new(), arguments: None }),
                    data: None,
                });
            }
            Some(lenses)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.run(false, uri_path(&params.text_document.uri), move |index, enc| {
            let path = uri_path(&params.text_document.uri)?;
            let file = index.vfs.file_id(&path)?;
            let hints = index
                .sites
                .iter()
                .filter(|s| {
                    s.file == file
                        && matches!(
                            s.written,
                            crate::index::Written::Constant
                                | crate::index::Written::Member
                                | crate::index::Written::Concat
                                | crate::index::Written::Template
                        )
                })
                .filter_map(|s| {
                    let channel = s.channel.known()?;
                    Some(InlayHint {
                        position: convert::position(index, file, s.range.end, enc),
                        label: InlayHintLabel::String(format!("= '{channel}'")),
                        kind: None,
                        text_edits: None,
                        tooltip: None,
                        padding_left: Some(true),
                        padding_right: None,
                        data: None,
                    })
                })
                .collect();
            Some(hints)
        })
        .await
    }
}
