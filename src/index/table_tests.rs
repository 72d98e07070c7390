//! Sites of the fixtures under `fixtures/flow/`, marked in their sources: channel tables
//! (`tables/`) iterated into Electron calls in main and preload, each clean and with a mistake
//! that only the table shows, and re-emitters (`reemit/`): objects whose IPC listeners emit under
//! the same channel, whose own `on` calls are receivers.

use super::site_tests::{check_sites, fixture_dir};

#[test]
fn tables_clean() {
    check_sites(&fixture_dir("flow/tables/clean"));
}

#[test]
fn tables_with_an_entry_nobody_handles() {
    check_sites(&fixture_dir("flow/tables/mistake"));
}

#[test]
fn reemitters_make_their_own_on_calls_receivers() {
    check_sites(&fixture_dir("flow/reemit/clean"));
}

#[test]
fn a_bus_listener_of_a_channel_main_never_pushes() {
    check_sites(&fixture_dir("flow/reemit/mistake"));
}

#[test]
fn a_bus_that_does_not_forward_ipc_stays_silent() {
    check_sites(
        r#"
//- /src/preload/bus.ts
import { EventEmitter } from 'events';
import { ipcRenderer } from 'electron';
export const events = new EventEmitter();
export const pushes = new EventEmitter();
ipcRenderer.on('sync:done', (_e, n) => events.emit('sync:finished', n));
//             ^^^^^^^^^^^ listen sync:done
ipcRenderer.on('sync:start', () => pushes.emit('sync:start'));
//             ^^^^^^^^^^^^ listen sync:start
//- /src/preload/index.ts
import { events, pushes } from './bus';
events.on('sync:done', () => {});
events.on('sync:finished', () => {});
pushes.on('sync:other', () => {});
pushes.on('sync:start', () => {});
//        ^^^^^^^^^^^^ listen sync:start
"#,
    );
}

#[test]
fn tables_built_by_functions_and_sets_of_members() {
    check_sites(&fixture_dir("flow/tables-built/clean"));
}

#[test]
fn a_built_map_without_a_command_and_a_set_with_an_event_never_pushed() {
    check_sites(&fixture_dir("flow/tables-built/mistake"));
}

#[test]
fn tables_imported_from_a_channels_module_are_sited_at_their_entries() {
    check_sites(&fixture_dir("flow/tables-imported/clean"));
}

#[test]
fn imported_table_entries_that_nothing_uses() {
    check_sites(&fixture_dir("flow/tables-imported/mistake"));
}

#[test]
fn a_callback_called_with_each_entry_of_an_imported_table() {
    check_sites(
        r#"
//- /src/shared/forwarded.ts
export const FORWARDED_EVENTS = ['download:progress', 'download:done'];
//                               ^^^^^^^^^^^^^^^^^^^ push download:progress
//                                                    ^^^^^^^^^^^^^^^ push download:done
export const LOCAL_EVENTS = ['engine:tick'];
//- /src/core/forward.ts
import { FORWARDED_EVENTS, LOCAL_EVENTS } from '../shared/forwarded';
import type { Bus } from './bus';
export function forEachForwarded(bus: Bus, handler: (channel: string, args: unknown[]) => void): void {
  for (const channel of FORWARDED_EVENTS) {
    bus.on(channel, (...args: unknown[]) => handler(channel, args));
  }
}
export function forEachLocal(bus: Bus, handler: (channel: string) => void): void {
  LOCAL_EVENTS.forEach((channel) => bus.on(channel, () => handler('engine:' + channel)));
}
//- /src/main/windows.ts
import { BrowserWindow } from 'electron';
export class Windows {
  private all = new Set<BrowserWindow>();
  broadcast(channel: string, ...args: unknown[]): void {
    for (const win of this.all) win.webContents.send(channel, ...args);
  }
}
//- /src/main/forwarding.ts
import { forEachForwarded, forEachLocal } from '../core/forward';
import type { Bus } from '../core/bus';
import type { Windows } from './windows';
export function setupForwarding(bus: Bus, windows: Windows): void {
  forEachForwarded(bus, (channel, args) => windows.broadcast(channel, ...args));
  forEachLocal(bus, (channel) => windows.broadcast(channel));
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
