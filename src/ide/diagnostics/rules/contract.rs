//! `contract` (error): a problem of the `.proto` contract itself (syntax, an unknown type, two
//! rpcs on one channel), where the contract parser found it.

use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::Index;

pub(super) fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    for e in &index.contract.errors {
        let Some(file) = index.file_for_rel(&e.file) else { continue };
        let range = e.range.unwrap_or_default();
        out.push(Diagnostic::at(file, range, Code::Contract, Severity::Error, e.message.clone()));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn an_unknown_type_in_the_contract() {
        check_diagnostics(
            r#"
//- /proto/app.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service Settings {
  rpc Load(google.protobuf.Empty) returns (Preferences);
//                                         ^^^^^^^^^^^ error: contract name 'Preferences' is not defined
}
message Prefs { string theme = 1; }
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:load', async () => ({ theme: 'dark' }));
//             ^^^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace invokes 'settings:load'
"#,
        );
    }

    #[test]
    fn not_raised_for_a_valid_contract() {
        check_diagnostics(
            r#"
//- /proto/app.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service Settings {
  rpc Load(google.protobuf.Empty) returns (Prefs);
}
message Prefs { string theme = 1; }
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:load', async () => ({ theme: 'dark' }));
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const load = () => ipcRenderer.invoke('settings:load');
"#,
        );
    }
}
