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

/// The files of `fixtures/<dir>` as one marker fixture (their `// ^^^` comments are the markers).
fn fixture_dir(dir: &str) -> String {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
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
fn receivers_by_declared_type() {
    check_sites(&fixture_dir("flow/declared-types"));
    check_sites(&fixture_dir("flow/declared-types-typo"));
}

#[test]
fn scoped_and_service_worker_receivers() {
    check_sites(&fixture_dir("flow/scoped-receivers"));
    check_sites(&fixture_dir("flow/scoped-receivers-typo"));
}

#[test]
fn declared_types_in_one_file() {
    check_sites(
        r#"
//- /src/main/push.ts
import { WebContents } from 'electron'
type Host = Electron.WebContents
function each(hosts: Array<Host | null>, views: WebContents[]) {
  hosts.forEach((h) => h?.send('a:host'))
  //                           ^^^^^^^^ push a:host
  for (const v of views) v.send('a:view')
  //                            ^^^^^^^^ push a:view
}
type Bus = { send(channel: string): void }
function quiet(bus: Bus, other: Unknown) {
  bus.send('not:ipc')
  other.send('not:ipc')
}
"#,
    );
}

#[test]
fn methods_renamed_destructured_and_aliased_into_objects() {
    check_sites(
        r#"
//- /src/preload/index.ts
import { ipcRenderer } from 'electron'
const { invoke: ipcInvoke, on: ipcOn } = ipcRenderer
const { ipcRenderer: { send } } = require('electron')
const ipc = { send: ipcRenderer.send.bind(ipcRenderer), invoke: ipcRenderer.invoke, nested: { on: ipcRenderer.on } }
ipcInvoke('m:invoke')
//        ^^^^^^^^^^ invoke m:invoke
ipcOn('m:on', () => {})
//    ^^^^^^ listen m:on
send('m:send')
//   ^^^^^^^^ send m:send
ipc.send('m:bound')
//       ^^^^^^^^^ send m:bound
ipc.invoke('m:member')
//         ^^^^^^^^^^ invoke m:member
ipc.nested.on('m:nested', () => {})
//            ^^^^^^^^^^ listen m:nested
const bus = { send: (c: string) => c }
bus.send('not:ipc')
"#,
    );
}

#[test]
fn wrapper_class_instances_in_tables() {
    check_sites(&fixture_dir("flow/instance-tables"));
    check_sites(&fixture_dir("flow/instance-tables-typo"));
}

#[test]
fn wrappers_over_a_generic_bridge() {
    check_sites(
        r#"
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('desk', {
  invoke: (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  send: (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args),
  on: (channel: string, fn: (...args: unknown[]) => void) => ipcRenderer.on(channel, (_e, ...a) => fn(...a)),
});
//- /src/renderer/transport.ts
class DeskTransport {
  invoke(channel: string, ...args: unknown[]) {
    return window.desk.invoke(channel, ...args);
  }
  send(channel: string, ...args: unknown[]) {
    window.desk.send(channel, ...args);
  }
  subscribe(channel: string, fn: (...args: unknown[]) => void) {
    window.desk.on(channel, fn);
  }
}
export const transport = new DeskTransport();
export function fetchTask(id: string) {
  return transport.invoke('task:fetch', id);
//                        ^^^^^^^^^^^^ invoke task:fetch
}
//- /src/renderer/store/tasks.ts
import { transport } from '../transport';
export async function refresh() {
  const list = await transport.invoke('task:list');
//                                    ^^^^^^^^^^^ invoke task:list
  transport.send('task:seen', list.length);
//               ^^^^^^^^^^^ send task:seen
  transport.subscribe('task:changed', () => refresh());
//                    ^^^^^^^^^^^^^^ listen task:changed
}
"#,
    );
}

#[test]
fn tables_rewritten_from_their_keys() {
    check_sites(
        r#"
//- /src/common/channels.ts
const PREFIX = 'app'
const groups = {
  settings: { get_setting: '', set_setting: 'set' },
  player: { play: 'play', stop: '' },
}
for (const group of Object.keys(groups) as Array<keyof typeof groups>) {
  const names = groups[group]
  for (const name of Object.keys(names)) {
    names[name] = `${group}_${name}` as never
  }
}
const flat = { open: '', close: '' }
for (const k in flat) flat[k] = PREFIX + ':' + k
const hashed = { save: 'save' }
for (const k of Object.keys(hashed)) hashed[k] = hash(k)
export const SETTINGS = groups.settings
export const PLAYER = groups.player
export { flat, hashed }
//- /src/main/index.ts
import { ipcMain } from 'electron'
import { SETTINGS, PLAYER, flat, hashed } from '../common/channels'
ipcMain.handle(SETTINGS.get_setting, () => ({}))
//             ^^^^^^^^^^^^^^^^^^^^ handle settings_get_setting
ipcMain.on(PLAYER.play, () => {})
//         ^^^^^^^^^^^ on player_play
ipcMain.on(flat.open, () => {})
//         ^^^^^^^^^ on app:open
ipcMain.on(hashed.save, () => {})
//         ^^^^^^^^^^^ on ?hashed.save
//- /src/renderer/settings.ts
import { ipcRenderer } from 'electron'
import { SETTINGS, flat } from '../common/channels'
ipcRenderer.invoke(SETTINGS.set_setting)
//                 ^^^^^^^^^^^^^^^^^^^^ invoke settings_set_setting
ipcRenderer.send(flat.close)
//               ^^^^^^^^^^ send app:close
"#,
    );
}

#[test]
fn transports_returned_by_functions_and_hook_wrappers() {
    check_sites(
        r#"
//- /src/shared/channels.ts
export const Queries = { ListEpisodes: 'query:listEpisodes', GetQueue: 'query:getQueue' } as const
export const Commands = { Play: 'command:play', Pause: 'command:pause' } as const
export const Events = { QueueChanged: 'event:queueChanged', Progress: 'event:progress' } as const
export type QueryChannel = (typeof Queries)[keyof typeof Queries]
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron'
import type { HarborAPI } from './api'
const listeners = new Map<string, (...a: unknown[]) => void>()
const api: HarborAPI = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, callback) => {
    const wrapper = (_e: Electron.IpcRendererEvent, ...a: unknown[]) => callback(...a)
    listeners.set(channel, wrapper)
    ipcRenderer.on(channel, wrapper)
  },
  off: (channel, callback) => {
    const wrapper = listeners.get(channel)
    if (wrapper) ipcRenderer.removeListener(channel, wrapper)
  },
}
contextBridge.exposeInMainWorld('harbor', api)
//- /src/renderer/lib/transport/ipc.ts
import type { Transport } from './types'
function getHarbor(): NonNullable<Window['harbor']> {
  if (!window.harbor) throw new Error('preload missing')
  return window.harbor
}
export class IpcTransport implements Transport {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return await getHarbor().invoke(channel, ...args)
  }
  on(channel: string, cb: (...a: unknown[]) => void): void {
    getHarbor().on(channel, cb)
  }
  off(channel: string, cb: (...a: unknown[]) => void): void {
    getHarbor().off(channel, cb)
  }
}
//- /src/renderer/lib/transport/http.ts
import type { Transport } from './types'
export class HttpTransport implements Transport {
  constructor(private base: string) {}
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const res = await fetch(`${this.base}/rpc/${channel}`, { method: 'POST', body: JSON.stringify(args) })
    return res.json()
  }
  on(_channel: string, _cb: (...a: unknown[]) => void): void {}
  off(_channel: string, _cb: (...a: unknown[]) => void): void {}
}
//- /src/renderer/lib/transport/index.ts
import { IpcTransport } from './ipc'
import { HttpTransport } from './http'
import type { Transport } from './types'
function createTransport(): Transport {
  if (import.meta.env.MODE !== 'web') return new IpcTransport()
  return new HttpTransport(location.origin)
}
export const transport: Transport = createTransport()
//- /src/renderer/hooks/use-polled-query.ts
import { useEffect, useState } from 'react'
import { transport } from '../lib/transport'
import type { QueryChannel } from '../../shared/channels'
export function usePolledQuery<T>(channel: QueryChannel, everyMs: number): T | undefined {
  const [data, setData] = useState<T>()
  useEffect(() => {
    const tick = () => transport.invoke(channel).then((v) => setData(v as T))
    const timer = setInterval(tick, everyMs)
    return () => clearInterval(timer)
  }, [channel, everyMs])
  return data
}
//- /src/renderer/hooks/use-ipc-event.ts
import { useEffect } from 'react'
import { transport } from '../lib/transport'
export function useIpcEvent(channel: string, cb: (...a: unknown[]) => void): void {
  useEffect(() => {
    transport.on(channel, cb)
    return () => transport.off(channel, cb)
  }, [channel, cb])
}
//- /src/renderer/hooks/use-player-status.ts
import { useEffect, useState } from 'react'
import { transport } from '../lib/transport'
const PLAYER_EVENTS = [
  'event:queueChanged',
//^^^^^^^^^^^^^^^^^^^^ listen event:queueChanged
//^^^^^^^^^^^^^^^^^^^^ remove event:queueChanged
  'event:progress',
//^^^^^^^^^^^^^^^^ listen event:progress
//^^^^^^^^^^^^^^^^ remove event:progress
] as const
export function usePlayerStatus(reload: () => void) {
  useEffect(() => {
    for (const event of PLAYER_EVENTS) transport.on(event, reload)
    return () => {
      for (const event of PLAYER_EVENTS) window.harbor.off(event, reload)
    }
  }, [reload])
}
//- /src/renderer/lib/transport/picked.ts
import { IpcTransport } from './ipc'
import { HttpTransport } from './http'
import type { Transport } from './types'
export const picked: Transport = navigator.onLine ? new IpcTransport() : new HttpTransport('/api')
//- /src/renderer/lib/transport/types.ts
export interface Transport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, cb: (...a: unknown[]) => void): void
  off(channel: string, cb: (...a: unknown[]) => void): void
}
//- /src/renderer/views/settings.ts
import { picked } from '../lib/transport/picked'
export const saveSettings = (s: object) => picked.invoke('command:saveSettings', s)
//                                                       ^^^^^^^^^^^^^^^^^^^^^^ invoke command:saveSettings
//- /src/renderer/views/queue.tsx
import { useCallback } from 'react'
import { transport } from '../lib/transport'
import { usePolledQuery } from '../hooks/use-polled-query'
import { useIpcEvent } from '../hooks/use-ipc-event'
import { Commands, Events, Queries } from '../../shared/channels'
export function QueuePanel({ playing }: { playing: boolean }) {
  const queue = usePolledQuery(Queries.GetQueue, 1000)
  //                           ^^^^^^^^^^^^^^^^ invoke query:getQueue
  useIpcEvent(Events.Progress, () => {})
  //          ^^^^^^^^^^^^^^^ listen event:progress
  //          ^^^^^^^^^^^^^^^ remove event:progress
  const toggle = () => transport.invoke(playing ? Commands.Pause : Commands.Play)
  //                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invoke command:pause
  //                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invoke command:play
  return <button onClick={toggle}>{String(queue)}</button>
}
export function Controls({ playing }: { playing: boolean }) {
  const run = useCallback(async (channel: string) => {
    await transport.invoke(channel)
  }, [])
  return <button onClick={() => run(playing ? Commands.Pause : Commands.Play)} />
  //                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invoke command:pause
  //                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invoke command:play
}
export async function loadEpisodes() {
  const changed = Events.QueueChanged as unknown as string
  transport.on(changed, loadEpisodes)
  //           ^^^^^^^ listen event:queueChanged
  return transport.invoke(Queries.ListEpisodes)
  //                      ^^^^^^^^^^^^^^^^^^^^ invoke query:listEpisodes
}
"#,
    );
}

