//! Rename across 1,000 sites: a channel sent from 1,000 places in 100 renderer files (on top of a
//! generated 1,000-file workspace) renamed from its handler, through the same `ide::rename` the
//! server calls, and the edits applied to the texts; against computing the index alone in the
//! same run (the rename must cost far less than one analysis).
//!
//! `cargo bench --bench rename` (env `IPCLS_BENCH_FILES`, default 1000; `IPCLS_BENCH_ITERS`, default 50).

#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use std::fmt::Write;
use std::time::{Duration, Instant};

use ipcls::index::Workspace;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let files: usize = std::env::var("IPCLS_BENCH_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let iters: usize = std::env::var("IPCLS_BENCH_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let dir = tempfile::tempdir().expect("tempdir");
    workspace_gen::generate(dir.path(), files, 500, 42);
    for k in 0..100 {
        let mut text = String::from("import { ipcRenderer } from 'electron';\n");
        for i in 0..10 {
            let _ = writeln!(text, "export function r{k}_{i}() {{\n  ipcRenderer.send('rename:target', {i});\n}}");
        }
        let p = dir.path().join(format!("src/renderer/rename/r{k}.ts"));
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let main = "import { ipcMain } from 'electron';\nipcMain.on('rename:target', () => {});\n";
    std::fs::write(dir.path().join("src/main/rename.ts"), main).expect("write");
    let mut ws = Workspace::load(dir.path());
    let (mut rename, mut apply, mut analyze) = (Vec::new(), Vec::new(), Vec::new());
    let mut edits = 0;
    for _ in 0..iters {
        let t = Instant::now();
        let index = ws.analyze();
        analyze.push(t.elapsed());
        let file = index.file_for_rel("src/main/rename.ts").expect("main file");
        let offset = main.find("'rename:target'").expect("literal") as u32 + 2;
        let t = Instant::now();
        let change = ipcls::ide::rename::rename(&index, file, offset, "rename:renamed").expect("rename");
        rename.push(t.elapsed());
        let t = Instant::now();
        let mut applied = 0;
        for (&f, file_edits) in &change.edits {
            let mut text = index.text(f).to_string();
            for e in file_edits.iter().rev() {
                text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text);
            }
            applied += usize::from(text.contains("rename:renamed"));
        }
        apply.push(t.elapsed());
        edits = change.edits.values().map(Vec::len).sum::<usize>();
        assert_eq!(applied, 101, "every file with a site is edited");
        // Touch a file so that the next analysis is not served from a cache.
        ws.rescan();
    }
    let (r, a, x) = (median(rename), median(apply), median(analyze));
    println!("rename of 'rename:target': {edits} edits in 101 files");
    println!("rename (ide::rename)          median {:>9.3} ms", r.as_secs_f64() * 1e3);
    println!("applying the edits            median {:>9.3} ms", a.as_secs_f64() * 1e3);
    println!("one analysis (baseline)       median {:>9.3} ms", x.as_secs_f64() * 1e3);
    println!("ratio rename/analysis         {:.3}", r.as_secs_f64() / x.as_secs_f64());
}
