//! Code lenses: above each handler and listener, how many sites send on its channel; above each
//! rpc of the contract, where it is handled and how many callers it has.

use crate::base::{FileId, TextRange};
use crate::index::{Index, Process};
use crate::syntax::ts::Kind;

/// One lens: a title shown above `range`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    pub range: TextRange,
    pub title: String,
}

/// The lenses of `file`: handlers and listeners first, then the rpcs the file declares.
pub fn lenses(index: &Index, file: FileId) -> Vec<Lens> {
    let mut lenses = Vec::new();
    let callers = |channel: &str| index.channel_sites(channel).filter(|s| s.kind.is_sender()).count();
    for s in index.sites.iter().filter(|s| s.file == file && matches!(s.kind, Kind::Handle | Kind::On)) {
        let Some(channel) = s.channel.known() else { continue };
        lenses.push(Lens { range: s.range, title: count_callers(callers(channel)) });
    }
    for r in index.rpcs.iter().filter(|r| r.file == file) {
        let rpc = &index.contract.services[r.service].methods[r.method];
        let handler = index.channel_sites(&r.channel).find(|s| s.kind.is_receiver() && s.process == Process::Main);
        let n = callers(&r.channel);
        let title = match handler {
            Some(h) => format!("handled in {} · {}", index.rel_path(h.file), count_callers(n)),
            None => format!("not implemented · {}", count_callers(n)),
        };
        lenses.push(Lens { range: rpc.name_range, title });
    }
    lenses
}

fn count_callers(n: usize) -> String {
    format!("{n} caller{}", crate::base::plural(n))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::test_fixture::{annotate, Fixture};

    fn check(text: &str, path: &str, expect: expect_test::Expect) {
        let index = Fixture::parse(text).index();
        let file = index.file_for_rel(path).expect("file");
        let marks = super::lenses(&index, file).into_iter().map(|l| (file, l.range, l.title)).collect();
        expect.assert_eq(&annotate(&index, marks));
    }

    const APP: &str = r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('dialog:openFile', () => '');
ipcMain.on('log', () => {});
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
ipcRenderer.invoke('dialog:openFile');
ipcRenderer.invoke('dialog:openFile');
ipcRenderer.send('app:getVersion');
//- /proto/app.proto
syntax = "proto3";
package app;
service App {
  rpc GetVersion(Empty) returns (Empty);
  rpc OpenFile(Empty) returns (Empty) { option (ipcls.channel) = "dialog:openFile"; }
}
message Empty {}
"#;

    #[test]
    fn callers_of_handlers_and_listeners() {
        check(
            APP,
            "src/main/index.ts",
            expect![[r#"
                //- /src/main/index.ts
                import { ipcMain } from 'electron';
                ipcMain.handle('dialog:openFile', () => '');
                //             ^^^^^^^^^^^^^^^^^ 2 callers
                ipcMain.on('log', () => {});
                //         ^^^^^ 0 callers
            "#]],
        );
    }

    #[test]
    fn rpcs_say_where_they_are_handled() {
        check(
            APP,
            "proto/app.proto",
            expect![[r#"
                //- /proto/app.proto
                syntax = "proto3";
                package app;
                service App {
                  rpc GetVersion(Empty) returns (Empty);
                //    ^^^^^^^^^^ not implemented · 1 caller
                  rpc OpenFile(Empty) returns (Empty) { option (ipcls.channel) = "dialog:openFile"; }
                //    ^^^^^^^^ handled in src/main/index.ts · 2 callers
                }
                message Empty {}
            "#]],
        );
    }
}
