//! Site extraction and resolution, fixture by fixture: every annotated range must be a site with
//! that kind and channel, and every site must be annotated.

use super::ChannelRef;
use crate::test_fixture::{annotate, Fixture};

#[track_caller]
pub(super) fn check_sites(text: &str) {
    let fixture = Fixture::parse(text);
    let index = fixture.index();
    let mut actual: Vec<(String, crate::base::TextRange, String)> = index
        .sites
        .iter()
        .map(|s| {
            let label = match &s.channel {
                ChannelRef::Known(c) => format!("{} {c}", s.kind.as_str()),
                ChannelRef::Unresolved(u) => format!("{} ?{}", s.kind.as_str(), u.expression),
            };
            (index.rel_path(s.file), s.range, label)
        })
        .collect();
    let mut expected = fixture.annotations.clone();
    actual.sort();
    expected.sort();
    if actual != expected {
        let marks = index.sites.iter().map(|s| {
            let label = match &s.channel {
                ChannelRef::Known(c) => format!("{} {c}", s.kind.as_str()),
                ChannelRef::Unresolved(u) => format!("{} ?{}", s.kind.as_str(), u.expression),
            };
            (s.file, s.range, label)
        });
        panic!(
            "sites differ\nexpected: {expected:#?}\nactual: {actual:#?}\nannotated:\n{}",
            annotate(&index, marks.collect())
        );
    }
}

/// The files of `fixtures/<dir>` as one marker fixture (their `// ^^^` comments are the markers);
/// notes about the fixture (`*.md`) are left out.
pub(super) fn fixture_dir(dir: &str) -> String {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                continue;
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((super::rel_path(root, &path), text));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no fixture at {}", root.display());
    files.iter().map(|(path, text)| format!("//- /{path}\n{text}")).collect()
}

#[test]
fn receivers_bound_in_another_module() {
    check_sites(
        r#"
//- /src/main/typed-ipc-main.ts
import { ipcMain as untypedIpcMain, type IpcMainEvent } from 'electron/main';
export const ipcMain: {
  on(channel: 'zoom:in' | 'zoom:out', listener: (event: IpcMainEvent) => void): void;
  handle(channel: 'poll', handler: () => string): void;
} = untypedIpcMain;
//- /src/main/index.ts
import { ipcMain } from './typed-ipc-main.js';
ipcMain.on('zoom:in', () => {});
//         ^^^^^^^^^ on zoom:in
ipcMain.handle('poll', () => 'ok');
//             ^^^^^^ handle poll
//- /src/main/menu.ts
import * as typed from './typed-ipc-main';
import { ipcMain as main } from './typed-ipc-main';
main.on('zoom:out', () => {});
//      ^^^^^^^^^^ on zoom:out
//- /src/preload/typed-ipc-renderer.ts
import { ipcRenderer as untyped } from 'electron/renderer';
export const ipcRenderer: { send(channel: 'zoom:in'): void } = untyped;
//- /src/preload/index.ts
import { ipcRenderer } from './typed-ipc-renderer';
ipcRenderer.send('zoom:in');
//               ^^^^^^^^^ send zoom:in
"#,
    );
}

#[test]
fn receivers_through_bindings() {
    check_sites(
        r#"
//- /src/main/index.ts
import { ipcMain as m, BrowserWindow } from 'electron';
const electron = require('electron');
const { ipcMain } = require('electron');
m.handle('a:one', () => 1);
//       ^^^^^^^ handle a:one
electron.ipcMain.on('a:two', () => {});
//                  ^^^^^^^ on a:two
require('electron').ipcMain.handle('a:three', () => 3);
//                                 ^^^^^^^^^ handle a:three
ipcMain.handleOnce('a:four', async (event, x: number) => x);
//                 ^^^^^^^^ handle a:four
ipcMain.removeHandler('a:four');
//                    ^^^^^^^^ remove a:four
//- /src/preload/index.ts
const { ipcRenderer: { invoke: ipcInvoke }, contextBridge } = require('electron');
import { ipcRenderer } from 'electron/renderer';
const { send } = ipcRenderer;
ipcInvoke('a:one');
//        ^^^^^^^ invoke a:one
send('a:two', 1);
//   ^^^^^^^ send a:two
await ipcRenderer.invoke<string>('a:three');
//                               ^^^^^^^^^ invoke a:three
ipcRenderer.sendSync('a:sync');
//                   ^^^^^^^^ send-sync a:sync
"#,
    );
}

