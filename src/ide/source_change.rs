//! Edits a feature proposes, per file, in byte offsets: what a rename or a quick fix changes.

use std::collections::BTreeMap;

use crate::base::{FileId, TextRange};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Edits per file, sorted and non-overlapping.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChange {
    pub edits: BTreeMap<FileId, Vec<TextEdit>>,
}

impl SourceChange {
    pub fn insert(&mut self, file: FileId, range: TextRange, new_text: impl Into<String>) {
        self.edits.entry(file).or_default().push(TextEdit { range, new_text: new_text.into() });
    }

    /// Sorts, drops duplicates, and fails on overlapping edits.
    pub fn normalize(mut self) -> Result<SourceChange, String> {
        for edits in self.edits.values_mut() {
            edits.sort();
            edits.dedup();
            for pair in edits.windows(2) {
                if pair[0].range.end > pair[1].range.start {
                    return Err("internal error: overlapping edits".to_string());
                }
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_sorts_drops_duplicates_and_refuses_overlaps() {
        let file = FileId(0);
        let mut change = SourceChange::default();
        change.insert(file, TextRange::new(5, 6), "b");
        change.insert(file, TextRange::new(1, 2), "a");
        change.insert(file, TextRange::new(5, 6), "b");
        let normalized = change.normalize().expect("no overlap");
        let ranges: Vec<_> = normalized.edits[&file].iter().map(|e| (e.range.start, e.new_text.as_str())).collect();
        assert_eq!(ranges, vec![(1, "a"), (5, "b")]);

        let mut overlapping = SourceChange::default();
        overlapping.insert(file, TextRange::new(1, 4), "a");
        overlapping.insert(file, TextRange::new(3, 5), "b");
        assert!(overlapping.normalize().is_err());
    }
}
