//! Differential property tests: after any sequence of incremental edits, the server's state
//! (buffers, syntax trees, per-file summaries, the cross-file index and its diagnostics) equals the
//! state built from scratch on the final texts; and position conversions round-trip in UTF-8,
//! UTF-16 and UTF-32.
//!
//! The edits go through `lsp::state::State::change`, the code `didChange` runs. Positions are
//! resolved by a small independent model ([`model_offset`]) with the rules of the LSP: columns
//! past a line's end clamp to the end (before `\r\n`), lines past the end clamp to the end of the
//! text, and a column inside a character lands on its start.

use crate::support;

use std::path::{Path, PathBuf};

use ipcls::base::{LineCol, LineIndex, WideEncoding};
use ipcls::index::Workspace;
use ipcls::lsp::state::State;
use ipcls::syntax::ts::{self, Dialect};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

const ENCODINGS: [WideEncoding; 3] = [WideEncoding::Utf8, WideEncoding::Utf16, WideEncoding::Utf32];

/// Characters that make positions interesting: multi-byte, astral (a surrogate pair in UTF-16),
/// line breaks in every form, and the punctuation of channel names.
const CHARS: &[char] = &[
    'a', 'z', ' ', '\n', '\r', '\t', '\'', '"', '`', '(', ')', '{', '}', ':', '.', ';', 'é', '–', '😀', '𝕏',
    '\u{2028}', '\u{85}', '\u{c}',
];

/// Fragments of code that change what the index sees.
const SNIPPETS: &[&str] = &[
    "",
    "\r\n",
    "ipcRenderer.invoke('notes:get', 1);\n",
    "ipcMain.handle('notes:néw', () => 1);\n",
    "ipcMain.handle('notes:list', h);\r\n",
    "window.notes.get('😀')",
    "'notes:get'",
    "`notes:${x}`",
    "import { ipcMain } from 'electron';\n",
    "service Notes { rpc Get(A) returns (A); }\n",
    "message A { string é = 1; }\n",
    "/*",
    "*/",
    "{",
    "}",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(SNIPPETS).prop_map(str::to_string),
        prop::collection::vec(prop::sample::select(CHARS), 0..8).prop_map(String::from_iter),
    ]
}

#[derive(Clone, Debug)]
enum Change {
    /// A ranged edit; lines and columns may lie past the end.
    Range { start: (u32, u32), end: (u32, u32), text: String },
    /// The whole document replaced (no range).
    Full(String),
    /// A ranged edit that spans the whole document.
    Whole(String),
}

fn change() -> impl Strategy<Value = Change> {
    let pos = || (0u32..40, prop_oneof![0u32..12, 0u32..90, Just(u32::MAX / 2)]);
    prop_oneof![
        20 => (pos(), 0u32..3, 0u32..60, fragment()).prop_map(|(start, lines, col, text)| {
            let end = (start.0 + lines, if lines == 0 { start.1 + col % 8 } else { col });
            Change::Range { start, end, text }
        }),
        1 => fragment().prop_map(Change::Full),
        1 => fragment().prop_map(Change::Whole),
    ]
}

/// One `didChange`: the document it is for and its content changes, applied in order.
fn batch() -> impl Strategy<Value = (usize, Vec<Change>)> {
    (0usize..OPEN.len(), prop::collection::vec(change(), 1..4))
}

/// The documents opened in the `demo` fixture: both sides of a channel, and the contract.
const OPEN: [&str; 3] = ["src/renderer/app.ts", "src/main/ipc.ts", "proto/notes.proto"];

/// The byte offset of a position under the LSP's rules, computed without `LineIndex` or ropey.
fn model_offset(text: &str, line: u32, col: u32, enc: WideEncoding) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if end < text.len() && end > start && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        let w = match enc {
            WideEncoding::Utf8 => c.len_utf8(),
            WideEncoding::Utf16 => c.len_utf16(),
            WideEncoding::Utf32 => 1,
        };
        if units + w > col as usize {
            return start + i;
        }
        units += w;
    }
    end
}

