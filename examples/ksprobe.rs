use ipcls::lsp::state::State;
use std::time::Instant;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let path = root.join("src/renderer/big.ts");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = Uri::from_file_path(&path).unwrap();
    let mut state = State::new(std::slice::from_ref(&root));
    state.load();
    state.open(&uri, text.clone(), 1);
    let mut cache = ipcls::ide::diagnostics::DiagnosticsCache::default();
    cache.update(&state.snapshot(Some(&path)));
    let at = text.find("'log:topic3'").unwrap() + 1;
    let line = text[..at].matches('\n').count() as u32;
    let col = (at - text[..at].rfind('\n').map_or(0, |p| p + 1)) as u32;
    let (mut e, mut s, mut d, mut z) = (vec![], vec![], vec![], vec![]);
    let iters: i32 = std::env::var("ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    for i in 0..iters {
        let ins = i % 2 == 0;
        let range = if ins {
            Range::new(Position::new(line, col), Position::new(line, col))
        } else {
            Range::new(Position::new(line, col), Position::new(line, col + 1))
        };
        let ch = TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: if ins { "x".into() } else { String::new() },
        };
        let t = Instant::now();
        state.change(&uri, i + 2, &[ch]).unwrap();
        e.push(t.elapsed());
        let t = Instant::now();
        let index = state.snapshot(Some(&path));
        s.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(cache.update(&index));
        drop(index);
        d.push(t.elapsed());
        let t = Instant::now();
        state.settle();
        z.push(t.elapsed());
    }
    eprintln!("sites moved in place: {}", state.folders[0].workspace.sites_moved);
    for (n, mut v) in [("edit", e), ("snapshot", s), ("diag", d), ("settle", z)] {
        v.sort();
        println!("{n} median {:?} p99 {:?}", v[v.len() / 2], v[v.len() * 99 / 100]);
    }
}
