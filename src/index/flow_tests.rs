//! Sites the value flow finds beyond direct bindings: receivers by declared type (parameters,
//! locals, fields, function results, type guards), instances in tables, channels carried in object
//! arguments and destructured parameters, wrappers passed by name, methods called through Node's
//! `global`, DOM events re-dispatched by a preload, and IPC methods destructured or bound.

use super::site_tests::{check_sites, fixture_dir};

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
