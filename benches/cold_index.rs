//! Cold index against the read-and-scan floor, in one run over the same generated tree: the floor
//! walks, reads every file on every core and searches the IPC keywords (what `rg -l` does); ipcls walks, reads,
//! prefilters, parses, resolves and computes diagnostics.
//!
//! `cargo bench --bench cold_index` (env `IPCLS_BENCH_FILES`, default 10000; `IPCLS_BENCH_ITERS`, default 5).

#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use std::time::{Duration, Instant};

use ipcls::base::walk::{walk, WalkOptions};
use ipcls::index::{Workspace, PREFILTER_WORDS};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let files: usize = std::env::var("IPCLS_BENCH_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let iters: usize = std::env::var("IPCLS_BENCH_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().expect("tempdir");
    workspace_gen::generate(dir.path(), files, 5000, 42);
    let ac = aho_corasick::AhoCorasick::new(PREFILTER_WORDS).expect("automaton");
    let options = WalkOptions { max_file_size: 2 * 1024 * 1024, max_files: 1_000_000 };
    let (mut floor, mut cold) = (Vec::new(), Vec::new());
    let mut matched = 0;
    let mut summary = String::new();
    for _ in 0..iters {
        let t = Instant::now();
        let walked = walk(dir.path(), &options);
        // On every core, as `rg` reads.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = walked.files.len().div_ceil(threads).max(1);
        matched = std::thread::scope(|scope| {
            let handles: Vec<_> = walked
                .files
                .chunks(chunk)
                .map(|part| {
                    let ac = &ac;
                    scope.spawn(move || part.iter().filter(|p| std::fs::read(p).is_ok_and(|b| ac.is_match(&b))).count())
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("floor thread")).sum()
        });
        floor.push(t.elapsed());

        let t = Instant::now();
        let mut ws = Workspace::load(dir.path());
        let index = ws.analyze();
        let diagnostics = ipcls::ide::diagnostics(&index);
        cold.push(t.elapsed());
        summary = format!(
            "{} files, {} parsed, {} channels, {} sites, {} diagnostics",
            index.stats.files,
            index.stats.parsed,
            index.channels.len(),
            index.sites.len(),
            diagnostics.len()
        );
    }
    let (f, c) = (median(floor), median(cold));
    println!("workspace: {summary}; {matched} files match the keywords");
    println!("read-and-scan floor   median {:>9.1} ms", f.as_secs_f64() * 1e3);
    println!("ipcls cold index      median {:>9.1} ms", c.as_secs_f64() * 1e3);
    println!("ratio cold/floor      {:.2}", c.as_secs_f64() / f.as_secs_f64());
}
