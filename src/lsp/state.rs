//! The server's mutable state: the workspace, open documents (ropey buffers with their tree-sitter
//! trees), and the current snapshot. Changed only through `ordered::apply` (see the invariant in
//! `lsp/mod.rs`); requests read an immutable snapshot.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ropey::Rope;
use rustc_hash::FxHashMap;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Point, Tree};

use crate::base::vfs::FileText;
use crate::base::{Cancel, Cancellable, WideEncoding};
use crate::config::Config;
use crate::index::{read_disk_file, Index, Workspace};
use crate::syntax::ts::{self, Dialect, FileSummary};

use super::from_proto::rope_offset;
use super::from_proto::uri_path;

/// An open editor buffer.
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// The syntax tree of the current text, for incremental reparsing.
    tree: Option<Tree>,
    dialect: Option<Dialect>,
    /// The summary of the current text with what re-extracting only the edited statements needs.
    extraction: Option<ts::Extraction>,
    /// Where the text changed since `extraction` was made (`None` after a whole-text change).
    edited: Option<ts::EditSpan>,
    /// `tree` was parsed from the current text. After an edit inside one statement only that
    /// statement is parsed (an island); `tree` then holds the edits but is parsed again later,
    /// off the keystroke's path ([`State::settle`]).
    settled: bool,
}

/// One workspace folder: its files and its current snapshot.
pub struct Folder {
    pub workspace: Workspace,
    /// The snapshot of the current texts, `None` after a change until someone asks for it.
    snapshot: Option<Arc<Index>>,
}

pub struct State {
    /// Workspace folders (multi-root); a file belongs to the deepest folder that holds it.
    pub folders: Vec<Folder>,
    pub docs: FxHashMap<PathBuf, Document>,
    pub encoding: WideEncoding,
    /// The revision of the inputs, bumped on every change applied (`ipcls/indexChanged` reports it).
    /// Not to be confused with [`Generation`](crate::base::Generation), which cancels stale work.
    pub revision: u64,
    /// Editor settings, used when the workspace has no `ipcls.toml`.
    pub editor_config: Option<Config>,
    pub loaded: bool,
    /// The client reports file changes (`workspace/didChangeWatchedFiles`); without it the server
    /// looks at the disk again when a document is opened or saved.
    pub client_watches_files: bool,
    /// Problems met while following the disk (files too large or unreadable), for the log.
    pub notes: Vec<String>,
}

impl State {
    pub fn new(roots: &[PathBuf]) -> State {
        State {
            folders: roots
                .iter()
                .map(|r| Folder { workspace: Workspace::new(r, Config::default()), snapshot: None })
                .collect(),
            docs: FxHashMap::default(),
            encoding: WideEncoding::Utf16,
            revision: 0,
            editor_config: None,
            loaded: false,
            client_watches_files: false,
            notes: Vec::new(),
        }
    }

    fn changed(&mut self) {
        for f in &mut self.folders {
            f.snapshot = None;
        }
        self.revision += 1;
    }

    /// The folder a path belongs to: the deepest root that holds it.
    fn folder_of(&self, path: &Path) -> Option<usize> {
        self.folders
            .iter()
            .enumerate()
            .filter(|(_, f)| path.starts_with(f.workspace.root()))
            .max_by_key(|(_, f)| f.workspace.root().components().count())
            .map(|(i, _)| i)
    }

    /// The workspace a path belongs to; files outside every folder are not indexed.
    pub fn workspace_for(&mut self, path: &Path) -> Option<&mut Workspace> {
        let i = self.folder_of(path)?;
        Some(&mut self.folders[i].workspace)
    }

    /// The snapshot of the folder holding `path` (the first folder without one), loading the
    /// workspace on first use and analysing if something changed. The analysis stops once `cancel`
    /// says so; the folder then has no snapshot, and the next call analyses again (reusing what the
    /// cancelled one completed).
    pub fn snapshot(&mut self, path: Option<&Path>, cancel: &Cancel) -> Cancellable<Arc<Index>> {
        if !self.loaded {
            self.load();
        }
        if self.folders.is_empty() {
            return Ok(Arc::new(Workspace::new(Path::new("/"), Config::default()).analyze(cancel)?));
        }
        let i = path.and_then(|p| self.folder_of(p)).unwrap_or(0);
        let folder = &mut self.folders[i];
        if let Some(s) = &folder.snapshot {
            return Ok(s.clone());
        }
        let index = Arc::new(folder.workspace.analyze(cancel)?);
        folder.snapshot = Some(index.clone());
        Ok(index)
    }

