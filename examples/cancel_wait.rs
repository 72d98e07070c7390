//! How long a change waits for the workspace when it arrives in the middle of a cold analysis: with
//! the analysis cancellable (as the server runs it) and not (as it ran before), in the same run.
//! `cargo run --release --example cancel_wait -- DIR [REPEATS]` (a workspace from `genws`).

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use ipcls::base::vfs::FileText;
use ipcls::base::{Cancel, Generation};
use ipcls::index::Workspace;

/// One cold analysis on its own thread, holding the workspace; after `delay` a change announces
/// itself (bumps the generation) and waits for the workspace. Returns how long it waited and
/// whether the analysis finished.
fn wait_once(root: &Path, delay: Duration, cancellable: bool) -> (Duration, bool) {
    let ws = Arc::new(Mutex::new(Workspace::load(root)));
    let generation = Generation::default();
    let (locked, is_locked) = mpsc::channel();
    let worker = {
        let ws = ws.clone();
        let cancel = if cancellable { generation.token() } else { Cancel::never() };
        std::thread::spawn(move || {
            let mut ws = ws.lock().unwrap_or_else(|e| e.into_inner());
            let _ = locked.send(());
            ws.analyze(&cancel).is_ok()
        })
    };
    let _ = is_locked.recv();
    std::thread::sleep(delay);
    let start = Instant::now();
    let _change = generation.announce();
    let mut ws = ws.lock().unwrap_or_else(|e| e.into_inner());
    let waited = start.elapsed();
    let path = ws.root().join("src/main/changed-during-analysis.ts");
    ws.set_file(&path, FileText { text: Arc::from("export const x = 1;\n"), lossy: false, version: Some(2) });
    drop(ws);
    let finished = worker.join().unwrap_or(false);
    (waited, finished)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cancel_wait DIR [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(3);
    let root = root.canonicalize().unwrap_or(root);
    let mut ws = Workspace::load(&root);
    let start = Instant::now();
    let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
    let cold = start.elapsed();
    println!("{}: {} files, cold analysis (after load) {:.0} ms", root.display(), index.stats.files, ms(cold));
    // The change arrives halfway through the analysis.
    let delay = cold / 2;
    for cancellable in [false, true] {
        let runs: Vec<(Duration, bool)> = (0..repeats).map(|_| wait_once(&root, delay, cancellable)).collect();
        let finished = runs.iter().filter(|r| r.1).count();
        let waits: Vec<Duration> = runs.into_iter().map(|r| r.0).collect();
        println!(
            "{:<14} change waited: median {:.1} ms, max {:.1} ms ({finished}/{repeats} analyses ran to the end)",
            if cancellable { "cancellable:" } else { "not cancelled:" },
            ms(median(waits.clone())),
            ms(waits.iter().max().copied().unwrap_or_default())
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
