//! `duplicate-handler` (error): a second `ipcMain.handle` for one channel that can run with an
//! earlier one; Electron throws on it. Not raised when the channel's handler is removed somewhere
//! (`removeHandler`), nor for `handleOnce`.

use super::ChannelCx;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::Site;
use crate::syntax::ts::{Api, Kind};

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let removed = ch.sites.iter().any(|s| s.kind == Kind::Remove && s.method == "removeHandler");
    let global: Vec<&Site> = ch.handles.iter().copied().filter(|s| matches!(s.api, Api::IpcMain) && !s.once).collect();
    if global.len() <= 1 || removed {
        return;
    }
    for (i, s) in global.iter().enumerate() {
        // Reported at every registration after the first that can run with an earlier one.
        let Some(first) = global[..i].iter().find(|o| !s.exclusive_with(o)) else { continue };
        out.push(
            Diagnostic::at_site(
                s,
                Code::DuplicateHandler,
                Severity::Error,
                format!("Attempted to register a second handler for '{}'", ch.channel),
            )
            .related(first, "the first handler"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn a_second_handler_in_another_file() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:get', async () => readSettings());
//             -------------- related to duplicate-handler: the first handler
//             -------------- related to duplicate-handler: the first handler
//- /src/main/legacy.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:get', async () => ({}));
//             ^^^^^^^^^^^^^^ error: duplicate-handler Attempted to register a second handler for 'settings:get'
ipcMain.handle('settings:get', async () => null);
//             ^^^^^^^^^^^^^^ error: duplicate-handler Attempted to register a second handler for 'settings:get'
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const settings = () => ipcRenderer.invoke('settings:get');
"#,
        );
    }

    /// Handlers on exclusive branches, a handler removed before it is registered again, and
    /// `handleOnce` can all coexist.
    #[test]
    fn not_raised_for_exclusive_removed_or_once_handlers() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { app, ipcMain } from 'electron';
if (app.isPackaged) {
  ipcMain.handle('app:version', () => app.getVersion());
} else {
  ipcMain.handle('app:version', () => 'dev');
}
ipcMain.handle('auth:token', () => 'a');
ipcMain.removeHandler('auth:token');
ipcMain.handle('auth:token', () => 'b');
ipcMain.handleOnce('app:first-run', () => true);
ipcMain.handleOnce('app:first-run', () => false);
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const version = () => ipcRenderer.invoke('app:version');
export const token = () => ipcRenderer.invoke('auth:token');
export const firstRun = () => ipcRenderer.invoke('app:first-run');
"#,
        );
    }
}
