//! How a text changed: the replaced span of bytes, and where the old offsets went.

use super::TextRange;

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
        let prefix = common_prefix(a, b);
        let room = a.len().min(b.len()) - prefix;
        let suffix = common_suffix(&a[a.len() - room..], &b[b.len() - room..]);
        Some(EditSpan { start: prefix as u32, old_end: (a.len() - suffix) as u32, new_end: (b.len() - suffix) as u32 })
    }

    /// Where an offset of the old text is in the new one: `None` strictly inside the replaced part.
    /// The offset where text was inserted stays before the insertion.
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

/// Compared a block at a time (a keystroke compares two copies of a whole file).
const BLOCK: usize = 64;

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i].iter().rev().zip(b[..n - i].iter().rev()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The span between two texts, computed byte by byte.
    fn naive(old: &str, new: &str) -> Option<EditSpan> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        if a == b {
            return None;
        }
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        Some(EditSpan { start: prefix as u32, old_end: (a.len() - suffix) as u32, new_end: (b.len() - suffix) as u32 })
    }

    #[test]
    fn span_between_two_texts() {
        assert_eq!(EditSpan::between("abc", "abc"), None);
        assert_eq!(EditSpan::between("aa", "aaa"), Some(EditSpan { start: 2, old_end: 2, new_end: 3 }));
        let mut rng = crate::base::rng::Lcg::new(7);
        let mut below = |n: usize| rng.below(n);
        for _ in 0..2000 {
            let len = below(300);
            let old: String = (0..len).map(|_| (b'a' + below(3) as u8) as char).collect();
            let at = below(len + 1);
            let end = (at + below(5)).min(len);
            let insert: String = (0..below(4)).map(|_| (b'a' + below(3) as u8) as char).collect();
            let new = format!("{}{}{}", &old[..at], insert, &old[end..]);
            let span = EditSpan::between(&old, &new);
            assert_eq!(span, naive(&old, &new), "{old:?} -> {new:?}");
            if let Some(s) = span {
                // Characters outside the span are found where their offsets map.
                for (i, _) in old
                    .char_indices()
                    .filter(|&(i, _)| (i as u32) < s.start || (i as u32 >= s.old_end && i as u32 > s.start))
                {
                    let j = s.map_offset(i as u32).expect("outside the span") as usize;
                    assert_eq!(old[i..].chars().next(), new[j..].chars().next());
                }
            }
        }
    }
}
