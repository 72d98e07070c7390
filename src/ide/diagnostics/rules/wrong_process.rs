//! `wrong-process` (error): an Electron object used in a process that does not have it
//! (`ipcMain` in a preload or renderer script, `ipcRenderer` in main), at the object. Only direct
//! calls: a wrapper's or a bridge's Electron call is checked where it is written. A renderer that
//! imports `@electron/remote` (or the old `remote` of `electron`) holds main's objects through it:
//! its `webContents` and frames are not reported.

use crate::base::TextRange;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::{Index, Process, Site, Written};
use crate::syntax::ts::Api;

pub(super) fn check(index: &Index, sites: &[Site], out: &mut Vec<Diagnostic>) {
    let start = out.len();
    for s in sites.iter().filter(|s| s.via.is_none()) {
        if matches!(s.api, Api::WebContents | Api::WebFrameMain) && uses_remote(index, s.file) {
            continue;
        }
        let wrong = match (s.api, s.process) {
            (
                Api::IpcMain | Api::ScopedIpc | Api::WebContents | Api::WebFrameMain | Api::Event,
                Process::Renderer | Process::Preload,
            ) => Some(format!(
                "`{}` is only available in the main process, but this file runs in the {}",
                api_name(s.api),
                s.process.as_str()
            )),
            (Api::IpcRenderer, Process::Main) if s.written != Written::Bridge => Some(
                "`ipcRenderer` is only available in renderer and preload scripts, but this file runs in main"
                    .to_string(),
            ),
            _ => None,
        };
        let Some(message) = wrong else { continue };
        // At the Electron object used (`ipcRenderer` of `ipcRenderer.invoke`).
        let range = s.callee_range.map_or(s.range, |c| {
            let text = index.text(s.file);
            let callee = text.get(c.start as usize..c.end as usize).unwrap_or("");
            let object_len = callee.rfind('.').unwrap_or(callee.len());
            TextRange::new(c.start, c.start + object_len as u32)
        });
        // One diagnostic per object written, though several calls go through it.
        if !out[start..].iter().any(|d| d.file == s.file && d.range == range) {
            out.push(Diagnostic {
                channel: s.channel.known().map(str::to_string),
                ..Diagnostic::at(s.file, range, Code::WrongProcess, Severity::Error, message)
            });
        }
    }
}

/// Whether a file imports `@electron/remote`, or `remote` from `electron`.
fn uses_remote(index: &Index, file: crate::base::FileId) -> bool {
    index.summaries.get(&file).is_some_and(|s| {
        s.imports.iter().any(|i| {
            i.source == "@electron/remote"
                || i.source.starts_with("@electron/remote/")
                || (i.source == "electron" && i.local == "remote")
        })
    })
}

fn api_name(api: Api) -> &'static str {
    match api {
        Api::IpcMain => "ipcMain",
        Api::ScopedIpc => "webContents.ipc",
        Api::WebContents => "webContents",
        Api::WebFrameMain => "webFrameMain",
        Api::Event => "event.reply",
        Api::IpcRenderer => "ipcRenderer",
        Api::Webview => "<webview>",
        Api::Library => "the IPC library",
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn main_objects_in_a_renderer_and_ipc_renderer_in_main() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain, ipcRenderer } from 'electron';
ipcMain.on('app:log', (_event, line: string) => console.log(line));
export function relay() {
  ipcRenderer.send('app:log', 'from main');
//^^^^^^^^^^^ error: wrong-process `ipcRenderer` is only available in renderer and preload scripts, but this file runs in main
}
//- /src/renderer/app.ts
import { ipcMain, ipcRenderer } from 'electron';
ipcMain.handle('app:version', () => '1.0');
^^^^^^^ error: wrong-process `ipcMain` is only available in the main process, but this file runs in the renderer
export const version = () => ipcRenderer.invoke('app:version');
"#,
        );
    }

    #[test]
    fn not_raised_for_each_object_in_its_process() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('app:version', () => '1.0');
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', { version: () => ipcRenderer.invoke('app:version') });
//- /src/renderer/app.ts
export const version = () => window.api.version();
"#,
        );
    }

    /// Through `@electron/remote` a renderer holds main's `webContents`: its sends are not in the
    /// wrong process; without the import they are.
    #[test]
    fn not_raised_for_web_contents_held_through_remote() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { BrowserWindow } from 'electron';
new BrowserWindow({ webPreferences: { preload: 'guest-preload.js' } });
//- /src/main/guest-preload.ts
import { ipcRenderer } from 'electron';
ipcRenderer.on('service:ping', () => {});
ipcRenderer.on('service:pong', () => {});
//- /src/renderer/service.ts
import { webContents } from '@electron/remote';
export function ping(id: number) {
  const guest = webContents.fromId(id);
  guest?.send('service:ping');
}
//- /src/renderer/other.ts
import type { WebContents } from 'electron';
export function pong(guest: WebContents) {
  guest.send('service:pong');
//^^^^^ error: wrong-process `webContents` is only available in the main process, but this file runs in the renderer
}
"#,
        );
    }
}
