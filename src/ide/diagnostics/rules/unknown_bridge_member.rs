//! `unknown-bridge-member` (error): a renderer's `window.<key>.<member>` that no preload script
//! exposes under that key, with the `exposeInMainWorld` of the key as related information.

use crate::ide::diagnostics::{Code, Diagnostic, Related, Severity};
use crate::index::Index;

pub(super) fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    for u in index.unknown_members.iter() {
        let member = u.path.join(".");
        let (severity, message) = if u.open {
            // Some members of the key are built where ipcls cannot see them.
            (Severity::Hint, format!("window.{}.{member} is not among the members ipcls can see of '{}'", u.key, u.key))
        } else {
            (Severity::Error, format!("window.{}.{member} is not exposed by any preload script", u.key))
        };
        out.push(Diagnostic {
            related: vec![Related {
                file: u.bridge_file,
                range: u.bridge_range,
                message: format!("'{}' is exposed here", u.key),
            }],
            ..Diagnostic::at(u.file, u.range, Code::UnknownBridgeMember, severity, message)
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

    #[test]
    fn properties_of_a_member_that_is_a_value_are_that_value_s() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('clock:sync', async () => Date.now());
//- /src/preload/clock.ts
export class Clock {
  offset = 0;
  now() { return Date.now() + this.offset; }
}
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
import { Clock } from './clock';
const clock = new Clock();
contextBridge.exposeInMainWorld('desk', {
//                              ------ related to unknown-bridge-member: 'desk' is exposed here
  clock,
  versions: process.versions,
  settings: {},
  sync: () => ipcRenderer.invoke('clock:sync'),
  dialog: { pick: () => null },
});
//- /src/renderer/status.ts
export const stamp = () => window.desk.clock.now();
export const chrome = () => window.desk.versions.chrome.split('.');
export const theme = () => window.desk.settings.theme;
export const sync = () => window.desk.sync();
export const save = () => window.desk.dialog.save();
//                                           ^^^^ error: unknown-bridge-member window.desk.dialog.save is not exposed by any preload script
"#,
        );
    }

    #[test]
    fn members_ipcls_cannot_see_make_an_unknown_member_a_hint() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('files:list', async () => []);
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
import { extras } from './extras';
const name = 'reveal';
contextBridge.exposeInMainWorld('files', {
//                              ------- related to unknown-bridge-member: 'files' is exposed here
  ...extras,
  [name]: () => null,
  list: () => ipcRenderer.invoke('files:list'),
});
//- /src/renderer/list.ts
export const list = () => window.files.list();
export const open = () => window.files.open('a.txt');
//                                     ^^^^ hint: unknown-bridge-member window.files.open is not among the members ipcls can see of 'files'
"#,
        );
    }

    #[test]
    fn a_global_the_renderer_writes_itself_is_open() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.on('guest:badge', () => {});
//- /src/guest/preload.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('shell', {
//                              ------- related to unknown-bridge-member: 'shell' is exposed here
  badge: (n: number) => ipcRenderer.send('guest:badge', n),
});
//- /src/renderer/boot.ts
import { createStores } from './stores';
window['shell'] = { stores: createStores(), render() {} };
window.shell.render();
//           ^^^^^^ hint: unknown-bridge-member window.shell.render is not among the members ipcls can see of 'shell'
"#,
        );
    }

    /// A preload that assigns `window.key = {…}` (with `contextIsolation` off) exposes what it
    /// lists; a key it also extends member by member may have more.
    #[test]
    fn members_a_preload_assigns_to_window() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.on('call:join', () => {});
ipcMain.on('call:mute', () => {});
ipcMain.on('call:unmute', () => {});
//- /src/preload.ts
import { ipcRenderer } from 'electron';
window.call = {
//     ---- related to unknown-bridge-member: 'call' is exposed here
  join: () => ipcRenderer.send('call:join'),
};
window.media = { mute: () => ipcRenderer.send('call:mute') };
//     ----- related to unknown-bridge-member: 'media' is exposed here
window.media.unmute = () => ipcRenderer.send('call:unmute');
//- /src/renderer/room.ts
export function enter() {
  window.call.join();
  window.call.leave();
//            ^^^^^ error: unknown-bridge-member window.call.leave is not exposed by any preload script
  window.media.mute();
  window.media.unmute();
//             ^^^^^^ hint: unknown-bridge-member window.media.unmute is not among the members ipcls can see of 'media'
}
"#,
        );
    }
}
