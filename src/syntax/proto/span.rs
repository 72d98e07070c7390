//! Byte ranges for `.proto` text: protox's line/column spans, error spans and string literals.
//!
//! protox's `SourceCodeInfo` spans are 0-based lines (split on `\n` only) and 0-based columns
//! counted in UTF-8 bytes from the line start, so a column is an offset into the line's bytes.

use std::collections::HashMap;

use prost_reflect::prost_types::{source_code_info::Location, FileDescriptorProto};

use crate::base::TextRange;

/// Offsets of line starts in one file's text, to turn protox line/column spans into byte ranges.
pub(super) struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    pub(super) fn new(text: &'a str) -> LineStarts<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts { text, starts }
    }

    /// The byte offset of a 0-based line and byte column, clamped to the line and the text.
    pub(super) fn offset(&self, line: i32, column: i32) -> Option<usize> {
        let line = usize::try_from(line).ok()?;
        let column = usize::try_from(column).ok()?;
        let start = *self.starts.get(line)?;
        let line_end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        Some(floor_char_boundary(self.text, start.saturating_add(column).min(line_end)))
    }

    /// Converts a `SourceCodeInfo` span (`[line, col, end_col]` or `[line, col, end_line, end_col]`).
    pub(super) fn span(&self, span: &[i32]) -> Option<TextRange> {
        let (start, end) = match *span {
            [line, col, end_col] => (self.offset(line, col)?, self.offset(line, end_col)?),
            [line, col, end_line, end_col] => (self.offset(line, col)?, self.offset(end_line, end_col)?),
            _ => return None,
        };
        Some(self.range(start, end))
    }

    /// A byte range clamped to the text and to character boundaries, never inverted.
    pub(super) fn range(&self, start: usize, end: usize) -> TextRange {
        let start = floor_char_boundary(self.text, start);
        let end = floor_char_boundary(self.text, end).max(start);
        TextRange::new(to_u32(start), to_u32(end))
    }

    /// The range of the identifier-like token starting at `offset` (at least one character).
    pub(super) fn token_at(&self, offset: usize) -> TextRange {
        let start = floor_char_boundary(self.text, offset);
        let rest = &self.text[start..];
        let word = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len());
        let len = if word > 0 { word } else { rest.chars().next().map_or(0, char::len_utf8) };
        self.range(start, start + len)
    }

    pub(super) fn text(&self) -> &'a str {
        self.text
    }
}

pub(super) fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The `SourceCodeInfo` locations of one descriptor, by descriptor path.
pub(super) struct Locations<'p> {
    by_path: HashMap<&'p [i32], &'p Location>,
}

impl<'p> Locations<'p> {
    pub(super) fn new(proto: &'p FileDescriptorProto) -> Locations<'p> {
        let mut by_path = HashMap::new();
        for location in proto.source_code_info.iter().flat_map(|info| &info.location) {
            by_path.entry(location.path.as_slice()).or_insert(location);
        }
        Locations { by_path }
    }

    /// The byte range of a descriptor path, if protox recorded one.
    pub(super) fn range(&self, lines: &LineStarts, path: &[i32]) -> Option<TextRange> {
        lines.span(&self.by_path.get(path)?.span)
    }

    /// The comments attached to a descriptor path: the leading comment, then the trailing one,
    /// each line trimmed (protox has already removed `//`, `/*`, `*/` and leading `*`).
    pub(super) fn comments(&self, path: &[i32]) -> String {
        let Some(location) = self.by_path.get(path) else {
            return String::new();
        };
        let parts: Vec<String> = [&location.leading_comments, &location.trailing_comments]
            .into_iter()
            .flatten()
            .map(|comment| clean_comment(comment))
            .filter(|comment| !comment.is_empty())
            .collect();
        parts.join("\n")
    }
}

fn clean_comment(comment: &str) -> String {
    let lines: Vec<&str> = comment.lines().map(str::trim).collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

/// The range of the string literal (quotes included; adjacent literals `"a" "b"` form one range)
/// that is the value of the option statement in `statement`, e.g. `option (x) = "a";`.
pub(super) fn option_value_literal(lines: &LineStarts, statement: TextRange) -> Option<TextRange> {
    let start = statement.start as usize;
    let end = (statement.end as usize).min(lines.text().len());
    let text = lines.text().get(start..end)?;
    let bytes = text.as_bytes();
    // The option name may itself contain no quotes, so the first `=` outside parentheses ends it.
    let mut depth = 0i32;
    let mut i = 0;
    let eq = loop {
        match bytes.get(i)? {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'=' if depth <= 0 => break i,
            _ => {}
        }
        i += 1;
    };
    let mut i = skip_space(bytes, eq + 1);
    let literal_start = i;
    let mut literal_end = None;
    while let Some(&quote) = bytes.get(i) {
        if quote != b'"' && quote != b'\'' {
            break;
        }
        i += 1;
        loop {
            match bytes.get(i)? {
                b'\\' => i += 2,
                &c if c == quote => {
                    i += 1;
                    break;
                }
                b'\n' => return None,
                _ => i += 1,
            }
        }
        literal_end = Some(i);
        i = skip_space(bytes, i);
    }
    let literal_end = literal_end?;
    Some(lines.range(start + literal_start, start + literal_end))
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The offset of the first bracket (`{`, `[`, `(` or `<`) nested deeper than `limit`, skipping
/// comments and string literals. protox bounds the nesting of messages, but option values in
/// text format (`option (x) = { a { b { ... } } }`) are parsed recursively when the option is
/// interpreted, so deep brackets could overflow the stack.
pub(super) fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'{' | b'[' | b'(' | b'<' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b'}' | b']' | b')' | b'>' => depth = depth.saturating_sub(1),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += memchr_or_end(bytes, i, b'\n');
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'"' | b'\'' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'\n' => break,
                        _ if c == byte => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The distance from `start` to the next `byte`, or to the end of `bytes`.
fn memchr_or_end(bytes: &[u8], start: usize, byte: u8) -> usize {
    bytes[start..].iter().position(|&b| b == byte).unwrap_or(bytes.len() - start)
}
