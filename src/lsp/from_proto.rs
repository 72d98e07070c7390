//! Conversions from the protocol: LSP positions (in the negotiated encoding) to byte offsets, URIs
//! to paths and files of a snapshot. With `to_proto.rs`, the only code that knows UTF-16.

use std::path::PathBuf;

use ropey::Rope;
use serde_json::Value;
use tower_lsp_server::ls_types::{InitializeParams, Position, Range, Uri};

use crate::base::{FileId, LineCol, TextRange, WideEncoding};
use crate::config::Config;
use crate::index::Index;

/// The path of a `file:` URI.
pub(crate) fn uri_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

/// The workspace folders the client opened: its folders, else the root URI, else the current folder.
pub(crate) fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params.workspace_folders.iter().flatten().filter_map(|f| uri_path(&f.uri)).collect();
    if roots.is_empty() {
        #[allow(deprecated)]
        let root = params.root_uri.as_ref().and_then(uri_path).or_else(|| std::env::current_dir().ok());
        roots.extend(root);
    }
    roots
}

/// The editor's settings: the `ipcls` section of what the client sent (or all of it), unchecked.
pub(crate) fn settings(value: Value) -> serde_json::Result<Config> {
    let section = value.get("ipcls").cloned().unwrap_or(value);
    serde_json::from_value(section)
}

/// Byte offset of an LSP position in a file of the snapshot (clamped to the text).
pub(crate) fn offset(index: &Index, file: FileId, pos: Position, enc: WideEncoding) -> u32 {
    let lines = index.line_index(file);
    lines.offset(index.text(file), LineCol { line: pos.line, col: pos.character }, enc)
}

/// The file of a URI in the snapshot, whether or not its text is there.
pub(crate) fn file(index: &Index, uri: &Uri) -> Option<FileId> {
    index.vfs.file_id(&uri_path(uri)?)
}

/// The file and byte offset of a position, in the snapshot (a file whose text it holds).
pub(crate) fn locate(index: &Index, uri: &Uri, pos: Position, enc: WideEncoding) -> Option<(FileId, u32)> {
    let file = file(index, uri).filter(|f| index.vfs.get(*f).is_some())?;
    Some((file, offset(index, file, pos, enc)))
}

/// The file of a URI and a range of it in byte offsets (an end before the start is the start).
pub(crate) fn file_range(index: &Index, uri: &Uri, range: Range, enc: WideEncoding) -> Option<(FileId, TextRange)> {
    let file = file(index, uri)?;
    let start = offset(index, file, range.start, enc);
    let end = offset(index, file, range.end, enc).max(start);
    Some((file, TextRange::new(start, end)))
}

/// Byte offset of an LSP position in an open buffer (clamped: past the end of a line is its end,
/// past the last line is the end of the text). Lines break at `\n` only, as in `LineIndex`, so
/// that positions the server sends and positions it receives agree.
pub fn rope_offset(rope: &Rope, pos: Position, enc: WideEncoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    // Characters of the line without its line break (`\n` or `\r\n`, as in `LineIndex`).
    let mut line_chars = line_slice.len_chars();
    if line_chars > 0 && line_slice.char(line_chars - 1) == '\n' {
        line_chars -= 1;
        if line_chars > 0 && line_slice.char(line_chars - 1) == '\r' {
            line_chars -= 1;
        }
    }
    let col = pos.character as usize;
    let char_in_line = match enc {
        WideEncoding::Utf8 => {
            let line_bytes = line_slice.slice(..line_chars).len_bytes();
            line_slice.byte_to_char(col.min(line_bytes))
        }
        WideEncoding::Utf16 => {
            let line_cu = line_slice.slice(..line_chars).len_utf16_cu();
            let ch = line_slice.utf16_cu_to_char(col.min(line_cu));
            // Inside a surrogate pair: the character's start.
            ch.min(line_chars)
        }
        WideEncoding::Utf32 => col.min(line_chars),
    };
    rope.char_to_byte(line_start_char + char_in_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_offsets_on_multibyte_lines() {
        let text = "é – 😀 'dialog:openFile'\r\nx";
        let rope = Rope::from_str(text);
        let quote = text.find('\'').unwrap();
        assert_eq!(rope_offset(&rope, Position::new(0, 7), WideEncoding::Utf16), quote);
        assert_eq!(rope_offset(&rope, Position::new(0, 12), WideEncoding::Utf8), quote);
        assert_eq!(rope_offset(&rope, Position::new(0, 6), WideEncoding::Utf32), quote);
        // Past the end of the line: its end, before `\r\n`.
        assert_eq!(rope_offset(&rope, Position::new(0, 999), WideEncoding::Utf16), text.find('\r').unwrap());
        assert_eq!(rope_offset(&rope, Position::new(9, 0), WideEncoding::Utf16), text.len());
        // Inside the surrogate pair of 😀: the emoji's start.
        assert_eq!(rope_offset(&rope, Position::new(0, 5), WideEncoding::Utf16), text.find('😀').unwrap());
    }

    /// U+2028, a lone `\r` and a form feed are not line breaks: the buffer and `LineIndex` agree
    /// on line numbers (found by `tests/it/differential.rs`).
    #[test]
    fn only_newline_breaks_lines() {
        let text = "a\u{2028}b\rc\u{c}d\r\r\ne";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(rope_offset(&rope, Position::new(0, 4), WideEncoding::Utf32), text.find('c').unwrap());
        assert_eq!(rope_offset(&rope, Position::new(0, 99), WideEncoding::Utf16), text.rfind('\r').unwrap());
        assert_eq!(rope_offset(&rope, Position::new(1, 0), WideEncoding::Utf16), text.find('e').unwrap());
    }
}
