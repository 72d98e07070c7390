//! Position conversions on arbitrary text: `LineIndex` round-trips every character boundary in
//! UTF-8, UTF-16 and UTF-32, clamps any position onto a character boundary, and agrees with the
//! conversion the server uses on its ropey buffers.

#![no_main]

use ipcls::base::{LineCol, LineIndex, WideEncoding};
use ipcls::lsp::from_proto::rope_offset;
use libfuzzer_sys::fuzz_target;
use ropey::Rope;
use tower_lsp_server::ls_types::Position;

fuzz_target!(|input: (String, Vec<(u32, u32)>)| {
    let (text, probes) = input;
    let index = LineIndex::new(&text);
    let rope = Rope::from_str(&text);
    for enc in [WideEncoding::Utf8, WideEncoding::Utf16, WideEncoding::Utf32] {
        for (offset, c) in text.char_indices() {
            let pos = index.to_wide(&text, offset as u32, enc);
            let back = index.offset(&text, pos, enc) as usize;
            let in_crlf =
                (c == '\r' && text[offset..].starts_with("\r\n")) || (c == '\n' && text[..offset].ends_with('\r'));
            if !in_crlf {
                assert_eq!(back, offset, "{enc:?} {pos:?}");
                assert_eq!(rope_offset(&rope, Position::new(pos.line, pos.col), enc), offset, "{enc:?} {pos:?}");
            }
        }
        for &(line, col) in probes.iter().take(64) {
            let offset = index.offset(&text, LineCol { line, col }, enc) as usize;
            assert!(offset <= text.len() && text.is_char_boundary(offset), "{enc:?} {line}:{col} -> {offset}");
            assert_eq!(rope_offset(&rope, Position::new(line, col), enc), offset, "{enc:?} {line}:{col}");
            let _ = index.to_wide(&text, col, enc);
            let _ = index.line_col(col);
        }
    }
});