/// The model's result of one change.
fn apply_model(text: &mut String, change: &Change, enc: WideEncoding) {
    match change {
        Change::Full(new) | Change::Whole(new) => *text = new.clone(),
        Change::Range { start, end, text: new } => {
            let s = model_offset(text, start.0, start.1, enc);
            let e = model_offset(text, end.0, end.1, enc).max(s);
            text.replace_range(s..e, new);
        }
    }
}

fn lsp_change(change: &Change) -> TextDocumentContentChangeEvent {
    let (range, text) = match change {
        Change::Full(t) => (None, t),
        Change::Whole(t) => (Some(Range::new(Position::new(0, 0), Position::new(u32::MAX, 0))), t),
        Change::Range { start, end, text } => {
            (Some(Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1))), text)
        }
    };
    TextDocumentContentChangeEvent { range, range_length: None, text: text.clone() }
}

fn uri(path: &Path) -> Uri {
    Uri::from_file_path(path).expect("file URI")
}

/// What a workspace looks like from the outside: the channel catalogue and every diagnostic, with
/// paths relative to the root (file ids differ between two workspaces).
fn observable(index: &ipcls::index::Index) -> (serde_json::Value, Vec<String>) {
    let catalogue = serde_json::to_value(ipcls::ide::catalogue::catalogue(index)).expect("JSON");
    let mut diagnostics: Vec<String> = ipcls::ide::diagnostics(index, &ipcls::base::Cancel::never())
        .expect("never cancelled")
        .iter()
        .map(|d| {
            let related: Vec<String> =
                d.related.iter().map(|r| format!("{}@{:?} {}", index.rel_path(r.file), r.range, r.message)).collect();
            format!(
                "{} {:?} {} {:?} {:?} {} {:?}",
                index.rel_path(d.file),
                d.range,
                d.code.as_str(),
                d.severity,
                d.channel,
                d.message,
                related
            )
        })
        .collect();
    diagnostics.sort();
    (catalogue, diagnostics)
}

fn check_session(root: &Path, enc: WideEncoding, batches: &[(usize, Vec<Change>)]) -> Result<(), TestCaseError> {
    let paths: Vec<PathBuf> = OPEN.iter().map(|rel| root.join(rel)).collect();
    let mut state = State::new(&[root.to_path_buf()]);
    state.encoding = enc;
    state.load();
    let mut model: Vec<String> = Vec::new();
    let mut versions = vec![1; OPEN.len()];
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("read fixture");
        state.open(&uri(path), text.clone(), 1);
        model.push(text);
    }
    for (doc, changes) in batches {
        versions[*doc] += 1;
        let events: Vec<_> = changes.iter().map(lsp_change).collect();
        state.change(&uri(&paths[*doc]), versions[*doc], &events).map_err(TestCaseError::fail)?;
        for c in changes {
            apply_model(&mut model[*doc], c, enc);
        }
        // The buffer follows every change.
        let (text, _) = state.debug_document(&paths[*doc]).expect("open document");
        prop_assert_eq!(&text, &model[*doc], "buffer after {:?}", changes);
    }
    // Summaries (maybe updated from one statement parsed alone) equal those extracted from
    // scratch before the files are parsed whole again (`settle`, which must then change nothing),
    // and the trees after.
    for (path, text) in paths.iter().zip(&model) {
        let Some(dialect) = path.to_str().and_then(Dialect::from_path) else { continue };
        let ws = &mut state.folders[0].workspace;
        let id = ws.vfs().file_id(path).expect("indexed");
        let summary = ws.summary(id).expect("summary");
        prop_assert!(*summary == ts::extract(text, dialect), "summary of {} before settling", path.display());
    }
    prop_assert!(!state.settle(), "settling found statements that differ from those parsed alone");
    for (path, text) in paths.iter().zip(&model) {
        let Some(dialect) = path.to_str().and_then(Dialect::from_path) else { continue };
        let (_, tree) = state.debug_document(path).expect("open document");
        let fresh = ts::parse(text, dialect).map(|t| t.root_node().to_sexp());
        prop_assert_eq!(tree, fresh, "tree of {}", path.display());
        let ws = &mut state.folders[0].workspace;
        let id = ws.vfs().file_id(path).expect("indexed");
        let summary = ws.summary(id).expect("summary");
        prop_assert!(*summary == ts::extract(text, dialect), "summary of {}", path.display());
    }
    // The cross-file index and the diagnostics equal those of a workspace loaded from scratch
    // with the same buffers.
    let incremental = state.snapshot(None, &ipcls::base::Cancel::never()).expect("never cancelled");
    let mut scratch = Workspace::load(root);
    for (path, text) in paths.iter().zip(&model) {
        let file_text = ipcls::base::vfs::FileText { text: text.as_str().into(), lossy: false, version: Some(1) };
        scratch.set_file(path, file_text);
    }
    let scratch = scratch.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
    prop_assert_eq!(observable(&incremental), observable(&scratch));
    Ok(())
}

