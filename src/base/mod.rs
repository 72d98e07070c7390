//! Basic vocabulary shared by every layer: text ranges in UTF-8 bytes, line indexes, the virtual file
//! system, cancellation of stale work.

pub mod cancel;
pub mod line_index;
pub mod typo;
pub mod vfs;
pub mod walk;

pub use cancel::{Cancel, Cancelled, Generation};
pub use line_index::{LineCol, LineIndex, WideEncoding};
pub use vfs::{FileId, Vfs};

/// Where the text changed, in bytes: `start..old_end` of the old text became `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditSpan {
    pub start: u32,
    pub old_end: u32,
    pub new_end: u32,
}

impl EditSpan {
    /// The span covering this one and then `next` (in the coordinates of the text after this one).
    pub fn then(self, next: EditSpan) -> EditSpan {
        let start = self.start.min(next.start);
        // Where this span's end is after `next`: moved when `next` lies wholly before it.
        let new_end = if self.new_end >= next.old_end {
            (self.new_end as i64 + next.new_end as i64 - next.old_end as i64) as u32
        } else {
            next.new_end
        }
        .max(next.new_end);
        // An end of `next` beyond this span maps back to the old text by this span's shift.
        let old_end = if next.old_end > self.new_end {
            self.old_end.max((next.old_end as i64 - (self.new_end as i64 - self.old_end as i64)) as u32)
        } else {
            self.old_end
        };
        EditSpan { start, old_end, new_end }
    }

    pub fn delta(self) -> i64 {
        self.new_end as i64 - self.old_end as i64
    }

    /// The span that turned `old` into `new`: their common prefix and suffix left out (`None` when
    /// they are equal). When the change is ambiguous (`aa` → `aaa`) it is placed last.
    pub fn between(old: &str, new: &str) -> Option<EditSpan> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        if a == b {
            return None;
        }
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        Some(EditSpan { start: prefix as u32, old_end: (a.len() - suffix) as u32, new_end: (b.len() - suffix) as u32 })
    }

    /// Where an offset of the old text is in the new one: `None` strictly inside the replaced part.
    pub fn map_offset(self, offset: u32) -> Option<u32> {
        if offset <= self.start {
            Some(offset)
        } else if offset >= self.old_end {
            Some((offset as i64 + self.delta()) as u32)
        } else {
            None
        }
    }

    /// Where a range of the old text is in the new one (a range around the replaced part grows or
    /// shrinks with it): `None` when an end lies strictly inside the replaced part.
    pub fn map_range(self, range: TextRange) -> Option<TextRange> {
        Some(TextRange { start: self.map_offset(range.start)?, end: self.map_offset(range.end)? })
    }
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
