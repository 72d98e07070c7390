//! Conversions between LSP positions and byte offsets, in the negotiated encoding. The only place
//! in the server that knows about UTF-16.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range, Uri};

use crate::base::{FileId, LineCol, TextRange, WideEncoding};
use crate::index::Index;

pub fn encoding_kind(enc: WideEncoding) -> PositionEncodingKind {
    match enc {
        WideEncoding::Utf8 => PositionEncodingKind::UTF8,
        WideEncoding::Utf16 => PositionEncodingKind::UTF16,
        WideEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// UTF-8 when the client offers it, else UTF-16 (the LSP default).
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> WideEncoding {
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => WideEncoding::Utf8,
        _ => WideEncoding::Utf16,
    }
}

/// Byte offset of an LSP position in a file of the snapshot (clamped to the text).
pub fn offset(index: &Index, file: FileId, pos: Position, enc: WideEncoding) -> u32 {
    let lines = index.line_index(file);
    lines.offset(index.text(file), LineCol { line: pos.line, col: pos.character }, enc)
}

pub fn position(index: &Index, file: FileId, offset: u32, enc: WideEncoding) -> Position {
    let lines = index.line_index(file);
    let lc = lines.to_wide(index.text(file), offset, enc);
    Position { line: lc.line, character: lc.col }
}

pub fn range(index: &Index, file: FileId, range: TextRange, enc: WideEncoding) -> Range {
    Range { start: position(index, file, range.start, enc), end: position(index, file, range.end, enc) }
}

pub fn uri(index: &Index, file: FileId) -> Option<Uri> {
    Uri::from_file_path(index.vfs.path(file))
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
    /// on line numbers (found by `tests/differential.rs`).
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
