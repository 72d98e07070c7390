//! The file store: every file of a workspace with its text, each script's summary, and what the
//! prefilter said of the files it left unparsed; updated one file at a time.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::analysis::{LastAnalysis, SiteCache};
use super::modules::ModuleResolver;
use super::prefilter::evictable;
use super::resolve::Resolver;
use super::{rel_path, Summaries};
use crate::base::par::par_map;
use crate::base::vfs::{self, DiskFile, FileText, KEEP_ALL};
use crate::base::walk::{self, WalkOptions, WalkResult};
use crate::base::{Cancel, Cancellable, Cancelled, FileId, Vfs};
use crate::config::{glob_set, Config, ConfigError};
use crate::syntax::proto::{self, Contract, ContractInput, ProtoSource};
use crate::syntax::ts::{self, Dialect, FileSummary};

/// Folders that never hold the app's own sources.
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "dist",
    "out",
    "build",
    ".webpack",
    ".vite",
    ".git",
    "target",
    // Tests: mocks of `ipcMain` and fake windows are not the app's IPC.
    "__tests__",
    "__mocks__",
    "e2e",
];

/// Whether the walk keeps a file of this name: scripts, `.proto` files, `tsconfig.json`,
/// `jsconfig.json` and `package.json` (its `main` is the app's entry: § Processes), and
/// `ipcls.toml`.
pub fn is_relevant(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    if matches!(name, "tsconfig.json" | "jsconfig.json" | "package.json") || name == crate::config::FILE_NAME {
        return true;
    }
    if name.starts_with("tsconfig.") && name.ends_with(".json") {
        return true;
    }
    if name.ends_with(".min.js") || name.contains(".test.") || name.contains(".spec.") {
        return false;
    }
    name.ends_with(".proto") || Dialect::from_path(name).is_some()
}

/// Reads a file of at most `max_size` bytes (a watched-file event must not read a 100 MB file);
/// a script that fails the prefilter keeps no text.
pub fn read_disk_file(path: &Path, max_size: u64) -> std::io::Result<DiskFile> {
    let len = vfs::file_len(path)?;
    if len > max_size {
        return Err(std::io::Error::other(format!(
            "{len} bytes, larger than {max_size} bytes ([limits] max_file_size); not read"
        )));
    }
    DiskFile::read(path, &evictable)
}

/// The files of one workspace and what is known of each; updated file by file.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub(super) root: PathBuf,
    pub(super) vfs: Vfs,
    pub(super) config: Arc<Config>,
    pub(super) config_errors: Vec<ConfigError>,
    pub(super) summaries: Summaries,
    /// Files whose current text failed the prefilter, and what it was last searched for in vain:
    /// unchanged files are not scanned again on every analysis.
    pub(super) scanned: FxHashMap<FileId, Scanned>,
    /// Script files read from disk that failed the prefilter: their text is not kept (the Vfs
    /// holds an empty text), only its length and hash to tell a change; read again if needed.
    pub(super) evicted: FxHashMap<FileId, Evicted>,
    /// The last contract and the input it was compiled from: compiled again only when a `.proto`
    /// text or the contract settings change, not on every keystroke in a script.
    pub(super) contract_cache: Option<CompiledContract>,
    /// Each file's resolved sites from the last analysis, with the summary they came from; valid
    /// while no file's interface changed (see [`FileSummary::same_interface`]) and no file was
    /// added, removed or configured (`epoch`).
    pub(super) site_cache: SiteCache,
    /// Bumped when the set of files, a non-script file (tsconfig, `.proto`) or the config changes.
    pub(super) epoch: u64,
    /// Files set since the last analysis.
    pub(super) changed: FxHashSet<FileId>,
    /// What the last analysis found workspace-wide, and its sites file by file: the next analysis
    /// starts from them when only script contents changed, each within its interface.
    pub(super) last: Option<Box<LastAnalysis>>,
    /// The number of the current analysis (unique in the process): the stamp of what it changes
    /// (see [`Stamps`](super::Stamps)).
    pub(super) analyses: u64,
    /// How edits since the last analysis changed the summaries of files that changed only once
    /// (see [`ts::LocalEdit`]): their sites are moved from the cached ones instead of found again.
    pub(super) local_edits: FxHashMap<FileId, ts::LocalEdit>,
    /// How many times an analysis updated a file's sites in place from a local edit (for tests
    /// and logs).
    pub(super) sites_moved: u64,
    pub(super) walk: WalkResult,
}

