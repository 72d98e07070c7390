//! `no-listener` (warning): a message nobody receives: `send` without `ipcMain.on` (nor a
//! `handle`, which would be a `kind-mismatch`), a push to the renderer without a renderer
//! listener, an `emit` without a listener in its own process; unless an unresolved receiver could
//! be it. Sends and pushes get "did you mean" when a receiver of a near name exists.

use super::ChannelCx;
use crate::ide::diagnostics::near_miss::no_side;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::syntax::ts::{Api, Kind};

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let channel = ch.channel;
    for s in ch.written() {
        match s.kind {
            Kind::Send | Kind::SendSync
                if ch.ons.is_empty() && ch.handles.is_empty() && !ch.could_explain(&[Kind::On]) =>
            {
                let near = ch.near_miss(Kind::On);
                let message = format!("No listener in main for '{channel}': the message would be dropped");
                out.push(no_side(s, Code::NoListener, Severity::Warning, message, near));
            }
            Kind::Push if ch.listens.is_empty() && !ch.could_explain(&[Kind::Listen]) => {
                let near = ch.near_miss(Kind::Listen);
                let message = format!("No renderer listens for '{channel}': the message would be dropped");
                out.push(no_side(s, Code::NoListener, Severity::Warning, message, near));
            }
            Kind::Emit => {
                let (receivers, kinds) =
                    if s.api == Api::IpcMain { (&ch.ons, [Kind::On]) } else { (&ch.listens, [Kind::Listen]) };
                if receivers.is_empty() && !ch.could_explain(&kinds) {
                    out.push(Diagnostic::at_site(
                        s,
                        Code::NoListener,
                        Severity::Warning,
                        format!(
                            "No listener in this process for '{channel}': `emit` reaches only listeners of the same process"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn a_send_a_push_and_an_emit_nobody_receives() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain, BrowserWindow } from 'electron';
ipcMain.on('log:write', (_event, line: string) => console.log(line));
export function notify(win: BrowserWindow) {
  win.webContents.send('update:available', '1.2.0');
//                     ^^^^^^^^^^^^^^^^^^ warning: no-listener No renderer listens for 'update:available': the message would be dropped
  ipcMain.emit('app:ready');
//             ^^^^^^^^^^^ warning: no-listener No listener in this process for 'app:ready': `emit` reaches only listeners of the same process
}
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  log: (line: string) => ipcRenderer.send('log:write', line),
  track: (event: string) => ipcRenderer.send('analytics:track', event),
//                                           ^^^^^^^^^^^^^^^^^ warning: no-listener No listener in main for 'analytics:track': the message would be dropped
});
"#,
        );
    }

    #[test]
    fn a_send_with_a_near_miss_listener() {
        let (_, diagnostics) = check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.on('window:minimize', (event) => event.sender.getOwnerBrowserWindow()?.minimize());
//         ^^^^^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace sends 'window:minimize' to main
//         ----------------- related to no-listener: the near-miss channel is received here
//- /src/renderer/titlebar.ts
import { ipcRenderer } from 'electron';
export const minimize = () => ipcRenderer.send('window:minimise');
//                                             ^^^^^^^^^^^^^^^^^ warning: no-listener No listener in main for 'window:minimise': the message would be dropped; did you mean 'window:minimize'?
"#,
        );
        assert_eq!(diagnostics.iter().filter_map(|d| d.suggestion.as_deref()).collect::<Vec<_>>(), ["window:minimize"]);
    }

    /// Every message has its receiver: a send with `on`, a push with a renderer listener, an emit
    /// with a listener of its own process.
    #[test]
    fn not_raised_when_each_message_has_a_receiver() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain, BrowserWindow } from 'electron';
ipcMain.on('log:write', (_event, line: string) => console.log(line));
ipcMain.on('app:ready', () => console.log('ready'));
export function notify(win: BrowserWindow) {
  win.webContents.send('update:available', '1.2.0');
  ipcMain.emit('app:ready');
}
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  log: (line: string) => ipcRenderer.send('log:write', line),
  onUpdate: (f: (version: string) => void) => ipcRenderer.on('update:available', (_e, v) => f(v)),
});
"#,
        );
    }
}
