//! The TypeScript extractor on arbitrary bytes (decoded lossily, as the VFS does), with every
//! grammar: it never panics, and every range it reports lies inside the text on character
//! boundaries.

#![no_main]

use ipcls::base::TextRange;
use ipcls::syntax::ts::{self, Dialect};
use libfuzzer_sys::fuzz_target;

fn check(text: &str, range: TextRange, what: &str) {
    let (start, end) = (range.start as usize, range.end as usize);
    assert!(start <= end && end <= text.len(), "{what} {range:?} outside a text of {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{what} {range:?} splits a character");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for dialect in [Dialect::TypeScript, Dialect::Tsx, Dialect::ScriptBlocks] {
        let summary = ts::extract(&text, dialect);
        for site in &summary.sites {
            check(&text, site.range, "site");
            check(&text, site.callee_range, "callee");
        }
        for range in &summary.syntax_errors {
            check(&text, *range, "syntax error");
        }
    }
});