#[test]
fn main_to_renderer_pushes() {
    check_sites(
        r#"
//- /src/main/windows.ts
import { ipcMain, BrowserWindow, webContents, WebContents, webFrameMain } from 'electron';
const win = new BrowserWindow({});
win.webContents.send('p:one', 1);
//                   ^^^^^^^ push p:one
BrowserWindow.getFocusedWindow()?.webContents.send('p:two');
//                                                 ^^^^^^^ push p:two
ipcMain.on('ping', (event, arg) => {
//         ^^^^^^ on ping
  event.reply('p:three', arg);
//            ^^^^^^^^^ push p:three
  event.sender.send('p:four');
//                  ^^^^^^^^ push p:four
});
function notify(wc: WebContents) {
  wc.send('p:five');
//        ^^^^^^^^ push p:five
}
win.webContents.ipc.handle('scoped', () => 1);
//                         ^^^^^^^^ handle scoped
webFrameMain.fromId(1, 2)?.send('p:six');
//                              ^^^^^^^ push p:six
win.webContents.sendToFrame(2, 'p:seven');
//                             ^^^^^^^^^ push p:seven
ipcMain.emit('local', {});
//           ^^^^^^^ emit local
"#,
    );
}

#[test]
fn look_alikes_are_not_sites() {
    check_sites(
        r#"
//- /src/main/bus.ts
import { EventEmitter } from 'events';
import * as ipcMain from './ipc-main';
const bus = new EventEmitter();
bus.on('ready', () => {});
bus.emit('ready');
const frame = document.querySelector('iframe');
frame.send('x');
ipcMain.on('custom', () => {});
class Store extends EventEmitter { save() { this.emit('saved'); this.send('y'); } }
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
ipcRenderer.on('update', (event, v) => {
//             ^^^^^^^^ listen update
  event.sender.send('ack');
//                  ^^^^^ send ack
});
"#,
    );
}

#[test]
fn constants_across_files() {
    check_sites(
        r#"
//- /tsconfig.json
{
  // comments and trailing commas are fine
  "compilerOptions": { "baseUrl": ".", "paths": { "@shared/*": ["src/shared/*"], }, },
}
//- /src/shared/channels.ts
export const OPEN = 'file:open';
export const CHANNELS = { save: 'file:save', nested: { close: 'file:close' } } as const;
export enum Ipc { Quit = 'app:quit' }
export const PREFIX = 'win';
//- /src/shared/index.ts
export * from './channels';
export { OPEN as OPEN_FILE } from './channels';
//- /src/main/index.ts
import { ipcMain } from 'electron';
import { OPEN_FILE, CHANNELS, Ipc, PREFIX } from '@shared/index';
import * as all from '../shared/channels';
const LOCAL = `${PREFIX}:min`;
ipcMain.handle(OPEN_FILE, () => 1);
//             ^^^^^^^^^ handle file:open
ipcMain.handle(CHANNELS.save, () => 1);
//             ^^^^^^^^^^^^^ handle file:save
ipcMain.handle(CHANNELS['nested'].close, () => 1);
//             ^^^^^^^^^^^^^^^^^^^^^^^^ handle file:close
ipcMain.on(Ipc.Quit, () => {});
//         ^^^^^^^^ on app:quit
ipcMain.on(PREFIX + ':max', () => {});
//         ^^^^^^^^^^^^^^^ on win:max
ipcMain.on(LOCAL, () => {});
//         ^^^^^ on win:min
ipcMain.on(all.OPEN, () => {});
//         ^^^^^^^^ on file:open
ipcMain.on(`${all.PREFIX}:${unknownThing}`, () => {});
//         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ on ?`${all.PREFIX}:${unknownThing}`
"#,
    );
}

