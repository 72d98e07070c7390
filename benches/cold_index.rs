//! Cold index against the read-and-scan floor, in one run over the same generated tree: the floor
//! walks, reads every file on every core and searches the IPC keywords (what `rg -l` does); ipcls
//! walks, reads, prefilters, parses, resolves and computes diagnostics. The ratio of the two
//! medians is printed at the end.
//!
//! `cargo bench --bench cold_index` at 10,000 files; `IPCLS_BENCH_FILES=1000,10000,50000` chooses
//! the sizes.

#[path = "support/samples.rs"]
mod samples;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use aho_corasick::AhoCorasick;
use criterion::{BenchmarkId, Criterion, SamplingMode};
use ipcls::base::walk::{walk, WalkOptions};
use ipcls::index::{is_relevant, Workspace, PREFILTER_WORDS, SKIPPED_DIRS};
use samples::Samples;

/// The floor: the same walk, then every file read and searched for the keywords on every core.
/// Returns how many files mention one.
fn read_and_scan(root: &Path, ac: &AhoCorasick) -> usize {
    let options = WalkOptions {
        max_file_size: 2 * 1024 * 1024,
        max_files: 1_000_000,
        relevant: &is_relevant,
        skipped_dirs: SKIPPED_DIRS,
    };
    let walked = walk(root, &options);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = walked.files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = walked
            .files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().filter(|p| std::fs::read(p).is_ok_and(|b| ac.is_match(&b))).count())
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("floor thread")).sum()
    })
}

/// What ipcls does before its first diagnostics: load, analyse, diagnose. Returns a summary line.
fn cold_index(root: &Path) -> String {
    let mut ws = Workspace::load(root);
    let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
    let diagnostics = ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
    format!(
        "{} files, {} parsed, {} channels, {} sites, {} diagnostics",
        index.stats.files,
        index.stats.parsed,
        index.channels.len(),
        index.sites.len(),
        black_box(diagnostics).len()
    )
}

fn generate(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    workspace_gen::generate(dir.path(), files, 5000, 42);
    println!("cold index workspace: {}", cold_index(dir.path()));
    dir
}

fn cold(c: &mut Criterion, samples: &mut Samples) {
    let ac = AhoCorasick::new(PREFILTER_WORDS).expect("automaton");
    for files in samples::sizes(&[10_000]) {
        let mut group = c.benchmark_group("cold_index");
        // Each run takes from a tenth of a second to seconds: ten single runs, one warm-up run.
        group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_millis(1));
        // Generated (and indexed once, for the summary line) only when a bench of this size is selected.
        let mut tree: Option<tempfile::TempDir> = None;
        group.bench_function(BenchmarkId::new("read_and_scan_floor", files), |b| {
            let root = tree.get_or_insert_with(|| generate(files)).path().to_path_buf();
            let name = format!("cold_index/read_and_scan_floor/{files}");
            b.iter_custom(|iters| {
                samples.timed(&name, iters, || {
                    let matched = read_and_scan(&root, &ac);
                    assert!(matched > 0, "the generated tree mentions IPC");
                })
            });
        });
        group.bench_function(BenchmarkId::new("ipcls", files), |b| {
            let root = tree.get_or_insert_with(|| generate(files)).path().to_path_buf();
            let name = format!("cold_index/ipcls/{files}");
            b.iter_custom(|iters| samples.timed(&name, iters, || drop(black_box(cold_index(&root)))));
        });
        group.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut samples = Samples::default();
    cold(&mut c, &mut samples);
    c.final_summary();
    samples.print_table();
    for files in samples::sizes(&[10_000]) {
        samples.print_ratio(
            &format!("cold index / read-and-scan floor, {files} files"),
            &format!("cold_index/ipcls/{files}"),
            &format!("cold_index/read_and_scan_floor/{files}"),
        );
    }
}
