//! The cross-file model of a workspace: it resolves channels across files, finds wrappers, bridges
//! and processes, and maps every channel to its sites and its contract rpc.
//!
//! [`Workspace`] holds the files and their per-file summaries and is updated one file at a time;
//! [`Workspace::analyze`] derives an immutable [`Index`] that features read. After edits that keep
//! every edited file's interface, an analysis starts from the last one: its maps are persistent
//! (`imbl`), so the new index shares every entry but the edited files', and [`Stamps`] say what
//! changed.
//!
//! An analysis runs in this order, one module each:
//! - `workspace`: the file store (texts, summaries, what the prefilter said of each file) and the
//!   parsing of files;
//! - `prefilter`: which files are parsed, in discovery rounds (the byte-level prefilter, imports
//!   followed, callers of wrappers and users of bridges searched for by name), each limit named;
//! - `wrappers`, `processes`: what the whole workspace defines (functions that pass a channel on,
//!   each file's process); `modules` and `resolve` (module resolution, channel values, callees);
//! - `flow`: the value flow of IPC-capable values (declared types followed through aliases and
//!   imports to Electron's objects), between discovery and site building: `sites` asks it;
//! - `sites`: each file's sites (direct calls, wrapper calls), `bridges` (preload bridges and the
//!   renderer's uses of them), `generated` (user code of generated bindings);
//! - `analysis`: the driver that runs the above, from scratch or as an update of the last analysis;
//!   `moving` (the diff of a file's sites, and sites moved in place after a local edit) and
//!   `stamps` (what changed, for the features' caches); `notes` (what an index left out).

mod analysis;
mod bridges;
mod contexts;
mod flow;
mod generated;
mod model;
mod modules;
mod moving;
mod notes;
mod prefilter;
mod processes;
mod resolve;
mod sites;
mod stamps;
mod tables;
mod workspace;
mod wrappers;

#[cfg(test)]
mod bridge_tests;
#[cfg(test)]
mod context_tests;
#[cfg(test)]
mod flow_tests;
#[cfg(test)]
mod site_tests;
#[cfg(test)]
mod table_tests;

#[cfg(test)]
mod process_tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::base::{FileId, LineIndex, Vfs};
use crate::config::{Config, ConfigError};
use crate::syntax::proto::Contract;
use crate::syntax::ts::FileSummary;

pub use crate::base::vfs::DiskFile;
pub use model::*;
pub use prefilter::PREFILTER_WORDS;
pub use processes::{FileProcess, Origin, Processes, Reach};
pub use stamps::Stamps;
pub use workspace::{is_relevant, read_disk_file, Workspace, SKIPPED_DIRS};

/// Each parsed file's summary. Persistent (shared structure), so that the index made per keystroke
/// takes the workspace's map without copying an entry per parsed file.
pub type Summaries = imbl::OrdMap<FileId, Arc<FileSummary>>;

/// Channel → its sites, in site order. Persistent: an update replaces the lists of the channels
/// whose sites changed.
pub type Channels = imbl::OrdMap<String, Arc<Vec<SiteId>>>;

/// A workspace-relative path with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// A function in a file: `func` indexes the file's `FileSummary::functions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct FnKey {
    pub(crate) file: FileId,
    pub(crate) func: u32,
}

/// The immutable model that features read.
#[derive(Clone, Debug)]
pub struct Index {
    pub root: PathBuf,
    pub vfs: Vfs,
    pub config: Arc<Config>,
    pub config_errors: Vec<ConfigError>,
    pub summaries: Summaries,
    pub processes: Arc<Processes>,
    pub sites: Sites,
    /// Channel → its sites, sorted by channel name.
    pub channels: Channels,
    pub unresolved: Arc<Vec<SiteId>>,
    /// Shared with the next index while no bridge changes.
    pub bridges: Arc<Vec<Bridge>>,
    pub unknown_members: Arc<Vec<UnknownMember>>,
    pub contract: Arc<Contract>,
    pub rpcs: Arc<Vec<RpcRef>>,
    /// Channel → the positions of its rpcs in `rpcs` (see [`Index::rpcs_of_channel`]).
    rpcs_by_channel: Arc<FxHashMap<String, Vec<usize>>>,
    pub stats: Stats,
    /// What the index had to leave out or could not read (files over a limit, unreadable files,
    /// `tsconfig.json` problems), one sentence each, for the CLI's notes and the server's log.
    pub notes: Vec<String>,
    /// When each channel's and each file's sites last changed (see [`Stamps`]).
    pub stamps: Arc<Stamps>,
    /// Line indexes, built on first use.
    line_indexes: Arc<std::sync::Mutex<FxHashMap<FileId, Arc<LineIndex>>>>,
}

/// Counts for the summary line and for logs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub scripts: usize,
    pub parsed: usize,
    pub protos: usize,
    pub too_large: usize,
    pub skipped_dirs: usize,
}

impl Index {
    /// The site of an id of this index.
    pub fn site(&self, id: SiteId) -> &Site {
        &self.sites[id]
    }

    pub fn rel_path(&self, file: FileId) -> String {
        rel_path(&self.root, self.vfs.path(file))
    }

    /// The file of a workspace-relative path.
    pub fn file_for_rel(&self, rel: &str) -> Option<FileId> {
        self.vfs.file_id(&self.root.join(rel))
    }

    pub fn process(&self, file: FileId) -> Process {
        self.processes.file(file)
    }

    /// Sites of `channel`.
    pub fn channel_sites(&self, channel: &str) -> impl Iterator<Item = &Site> {
        self.channels.get(channel).into_iter().flat_map(|l| l.iter()).map(|id| self.site(*id))
    }

    /// The positions in [`Index::rpcs`] of the rpcs of `channel`, in order: more than one when
    /// several rpcs share the channel, none when the contract does not declare it.
    pub fn rpcs_of_channel(&self, channel: &str) -> &[usize] {
        self.rpcs_by_channel.get(channel).map_or(&[], Vec::as_slice)
    }

    /// The rpc of `channel`, if the contract declares it (the first, when several share it).
    pub fn rpc_for(&self, channel: &str) -> Option<&RpcRef> {
        self.rpcs_of_channel(channel).first().and_then(|&i| self.rpcs.get(i))
    }

    pub fn text(&self, file: FileId) -> &str {
        self.vfs.text(file).map_or("", |t| t)
    }

    /// The line index of a file's current text.
    pub fn line_index(&self, file: FileId) -> Arc<LineIndex> {
        let mut cache = self.line_indexes.lock().unwrap_or_else(|e| e.into_inner());
        cache.entry(file).or_insert_with(|| Arc::new(LineIndex::new(self.text(file)))).clone()
    }
}
