//! Sites of the fixtures under `fixtures/flow/`, marked in their sources: channel tables
//! (`tables/`) iterated into Electron calls in main and preload, each clean and with a mistake
//! that only the table shows, and re-emitters (`reemit/`): objects whose IPC listeners emit under
//! the same channel, whose own `on` calls are receivers.

use std::path::Path;

use super::site_tests::check_sites;

/// The scripts of a fixture folder as one marker fixture (`//- /path` before each file).
pub(super) fn fixture_text(dir: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ts" || e == "js" || e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no files in {dir}");
    let mut text = String::new();
    for path in files {
        let rel = path.strip_prefix(&root).expect("inside").to_string_lossy().replace('\\', "/");
        text.push_str(&format!("//- /{rel}\n"));
        text.push_str(&std::fs::read_to_string(&path).expect("fixture file"));
    }
    text
}

#[test]
fn tables_clean() {
    check_sites(&fixture_text("flow/tables/clean"));
}

#[test]
fn tables_with_an_entry_nobody_handles() {
    check_sites(&fixture_text("flow/tables/mistake"));
}

#[test]
fn reemitters_make_their_own_on_calls_receivers() {
    check_sites(&fixture_text("flow/reemit/clean"));
}

#[test]
fn a_bus_listener_of_a_channel_main_never_pushes() {
    check_sites(&fixture_text("flow/reemit/mistake"));
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
    check_sites(&fixture_text("flow/tables-built/clean"));
}

#[test]
fn a_built_map_without_a_command_and_a_set_with_an_event_never_pushed() {
    check_sites(&fixture_text("flow/tables-built/mistake"));
}

#[test]
fn tables_imported_from_a_channels_module_are_sited_at_their_entries() {
    check_sites(&fixture_text("flow/tables-imported/clean"));
}

#[test]
fn imported_table_entries_that_nothing_uses() {
    check_sites(&fixture_text("flow/tables-imported/mistake"));
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
