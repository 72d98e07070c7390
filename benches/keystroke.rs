//! Keystroke to diagnostics: one character typed in a 5,000-line file of a 1,000-file workspace,
//! through the path the server takes per edit (incremental reparse with the edited tree, index
//! update, diagnostics), against a full re-extraction of the same file measured in the same run.
//!
//! `cargo bench --bench keystroke` (env `IPCLS_BENCH_FILES`, default 1000; `IPCLS_BENCH_ITERS`).

#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ipcls::base::vfs::FileText;
use ipcls::index::Workspace;
use ipcls::syntax::ts::{self, Dialect};
use tree_sitter::{InputEdit, Point};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    let median = percentile(&samples, 0.5);
    println!(
        "{name:<44} median {:>9.3} ms   p99 {:>9.3} ms   ({} runs)",
        median.as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.len()
    );
    median
}

fn main() {
    let files: usize = std::env::var("IPCLS_BENCH_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let iters: usize = std::env::var("IPCLS_BENCH_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().expect("tempdir");
    let big = workspace_gen::generate(dir.path(), files, 5000, 42);
    let mut ws = Workspace::load(dir.path());
    let start = Instant::now();
    let index = ws.analyze();
    println!(
        "workspace: {} files ({} parsed), {} channels, {} sites; cold index {:.1} ms",
        index.stats.files,
        index.stats.parsed,
        index.channels.len(),
        index.sites.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let mut text = std::fs::read_to_string(&big).expect("read");
    let mut tree = ts::parse(&text, Dialect::TypeScript).expect("parse");
    // Type inside a channel string near the middle of the file, then delete it again.
    let anchor = text.find("'log:topic3'").expect("anchor") + 1;
    let mut incremental = Vec::new();
    let mut full = Vec::new();
    let mut reparse_only = Vec::new();
    let mut index_only = Vec::new();
    let mut extract_only = Vec::new();
    let mut diagnostics_only = Vec::new();
    for i in 0..iters {
        let insert = i % 2 == 0;
        let (start_byte, old_end, new_end) =
            if insert { (anchor, anchor, anchor + 1) } else { (anchor, anchor + 1, anchor) };
        if insert {
            text.insert(anchor, 'x');
        } else {
            text.remove(anchor);
        }
        let row = text[..anchor].matches('\n').count();
        let col = anchor - text[..anchor].rfind('\n').map_or(0, |p| p + 1);
        let t0 = Instant::now();
        tree.edit(&InputEdit {
            start_byte,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position: Point { row, column: col },
            old_end_position: Point { row, column: col + (old_end - start_byte) },
            new_end_position: Point { row, column: col + (new_end - start_byte) },
        });
        tree = ts::parse_with_old(&text, Dialect::TypeScript, &tree).expect("reparse");
        reparse_only.push(t0.elapsed());
        let t_extract = Instant::now();
        let summary = Arc::new(ts::extract_tree(&text, &tree));
        extract_only.push(t_extract.elapsed());
        let file_text = FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(i as i32 + 2) };
        ws.set_file_with_summary(&big, file_text.clone(), summary);
        let t_index = Instant::now();
        let index = ws.analyze();
        index_only.push(t_index.elapsed());
        let t_diag = Instant::now();
        let diagnostics = ipcls::ide::diagnostics(&index);
        diagnostics_only.push(t_diag.elapsed());
        std::hint::black_box(diagnostics);
        incremental.push(t0.elapsed());
        // Baseline in the same run: the same edit handled by re-reading the file from scratch.
        let t1 = Instant::now();
        ws.set_file(&big, file_text);
        let index = ws.analyze();
        std::hint::black_box(ipcls::ide::diagnostics(&index));
        full.push(t1.elapsed());
    }
    let reparse = report("incremental reparse only", reparse_only);
    report("  of which: extraction", extract_only);
    report("  of which: index update", index_only);
    report("  of which: diagnostics", diagnostics_only);
    let inc = report("keystroke → diagnostics (incremental)", incremental);
    let fresh = report("keystroke → diagnostics (full re-extract)", full);
    println!(
        "reparse share {:.0}%, incremental/full ratio {:.2}",
        100.0 * reparse.as_secs_f64() / inc.as_secs_f64(),
        inc.as_secs_f64() / fresh.as_secs_f64()
    );
}