#[test]
fn channels_carried_in_an_object_argument() {
    check_sites(
        r#"
//- /src/main/window.ts
import { BrowserWindow } from 'electron';
let main: BrowserWindow | null = null;
export function pushToWindow(name: string, payload?: unknown) {
  main?.webContents.send(name, payload);
}
//- /src/main/updates.ts
import { autoUpdater } from 'electron-updater';
import { pushToWindow } from './window';
interface Pending { channel: string; detail: unknown }
const STALLED = { channel: 'updates:stalled', detail: null };
const deliverLater = (pending: Pending) => {
  setTimeout(() => pushToWindow(pending.channel, pending.detail), 500);
};
const relay = (pending: Pending) => deliverLater(pending);
autoUpdater.on('update-available', (info) => {
  deliverLater({ channel: 'updates:available', detail: info });
//             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ push updates:available
});
autoUpdater.on('error', (err) => {
  relay({ detail: err.message, channel: 'updates:failed' });
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ push updates:failed
});
deliverLater(STALLED);
//           ^^^^^^^ push updates:stalled
export function forward(channel: string) {
  deliverLater({ channel, detail: 0 });
}
forward('updates:forwarded');
//      ^^^^^^^^^^^^^^^^^^^ push updates:forwarded
"#,
    );
}

