//! `no-handler` (error): an `invoke` whose channel has no `ipcMain.handle` and no `ipcMain.on`
//! (that would be a `kind-mismatch`), unless an unresolved handler could be it; with "did you
//! mean" when a handler of a near name exists.

use super::ChannelCx;
use crate::ide::diagnostics::near_miss::no_side;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::syntax::ts::Kind;

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let channel = ch.channel;
    for s in ch.written() {
        if s.kind == Kind::Invoke && ch.handles.is_empty() && ch.ons.is_empty() && !ch.could_explain(&[Kind::Handle]) {
            let near = ch.near_miss(Kind::Handle);
            let message = format!("No handler registered for '{channel}'");
            let severity = if s.conditional { Severity::Warning } else { Severity::Error };
            out.push(no_side(s, Code::NoHandler, severity, message, near).unsure(ch.lookalike()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn an_invoke_without_a_handler_with_a_near_miss() {
        let (_, diagnostics) = check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain, dialog } from 'electron';
ipcMain.handle('dialog:openFiles', async () => dialog.showOpenDialog({}));
//             ^^^^^^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace invokes 'dialog:openFiles'
//             ------------------ related to no-handler: the near-miss channel is received here
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  openFile: () => ipcRenderer.invoke('dialog:openFile'),
//                                   ^^^^^^^^^^^^^^^^^ error: no-handler No handler registered for 'dialog:openFile'; did you mean 'dialog:openFiles'?
});
//- /src/renderer/app.ts
export async function open() {
  return window.api.openFile();
}
"#,
        );
        let suggestions: Vec<_> = diagnostics.iter().filter_map(|d| d.suggestion.as_deref()).collect();
        assert_eq!(suggestions, ["dialog:openFiles"]);
    }

    #[test]
    fn an_invoke_without_a_handler_and_no_near_name() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:load', async () => ({ theme: 'dark' }));
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const load = () => ipcRenderer.invoke('settings:load');
export const reset = () => ipcRenderer.invoke('app:quit');
//                                            ^^^^^^^^^^ error: no-handler No handler registered for 'app:quit'
"#,
        );
    }

    /// A handler registered through an object ipcls cannot follow (a bus handed in by a plugin
    /// loader) may be the missing one: the error becomes a warning that names it.
    #[test]
    fn a_call_ipcls_cannot_follow_makes_it_a_warning_naming_the_call() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { app } from 'electron';
import { loadHost } from './host';
app.whenReady().then(() => {
  const host = loadHost();
  host.bus.handle('notes:list', async () => []);
//                ------------ related to no-handler: `host.bus.handle(…)` passes 'notes:list' here, through an object ipcls cannot follow
});
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  listNotes: () => ipcRenderer.invoke('notes:list'),
//                                    ^^^^^^^^^^^^ warning: no-handler No handler registered for 'notes:list' (unless `host.bus.handle(…)` is IPC: it passes this channel, but ipcls cannot follow it)
  saveNote: (n: unknown) => ipcRenderer.invoke('notes:save', n),
//                                             ^^^^^^^^^^^^ error: no-handler No handler registered for 'notes:save'
});
"#,
        );
    }

    /// A handler registered on a computed channel could be the missing one: only the unresolved
    /// channel is reported.
    #[test]
    fn not_raised_when_an_unresolved_handler_could_answer() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
import { readFileSync } from 'fs';
const names: string[] = JSON.parse(readFileSync('channels.json', 'utf8'));
for (const name of names) {
  ipcMain.handle(`store:${name}`, () => null);
//               ^^^^^^^^^^^^^^^ hint: unresolved-channel channel ``store:${name}`` cannot be resolved statically
}
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const get = () => ipcRenderer.invoke('store:get');
"#,
        );
    }

    /// Through a provider that picks the bridge under a condition, the call may never reach IPC:
    /// a missing handler is a warning there, and an error where the bridge is injected for sure.
    #[test]
    fn a_warning_through_a_bridge_injected_under_a_condition() {
        check_diagnostics(
            r#"
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('desk', {
  invoke: (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
});
//- /src/renderer/desk.ts
export abstract class DeskApi {
  abstract invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}
export abstract class NativeDesk extends DeskApi {}
export class WebDesk extends DeskApi {
  invoke() {
    return Promise.resolve(null);
  }
}
//- /src/renderer/main.ts
import { DeskApi, NativeDesk, WebDesk } from './desk';
const web = !('desk' in window);
export const providers = [
  { provide: DeskApi, useFactory: () => (web ? new WebDesk() : window.desk) },
  { provide: NativeDesk, useValue: window.desk },
];
//- /src/renderer/store.ts
import { inject } from '@angular/core';
import { DeskApi, NativeDesk } from './desk';
export class Store {
  private desk = inject(DeskApi);
  private native = inject(NativeDesk);
  clear() {
    return this.desk.invoke('store:clear');
//                          ^^^^^^^^^^^^^ warning: no-handler No handler registered for 'store:clear'
  }
  export() {
    return this.native.invoke('store:export');
//                            ^^^^^^^^^^^^^^ error: no-handler No handler registered for 'store:export'
  }
}
"#,
        );
    }
}
