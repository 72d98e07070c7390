//! The marker-fixture check of the diagnostic rules: the fixture's marks (see
//! [`crate::test_fixture`]) against the diagnostics of its real analysis, both ways.

use crate::base::Cancel;
use crate::index::Index;
use crate::test_fixture::{annotate_marks, Fixture, Mark, Marker};

use super::Diagnostic;

/// The marks of diagnostics: `^` and `severity: code message` under each range, `-` and
/// `related to code: message` under each related range.
fn marks(diagnostics: &[Diagnostic]) -> Vec<Mark> {
    let mut out = Vec::new();
    for d in diagnostics {
        let label = format!("{}: {} {}", d.severity.as_str(), d.code.as_str(), d.message);
        out.push(Mark { file: d.file, range: d.range, marker: Marker::Primary, label });
        for r in &d.related {
            let label = format!("related to {}: {}", d.code.as_str(), r.message);
            out.push(Mark { file: r.file, range: r.range, marker: Marker::Secondary, label });
        }
    }
    out
}

/// Analyses the fixture, derives its diagnostics and checks that they are exactly the ones its
/// marks describe: a missing or an extra diagnostic (or related range) fails, showing the
/// rendering of what was found. Both sides are rendered alike, so a mark is compared as drawn.
/// Returns the index and the diagnostics for further assertions.
#[track_caller]
pub(crate) fn check_diagnostics(fixture: &str) -> (Index, Vec<Diagnostic>) {
    let fixture = Fixture::parse(fixture);
    let index = fixture.index();
    let diagnostics = super::diagnostics(&index, &Cancel::never()).expect("never cancelled");
    let expected = annotate_marks(&index, fixture.marks(&index));
    let actual = annotate_marks(&index, marks(&diagnostics));
    if expected != actual {
        panic!("diagnostics differ\n--- expected:\n{expected}\n--- actual:\n{actual}");
    }
    (index, diagnostics)
}

/// The list of diagnostics, as the CLI prints it: by file, then position, then code (in the order
/// of [`super::Code`]), then message; with related information and suggestions.
#[test]
fn the_list_is_sorted_by_file_position_and_code() {
    let (index, diagnostics) = check_diagnostics(
        r#"
//- /ipcls.toml
[channels]
strict = true
//- /proto/app.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service App {
  rpc Version(google.protobuf.Empty) returns (Info);
}
message Info { string version = 1; }
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('app:version', () => ({ version: '1.0' }));
ipcMain.handle('app:quit', () => {});
//             ^^^^^^^^^^ error: not-in-contract 'app:quit' is not declared in the contract
//             ^^^^^^^^^^ warning: unused-handler Nothing in the workspace invokes 'app:quit'
//             ---------- related to no-handler: the near-miss channel is received here
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const version = () => ipcRenderer.invoke('app:version');
export const quit = () => ipcRenderer.invoke('app:quiet');
//                                           ^^^^^^^^^^^ error: no-handler No handler registered for 'app:quiet'; did you mean 'app:quit'?
//                                           ^^^^^^^^^^^ error: not-in-contract 'app:quiet' is not declared in the contract
"#,
    );
    let list: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let related: Vec<String> =
                d.related.iter().map(|r| format!("{}@{}", index.rel_path(r.file), r.range.start)).collect();
            format!(
                "{}@{} {} {:?} related {related:?} suggestion {:?}",
                index.rel_path(d.file),
                d.range.start,
                d.code.as_str(),
                d.channel,
                d.suggestion
            )
        })
        .collect();
    expect_test::expect![[r#"
        [
            "src/main/index.ts@110 unused-handler Some(\"app:quit\") related [] suggestion None",
            "src/main/index.ts@110 not-in-contract Some(\"app:quit\") related [] suggestion None",
            "src/renderer/app.ts@149 no-handler Some(\"app:quiet\") related [\"src/main/index.ts@110\"] suggestion Some(\"app:quit\")",
            "src/renderer/app.ts@149 not-in-contract Some(\"app:quiet\") related [] suggestion None",
        ]
    "#]].assert_debug_eq(&list);
}
