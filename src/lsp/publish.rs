//! The publisher: after every change (bursts coalesce), publishes the diagnostics of the files whose
//! diagnostics changed, and `ipcls/indexChanged` to clients that asked. What it derived is shared
//! with code action requests on the same snapshot ([`Latest`]).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::{notification, Diagnostic, Uri};
use tower_lsp_server::Client;

use crate::base::{Cancel, Cancellable, Cancelled, FileId, WideEncoding};
use crate::ide::{self, Analysis};
use crate::index::{Index, Stamps};

use super::ordered::{self, Change};
use super::{to_proto, Shared};

/// The `ipcls/indexChanged` notification, sent after the diagnostics of a new revision of the
/// inputs were published, to clients that set `experimental.ipclsIndexChanged` in their
/// capabilities.
#[derive(serde::Serialize)]
struct IndexChanged {
    /// [`State::revision`](super::state::State::revision), which goes up with every change the
    /// server applied; `generation` on the wire.
    #[serde(rename = "generation")]
    revision: u64,
    /// Channels over every workspace folder, as `ipcls/channels` counts them.
    channels: usize,
}

enum IndexChangedNotification {}

impl notification::Notification for IndexChangedNotification {
    type Params = Value;
    const METHOD: &'static str = "ipcls/indexChanged";
}

/// The diagnostics the publisher last derived, per folder, each tagged with the snapshot they are
/// of: a code action request on that same snapshot uses them instead of deriving them again.
#[derive(Default)]
pub struct Latest {
    folders: Mutex<Vec<Arc<FolderView>>>,
}

/// One folder's diagnostics per file, and the snapshot they were derived from.
struct FolderView {
    index: Weak<Index>,
    files: Arc<FxHashMap<FileId, Arc<[ide::Diagnostic]>>>,
}

impl Latest {
    /// The diagnostics of `file` when they were derived from `snapshot` (none is an empty list);
    /// `None` when the publisher has not got that far.
    pub fn of_file(&self, snapshot: &Arc<Index>, file: FileId) -> Option<Arc<[ide::Diagnostic]>> {
        let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let view = folders.iter().find(|v| std::ptr::eq(v.index.as_ptr(), Arc::as_ptr(snapshot)))?;
        Some(view.files.get(&file).cloned().unwrap_or_else(|| Arc::from([])))
    }

    fn set(&self, views: Vec<Arc<FolderView>>) {
        *self.folders.lock().unwrap_or_else(|e| e.into_inner()) = views;
    }
}

/// Publishes diagnostics to the client, woken by `dirty`.
pub struct Publisher {
    client: Client,
    shared: Arc<Shared>,
    dirty: Arc<Notify>,
}

impl Publisher {
    pub fn new(client: Client, shared: Arc<Shared>, dirty: Arc<Notify>) -> Publisher {
        Publisher { client, shared, dirty }
    }

    /// Runs until the server stops: after every change, publishes what changed; then, off the
    /// keystroke's path, the files last updated from one statement are parsed whole again, and in
    /// the rare case that changes a summary, it publishes again.
    pub fn spawn(self) {
        tokio::spawn(async move {
            let mut published = Published::default();
            loop {
                self.publish(&mut published).await;
                if self.settle_documents().await {
                    continue;
                }
                self.dirty.notified().await;
            }
        });
    }