proptest! {
    // The failures found so far are re-run first from `differential.proptest-regressions` beside
    // this file, where proptest also appends new ones.
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_state_equals_state_from_scratch(
        enc in prop::sample::select(&ENCODINGS[..]),
        batches in prop::collection::vec(batch(), 1..24),
    ) {
        let dir = support::copy_fixture("demo");
        check_session(dir.path(), enc, &batches)?;
    }

    #[test]
    fn positions_round_trip_in_every_encoding(
        text in prop::collection::vec(prop::sample::select(CHARS), 0..64).prop_map(String::from_iter),
        probes in prop::collection::vec((0u32..12, 0u32..80), 1..16),
    ) {
        let index = LineIndex::new(&text);
        for enc in ENCODINGS {
            // Every character boundary survives offset → position → offset, except the inside of a
            // `\r\n` (not addressable as a column: it is the end of its line).
            for (offset, c) in text.char_indices() {
                let pos = index.to_wide(&text, offset as u32, enc);
                let back = index.offset(&text, pos, enc) as usize;
                let in_crlf = (c == '\r' && text[offset..].starts_with("\r\n"))
                    || (c == '\n' && text[..offset].ends_with('\r'));
                if !in_crlf {
                    prop_assert_eq!(back, offset, "{:?} {:?}", enc, pos);
                }
            }
            // Any position, in range or not, lands where the LSP's rules say, on a boundary.
            for &(line, col) in &probes {
                let offset = index.offset(&text, LineCol { line, col }, enc) as usize;
                prop_assert_eq!(offset, model_offset(&text, line, col, enc), "{:?} {}:{}", enc, line, col);
                prop_assert!(text.is_char_boundary(offset));
                // And the position of that offset is never after the one asked for.
                let pos = index.to_wide(&text, offset as u32, enc);
                prop_assert!(pos.line < line || (pos.line == line && pos.col <= col) || line >= index.line_count());
            }
        }
    }
}

fn range(start: (u32, u32), end: (u32, u32), text: &str) -> Change {
    Change::Range { start, end, text: text.to_string() }
}

/// Found by this file: ropey broke lines at U+2028 while `LineIndex` (and every client) does not,
/// so the second edit landed on the wrong line and the buffer no longer matched the editor's.
#[test]
fn a_line_separator_does_not_break_lines_in_the_buffer() {
    let dir = support::copy_fixture("demo");
    let batches = vec![(2, vec![range((0, 0), (0, 0), "\u{2028}"), range((0, 2), (0, 4), "")])];
    for enc in ENCODINGS {
        check_session(dir.path(), enc, &batches).expect("same state");
    }
}

/// Found by this file: after an edit that unbalances braces, tree-sitter's incremental error
/// recovery ended differently from a fresh parse, and so did the file's summary.
#[test]
fn incremental_reparse_of_broken_code_equals_a_fresh_parse() {
    let dir = support::copy_fixture("demo");
    let batches = vec![
        (0, vec![range((0, 0), (2, 0), "\r\n")]),
        (0, vec![range((16, 3), (17, 1), "")]),
        (0, vec![range((25, 0), (25, 0), "")]),
        (0, vec![range((18, 41), (18, 41), "{")]),
    ];
    check_session(dir.path(), WideEncoding::Utf16, &batches).expect("same state");
}
