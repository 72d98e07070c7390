//! A deterministic generator of Electron-like workspaces for benchmarks: main, preload and renderer
//! folders, a shared channels module, a wrapper, a generic bridge, a `.proto` contract, and plain
//! files that never mention IPC (about 4% of files use IPC). Seeded; no randomness source needed.

#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

use ipcls::base::rng::Lcg;

/// Writes a workspace of `files` source files under `root`; returns the path of a large renderer
/// file of `big_lines` lines (for keystroke benchmarks).
///
/// Like a real app, nearly every channel is wired: each `CHANNELS` entry is handled in main (a
/// table loop and a wrapper), the events enum is pushed by main and listened to through the
/// preload, the big file's `log:*` sends have `ipcMain.on` listeners; one site in 500 is a typo.
pub fn generate(root: &Path, files: usize, big_lines: usize, seed: u64) -> std::path::PathBuf {
    let mut rng = Lcg::new(seed);
    let channels = (files / 25).max(8);
    let events = (channels / 10).max(4);
    let logs = (channels / 4).max(8);
    let w = |rel: &str, text: String| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    let mut shared = String::from("export const CHANNELS = {\n");
    for c in 0..channels {
        let _ = writeln!(shared, "  c{c}: 'feature{}:action{c}',", c % 17);
    }
    shared.push_str("} as const;\n\nexport const LOG_CHANNELS = [\n");
    for l in 0..logs {
        let _ = writeln!(shared, "  'log:topic{l}',");
    }
    shared.push_str("] as const;\n");
    w("src/shared/channels.ts", shared);
    let mut events_ts = String::from("export enum Events {\n");
    for e in 0..events {
        let _ = writeln!(events_ts, "  E{e} = 'event:e{e}',");
    }
    events_ts.push_str("}\n");
    w("src/shared/events.ts", events_ts);
    w(
        "src/main/ipc.ts",
        "import { ipcMain } from 'electron';\nexport function handle(ch: string, fn: (...a: unknown[]) => unknown) {\n  ipcMain.handle(ch, (_e, ...a) => fn(...a));\n}\n".into(),
    );
    // Handlers for every channel that no feature file handles, through a table.
    let handled_by_feature: Vec<usize> =
        (0..files).filter(|i| i % 25 == 0 && i % 2 == 0).map(|i| (i / 25) % channels).collect();
    let mut table = String::from("import { ipcMain, BrowserWindow } from 'electron';\nimport { LOG_CHANNELS } from '../shared/channels';\nimport { Events } from '../shared/events';\n\nconst REST = [\n");
    for c in (0..channels).filter(|c| !handled_by_feature.contains(c)) {
        let _ = writeln!(table, "  'feature{}:action{c}',", c % 17);
    }
    table.push_str("] as const;\n\nexport function registerAll(win: BrowserWindow) {\n  for (const ch of REST) {\n    ipcMain.handle(ch, async () => ch);\n  }\n  for (const ch of LOG_CHANNELS) {\n    ipcMain.on(ch, (_e, line: unknown) => console.log(ch, line));\n  }\n");
    for e in 0..events {
        let _ = writeln!(table, "  win.webContents.send(Events.E{e}, {e});");
    }
    table.push_str("}\n");
    w("src/main/handlers.ts", table);
    // The contract declares every channel: `Feature{k}Service.Action{c}` is `feature{k}:action{c}`.
    let mut proto = String::from("syntax = \"proto3\";\npackage bench;\nimport \"google/protobuf/empty.proto\";\n");
    for k in 0..17.min(channels) {
        let _ = writeln!(proto, "service Feature{k}Service {{");
        for c in (k..channels).step_by(17) {
            let _ = writeln!(proto, "  rpc Action{c}(google.protobuf.Empty) returns (google.protobuf.Empty);");
        }
        proto.push_str("}\n");
    }
    proto.push_str("service LogService {\n");
    for l in 0..logs {
        let _ = writeln!(proto, "  rpc Topic{l}(google.protobuf.Empty) returns (google.protobuf.Empty);");
    }
    proto.push_str("}\nservice EventService {\n");
    for e in 0..events {
        let _ = writeln!(proto, "  rpc E{e}(google.protobuf.Empty) returns (stream google.protobuf.Empty);");
    }
    proto.push_str("}\n");
    w("proto/bench.proto", proto);
    let mut preload = String::from("import { contextBridge, ipcRenderer } from 'electron';\nimport { Events } from '../shared/events';\ncontextBridge.exposeInMainWorld('api', {\n  invoke: (ch: string, ...a: unknown[]) => ipcRenderer.invoke(ch, ...a),\n");
    for c in 0..channels {
        let _ = writeln!(preload, "  action{c}: () => ipcRenderer.invoke('feature{}:action{c}'),", c % 17);
    }
    for e in 0..events {
        let _ =
            writeln!(preload, "  onE{e}: (fn: (v: number) => void) => ipcRenderer.on(Events.E{e}, (_e, v) => fn(v)),");
    }
    preload.push_str("});\n");
    w("src/preload/index.ts", preload);
    let ipc_every = 25;
    for i in 0..files {
        let mut text = String::new();
        if i % ipc_every == 0 {
            let c = (i / ipc_every) % channels;
            if i % 2 == 0 {
                let _ = writeln!(
                    text,
                    "import {{ handle }} from '../../main/ipc';\nimport {{ CHANNELS }} from '../../shared/channels';"
                );
                let _ = writeln!(text, "handle(CHANNELS.c{c}, () => {i});");
                w(&format!("src/main/features/f{i}.ts"), text);
            } else {
                let c = rng.below(channels);
                let _ = match i % 3 {
                    0 => writeln!(text, "export async function run{i}() {{\n  return window.api.action{c}();\n}}"),
                    1 => writeln!(
                        text,
                        "import {{ CHANNELS }} from '../../shared/channels';\nexport async function run{i}() {{\n  return window.api.invoke(CHANNELS.c{c});\n}}"
                    ),
                    _ => writeln!(text, "export function watch{i}() {{\n  window.api.onE{}((v) => console.log(v));\n}}", c % events),
                };
                w(&format!("src/renderer/features/f{i}.ts"), text);
            }
            continue;
        }
        for f in 0..(10 + rng.below(30)) {
            let _ = writeln!(text, "export function util{i}_{f}(a: number, b: number): number {{\n  const s = a * {f} + b;\n  return s > 10 ? s - 1 : s + 1;\n}}");
        }
        w(&format!("src/renderer/lib/m{}/u{i}.ts", i % 40), text);
    }
    let mut big = String::from("import { ipcRenderer } from 'electron';\n");
    let mut line = 1;
    let mut n = 0;
    while line < big_lines {
        // One site in 500 is a typo, as in a real app before ipcls.
        let topic = if n % 500 == 499 { format!("log:topc{}", n % logs) } else { format!("log:topic{}", n % logs) };
        let _ = writeln!(big, "export function big{n}(x: number) {{\n  const y = x + {n};\n  ipcRenderer.send('{topic}', y);\n  return y;\n}}");
        line += 5;
        n += 1;
    }
    w("src/renderer/big.ts", big);
    root.join("src/renderer/big.ts")
}
