//! Sites through bridges the renderer reaches indirectly: wrappers over a generic bridge, renderer
//! transports (bridges and instances returned by functions, hook wrappers), bridges injected by a
//! provider or typed by the `Window` declaration, and bridges a preload assigns to `window`.

use super::site_tests::{check_sites, fixture_dir};

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
