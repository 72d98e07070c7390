//! A deterministic generator of Electron-like workspaces for benchmarks: main, preload and renderer
//! folders, a shared channels module, a wrapper, a generic bridge, a `.proto` contract, and plain
//! files that never mention IPC (about 4% of files use IPC). Seeded; no randomness source needed.

#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

/// A tiny linear congruential generator, so that output depends only on the seed.
pub struct Lcg(u64);

impl Lcg {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// Writes a workspace of `files` source files under `root`; returns the path of a large renderer
/// file of `big_lines` lines (for keystroke benchmarks).
pub fn generate(root: &Path, files: usize, big_lines: usize, seed: u64) -> std::path::PathBuf {
    let mut rng = Lcg(seed);
    let channels = (files / 25).max(8);
    let w = |rel: &str, text: String| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    let mut shared = String::from("export const CHANNELS = {\n");
    for c in 0..channels {
        let _ = writeln!(shared, "  c{c}: 'feature{}:action{c}',", c % 17);
    }
    shared.push_str("} as const;\n");
    w("src/shared/channels.ts", shared);
    w(
        "src/main/ipc.ts",
        "import { ipcMain } from 'electron';\nexport function handle(ch: string, fn: (...a: unknown[]) => unknown) {\n  ipcMain.handle(ch, (_e, ...a) => fn(...a));\n}\n".into(),
    );
    let mut proto = String::from(
        "syntax = \"proto3\";\npackage bench;\nimport \"google/protobuf/empty.proto\";\nservice Feature0Service {\n",
    );
    for c in 0..channels.min(40) {
        let _ = writeln!(proto, "  rpc Action{c}(google.protobuf.Empty) returns (google.protobuf.Empty);");
    }
    proto.push_str("}\n");
    w("proto/bench.proto", proto);
    let mut preload = String::from("import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('api', {\n  invoke: (ch: string, ...a: unknown[]) => ipcRenderer.invoke(ch, ...a),\n");
    for c in 0..channels {
        let _ = writeln!(preload, "  action{c}: () => ipcRenderer.invoke('feature{}:action{c}'),", c % 17);
    }
    preload.push_str("});\n");
    w("src/preload/index.ts", preload);
    let ipc_every = 25;
    for i in 0..files {
        let mut text = String::new();
        if i % ipc_every == 0 {
            let c = rng.below(channels as u64);
            if i % 2 == 0 {
                let _ = writeln!(
                    text,
                    "import {{ handle }} from '../../main/ipc';\nimport {{ CHANNELS }} from '../../shared/channels';"
                );
                let _ = writeln!(text, "handle(CHANNELS.c{c}, () => {i});");
                w(&format!("src/main/features/f{i}.ts"), text);
            } else {
                let _ = writeln!(text, "export async function run{i}() {{\n  return window.api.action{c}();\n}}");
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
        let _ = writeln!(big, "export function big{n}(x: number) {{\n  const y = x + {n};\n  ipcRenderer.send('feature{}:action{}', y);\n  return y;\n}}", n % 17, n % channels);
        line += 5;
        n += 1;
    }
    w("src/renderer/big.ts", big);
    root.join("src/renderer/big.ts")
}
