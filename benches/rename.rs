//! Rename across 1,000 sites: a channel sent from 1,000 places in 100 renderer files (on top of a
//! generated 1,000-file workspace) renamed from its handler, through the same `ide::rename` the
//! server calls, and the edits applied to the texts; against computing the index alone in the
//! same run (the rename must cost far less than one analysis).
//!
//! `cargo bench --bench rename` (`IPCLS_BENCH_FILES` chooses the size of the workspace around
//! the renamed channel, 1,000 files by default).

#[path = "support/samples.rs"]
mod samples;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use ipcls::base::FileId;
use ipcls::ide::rename::SourceChange;
use ipcls::index::{Index, Workspace};
use samples::Samples;

const MAIN: &str = "import { ipcMain } from 'electron';\nipcMain.on('rename:target', () => {});\n";

/// The generated workspace plus 100 files of ten sends each and one handler.
fn generate(files: usize) -> (tempfile::TempDir, Workspace) {
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
    std::fs::write(dir.path().join("src/main/rename.ts"), MAIN).expect("write");
    let ws = Workspace::load(dir.path());
    (dir, ws)
}

/// Where the rename starts: inside the handler's channel string.
fn handler(index: &Index) -> (FileId, u32) {
    let file = index.file_for_rel("src/main/rename.ts").expect("main file");
    (file, MAIN.find("'rename:target'").expect("literal") as u32 + 2)
}

fn rename(index: &Index) -> SourceChange {
    let (file, offset) = handler(index);
    ipcls::ide::rename::rename(index, file, offset, "rename:renamed").expect("rename")
}

/// Applies the edits to the texts, as the editor would; returns how many files now hold the
/// new name.
fn apply(index: &Index, change: &SourceChange) -> usize {
    let mut renamed = 0;
    for (&f, file_edits) in &change.edits {
        let mut text = index.text(f).to_string();
        for e in file_edits.iter().rev() {
            text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text);
        }
        renamed += usize::from(text.contains("rename:renamed"));
    }
    renamed
}

/// Times `f` once per iteration and records each run under `name`.
fn bench(c: &mut Criterion, samples: &mut Samples) {
    for files in samples::sizes(&[1000]) {
        let mut group = c.benchmark_group("rename");
        // Generated and analysed only when a bench of this size is selected.
        let mut setup: Option<(tempfile::TempDir, Workspace, Index)> = None;
        let mut prepare = || {
            let (dir, mut ws) = generate(files);
            let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
            let change = rename(&index);
            let edits: usize = change.edits.values().map(Vec::len).sum();
            println!("rename of 'rename:target': {edits} edits in {} files", change.edits.len());
            assert_eq!(apply(&index, &change), 101, "every file with a site is edited");
            (dir, ws, index)
        };
        group.bench_function(BenchmarkId::new("ide_rename", files), |b| {
            let (_, _, index) = setup.get_or_insert_with(&mut prepare);
            let name = format!("rename/ide_rename/{files}");
            b.iter_custom(|iters| samples.timed(&name, iters, || drop(black_box(rename(index)))));
        });
        group.bench_function(BenchmarkId::new("apply_edits", files), |b| {
            let (_, _, index) = setup.get_or_insert_with(&mut prepare);
            let change = rename(index);
            let name = format!("rename/apply_edits/{files}");
            b.iter_custom(|iters| {
                samples.timed(&name, iters, || {
                    black_box(apply(index, &change));
                })
            });
        });
        group.bench_function(BenchmarkId::new("analysis", files), |b| {
            let (_, ws, _) = setup.get_or_insert_with(&mut prepare);
            let name = format!("rename/analysis/{files}");
            b.iter_custom(|iters| {
                let mut sum = Duration::ZERO;
                for _ in 0..iters {
                    // Read the disk again (untimed) so the analysis is not served from a cache.
                    ws.rescan();
                    sum += samples.timed(&name, 1, || {
                        drop(black_box(ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled")))
                    });
                }
                sum
            });
        });
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut samples = Samples::default();
    bench(&mut c, &mut samples);
    c.final_summary();
    samples.print_table();
    for files in samples::sizes(&[1000]) {
        samples.print_ratio(
            &format!("ide::rename / one analysis, {files} files"),
            &format!("rename/ide_rename/{files}"),
            &format!("rename/analysis/{files}"),
        );
    }
}