/// What an unparsed file's text was searched for in vain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scanned {
    /// The prefilter's words.
    Prefilter,
    /// The words of a discovery round (wrapper names, names of generated bindings, bridge keys),
    /// by a hash of the list.
    Words(u64),
}

/// What is kept of a file whose text was dropped: enough to tell that it changed on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Evicted {
    pub(super) len: usize,
    pub(super) hash: u64,
}

/// A compiled contract and the `.proto` texts it was compiled from.
#[derive(Clone, Debug)]
pub(super) struct CompiledContract {
    pub(super) input: Vec<ProtoSource>,
    pub(super) contract: Arc<Contract>,
}

impl Workspace {
    /// An empty workspace at `root` with `config`.
    pub fn new(root: &Path, config: Config) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            vfs: Vfs::new(),
            config: Arc::new(config),
            config_errors: Vec::new(),
            summaries: Summaries::default(),
            scanned: FxHashMap::default(),
            evicted: FxHashMap::default(),
            contract_cache: None,
            site_cache: SiteCache::default(),
            local_edits: FxHashMap::default(),
            sites_moved: 0,
            epoch: 0,
            changed: FxHashSet::default(),
            last: None,
            analyses: 0,
            walk: WalkResult::default(),
        }
    }

    /// The folder the workspace is rooted at.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every file and its current text.
    pub fn vfs(&self) -> &Vfs {
        &self.vfs
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The problems of the configuration last set.
    pub fn config_errors(&self) -> &[ConfigError] {
        &self.config_errors
    }

    /// How many times an analysis updated a file's sites in place from a local edit.
    pub fn sites_moved(&self) -> u64 {
        self.sites_moved
    }

    /// Reads `ipcls.toml`, walks `root` and reads every relevant file.
    pub fn load(root: &Path) -> Workspace {
        let (config, config_errors) = Config::load(root, None);
        let mut ws = Workspace::new(root, config);
        ws.config_errors = config_errors;
        ws.rescan();
        ws
    }

    /// Walks the disk again and reads every file that is not open in an editor (in parallel).
    pub fn rescan(&mut self) {
        let options = WalkOptions {
            max_file_size: self.config.limits.max_file_size,
            max_files: self.config.limits.max_files,
            relevant: &is_relevant,
            skipped_dirs: SKIPPED_DIRS,
        };
        let mut walked = walk::walk(&self.root, &options);
        let keep: FxHashSet<&Path> = walked.files.iter().map(|p| p.as_path()).collect();
        let gone: Vec<PathBuf> = self
            .vfs
            .iter()
            .filter(|(_, p, t)| t.version.is_none() && !keep.contains(p))
            .map(|(_, p, _)| p.to_path_buf())
            .collect();
        for p in gone {
            self.remove_file(&p);
        }
        let todo: Vec<&Path> = walked
            .files
            .iter()
            .map(PathBuf::as_path)
            .filter(|p| self.vfs.file_id(p).and_then(|id| self.vfs.get(id)).is_none_or(|t| t.version.is_none()))
            .collect();
        for (path, read) in vfs::read_all(&todo, &evictable) {
            match read {
                Ok(disk) => {
                    let id = self.vfs.file_id(path);
                    let same = match (id.and_then(|id| self.evicted.get(&id)), id.and_then(|id| self.vfs.text(id))) {
                        (Some(&Evicted { len, hash }), _) => disk.len == len && disk.hash == hash,
                        (None, Some(text)) => !disk.evicted && *text == disk.text.text,
                        (None, None) => false,
                    };
                    if !same {
                        self.set_disk_file(path, disk);
                    }
                }
                Err(e) => {
                    // A file that was read before keeps its text: a failed read drops nothing.
                    tracing::warn!("cannot read {}: {e}", path.display());
                    if walked.errors.len() < walk::MAX_ERRORS {
                        walked.errors.push(format!("cannot read {}: {e}", rel_path(&self.root, path)));
                    }
                }
            }
        }
        self.walk = walked;
    }

    /// Sets a file read from disk; a script that fails the prefilter keeps no text.
    pub fn set_disk_file(&mut self, path: &Path, disk: DiskFile) {
        self.touch(path);
        if disk.evicted {
            let id = self.vfs.set(path, disk.text);
            self.changed.insert(id);
            self.summaries.remove(&id);
            self.scanned.insert(id, Scanned::Prefilter);
            self.evicted.insert(id, Evicted { len: disk.len, hash: disk.hash });
        } else {
            self.set_file(path, disk.text);
        }
    }

    /// Reads the text of evicted files back from disk (before parsing them).
    pub(super) fn restore(&mut self, ids: &[FileId]) {
        let paths: Vec<PathBuf> =
            ids.iter().filter(|id| self.evicted.contains_key(id)).map(|&id| self.vfs.path(id).to_path_buf()).collect();
        let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        for (path, read) in vfs::read_all(&refs, KEEP_ALL) {
            let Some(id) = self.vfs.file_id(path) else { continue };
            match read {
                Ok(disk) => {
                    self.evicted.remove(&id);
                    self.vfs.set(path, disk.text);
                }
                Err(e) => tracing::warn!("cannot read {}: {e}", path.display()),
            }
        }
    }

    pub fn set_config(&mut self, config: Config, errors: Vec<ConfigError>) {
        self.contract_cache = None;
        self.epoch += 1;
        if config.limits.max_nesting != self.config.limits.max_nesting {
            // Summaries depend on the nesting limit: extract again.
            self.summaries.clear();
            self.scanned.clear();
        }
        self.config = Arc::new(config);
        self.config_errors = errors;
    }

    /// Sets the text of a file (from disk or an editor buffer).
    pub fn set_file(&mut self, path: &Path, text: FileText) {
        self.touch(path);
        let id = self.vfs.set(path, text);
        self.local_edits.remove(&id);
        self.changed.insert(id);
        self.summaries.remove(&id);
        self.scanned.remove(&id);
        self.evicted.remove(&id);
    }

    /// Lets go of a file's summary before a new one is set, so that whoever made it can take it
    /// over (an incremental update of an open file).
    pub fn release_summary(&mut self, path: &Path) {
        if let Some(id) = self.vfs.file_id(path) {
            self.summaries.remove(&id);
        }
    }

    /// Sets a file's text together with a summary computed elsewhere (an incremental reparse).
    pub fn set_file_with_summary(&mut self, path: &Path, text: FileText, summary: Arc<FileSummary>) {
        self.set_file_edited(path, text, summary, None);
    }

    /// [`Self::set_file_with_summary`] with how the summary differs from the previous one, when
    /// only some statements' sites and calls do (see [`ts::LocalEdit`]): if the file did not change
    /// since the last analysis, the next one moves its other sites instead of finding them again.
    pub fn set_file_edited(
        &mut self,
        path: &Path,
        text: FileText,
        summary: Arc<FileSummary>,
        edit: Option<ts::LocalEdit>,
    ) {
        self.touch(path);
        let id = self.vfs.set(path, text);
        match edit.filter(|_| !self.changed.contains(&id)) {
            Some(edit) => self.local_edits.insert(id, edit),
            None => self.local_edits.remove(&id),
        };
        self.changed.insert(id);
        self.summaries.insert(id, summary);
        self.scanned.remove(&id);
        self.evicted.remove(&id);
    }

    /// A file is about to be set: a new file or a non-script one changes the structure (module
    /// resolution, tsconfig, contract), which no cached resolution survives.
    fn touch(&mut self, path: &Path) {
        let present = self.vfs.file_id(path).and_then(|id| self.vfs.get(id)).is_some();
        let script = path.to_str().and_then(Dialect::from_path).is_some();
        if !present || !script {
            self.epoch += 1;
        }
    }

    pub fn remove_file(&mut self, path: &Path) {
        self.epoch += 1;
        if let Some(id) = self.vfs.remove(path) {
            self.summaries.remove(&id);
            self.scanned.remove(&id);
            self.evicted.remove(&id);
        }
    }

    /// Parses the given files (in parallel) unless their summaries are known. A summary depends
    /// only on its text, so those finished before a cancellation are kept.
    pub(super) fn parse(&mut self, ids: &[FileId], cancel: &Cancel) -> Cancellable<()> {
        let missing: Vec<FileId> = ids
            .iter()
            .copied()
            .filter(|id| !self.summaries.contains_key(id) && self.evicted.contains_key(id))
            .collect();
        self.restore(&missing);
        let mut todo: Vec<(FileId, Arc<str>, Dialect)> = ids
            .iter()
            .filter(|id| !self.summaries.contains_key(*id))
            .filter_map(|&id| {
                let text = self.vfs.text(id)?.clone();
                let dialect = Dialect::from_path(self.vfs.path(id).to_str()?)?;
                Some((id, text, dialect))
            })
            .collect();
        if todo.is_empty() {
            return Ok(());
        }
        // The largest first, so that no thread is left parsing a large file alone at the end.
        todo.sort_by_key(|(id, text, _)| (std::cmp::Reverse(text.len()), *id));
        let max_nesting = self.config.limits.max_nesting;
        let summaries = par_map(&todo, |(_, text, dialect)| {
            cancel.check().map(|()| ts::extract_limited(text, *dialect, max_nesting))
        });
        // A file whose thread failed stays unparsed (and is tried again on the next analysis).
        let mut cancelled = Ok(());
        for ((id, _, _), summary) in todo.iter().zip(summaries) {
            match summary {
                Some(Ok(summary)) => {
                    self.summaries.insert(*id, Arc::new(summary));
                }
                Some(Err(Cancelled)) => cancelled = Err(Cancelled),
                None => {}
            }
        }
        cancelled
    }

    /// How many script files have a summary (were parsed and are current).
    pub fn parsed_files(&self) -> usize {
        self.summaries.len()
    }

    /// The summary of a script file, parsing it if needed.
    pub fn summary(&mut self, id: FileId) -> Option<Arc<FileSummary>> {
        self.parse(&[id], &Cancel::never()).ok()?;
        self.summaries.get(&id).cloned()
    }

    pub(super) fn resolver<'a>(&'a self, modules: &'a ModuleResolver) -> Resolver<'a> {
        Resolver::new(&self.vfs, &self.summaries, modules, &self.config)
    }

    pub(super) fn compile_contract(&mut self) -> Arc<Contract> {
        let include = glob_set(&self.config.contract.include);
        let files: Vec<ProtoSource> = self
            .vfs
            .iter()
            .filter(|(_, p, _)| p.extension().is_some_and(|e| e == "proto"))
            .filter_map(|(_, p, t)| {
                let rel = rel_path(&self.root, p);
                if !self.config.contract.include.is_empty() && !include.is_match(&rel) {
                    return None;
                }
                Some(ProtoSource { path: rel, text: t.text.clone() })
            })
            .collect();
        if let Some(CompiledContract { input, contract }) = &self.contract_cache {
            let same = input.len() == files.len()
                && input.iter().zip(&files).all(|(a, b)| a.path == b.path && a.text == b.text);
            if same {
                return contract.clone();
            }
        }
        let contract = Arc::new(proto::compile(&ContractInput { files: &files, roots: &self.config.contract.roots }));
        self.contract_cache = Some(CompiledContract { input: files, contract: contract.clone() });
        contract
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files that never mention IPC keep no text after loading, yet a wrapper's caller among them
    /// is still found (searched on disk for the wrapper's name), and a later change is seen.
    #[test]
    fn evicted_files_are_searched_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let w = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        w("src/main/ipc.ts", "import { ipcMain } from 'electron';\nexport function handleIt(ch: string) { ipcMain.handle(ch, () => 1); }\n");
        w("src/main/feature.ts", "import { handleIt } from './ipc';\nhandleIt('feature:run');\n");
        w("src/main/plain.ts", "export const answer = 42;\n");
        let mut ws = Workspace::load(dir.path());
        let index = ws.analyze(&crate::base::Cancel::never()).expect("never cancelled");
        assert!(index.channels.contains_key("feature:run"), "{:?}", index.channels.keys().collect::<Vec<_>>());
        let plain = index.file_for_rel("src/main/plain.ts").expect("plain.ts");
        assert_eq!(index.text(plain), "", "a file without IPC keeps no text");
        assert!(ws.evicted.contains_key(&plain));
        let feature = index.file_for_rel("src/main/feature.ts").expect("feature.ts");
        assert!(index.text(feature).contains("handleIt"), "a parsed file keeps its text");
        // The plain file starts calling the wrapper: a rescan sees the change.
        w("src/main/plain.ts", "import { handleIt } from './ipc';\nhandleIt('plain:run');\n");
        ws.rescan();
        let index = ws.analyze(&crate::base::Cancel::never()).expect("never cancelled");
        assert!(index.channels.contains_key("plain:run"));
        assert!(!ws.evicted.contains_key(&plain));
    }
}
