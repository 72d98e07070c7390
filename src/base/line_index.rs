//! Conversions between byte offsets and line/column positions in UTF-8, UTF-16 or UTF-32 units.
//!
//! This is the one place that knows about position encodings; everything else speaks byte offsets.

/// A zero-based line and a zero-based column counted in the units of some encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The unit in which columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WideEncoding {
    Utf8,
    Utf16,
    Utf32,
}

/// Line starts of one text, for offset ⇄ line/column conversions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset at which each line starts; the first is always 0.
    line_starts: Vec<u32>,
    /// Lines that hold non-ASCII characters (so UTF-16/32 columns differ from bytes).
    non_ascii_lines: Vec<bool>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut non_ascii_lines = vec![false];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
                non_ascii_lines.push(false);
            } else if b >= 0x80 {
                if let Some(last) = non_ascii_lines.last_mut() {
                    *last = true;
                }
            }
        }
        LineIndex { line_starts, non_ascii_lines, len: text.len() as u32 }
    }

    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Byte offset of the start of `line`, if the line exists.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line as usize).copied()
    }

    /// Line and UTF-8 column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        LineCol { line: line as u32, col: offset - self.line_starts[line] }
    }

    /// Line and column of `offset` in `encoding` units; `text` must be the text this index was built from.
    /// An offset inside a character is moved back to the character's start.
    pub fn to_wide(&self, text: &str, offset: u32, encoding: WideEncoding) -> LineCol {
        let pos = self.line_col(offset);
        if encoding == WideEncoding::Utf8 || !self.non_ascii_lines[pos.line as usize] {
            return pos;
        }
        let start = self.line_starts[pos.line as usize] as usize;
        let mut end = start + pos.col as usize;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text.get(start..end).map_or(0, |s| wide_len(s, encoding));
        LineCol { line: pos.line, col }
    }

    /// Byte offset of a line/column in `encoding` units. Positions past the end of a line are
    /// clamped to the line's end (before its line break) and lines past the end to the end of the
    /// text, as the LSP asks; a column inside a character lands on the character's start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: WideEncoding) -> u32 {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return self.len;
        };
        let line_end = self.line_end_excluding_break(text, pos.line);
        let line = text.get(start as usize..line_end as usize).unwrap_or("");
        if encoding == WideEncoding::Utf8 {
            let mut col = (pos.col).min(line.len() as u32) as usize;
            while col > 0 && !line.is_char_boundary(col) {
                col -= 1;
            }
            return start + col as u32;
        }
        let mut units = 0u32;
        for (i, ch) in line.char_indices() {
            let w = match encoding {
                WideEncoding::Utf16 => ch.len_utf16() as u32,
                _ => 1,
            };
            if units + w > pos.col {
                return start + i as u32;
            }
            units += w;
        }
        line_end
    }

    /// Byte offset of the end of `line`, before `\n` or `\r\n`.
    fn line_end_excluding_break(&self, text: &str, line: u32) -> u32 {
        let end = match self.line_starts.get(line as usize + 1) {
            Some(&next) => next - 1,
            None => self.len,
        };
        let bytes = text.as_bytes();
        let start = self.line_starts[line as usize];
        let mut end = end;
        if end > start && bytes.get(end as usize - 1) == Some(&b'\r') && (end as usize) < bytes.len() {
            end -= 1;
        }
        end
    }
}

/// Length of `s` in units of `encoding`.
pub fn wide_len(s: &str, encoding: WideEncoding) -> u32 {
    match encoding {
        WideEncoding::Utf8 => s.len() as u32,
        WideEncoding::Utf16 => s.chars().map(|c| c.len_utf16() as u32).sum(),
        WideEncoding::Utf32 => s.chars().count() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ab\né – 😀 'dialog:openFile'\r\nlast";

    #[test]
    fn columns_in_every_encoding() {
        let index = LineIndex::new(TEXT);
        let quote = TEXT.find('\'').unwrap() as u32;
        assert_eq!(index.to_wide(TEXT, quote, WideEncoding::Utf8), LineCol { line: 1, col: 12 });
        assert_eq!(index.to_wide(TEXT, quote, WideEncoding::Utf16), LineCol { line: 1, col: 7 });
        assert_eq!(index.to_wide(TEXT, quote, WideEncoding::Utf32), LineCol { line: 1, col: 6 });
        for enc in [WideEncoding::Utf8, WideEncoding::Utf16, WideEncoding::Utf32] {
            let pos = index.to_wide(TEXT, quote, enc);
            assert_eq!(index.offset(TEXT, pos, enc), quote, "{enc:?}");
        }
    }

    #[test]
    fn round_trips_every_char_boundary() {
        let index = LineIndex::new(TEXT);
        for (offset, _) in TEXT.char_indices() {
            for enc in [WideEncoding::Utf8, WideEncoding::Utf16, WideEncoding::Utf32] {
                let pos = index.to_wide(TEXT, offset as u32, enc);
                let back = index.offset(TEXT, pos, enc);
                // Inside a `\r\n` line break is not addressable as a column: it clamps to the line end.
                let bytes = TEXT.as_bytes();
                if bytes[offset] != b'\r' && !(bytes[offset] == b'\n' && bytes[offset - 1] == b'\r') {
                    assert_eq!(back, offset as u32, "{enc:?} at {offset}");
                }
            }
        }
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let index = LineIndex::new(TEXT);
        let line1_end = TEXT.find('\r').unwrap() as u32;
        assert_eq!(index.offset(TEXT, LineCol { line: 1, col: 999 }, WideEncoding::Utf16), line1_end);
        assert_eq!(index.offset(TEXT, LineCol { line: 99, col: 0 }, WideEncoding::Utf16), TEXT.len() as u32);
        // Inside the surrogate pair of 😀: lands on the emoji's start.
        let emoji = TEXT.find('😀').unwrap() as u32;
        assert_eq!(index.offset(TEXT, LineCol { line: 1, col: 5 }, WideEncoding::Utf16), emoji);
        assert_eq!(index.line_col(10_000), index.line_col(TEXT.len() as u32));
    }
}