    /// Publishes diagnostics for every file whose diagnostics changed since the last time; then,
    /// to clients that asked, `ipcls/indexChanged` when the revision moved on. Diagnostics are
    /// derived incrementally per folder, and only the files whose diagnostics or text changed are
    /// converted again. A change that cancels the analysis or the diagnostics also woke the
    /// publisher: nothing is published, and the next round works on the new texts.
    async fn publish(&self, published: &mut Published) {
        let shared = self.shared.clone();
        let folders = std::mem::take(&mut published.folders);
        let result = tokio::task::spawn_blocking(move || {
            let snapshot = {
                let mut s = shared.lock();
                let cancel = shared.generation.token();
                s.snapshots(&cancel).map(|indexes| (indexes, s.encoding, s.revision, cancel))
            };
            let (indexes, enc, revision, cancel) = match snapshot {
                Ok(taken) => taken,
                Err(Cancelled) => return Err(folders),
            };
            let channels = indexes
                .iter()
                .map(|i| Analysis::new(i.clone(), Cancel::never()).channel_count().unwrap_or(0))
                .sum::<usize>();
            let mut old = folders;
            let mut next: Vec<(PathBuf, FolderDiagnostics)> = Vec::new();
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
            shared.published.set(next.iter().filter_map(|(_, f)| f.view.clone()).collect());
            if cancelled {
                next.extend(old);
                return Err(next);
            }
            // Folders that are gone: what was published for them is looked at again.
            for (_, gone) in old {
                touched.extend(gone.converted.into_keys());
            }
            Ok((next, touched, versions, IndexChanged { revision, channels }))
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
        if self.shared.client().index_changed && published.revision != Some(changed.revision) {
            published.revision = Some(changed.revision);
            let params = serde_json::to_value(&changed).unwrap_or(Value::Null);
            self.client.send_notification::<IndexChangedNotification>(params).await;
        }
    }

    /// [`Change::Settle`] on a blocking thread; `true` when the index changed (work on the old one
    /// is cancelled as by any change).
    async fn settle_documents(&self) -> bool {
        let shared = self.shared.clone();
        tokio::task::spawn_blocking(move || ordered::apply(&shared, Change::Settle).changed).await.unwrap_or(false)
    }
}

/// What the publisher keeps between runs: each folder's diagnostics, and what each URI was last
/// published with.
#[derive(Default)]
struct Published {
    folders: Vec<(PathBuf, FolderDiagnostics)>,
    last: HashMap<Uri, Vec<Diagnostic>>,
    revision: Option<u64>,
}

/// One folder's diagnostics, derived incrementally, and each file's diagnostics converted for the
/// protocol.
#[derive(Default)]
struct FolderDiagnostics {
    cache: ide::diagnostics::DiagnosticsCache,
    /// The stamps of the index last converted.
    stamps: Option<Arc<Stamps>>,
    converted: HashMap<Uri, Vec<Diagnostic>>,
    /// Each file's diagnostics as of the index last converted, shared through `view`.
    files: Arc<FxHashMap<FileId, Arc<[ide::Diagnostic]>>>,
    view: Option<Arc<FolderView>>,
}

impl FolderDiagnostics {
    /// Brings the diagnostics up to `index` and converts those of the files whose diagnostics
    /// changed, whose text changed (positions are converted through it), or that have related
    /// information in a file whose text changed; returns their URIs. Cancelled, it keeps what is
    /// left to do for the next run.
    fn refresh(
        &mut self,
        index: &Arc<Index>,
        enc: WideEncoding,
        versions: &mut HashMap<Uri, i32>,
        cancel: &Cancel,
    ) -> Cancellable<Vec<Uri>> {
        let changed = self.cache.update(index, cancel)?;
        let stamps = &index.stamps;
        let same_base = self.stamps.as_ref().is_some_and(|s| s.base == stamps.base);
        self.share(index, same_base.then_some(&changed[..]));
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
            let Some(uri) = to_proto::uri(index, file) else { continue };
            let list: Vec<Diagnostic> =
                self.cache.of_file(file).iter().map(|d| to_proto::diagnostic(index, d, enc)).collect();
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

    /// Shares the diagnostics of `index`: those of the `changed` files taken again from the cache,
    /// or (`None`) all of them.
    fn share(&mut self, index: &Arc<Index>, changed: Option<&[FileId]>) {
        let files = Arc::make_mut(&mut self.files);
        match changed {
            Some(changed) => {
                for file in changed {
                    let list = self.cache.of_file(*file);
                    if list.is_empty() {
                        files.remove(file);
                    } else {
                        files.insert(*file, Arc::from(list));
                    }
                }
            }
            None => {
                files.clear();
                files.extend(self.cache.files().map(|f| (f, Arc::from(self.cache.of_file(f)))));
            }
        }
        self.view = Some(Arc::new(FolderView { index: Arc::downgrade(index), files: self.files.clone() }));
    }
}