#[test]
fn wrappers_and_tables() {
    check_sites(
        r#"
//- /src/main/ipc.ts
import { ipcMain } from 'electron';
export function handle(channel: string, fn: (...a: any[]) => unknown) {
  ipcMain.handle(channel, (_e, ...args) => fn(...args));
}
export const on = (ch: string, fn: () => void) => handle('on:' + ch, fn);
class IpcMainManager {
  on(channel: string, fn: () => void) { ipcMain.on(channel, fn); }
  once(channel: string) { this.on(channel, () => {}); }
}
export const ipcMainManager = new IpcMainManager();
//- /src/main/app.ts
import { handle, on, ipcMainManager } from './ipc';
import { ipcMain } from 'electron';
handle('w:one', () => 1);
//     ^^^^^^^ handle w:one
on('two', () => {});
// ^^^^^ handle on:two
ipcMainManager.on('w:three', () => {});
//                ^^^^^^^^^ on w:three
ipcMainManager.once('w:four');
//                  ^^^^^^^^ on w:four
const TABLE = ['t:a', 't:b'] as const;
//             ^^^^^ on t:a
//                    ^^^^^ on t:b
for (const ch of TABLE) ipcMain.on(ch, () => {});
const MAP = { x: 't:x' };
//               ^^^^^ handle t:x
Object.values(MAP).forEach((ch) => ipcMain.handle(ch, () => 1));
const HANDLERS = { 'h:a': () => 1 };
//                 ^^^^^ handle h:a
for (const [name, fn] of Object.entries(HANDLERS)) ipcMain.handle(name, fn);
"#,
    );
}

