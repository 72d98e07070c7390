//! Basic vocabulary shared by every layer: text ranges in UTF-8 bytes, text edits, line indexes, the
//! virtual file system with every read of the disk, the walk of a folder, a parallel map,
//! cancellation of stale work. It knows nothing of IPC, TypeScript or the configuration: what a walk
//! keeps and which texts a read drops are the caller's to say.

pub mod cancel;
pub mod edit;
pub mod line_index;
pub mod par;
pub mod rng;
pub mod typo;
pub mod vfs;
pub mod walk;

pub use cancel::{Cancel, Cancellable, Cancelled, Generation};
pub use edit::EditSpan;
pub use line_index::{LineCol, LineIndex, WideEncoding};
pub use vfs::{FileId, Vfs};

/// The plural ending of a count in a message: `""` for one, `"s"` for any other number.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A range of one file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileRange {
    pub file: FileId,
    pub range: TextRange,
}

/// A half-open range of UTF-8 byte offsets into one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: u32, end: u32) -> TextRange {
        debug_assert!(start <= end);
        TextRange { start, end }
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` lies inside the range or touches its end (a cursor right after a token).
    pub fn contains_inclusive(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn shifted(self, by: u32) -> TextRange {
        TextRange::new(self.start + by, self.end + by)
    }
}