    /// Snapshots of every folder, or `Cancelled` once `cancel` says so.
    pub fn snapshots(&mut self, cancel: &Cancel) -> Cancellable<Vec<Arc<Index>>> {
        let roots: Vec<PathBuf> = self.folders.iter().map(|f| f.workspace.root().to_path_buf()).collect();
        roots.iter().map(|r| self.snapshot(Some(r), cancel)).collect()
    }

    /// Adds and removes workspace folders.
    pub fn change_folders(&mut self, added: &[PathBuf], removed: &[PathBuf]) {
        self.folders.retain(|f| !removed.iter().any(|r| r == f.workspace.root()));
        for root in added {
            if self.folders.iter().any(|f| f.workspace.root() == root) {
                continue;
            }
            let mut ws = Workspace::new(root, Config::default());
            Self::load_folder(&mut ws, self.editor_config.as_ref(), &self.docs);
            self.folders.push(Folder { workspace: ws, snapshot: None });
        }
        self.changed();
    }

    /// Loads the workspace from disk (config, walk, read), keeping open buffers. Never waits on the
    /// client, so that a request that needs it cannot wait for a reply stuck behind itself.
    pub fn load(&mut self) {
        for f in &mut self.folders {
            Self::load_folder(&mut f.workspace, self.editor_config.as_ref(), &self.docs);
        }
        self.loaded = true;
        self.changed();
    }

    fn load_folder(ws: &mut Workspace, editor: Option<&Config>, docs: &FxHashMap<PathBuf, Document>) {
        let (config, errors) = Config::load(ws.root(), editor);
        ws.set_config(config, errors);
        ws.rescan();
        let root = ws.root().to_path_buf();
        for (path, doc) in docs.iter().filter(|(p, _)| p.starts_with(&root)) {
            let text = FileText { text: Arc::from(doc.rope.to_string()), lossy: false, version: Some(doc.version) };
            ws.set_file(path, text);
        }
    }

    /// Reads `ipcls.toml` (or falls back to the editor's settings); returns its problems.
    pub fn reload_config(&mut self) -> Vec<crate::config::ConfigError> {
        let mut all = Vec::new();
        for f in &mut self.folders {
            let (config, errors) = Config::load(f.workspace.root(), self.editor_config.as_ref());
            all.extend(errors.iter().cloned());
            f.workspace.set_config(config, errors);
        }
        self.changed();
        all
    }

    pub fn open(&mut self, uri: &Uri, text: String, version: i32) {
        let Some(path) = uri_path(uri) else { return };
        let dialect = path.to_str().and_then(Dialect::from_path);
        let mut doc = Document {
            rope: Rope::from_str(&text),
            version,
            tree: None,
            dialect,
            extraction: None,
            edited: None,
            settled: true,
        };
        self.reparse(&path, &mut doc, text);
        self.docs.insert(path, doc);
        self.changed();
    }

