//! The virtual file system: every file the core knows, by id, with its text from disk or from an
//! editor buffer, and every read of the disk (texts, sizes, searches of texts not kept). This and
//! `walk` are the only places in the core that touch the disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::cancel::{Cancel, Cancellable};
use super::par::par_map;

/// A file known to the [`Vfs`]; stable for the life of the `Vfs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// The text of one file and where it came from.
#[derive(Clone, Debug)]
pub struct FileText {
    pub text: Arc<str>,
    /// The bytes on disk were not valid UTF-8 and were decoded lossily: offsets do not match the
    /// bytes on disk, so no edit may be proposed for this file.
    pub lossy: bool,
    /// `Some(version)` while an editor holds the file open; its buffer wins over the disk.
    pub version: Option<i32>,
}

/// Files by path, with their current texts. Paths are absolute.
#[derive(Clone, Debug, Default)]
pub struct Vfs {
    /// Shared between snapshots (copied only when a new path is interned, which is rare): an
    /// index snapshot per keystroke must not copy every path of a 50,000-file workspace.
    paths: Arc<Vec<PathBuf>>,
    ids: Arc<FxHashMap<PathBuf, FileId>>,
    /// Persistent (shared structure): a snapshot copies no entry, setting one text copies a path
    /// of small nodes.
    texts: imbl::Vector<Option<FileText>>,
}

impl Vfs {
    pub fn new() -> Vfs {
        Vfs::default()
    }

    /// The id of `path`, interning it if it is new.
    pub fn intern(&mut self, path: &Path) -> FileId {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = FileId(self.paths.len() as u32);
        Arc::make_mut(&mut self.paths).push(path.to_path_buf());
        self.texts.push_back(None);
        Arc::make_mut(&mut self.ids).insert(path.to_path_buf(), id);
        id
    }

    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.ids.get(path).copied()
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.paths[id.0 as usize]
    }

    pub fn get(&self, id: FileId) -> Option<&FileText> {
        self.texts.get(id.0 as usize).and_then(|t| t.as_ref())
    }

    pub fn text(&self, id: FileId) -> Option<&Arc<str>> {
        self.get(id).map(|t| &t.text)
    }

    pub fn set(&mut self, path: &Path, text: FileText) -> FileId {
        let id = self.intern(path);
        self.texts.set(id.0 as usize, Some(text));
        id
    }

    /// Forgets the text of `path` (deleted on disk, or closed and gone).
    pub fn remove(&mut self, path: &Path) -> Option<FileId> {
        let id = self.file_id(path)?;
        self.texts.set(id.0 as usize, None);
        Some(id)
    }

    /// Every file that currently has a text, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Path, &FileText)> {
        self.texts.iter().enumerate().filter_map(|(i, t)| {
            let t = t.as_ref()?;
            Some((FileId(i as u32), self.paths[i].as_path(), t))
        })
    }
}

/// Turns file bytes into text; invalid UTF-8 is replaced and marked `lossy`.
pub fn decode(bytes: Vec<u8>) -> FileText {
    match String::from_utf8(bytes) {
        Ok(s) => FileText { text: Arc::from(s), lossy: false, version: None },
        Err(e) => {
            let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
            FileText { text: Arc::from(s), lossy: true, version: None }
        }
    }
}

/// Which files read from disk keep no text, decided by the caller from the path and the bytes.
pub type Evict<'a> = &'a (dyn Fn(&Path, &[u8]) -> bool + Sync);

/// Keeps every text.
pub const KEEP_ALL: Evict<'static> = &|_, _| false;

/// A file read from disk, with what the caller needs to know before keeping its text.
#[derive(Debug)]
pub struct DiskFile {
    /// The text; empty when `evicted`.
    pub text: FileText,
    /// The caller's [`Evict`] rule said the text is not worth keeping: it is dropped at once, so
    /// that reading a large workspace never holds every file in memory.
    pub evicted: bool,
    pub len: usize,
    pub hash: u64,
}

impl DiskFile {
    /// Reads a file; its text is dropped when `evict` says so.
    pub fn read(path: &Path, evict: Evict) -> std::io::Result<DiskFile> {
        let bytes = std::fs::read(path)?;
        let evicted = evict(path, &bytes);
        Ok(DiskFile::from_bytes(bytes, evicted))
    }

    fn from_bytes(bytes: Vec<u8>, evicted: bool) -> DiskFile {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write(&bytes);
        let (len, hash) = (bytes.len(), h.finish());
        let text = if evicted {
            let lossy = std::str::from_utf8(&bytes).is_err();
            FileText { text: Arc::from(""), lossy, version: None }
        } else {
            decode(bytes)
        };
        DiskFile { text, evicted, len, hash }
    }
}

/// The size of a file on disk, in bytes.
pub fn file_len(path: &Path) -> std::io::Result<u64> {
    Ok(std::fs::metadata(path)?.len())
}

/// Reads a whole file as UTF-8 text.
pub fn read_string(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

/// Reads files on every core; each text is dropped when `evict` says so.
pub fn read_all<'p>(paths: &[&'p Path], evict: Evict) -> Vec<(&'p Path, std::io::Result<DiskFile>)> {
    let read = par_map(paths, |p| DiskFile::read(p, evict));
    paths
        .iter()
        .copied()
        .zip(read)
        .map(|(p, r)| (p, r.unwrap_or_else(|| Err(std::io::Error::other("the reading thread failed")))))
        .collect()
}

/// Whether each file's bytes on disk match, searched on every core without keeping the texts: in
/// order, `Ok(false)` for an unreadable file, `None` where a thread failed.
pub fn search_all(
    paths: &[&Path],
    cancel: &Cancel,
    matches: impl Fn(&[u8]) -> bool + Sync,
) -> Vec<Option<Cancellable<bool>>> {
    par_map(paths, |p| cancel.check().map(|()| std::fs::read(p).is_ok_and(|b| matches(&b[..]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text the caller's rule evicts is not kept, but its length and hash tell it from another.
    #[test]
    fn evicted_texts_keep_their_length_and_hash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        std::fs::write(&a, "plain").expect("write");
        std::fs::write(&b, "other").expect("write");
        let evict: Evict = &|_, bytes| !bytes.starts_with(b"keep");
        let read = read_all(&[a.as_path(), b.as_path()], evict);
        let [(_, Ok(fa)), (_, Ok(fb))] = &read[..] else { panic!("both read: {read:?}") };
        assert!(fa.evicted && fa.text.text.is_empty() && fa.len == 5);
        assert_ne!(fa.hash, fb.hash);
        let kept = DiskFile::read(&a, KEEP_ALL).expect("read");
        assert_eq!((&*kept.text.text, kept.evicted, kept.hash), ("plain", false, fa.hash));
        let found = search_all(&[a.as_path(), b.as_path()], &Cancel::never(), |bytes| bytes == b"other");
        assert!(matches!(found[..], [Some(Ok(false)), Some(Ok(true))]), "{found:?}");
    }
}
