//! When parts of the index last changed: the stamps that let features keep what they derived per
//! channel or per file while its stamp stays.

use super::moving::Changes;
use super::sites::FileSites;
use super::Channels;
use crate::base::FileId;

/// When parts of the index last changed, as analysis numbers: a feature that derives something
/// per channel or per file may keep it while the stamp stays. A channel's stamp moves when its
/// sites may have changed, but not when an edit of their file's text only moved them (typing moves
/// every later site of the file): what holds positions must follow its files' stamps too. A file's
/// stamp moves when its text or its sites changed; `base` when anything else may have (the
/// contract, the config, processes, the set of files): then every stamp is `base`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamps {
    pub base: u64,
    /// The analysis these stamps are from.
    pub now: u64,
    /// The analysis the lists below count from (the one this index was updated from); `None` from
    /// scratch. A consumer that saw exactly that analysis needs to look at nothing else.
    pub since: Option<u64>,
    pub channels: imbl::OrdMap<String, u64>,
    /// Parsed files.
    pub files: imbl::OrdMap<FileId, u64>,
    /// Channels whose stamp is `now` since `since`, and channels gone since then.
    pub changed_channels: Vec<String>,
    /// Files whose stamp is `now` since `since`, sorted.
    pub changed_files: Vec<FileId>,
}

impl Stamps {
    /// Stamps from scratch: everything new.
    pub(super) fn fresh(now: u64, channels: &Channels, files: &imbl::OrdMap<FileId, FileSites>) -> Stamps {
        Stamps {
            base: now,
            now,
            channels: channels.keys().map(|c| (c.clone(), now)).collect(),
            files: files.keys().map(|&f| (f, now)).collect(),
            ..Stamps::default()
        }
    }
}

impl Changes {
    /// The stamps after the changes: `now` on the touched channels and the moved files.
    pub(super) fn stamps(&self) -> Stamps {
        let last = self.last_stamps.as_deref().cloned().unwrap_or_default();
        let mut stamps = Stamps {
            base: last.base,
            now: self.now,
            since: Some(last.now),
            channels: last.channels,
            files: last.files,
            changed_channels: Vec::new(),
            changed_files: Vec::new(),
        };
        let mut touched: Vec<&String> = self.touched.iter().collect();
        touched.sort();
        for c in touched {
            if self.maps.channels.contains_key(c) {
                stamps.channels.insert(c.clone(), self.now);
            } else {
                stamps.channels.remove(c);
            }
            stamps.changed_channels.push(c.clone());
        }
        for &f in &self.moved_files {
            stamps.files.insert(f, self.now);
            stamps.changed_files.push(f);
        }
        stamps.changed_files.sort();
        stamps.changed_files.dedup();
        stamps
    }
}
