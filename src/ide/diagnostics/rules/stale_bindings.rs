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

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;
    use crate::test_fixture::Fixture;

    const CONTRACT: &str = r#"
//- /ipcls.toml
[generate]
out = "src/ipc/generated"
//- /proto/app.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service Settings {
  rpc Load(google.protobuf.Empty) returns (Prefs);
//    ^^^^ warning: unimplemented-rpc rpc Settings.Load ('settings:load') is not implemented: main has no handler for it
}
message Prefs { string theme = 1; }
"#;

    /// Missing files are reported on the contract's first service, a stale one on its first line.
    #[test]
    fn missing_and_stale_generated_files() {
        let fixture = CONTRACT.replace(
            "service Settings {\n",
            "service Settings {
//      ^^^^^^^^ warning: stale-bindings src/ipc/generated/main.ts is missing: run `ipcls generate` to write the bindings
//      ^^^^^^^^ warning: stale-bindings src/ipc/generated/preload.ts is missing: run `ipcls generate` to write the bindings
//      ^^^^^^^^ warning: stale-bindings src/ipc/generated/renderer.ts is missing: run `ipcls generate` to write the bindings
",
        );
        check_diagnostics(&format!(
            r#"{fixture}//- /src/ipc/generated/types.ts
export interface Prefs {{ theme: string }}
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: stale-bindings src/ipc/generated/types.ts is stale: the contract has changed since it was generated; run `ipcls generate`
"#
        ));
    }

    /// Bindings just generated from the contract are not stale (and their main registers the
    /// rpc's handler); without `[generate] out`, nothing is checked.
    #[test]
    fn not_raised_for_fresh_bindings_or_without_generate() {
        let index = Fixture::parse(CONTRACT).index();
        let generated = crate::ide::generated::generate(&index).expect("the contract generates");
        let unimplemented = CONTRACT.lines().find(|l| l.contains("unimplemented-rpc")).expect("marked");
        let mut fixture = CONTRACT.replace(&format!("{unimplemented}\n"), "");
        for f in &generated.files {
            fixture.push_str(&format!("//- /src/ipc/generated/{}\n{}", f.role.file_name(), f.text));
        }
        check_diagnostics(&fixture);
        check_diagnostics(&CONTRACT.replace("[generate]\nout = \"src/ipc/generated\"\n", ""));
    }
}