#[test]
fn entries_of_a_table_bound_inside_a_method() {
    check_sites(
        r#"
//- /src/preload/typed-ipc.ts
import { ipcRenderer as untyped } from 'electron/renderer';
export const ipcRenderer: { on(channel: string, fn: () => void): void } = untyped;
//- /src/preload/shell.ts
import { ipcRenderer as direct } from 'electron';
import { ipcRenderer } from './typed-ipc';
class Shell {
  views: Array<{ reload(): void; back(): void }> = [];
  register(): void {
    // "view:reload" is named in this comment before the table.
    const actions: Array<[string, (v: { reload(): void; back(): void }) => void]> = [
      [
        "view:reload",
//      ^^^^^^^^^^^^^ listen view:reload
        (v) => v.reload(),
      ],
      ['view:back', (v) => v.back()],
//     ^^^^^^^^^^^ listen view:back
    ];
    for (const [channel, act] of actions) {
      ipcRenderer.on(channel, () => this.views.forEach(act));
    }
    const plain = ['view:zoom', 'view:print'];
//                 ^^^^^^^^^^^ listen view:zoom
//                              ^^^^^^^^^^^^ listen view:print
    plain.forEach((ch) => {
      direct.on(ch, () => {});
    });
  }
}
"#,
    );
}

