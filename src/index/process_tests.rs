//! Processes from how files are loaded and imported, on the folder fixtures of
//! `fixtures/flow/processes/`: every site is marked in the fixture's files with its kind, channel
//! and process (`// ^^^ invoke settings:read preload`), and every site must be marked.

use super::ChannelRef;
use crate::test_fixture::{annotate, Fixture};

/// A folder fixture as a multi-file fixture text (`//- /path` before each file's text).
macro_rules! folder {
    ($dir:literal: $($path:literal),* $(,)?) => {{
        let mut text = String::new();
        $(
            text.push_str(concat!("//- /", $path, "\n"));
            text.push_str(include_str!(concat!("../../fixtures/flow/processes/", $dir, "/", $path)));
        )*
        text
    }};
}

#[track_caller]
fn check_processes(text: &str) {
    let fixture = Fixture::parse(text);
    let index = fixture.index();
    let label = |s: &super::Site| match &s.channel {
        ChannelRef::Known(c) => format!("{} {c} {}", s.kind.as_str(), s.process.as_str()),
        ChannelRef::Unresolved(u) => format!("{} ?{} {}", s.kind.as_str(), u.expression, s.process.as_str()),
    };
    let mut actual: Vec<(String, crate::base::TextRange, String)> =
        index.sites.iter().map(|s| (index.rel_path(s.file), s.range, label(s))).collect();
    let mut expected = fixture.annotations.clone();
    actual.sort();
    expected.sort();
    if actual != expected {
        let marks = index.sites.iter().map(|s| (s.file, s.range, label(s))).collect();
        panic!("sites differ\nexpected: {expected:#?}\nactual: {actual:#?}\nannotated:\n{}", annotate(&index, marks));
    }
}

/// electron-vite builds `src/bridge/player.ts` to `out/preload/index.js`; a renderer file of the same name stays renderer code.
#[test]
fn electron_vite() {
    check_processes(
        &folder!("electron-vite": "electron.vite.config.ts", "src/bridge/player.ts", "src/main/index.ts", "src/renderer/main.ts", "src/renderer/player.ts"),
    );
}

/// The electron-vite preload uses `webContents`: a preload site.
#[test]
fn electron_vite_mistake() {
    check_processes(
        &folder!("electron-vite-mistake": "electron.vite.config.ts", "src/bridge/player.ts", "src/main/index.ts", "src/renderer/main.ts", "src/renderer/player.ts"),
    );
}

/// Forge names the preload in its entry points (`preload: { js }`); main passes the constant.
#[test]
fn forge() {
    check_processes(
        &folder!("forge": "forge.config.ts", "src/bridge.ts", "src/main.ts", "src/renderer.ts", "src/ui/bridge.ts"),
    );
}

/// The forge preload registers a handler: a preload site.
#[test]
fn forge_mistake() {
    check_processes(
        &folder!("forge-mistake": "forge.config.ts", "src/bridge.ts", "src/main.ts", "src/renderer.ts", "src/ui/bridge.ts"),
    );
}

/// A helper under `src/main/lib/` that only the preload imports: preload code.
#[test]
fn preload_helper() {
    check_processes(
        &folder!("preload-helper": "src/main/index.ts", "src/main/lib/settings-client.ts", "src/main/lib/settings-store.ts", "src/preload/index.ts"),
    );
}

/// The preload's helper also listens on `ipcMain`: its sites are preload sites.
#[test]
fn preload_helper_mistake() {
    check_processes(
        &folder!("preload-helper-mistake": "src/main/index.ts", "src/main/lib/settings-client.ts", "src/main/lib/settings-store.ts", "src/preload/index.ts"),
    );
}

/// One module imported by main and by the preload: each site has the process of its API.
#[test]
fn shared_module() {
    check_processes(&folder!("shared-module": "src/common/clock.ts", "src/main/index.ts", "src/preload/index.ts"));
}

/// A `<webview>` preload under `src/main/`, named in `will-attach-webview`: preload code.
#[test]
fn webview_preload() {
    check_processes(
        &folder!("webview-preload": "src/main/guest-preload.ts", "src/main/index.ts", "src/renderer/index.ts"),
    );
}

/// The webview preload registers an `ipcMain` listener: main code only, in a preload.
#[test]
fn webview_preload_mistake() {
    check_processes(
        &folder!("webview-preload-mistake": "src/main/guest-preload.ts", "src/main/index.ts", "src/renderer/index.ts"),
    );
}

/// Every form of preload reference names its file: `<webview preload>` in JSX,
/// `setAttribute('preload', …)`, a variable named like a preload, `setPreloads`,
/// `registerPreloadScript`; `exposeInIsolatedWorld` is a bridge like `exposeInMainWorld`; an
/// `import type` carries no process, and an import for effect does.
#[test]
fn preload_references_and_imports() {
    check_processes(
        r#"
//- /src/main/index.ts
import { app, session, BrowserWindow } from 'electron';
import '../features/handlers';
const preloadPath = path.join(__dirname, 'lib', 'window-preload.js');
app.whenReady().then(() => {
  new BrowserWindow({ webPreferences: { preload: preloadPath } });
  session.defaultSession.setPreloads([path.join(__dirname, 'extra/analytics.js')]);
  session.defaultSession.registerPreloadScript({ type: 'service-worker', filePath: `${__dirname}/worker/sw-preload.js` });
});
//- /src/features/handlers.ts
import { on } from '../util/listen';
on('app:quit');
// ^^^^^^^^^^ on app:quit main
//- /src/util/listen.ts
import { ipcMain } from 'electron';
export const on = (channel: string) => ipcMain.on(channel, () => {});
//- /src/main/lib/window-preload.ts
import { ipcRenderer } from 'electron';
ipcRenderer.send('app:quit');
//               ^^^^^^^^^^ send app:quit preload
//- /src/main/extra/analytics.ts
import { ipcRenderer } from 'electron';
ipcRenderer.send('analytics:event');
//               ^^^^^^^^^^^^^^^^^ send analytics:event preload
//- /src/main/worker/sw-preload.ts
import { ipcRenderer, contextBridge } from 'electron';
contextBridge.exposeInIsolatedWorld(1, 'worker', { ping: () => ipcRenderer.invoke('worker:ping') });
//                                                                                ^^^^^^^^^^^^^ invoke worker:ping preload
//- /src/renderer/Tabs.tsx
import type { GuestApi } from '../main/guests/guest';
export const Tab = () => <webview src="https://example.com" preload="../main/guests/guest.js" />;
//- /src/renderer/panel.ts
const view = document.createElement('webview');
view.setAttribute('preload', '../main/guests/panel.js');
//- /src/main/guests/guest.ts
import { ipcRenderer } from 'electron';
export type GuestApi = { ready(): void };
ipcRenderer.sendToHost('guest:ready');
//                     ^^^^^^^^^^^^^ host guest:ready preload
//- /src/guest/zoom.ts
import { ipcRenderer } from 'electron';
window.addEventListener('wheel', () => ipcRenderer.sendToHost('zoom:changed'));
//                                                            ^^^^^^^^^^^^^^ host zoom:changed preload
//- /src/main/guests/panel.ts
import { ipcRenderer } from 'electron';
ipcRenderer.sendToHost('panel:ready');
//                     ^^^^^^^^^^^^^ host panel:ready preload
"#,
    );
}
