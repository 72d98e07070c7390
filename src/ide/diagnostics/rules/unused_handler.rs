//! `unused-handler` (warning): a receiver nothing in the workspace sends to (a handler nobody
//! invokes, an `ipcMain.on` nobody sends to, a renderer listener nothing pushes to), unless an
//! unresolved sender could be it. A handler with a wrong-kind sender is a `kind-mismatch` instead.

use super::ChannelCx;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::Site;
use crate::syntax::ts::Kind;

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let channel = ch.channel;
    for h in &ch.handles {
        if ch.invokes.is_empty() && ch.sends.is_empty() && !ch.could_explain(&[Kind::Invoke]) {
            out.push(unused(h, format!("Nothing in the workspace invokes '{channel}'")));
        }
    }
    for h in &ch.ons {
        if ch.sends.is_empty()
            && ch.invokes.is_empty()
            && ch.main_emits.is_empty()
            && !ch.could_explain(&[Kind::Send, Kind::SendSync, Kind::Emit])
        {
            out.push(unused(h, format!("Nothing in the workspace sends '{channel}' to main")));
        }
    }
    // A `<webview>`'s `send` reaches the listeners of its guest page's preload.
    let guest_sent = ch.sites.iter().any(|s| s.kind == Kind::Guest);
    for h in &ch.listens {
        if ch.pushes.is_empty()
            && ch.renderer_emits.is_empty()
            && !guest_sent
            && !ch.could_explain(&[Kind::Push, Kind::Emit])
        {
            out.push(unused(h, format!("Nothing in the workspace sends '{channel}' to the renderer")));
        }
    }
}

fn unused(h: &Site, message: String) -> Diagnostic {
    Diagnostic::at_site(h, Code::UnusedHandler, Severity::Warning, message)
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn receivers_nobody_sends_to() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('db:query', async (_event, sql: string) => run(sql));
//             ^^^^^^^^^^ warning: unused-handler Nothing in the workspace invokes 'db:query'
ipcMain.on('window:close', (event) => event.sender.close());
//         ^^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace sends 'window:close' to main
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  onProgress: (f: (p: number) => void) => ipcRenderer.on('download:progress', (_e, p) => f(p)),
//                                                       ^^^^^^^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace sends 'download:progress' to the renderer
});
"#,
        );
    }

    /// Each receiver has a sender: an invoke, a send, a push from main; and a listener whose
    /// sender is computed is not reported.
    #[test]
    fn not_raised_when_a_sender_or_an_unresolved_sender_exists() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain, BrowserWindow } from 'electron';
ipcMain.handle('db:query', async (_event, sql: string) => run(sql));
ipcMain.on('window:close', (event) => event.sender.close());
export function progress(win: BrowserWindow, p: number) {
  win.webContents.send('download:progress', p);
}
ipcMain.on('plugin:message', (_event, m) => console.log(m));
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
import { readFileSync } from 'fs';
const plugin: string = JSON.parse(readFileSync('plugin.json', 'utf8')).channel;
contextBridge.exposeInMainWorld('api', {
  query: (sql: string) => ipcRenderer.invoke('db:query', sql),
  close: () => ipcRenderer.send('window:close'),
  onProgress: (f: (p: number) => void) => ipcRenderer.on('download:progress', (_e, p) => f(p)),
  plugin: (m: unknown) => ipcRenderer.send(`plugin:${plugin}`, m),
//                                         ^^^^^^^^^^^^^^^^^^ hint: unresolved-channel channel ``plugin:${plugin}`` cannot be resolved statically
});
"#,
        );
    }

    /// A guest page's listener is reached by its `<webview>`'s `send` in the embedder.
    #[test]
    fn a_guest_listener_sent_to_by_its_webview() {
        check_diagnostics(
            r#"
//- /src/renderer/services.ts
export function poll(service: { webview: { send(ch: string): void } }) {
  service.webview.send('guest:poll');
}
//- /src/preload/guest.ts
import { ipcRenderer } from 'electron';
ipcRenderer.on('guest:poll', () => {});
ipcRenderer.on('guest:never', () => {});
//             ^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace sends 'guest:never' to the renderer
"#,
        );
    }
}
