//! `stale-bindings` (warning): generated bindings (`[generate] out`) that differ from what the
//! contract gives: on each stale file's first line, or on the contract when a file is missing.

use crate::base::TextRange;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::Index;

pub(super) fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    let Some(rewrites) = crate::ide::generated::stale(index) else { return };
    for r in rewrites {
        let (file, range, message) = match r.file {
            Some(file) => {
                let text = index.text(file);
                let end = text.find('\n').unwrap_or(text.len()) as u32;
                (
                    file,
                    TextRange::new(0, end),
                    format!(
                        "{} is stale: the contract has changed since it was generated; run `ipcls generate`",
                        r.path
                    ),
                )
            }
            None => {
                let Some((file, range)) = index
                    .contract
                    .services
                    .first()
                    .and_then(|s| Some((index.file_for_rel(&s.file)?, s.name_range)))
                    .or_else(|| {
                        let f = index.contract.files.first()?;
                        Some((index.file_for_rel(&f.path)?, TextRange::default()))
                    })
                else {
                    continue;
                };
                (file, range, format!("{} is missing: run `ipcls generate` to write the bindings", r.path))
            }
        };
        out.push(Diagnostic::at(file, range, Code::StaleBindings, Severity::Warning, message));
    }
}