    /// Applies incremental or full changes in order; a version that does not go up is refused.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Result<(), String> {
        let path = uri_path(uri).ok_or("not a file URI")?;
        let encoding = self.encoding;
        let Some(mut doc) = self.docs.remove(&path) else {
            return Err(format!("change for a document that is not open: {}", path.display()));
        };
        if version <= doc.version {
            let current = doc.version;
            self.docs.insert(path, doc);
            return Err(format!("version {version} does not go up from {current}; change ignored"));
        }
        for change in changes {
            match change.range {
                None => {
                    doc.rope = Rope::from_str(&change.text);
                    doc.tree = None;
                    doc.extraction = None;
                }
                Some(range) => {
                    let start = rope_offset(&doc.rope, range.start, encoding);
                    let end = rope_offset(&doc.rope, range.end, encoding).max(start);
                    let start_point = point(&doc.rope, start);
                    let old_end_point = point(&doc.rope, end);
                    let start_char = doc.rope.byte_to_char(start);
                    let end_char = doc.rope.byte_to_char(end);
                    doc.rope.remove(start_char..end_char);
                    doc.rope.insert(start_char, &change.text);
                    let new_end = start + change.text.len();
                    let span = ts::EditSpan { start: start as u32, old_end: end as u32, new_end: new_end as u32 };
                    doc.edited = Some(doc.edited.map_or(span, |before| before.then(span)));
                    if let Some(tree) = &mut doc.tree {
                        tree.edit(&InputEdit {
                            start_byte: start,
                            old_end_byte: end,
                            new_end_byte: new_end,
                            start_position: start_point,
                            old_end_position: old_end_point,
                            new_end_position: point(&doc.rope, new_end),
                        });
                    }
                }
            }
        }
        doc.version = version;
        let text = doc.rope.to_string();
        // What still holds the previous summary lets go of it, so that the update takes it over
        // instead of copying it (a request still reading the last index keeps it: then it is copied).
        for f in &mut self.folders {
            f.snapshot = None;
        }
        if let Some(ws) = self.workspace_for(&path) {
            ws.release_summary(&path);
        }
        self.reparse(&path, &mut doc, text);
        self.docs.insert(path, doc);
        self.changed();
        Ok(())
    }

    /// Parses again, whole, the open scripts last updated from one statement (see
    /// `Document::settled`), and checks that their statements are those the summaries were made
    /// of; a summary that is not is extracted again (`true`: the index changed). Runs after the
    /// diagnostics of an edit are published, so that the keystroke does not wait for it.
    pub fn settle(&mut self) -> bool {
        let pending: Vec<PathBuf> = self.docs.iter().filter(|(_, d)| !d.settled).map(|(p, _)| p.clone()).collect();
        let mut changed = false;
        for path in pending {
            let max_nesting = self.max_nesting(&path);
            // The document stays in place: a panic below loses no buffer.
            let Some(doc) = self.docs.get_mut(&path) else { continue };
            doc.settled = true;
            let text = doc.rope.to_string();
            let tree = match (doc.dialect, &doc.tree) {
                (Some(d), Some(old)) => ts::parse_with_old(&text, d, old),
                (Some(d), None) => ts::parse(&text, d),
                (None, _) => None,
            };
            let aligned = match (&tree, &doc.extraction) {
                (Some(tree), Some(ex)) => ex.matches(tree),
                _ => false,
            };
            if aligned {
                doc.tree = tree;
                continue;
            }
            tracing::warn!("{}: statements parsed alone differ from the whole file; extracting again", path.display());
            doc.extraction = tree.as_ref().map(|tree| ts::Extraction::new(&text, tree, max_nesting));
            doc.tree = tree;
            let summary = doc.extraction.as_ref().map(ts::Extraction::summary);
            let file_text = FileText { text: Arc::from(text), lossy: false, version: Some(doc.version) };
            self.hand_over(&path, file_text, summary, None);
            changed = true;
        }
        if changed {
            self.changed();
        }
        changed
    }

    /// The text and syntax tree (as an S-expression) of an open buffer: lets tests compare the
    /// incremental state with one built from scratch.
    #[doc(hidden)]
    pub fn debug_document(&self, path: &Path) -> Option<(String, Option<String>)> {
        let doc = self.docs.get(path)?;
        Some((doc.rope.to_string(), doc.tree.as_ref().map(|t| t.root_node().to_sexp())))
    }

    /// Re-extracts one file: incrementally from the edited tree for scripts.
    fn reparse(&mut self, path: &Path, doc: &mut Document, text: String) {
        let file_text = FileText { text: Arc::from(text), lossy: false, version: Some(doc.version) };
        let (before, edited) = (doc.extraction.take(), doc.edited.take());
        doc.extraction = match doc.dialect {
            Some(d @ (Dialect::TypeScript | Dialect::Tsx)) => {
                let max_nesting = self.max_nesting(path);
                Self::extract(doc, d, &file_text.text, before, edited, max_nesting)
            }
            _ => None,
        };
        let summary = doc.extraction.as_ref().map(ts::Extraction::summary);
        let edit = doc.extraction.as_ref().and_then(|ex| ex.local_edit.as_deref().copied());
        self.hand_over(path, file_text, summary, edit);
    }

    /// The extraction of `doc`'s new `text`, from `before` (of the text before the edits in
    /// `edited`) when there is one. An edit inside one statement parses that statement alone, and
    /// the whole file only once the diagnostics are out (`settle`); else the tree is parsed again
    /// and only the edited statements are walked again. `None` when the text does not parse.
    fn extract(
        doc: &mut Document,
        dialect: Dialect,
        text: &str,
        mut before: Option<ts::Extraction>,
        edited: Option<ts::EditSpan>,
        max_nesting: u32,
    ) -> Option<ts::Extraction> {
        if let (Some(span), Some(context)) = (edited, &doc.tree) {
            let range = before.as_ref().and_then(|ex| ex.island(text, span));
            let island = range.and_then(|range| ts::parse_island(text, dialect, range));
            if let (Some(island), Some(ex)) = (island, before.take()) {
                match ex.update_island(text, context, &island, span, max_nesting, doc.settled) {
                    Ok(extraction) => {
                        doc.settled = false;
                        return Some(extraction);
                    }
                    Err(kept) => before = kept,
                }
            }
        }
        let tree = match &doc.tree {
            Some(old) => ts::parse_with_old(text, dialect, old),
            None => ts::parse(text, dialect),
        };
        doc.settled = true;
        let extraction = tree.as_ref().map(|tree| match (before, edited) {
            (Some(before), Some(span)) => before.update(text, tree, span, max_nesting),
            _ => ts::Extraction::new(text, tree, max_nesting),
        });
        doc.tree = tree;
        extraction
    }

    fn max_nesting(&mut self, path: &Path) -> u32 {
        self.workspace_for(path).map_or(ts::DEFAULT_MAX_NESTING, |ws| ws.config().limits.max_nesting)
    }

    /// Gives an open buffer's new text to its workspace, with its summary when it has one (else
    /// the workspace extracts it when needed) and how an update from the previous one changed it.
    fn hand_over(
        &mut self,
        path: &Path,
        file_text: FileText,
        summary: Option<Arc<FileSummary>>,
        edit: Option<ts::LocalEdit>,
    ) {
        if let Some(ws) = self.workspace_for(path) {
            match summary {
                Some(summary) => ws.set_file_edited(path, file_text, summary, edit),
                None => ws.set_file(path, file_text),
            }
        }
    }

    /// Looks at the disk again (for clients that do not watch files): files that changed are
    /// re-read, new ones added, deleted ones dropped; open buffers are kept.
    pub fn refresh_from_disk(&mut self) {
        if self.loaded && !self.client_watches_files {
            for f in &mut self.folders {
                f.workspace.rescan();
            }
            self.changed();
        }
    }

    /// A closed buffer goes back to what the disk says.
    pub fn close(&mut self, uri: &Uri) {
        let Some(path) = uri_path(uri) else { return };
        self.docs.remove(&path);
        let limit = self.workspace_for(&path).map_or(0, |ws| ws.config().limits.max_file_size);
        match read_disk_file(&path, limit) {
            Ok(disk) if crate::index::is_relevant(&path) => {
                if let Some(ws) = self.workspace_for(&path) {
                    ws.set_disk_file(&path, disk);
                }
            }
            _ => {
                if let Some(ws) = self.workspace_for(&path) {
                    ws.remove_file(&path);
                }
            }
        }
        self.changed();
    }

    /// A file changed on disk (a watcher event); open buffers win over the disk.
    pub fn disk_changed(&mut self, path: &Path, deleted: bool) {
        if self.docs.contains_key(path) {
            return;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == crate::config::FILE_NAME {
            self.reload_config();
            return;
        }
        let Some(ws) = self.workspace_for(path) else { return };
        if deleted || !path.exists() {
            ws.remove_file(path);
        } else if crate::index::is_relevant(path) && !in_skipped_dir(ws.root(), path) {
            match read_disk_file(path, ws.config().limits.max_file_size) {
                Ok(disk) => ws.set_disk_file(path, disk),
                Err(e) => {
                    // What was indexed before stays: a failed read never drops a file's sites.
                    let note = format!("cannot read {}: {e}", path.display());
                    tracing::warn!("{note}");
                    if self.notes.len() < 100 {
                        self.notes.push(note);
                    }
                }
            }
        }
        self.changed();
    }
}

fn in_skipped_dir(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().any(|c| crate::index::SKIPPED_DIRS.iter().any(|d| c.as_os_str() == *d))
}

fn point(rope: &Rope, byte: usize) -> Point {
    let byte = byte.min(rope.len_bytes());
    let line = rope.byte_to_line(byte);
    Point { row: line, column: byte - rope.line_to_byte(line) }
}
