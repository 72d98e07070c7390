//! `kind-mismatch` (error): a sender whose channel main receives only with the other kind of
//! receiver (`invoke` against `ipcMain.on`, `send` against `ipcMain.handle`).

use super::ChannelCx;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::Site;
use crate::syntax::ts::Kind;

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let channel = ch.channel;
    for s in ch.written() {
        // Through a value that is the bridge only under a condition: the call may never send.
        let severity = if s.conditional { Severity::Warning } else { Severity::Error };
        match s.kind {
            Kind::Invoke if ch.handles.is_empty() => {
                let Some(on) = ch.ons.first() else { continue };
                out.push(Diagnostic::at_site(s, Code::KindMismatch, severity, format!(
                    "'{channel}' is invoked, but main only listens with `{}`: `invoke` needs `ipcMain.handle` (No handler registered for '{channel}')",
                    on.method
                )).related(on, "registered here with `on`, which does not answer `invoke`").unsure(ch.lookalike()));
            }
            Kind::Send | Kind::SendSync if ch.ons.is_empty() => {
                let Some(h) = ch.handles.first() else { continue };
                out.push(
                    Diagnostic::at_site(
                        s,
                        Code::KindMismatch,
                        severity,
                        format!(
                            "'{channel}' is sent with `{}`, but main registers it with `handle`, which only answers `invoke`",
                            how(s)
                        ),
                    )
                    .related(h, "registered here with `handle`")
                    .unsure(ch.lookalike()),
                );
            }
            _ => {}
        }
    }
}

/// How a site calls, for messages: `ipcRenderer.send`, or `window.api.save` for a bridge call.
fn how(s: &Site) -> String {
    match &s.bridge {
        Some(crate::index::BridgeRef { key, path }) => {
            format!("window.{key}.{} (ipcRenderer.{})", path.join("."), s.method)
        }
        None => s.method.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn an_invoke_against_on_and_a_send_against_handle() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.on('file:save', (_event, text: string) => save(text));
//         ----------- related to kind-mismatch: registered here with `on`, which does not answer `invoke`
ipcMain.handle('file:close', async () => true);
//             ------------ related to kind-mismatch: registered here with `handle`
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  save: (text: string) => ipcRenderer.invoke('file:save', text),
//                                           ^^^^^^^^^^^ error: kind-mismatch 'file:save' is invoked, but main only listens with `on`: `invoke` needs `ipcMain.handle` (No handler registered for 'file:save')
  close: () => ipcRenderer.send('file:close'),
//                              ^^^^^^^^^^^^ error: kind-mismatch 'file:close' is sent with `send`, but main registers it with `handle`, which only answers `invoke`
});
"#,
        );
    }

    /// A send through the bridge names the bridge member it was called through.
    #[test]
    fn a_bridge_send_is_named_by_its_member() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('file:close', async () => true);
//             ------------ related to kind-mismatch: registered here with `handle`
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  send: (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args),
});
//- /src/renderer/app.ts
export const close = () => window.api.send('file:close');
//                                         ^^^^^^^^^^^^ error: kind-mismatch 'file:close' is sent with `window.api.send (ipcRenderer.send)`, but main registers it with `handle`, which only answers `invoke`
"#,
        );
    }

    #[test]
    fn not_raised_when_each_sender_has_its_kind_of_receiver() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('file:save', async (_event, text: string) => save(text));
ipcMain.on('file:close', () => close());
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', {
  save: (text: string) => ipcRenderer.invoke('file:save', text),
  close: () => ipcRenderer.send('file:close'),
});
"#,
        );
    }
}