#[test]
fn transport_objects_over_a_generic_bridge() {
    check_sites(&fixture_dir("flow/transport/clean"));
    check_sites(&fixture_dir("flow/transport/mistake"));
}

#[test]
fn bridges_injected_by_a_provider_or_typed_by_the_window() {
    check_sites(
        r#"
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('host', {
  invoke: (channel: string, ...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  send: (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args),
  reload: () => ipcRenderer.send('app:reload'),
//                               ^^^^^^^^^^^^ send app:reload
});
//- /src/renderer/host.ts
export abstract class HostApi {
  abstract invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  abstract send(channel: string, ...args: unknown[]): void;
  abstract reload(): void;
}
export interface HostBridge {
  send(channel: string, ...args: unknown[]): void;
}
export class WebHost extends HostApi {
  invoke(channel: string) {
    return fetch(`/api/${channel}`).then((r) => r.json());
  }
  send() {}
  reload() {
    location.reload();
  }
}
//- /src/renderer/main.ts
import { HostApi, WebHost, type HostBridge } from './host';
declare global {
  interface Window {
    host: HostBridge;
  }
}
const isWeb = !('host' in window);
export const providers = [
  { provide: HostApi, useFactory: () => (isWeb ? new WebHost() : window.host) },
];
//- /src/renderer/settings.service.ts
import { inject } from '@angular/core';
import { HostApi } from './host';
export class SettingsService {
  private host = inject(HostApi);
  load() {
    return this.host.invoke('settings:load');
//                          ^^^^^^^^^^^^^^^ invoke settings:load
  }
  restart() {
    this.host.reload();
//            ^^^^^^ send app:reload
  }
}
//- /src/renderer/toolbar.component.ts
import { HostApi } from './host';
class Local {
  invoke(channel: string) {
    return channel;
  }
}
export class ToolbarComponent {
  private local = new Local();
  constructor(private readonly host: HostApi, other: HostApi) {
    this.host.send('window:close');
//                 ^^^^^^^^^^^^^^ send window:close
    other.send('window:focus');
//             ^^^^^^^^^^^^^^ send window:focus
    this.local.invoke('not:ipc');
  }
}
//- /src/renderer/tokens.ts
import { InjectionToken } from '@angular/core';
import type { HostBridge } from './host';
export const HOST = new InjectionToken<HostBridge>('host');
export const providers = [{ provide: HOST, useValue: window.host }];
//- /src/renderer/status.component.ts
import { Inject } from '@angular/core';
import { HOST } from './tokens';
export class StatusComponent {
  constructor(@Inject(HOST) private readonly bridge: unknown) {}
  ping() {
    this.bridge.send('status:ping');
//                   ^^^^^^^^^^^^^ send status:ping
  }
}
//- /src/renderer/clipboard.ts
import type { HostBridge } from './host';
export function copy(bridge: HostBridge, text: string) {
  bridge.send('clipboard:write', text);
//            ^^^^^^^^^^^^^^^^^ send clipboard:write
}
"#,
    );
    check_sites(&fixture_dir("flow/injected-bridge"));
    check_sites(&fixture_dir("flow/injected-bridge-typo"));
}

#[test]
fn bridges_a_preload_assigns_to_window() {
    check_sites(
        r#"
//- /src/main/index.ts
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'path';
ipcMain.on('call:join', () => {});
//         ^^^^^^^^^^^ on call:join
app.whenReady().then(() => {
  new BrowserWindow({ webPreferences: { preload: join(__dirname, '../preload/index.js'), contextIsolation: false } });
});
//- /src/preload/index.ts
import { ipcRenderer } from 'electron';
const media = {
  mute: () => ipcRenderer.send('call:mute'),
//                             ^^^^^^^^^^^ send call:mute
};
window.call = {
  join: (room: string) => ipcRenderer.send('call:join', room),
//                                         ^^^^^^^^^^^ send call:join
  ipc: { send: (channel: string, ...args: unknown[]) => ipcRenderer.send(channel, ...args) },
};
window.media = media;
window.media.unmute = () => ipcRenderer.send('call:unmute');
//                                           ^^^^^^^^^^^^^ send call:unmute
//- /src/renderer/room.ts
export function enter(room: string) {
  window.call.join(room);
//            ^^^^ send call:join
  window.call.ipc.send('call:ready', room);
//                     ^^^^^^^^^^^^ send call:ready
  window.media.mute();
//             ^^^^ send call:mute
  window.state.save('not:ipc');
}
//- /src/renderer/state.ts
import { ipcRenderer } from 'electron';
// The page's own global: not a bridge, though it calls IPC.
window.state = {
  save: (key: string) => ipcRenderer.send('state:save', key),
//                                        ^^^^^^^^^^^^ send state:save
};
"#,
    );
    check_sites(&fixture_dir("flow/assigned-bridge"));
    check_sites(&fixture_dir("flow/assigned-bridge-typo"));
}

#[test]
fn calls_on_typed_class_fields() {
    check_sites(
        r#"
//- /src/main/router.ts
import type { IpcMain } from 'electron';
import { ipcMain } from 'electron';
export class Router {
  private readonly started: string[] = [];
  constructor(private readonly ipc: IpcMain, name: string) {
    this.started.push(name);
  }
  start() {
    this.ipc.handle('route:go', () => true);
//                  ^^^^^^^^^^ handle route:go
    this.started.push('route:not');
  }
}
new Router(ipcMain, 'main').start();
"#,
    );
}

#[test]
fn event_sender_of_a_renderer_listener_is_ipc_renderer() {
    check_sites(
        r#"
//- /package.json
{ "main": "src/main/index.ts" }
//- /src/main/index.ts
import { BrowserWindow, ipcMain } from 'electron';
new BrowserWindow({ webPreferences: { preload: 'preload/echo.js' } });
ipcMain.on('echo:ask', (event) => {
//         ^^^^^^^^^^ on echo:ask
  event.sender.send('echo:ask');
//                  ^^^^^^^^^^ push echo:ask
});
//- /src/preload/echo.ts
import { ipcRenderer } from 'electron';
class Echo {
  answer(event: { sender: { send(ch: string, v: string): void } }, id: string) {
    event.sender.send('echo:answer', id);
//                    ^^^^^^^^^^^^^ send echo:answer
  }
}
const echo = new Echo();
ipcRenderer.on('echo:ask', (event) => echo.answer(event, 'x'));
//             ^^^^^^^^^^ listen echo:ask
"#,
    );
}

#[test]
fn object_arguments_and_local_tables() {
    check_sites(&fixture_dir("flow/object-arguments"));
    check_sites(&fixture_dir("flow/object-arguments-typo"));
}

#[test]
fn tables_in_class_fields() {
    check_sites(
        r#"
//- /src/preload/guest.ts
import { ipcRenderer } from 'electron';
export class GuestController {
  handlers = {
    'guest:init': 'initialize',
//  ^^^^^^^^^^^^ listen guest:init
    'guest:settings': 'applySettings',
//  ^^^^^^^^^^^^^^^^ listen guest:settings
  };
  static PINGS = ['guest:ping', 'guest:pong'];
//                ^^^^^^^^^^^^ listen guest:ping
//                              ^^^^^^^^^^^^ listen guest:pong
  start() {
    for (const channel of Object.keys(this.handlers)) {
      ipcRenderer.on(channel, (_e, ...args) => (this as any)[(this.handlers as any)[channel]](...args));
    }
    GuestController.PINGS.forEach((ch) => ipcRenderer.on(ch, () => {}));
  }
  initialize() {}
  applySettings() {}
}
class Other {
  handlers = { 'other:x': 'x' };
  report() {
    ipcRenderer.send(this.handlers['other:x']);
//                   ^^^^^^^^^^^^^^^^^^^^^^^^ send x
  }
}
new Other().report();
"#,
    );
}

#[test]
fn webview_tags_held_in_fields() {
    check_sites(
        r#"
//- /src/renderer/services.ts
import type ElectronWebView from 'react-electron-web-view';
class Service {
  webview: ElectronWebView | null = null;
  mute() {
    this.webview?.send('guest:mute');
//                     ^^^^^^^^^^^^ guest guest:mute
  }
}
export function poll(service: Service) {
  service.webview!.send('guest:poll');
//                      ^^^^^^^^^^^^ guest guest:poll
}
class Tab {
  // A promised workspace object with its own `send`, not a tag.
  webview: Promise<{ send(channel: string): void }> = Promise.resolve({ send() {} });
  async activate() {
    (await this.webview).send('tab:active');
    const view = await this.webview;
    view.send('tab:shown');
  }
}
"#,
    );
}

#[test]
fn channels_in_destructured_object_parameters() {
    check_sites(
        r#"
//- /src/renderer/store.ts
class ServiceStore {
  find(id: string): { webview: { send(ch: string, a: unknown): void } | null } {
    return { webview: null };
  }
  _sendToService({ serviceId, channel, args = {} }: { serviceId: string; channel: string; args?: unknown }) {
    const service = this.find(serviceId);
    if (service.webview) service.webview.send(channel, args);
  }
  updateSettings(serviceId: string, settings: unknown) {
    this._sendToService({ serviceId, channel: 'service:settings', args: settings });
//                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ guest service:settings
  }
}
"#,
    );
}

/// A function that calls its parameter with channels (`register(sendEvent)` calling
/// `sendEvent(EVENTS.added, list)`): where its callers pass a wrapper by name, each call of the
/// parameter is a site of the wrapper's kind.
#[test]
fn calls_of_a_parameter_given_a_wrapper_by_name() {
    check_sites(
        r#"
//- /src/common/events.ts
export const LIST_EVENTS = { added: 'list:added', cleared: 'list:cleared' } as const;
//- /src/main/window.ts
import { BrowserWindow } from 'electron';
let win: BrowserWindow | null = null;
export const sendEvent = (name: string, params?: unknown) => {
  win?.webContents.send(name, params);
};
//- /src/main/list/events.ts
import { LIST_EVENTS } from '../../common/events';
export const registerListEvents = (sendEvent: (name: string, params?: unknown) => void) => {
  const onAdded = (ids: string[]) => {
    sendEvent(LIST_EVENTS.added, ids);
//            ^^^^^^^^^^^^^^^^^ push list:added
  };
  const onCleared = () => sendEvent(LIST_EVENTS.cleared);
//                                  ^^^^^^^^^^^^^^^^^^^ push list:cleared
  return { onAdded, onCleared };
};
export function unrelated(callback: (name: string) => void) {
  callback('list:not-a-channel');
}
//- /src/main/index.ts
import { app } from 'electron';
import { registerListEvents as list } from './list/events';
import { sendEvent } from './window';
import { unrelated } from './list/events';
app.whenReady().then(() => {
  list(sendEvent);
  unrelated((n) => console.log(n));
});
"#,
    );
}

/// Node's `global` holds main-process singletons: a distinctive wrapper method called through it
/// (`global.application.windowManager.sendToAllWindows`) is found, in a file that names no IPC.
#[test]
fn wrapper_methods_called_through_node_global() {
    check_sites(
        r#"
//- /src/browser/window-manager.ts
import { BrowserWindow } from 'electron';
export default class WindowManager {
  private windows: BrowserWindow[] = [];
  sendToAllWindows(channel: string, ...args: unknown[]) {
    for (const win of this.windows) win.webContents.send(channel, ...args);
  }
}
//- /src/browser/application.ts
import WindowManager from './window-manager';
export default class Application {
  windowManager = new WindowManager();
}
//- /src/browser/notifications.ts
const sendToAllWindows = (channel: string, data: unknown) => {
  global.application?.windowManager.sendToAllWindows(channel, data);
};
export function notifyClosed(id: string) {
  sendToAllWindows('notification:closed', { id });
//                 ^^^^^^^^^^^^^^^^^^^^^ push notification:closed
}
"#,
    );
}

/// A preload that re-dispatches pushes as DOM events under the same name makes the page's
/// `addEventListener` calls of those names receivers; other DOM events stay what they are.
#[test]
fn pushes_re_dispatched_as_dom_events() {
    check_sites(
        r#"
//- /src/main/index.ts
import { BrowserWindow } from 'electron';
const win = new BrowserWindow({ webPreferences: { preload: 'preload.js' } });
win.webContents.send('theme:changed', 'dark');
//                   ^^^^^^^^^^^^^^^ push theme:changed
//- /src/preload/preload.ts
import { ipcRenderer } from 'electron';
for (const name of ['theme:changed', 'sync:done']) {
//                  ^^^^^^^^^^^^^^^ listen theme:changed
//                                   ^^^^^^^^^^^ listen sync:done
  ipcRenderer.on(name, (_event, detail) => window.dispatchEvent(new CustomEvent(name, { detail })));
}
//- /src/renderer/app.ts
window.addEventListener('theme:changed', (e) => console.log((e as CustomEvent).detail));
//                      ^^^^^^^^^^^^^^^ listen theme:changed
window.addEventListener('resize', () => console.log('resized'));
document.addEventListener('sync:done', () => console.log('synced'));
//                        ^^^^^^^^^^^ listen sync:done
"#,
    );
}

#[test]
fn destructured_and_bound_ipc_methods() {
    check_sites(&fixture_dir("flow/aliases/clean"));
    check_sites(&fixture_dir("flow/aliases/mistake"));
}