#[test]
fn bridges_fixed_generic_and_toolkit() {
    check_sites(
        r#"
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
import { electronAPI } from '@electron-toolkit/preload';
const api = {
  openFile: () => ipcRenderer.invoke('dialog:openFile'),
//                                   ^^^^^^^^^^^^^^^^^ invoke dialog:openFile
  invoke: (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  on(...args: Parameters<typeof ipcRenderer.on>) {
    const [channel, listener] = args;
    return ipcRenderer.on(channel, listener);
  },
};
contextBridge.exposeInMainWorld('api', api);
contextBridge.exposeInMainWorld('electron', electronAPI);
//- /src/renderer/app.tsx
const path = await window.api.openFile();
//                            ^^^^^^^^ invoke dialog:openFile
await window.api.invoke('app:version', 1);
//                      ^^^^^^^^^^^^^ invoke app:version
window.api.on('app:update', () => {});
//            ^^^^^^^^^^^^ listen app:update
const { openFile } = window.api;
//      ^^^^^^^^ invoke dialog:openFile
void openFile();
window.electron.ipcRenderer.send('ping');
//                               ^^^^^^ send ping
"#,
    );
}

#[test]
fn script_blocks_of_vue_files() {
    check_sites(
        r#"
//- /src/renderer/App.vue
<template><button @click="go">Go é</button></template>
<script setup lang="ts">
import { ipcRenderer } from 'electron';
const go = () => ipcRenderer.send('vue:go');
//                                ^^^^^^^^ send vue:go
</script>
"#,
    );
}

#[test]
fn helper_libraries() {
    check_sites(
        r#"
//- /src/main/index.ts
import { ipcMain } from 'electron-better-ipc';
import { IpcListener, IpcEmitter } from '@electron-toolkit/typed-ipc/main';
ipcMain.answerRenderer('b:get', async () => 1);
//                     ^^^^^^^ handle b:get
const ipc = new IpcListener<Events>();
ipc.handle('t:get', () => 1);
//         ^^^^^^^ handle t:get
const emitter = new IpcEmitter<Events>();
emitter.send(win.webContents, 't:push', 1);
//                            ^^^^^^^^ push t:push
//- /src/renderer/index.ts
import { ipcRenderer } from 'electron-better-ipc';
await ipcRenderer.callMain('b:get');
//                         ^^^^^^^ invoke b:get
"#,
    );
}

/// Shapes found in real apps (feishin, mattermost, theia, deepchat): aliases behind guards, bridges
/// assembled from imported objects, wrapper methods on other objects, re-export modules of
/// `electron`, collections of `WebContents`, callback parameters kept unresolved.
#[test]
fn shapes_from_real_apps() {
    check_sites(
        r#"
//- /src/preload/ipc.ts
import { ipcRenderer } from 'electron';
const restart = () => ipcRenderer.send('app-restart');
//                                     ^^^^^^^^^^^^^ send app-restart
const send = (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args);
export const ipc = { restart, send };
//- /src/preload/index.ts
import { contextBridge } from 'electron';
import { ipc } from './ipc';
contextBridge.exposeInMainWorld('electron', { ipc });
//- /src/renderer/app.ts
const ipc = isElectron() ? window.electron.ipc : null;
ipc?.send('set-shortcuts', 1);
//        ^^^^^^^^^^^^^^^ send set-shortcuts
window.electron.ipc!.restart();
//                   ^^^^^^^ send app-restart
//- /src/main/base.ts
import { BrowserWindow, webContents, WebContents } from 'electron';
import { ipcMain } from '@acme/electron/shared/electron';
export default class BaseWindow {
  win = new BrowserWindow();
  private views: Set<WebContents> = new Set();
  sendToRenderer = (channel: string) => { this.win.webContents.send(channel); };
  reset() { this.views.forEach((view) => view.send('reset-theme')); }
//                                                 ^^^^^^^^^^^^^ push reset-theme
}
for (const wc of webContents.getAllWebContents()) wc.send('layout');
//                                                        ^^^^^^^^ push layout
export function fade(w: BrowserWindow) { const contents = w.webContents; contents.send('fade'); }
//                                                                                     ^^^^^^ push fade
ipcMain.on('set-shortcuts', () => {});
//         ^^^^^^^^^^^^^^^ on set-shortcuts
ipcMain.on('app-restart', () => {});
//         ^^^^^^^^^^^^^ on app-restart
//- /src/main/main-window.ts
import BaseWindow from './base';
export class MainWindow {
  private base?: BaseWindow;
  added() { this.base?.sendToRenderer('window-added'); }
//                                    ^^^^^^^^^^^^^^ push window-added
}
//- /src/renderer/listener.ts
import { ipcRenderer } from 'electron';
ipcRenderer.on('open-url', (event, url: string, replyChannel: string) => {
//             ^^^^^^^^^^ listen open-url
  event.sender.send(replyChannel, true);
//                  ^^^^^^^^^^^^ send ?replyChannel
});
export function createBridge(ipcRenderer: { invoke(c: string): Promise<unknown> }) {
  return { zoom: () => ipcRenderer.invoke('route:invoke') };
//                                        ^^^^^^^^^^^^^^ invoke route:invoke
}
"#,
    );
}

/// Processes: preload by `webPreferences.preload` and `registerPreloadScript`, main and renderer
/// by the APIs used, folders and file names otherwise, config globs first.
#[test]
fn processes_from_evidence() {
    let fixture = Fixture::parse(
        r#"
//- /ipcls.toml
[process]
renderer = ["app/forced/**"]
//- /app/windows.ts
import { BrowserWindow, session } from 'electron';
new BrowserWindow({ webPreferences: { preload: path.join(__dirname, 'bridge.js') } });
session.defaultSession.registerPreloadScript({ type: 'frame', filePath: path.join(__dirname, 'extra-preload.js') });
//- /app/bridge.ts
import { ipcRenderer } from 'electron';
//- /app/extra-preload.ts
import { ipcRenderer } from 'electron';
//- /app/page.tsx
export const App = () => <button onClick={() => window.api.go()} />;
//- /app/lib.ts
export const x = 1;
//- /app/forced/ipc.ts
import { ipcMain } from 'electron';
//- /src/main/util.ts
export const y = 2;
"#,
    );
    let mut ws = fixture.workspace();
    for (path, _) in &fixture.files {
        if let Some(id) = ws.vfs.file_id(&std::path::Path::new(crate::test_fixture::ROOT).join(path)) {
            ws.summary(id);
        }
    }
    let index = ws.analyze(&crate::base::Cancel::never()).expect("never cancelled");
    let process = |rel: &str| index.file_for_rel(rel).map(|f| index.process(f).as_str());
    assert_eq!(process("app/windows.ts"), Some("main"));
    assert_eq!(process("app/bridge.ts"), Some("preload"));
    assert_eq!(process("app/extra-preload.ts"), Some("preload"));
    assert_eq!(process("app/page.tsx"), Some("renderer"));
    assert_eq!(process("app/lib.ts"), Some("unknown"));
    assert_eq!(process("app/forced/ipc.ts"), Some("renderer"));
    assert_eq!(process("src/main/util.ts"), Some("main"));
}

/// An Electron object passed into a helper that listens on its parameter (theia's
/// `createDisposableListener(ipcMain, channel, fn)`); the same helper on a window is not IPC.
#[test]
fn electron_objects_passed_to_helpers() {
    check_sites(
        r#"
//- /src/main/utils.ts
export function createDisposableListener(emitter: NodeJS.EventEmitter, signal: string, h: (...a: any[]) => void) {
  emitter.on(signal, h);
  return () => emitter.off(signal, h);
}
//- /src/main/main.ts
import { ipcMain, BrowserWindow } from 'electron';
import { createDisposableListener } from './utils';
createDisposableListener(ipcMain, 'r12-confirm', () => {});
//                                ^^^^^^^^^^^^^ on r12-confirm
//                                ^^^^^^^^^^^^^ remove r12-confirm
createDisposableListener(new BrowserWindow(), 'close', () => {});
function onReload(channel: string) {
  return createDisposableListener(ipcMain, channel, () => {});
}
onReload('reload:request');
//       ^^^^^^^^^^^^^^^^ on reload:request
//       ^^^^^^^^^^^^^^^^ remove reload:request
"#,
    );
}

/// A table longer than the concatenation limit is resolved whole: none of its entries may be
/// dropped (a dropped entry would be reported as a channel without a handler).
#[test]
fn long_tables_are_not_cut() {
    let text = format!(
        "//- /src/main/index.ts\nimport {{ ipcMain }} from 'electron';\nconst ALL = [\n{}\n] as const;\nfor (const ch of ALL) ipcMain.handle(ch, () => ch);\n",
        (0..300).map(|i| format!("  'big:c{i}',")).collect::<Vec<_>>().join("\n")
    );
    let index = Fixture::parse(&text).index();
    assert_eq!(index.channels.len(), 300);
    assert!(index.channels.contains_key("big:c299"));
    assert!(index.unresolved.is_empty());
}

#[test]
fn user_code_of_generated_bindings() {
    check_sites(
        r#"
//- /proto/a.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service DialogService {
  rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.Empty);
  rpc Progress(google.protobuf.Empty) returns (stream google.protobuf.Empty);
}
//- /src/ipc/main.ts
// Code generated by ipcls generate (main bindings) from proto/a.proto. DO NOT EDIT.
export function registerDialogService(impl: object) {}
export function sendDialogProgress(target: object, payload: object) {}
//- /src/ipc/renderer.ts
// Code generated by ipcls generate (renderer bindings) from proto/a.proto. DO NOT EDIT.
export const ipc = { dialog: { openFile: () => 1, onProgress: () => 2 } };
//- /src/main/index.ts
import { registerDialogService, sendDialogProgress } from '../ipc/main';
const win = {};
registerDialogService({ openFile() { return {}; }, notAnRpc() {} });
//                      ^^^^^^^^ handle dialog:openFile
  sendDialogProgress(win, {});
//^^^^^^^^^^^^^^^^^^ push dialog:progress
//- /src/renderer/app.ts
import { ipc } from '../ipc/renderer';
import * as local from './local';
ipc.dialog.openFile();
//         ^^^^^^^^ invoke dialog:openFile
ipc.dialog.onProgress(() => {});
//         ^^^^^^^^^^ listen dialog:progress
ipc.dialog.nothing({});
local.dialog.openFile({});
"#,
    );
}
