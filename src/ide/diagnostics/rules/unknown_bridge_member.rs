//! `unknown-bridge-member` (error): a renderer's `window.<key>.<member>` that no preload script
//! exposes under that key, with the `exposeInMainWorld` of the key as related information.

use crate::ide::diagnostics::{Code, Diagnostic, Related, Severity};
use crate::index::Index;

pub(super) fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    for u in index.unknown_members.iter() {
        let member = u.path.join(".");
        let message = format!("window.{}.{member} is not exposed by any preload script", u.key);
        out.push(Diagnostic {
            related: vec![Related {
                file: u.bridge_file,
                range: u.bridge_range,
                message: format!("'{}' is exposed here", u.key),
            }],
            ..Diagnostic::at(u.file, u.range, Code::UnknownBridgeMember, Severity::Error, message)
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn a_renderer_calls_a_member_the_preload_does_not_expose() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('dialog:open', async () => null);
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('electronAPI', {
//                              ------------- related to unknown-bridge-member: 'electronAPI' is exposed here
  openFile: () => ipcRenderer.invoke('dialog:open'),
});
//- /src/renderer/app.ts
export const open = () => window.electronAPI.openFile();
export const save = () => window.electronAPI.saveFile();
//                                           ^^^^^^^^ error: unknown-bridge-member window.electronAPI.saveFile is not exposed by any preload script
"#,
        );
    }

    #[test]
    fn not_raised_for_exposed_members() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('dialog:open', async () => null);
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('electronAPI', {
  openFile: () => ipcRenderer.invoke('dialog:open'),
  versions: { node: () => process.versions.node },
});
//- /src/renderer/app.ts
export const open = () => window.electronAPI.openFile();
export const node = () => window.electronAPI.versions.node();
"#,
        );
    }
}
