//! Keystroke to diagnostics, through the server's own per-edit path: one character typed, then
//! deleted, inside a channel string in the middle of a 5,000-line file, sent to
//! `lsp::state::State::change` as an incremental change with UTF-16 positions (what `didChange`
//! applies), then `State::snapshot` (the index update) and `ide::diagnostics`. The same edits sent
//! as whole-document changes (a full parse and re-extraction) are the baseline of the same run.
//!
//! `cargo bench --bench keystroke` at 1,000 and 10,000 files; `IPCLS_BENCH_FILES=1000,10000,50000`
//! chooses the sizes. Only the public API the server uses is called, so that the bench measures
//! whatever `change` and `snapshot` do now.

#[path = "support/samples.rs"]
mod samples;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode};
use ipcls::lsp::state::State;
use samples::Samples;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// An editor session on the large file of a generated workspace, with the text the editor holds.
struct Session {
    _dir: tempfile::TempDir,
    state: State,
    path: PathBuf,
    uri: Uri,
    text: String,
    /// Where the character is typed: a byte offset and the same place in UTF-16 (as sent).
    at: usize,
    at_utf16: Position,
    version: i32,
    typed: bool,
    /// The diagnostics as the server's publisher keeps them, derived again only where the index
    /// changed.
    cache: ipcls::ide::diagnostics::DiagnosticsCache,
}

/// How long the three steps of one keystroke took.
struct Steps {
    edit: Duration,
    index: Duration,
    diagnostics: Duration,
    /// What the server does after publishing, off the keystroke's path: parsing whole again the
    /// file last updated from one statement (`State::settle`). Not part of `total`.
    settle: Duration,
}

impl Steps {
    fn total(&self) -> Duration {
        self.edit + self.index + self.diagnostics
    }
}

/// The channel string in which the character is typed: the first send at or after the middle.
fn anchor(text: &str) -> usize {
    let call = "ipcRenderer.send('";
    let middle = text[..text.len() / 2].rfind('\n').map_or(0, |p| p + 1);
    let found = text[middle..].find(call).expect("a send after the middle of the big file");
    // After the channel's first character, so the typed name is unknown to the contract.
    middle + found + call.len() + 1
}

fn utf16_position(text: &str, at: usize) -> Position {
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = text[..at].matches('\n').count() as u32;
    Position::new(line, text[line_start..at].encode_utf16().count() as u32)
}

impl Session {
    fn open(files: usize) -> Session {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = workspace_gen::generate(dir.path(), files, 5000, 42);
        let text = std::fs::read_to_string(&path).expect("read the big file");
        let uri = Uri::from_file_path(&path).expect("file URI");
        let mut state = State::new(&[dir.path().to_path_buf()]);
        let start = Instant::now();
        state.load();
        state.open(&uri, text.clone(), 1);
        let index = state.snapshot(Some(&path), &ipcls::base::Cancel::never()).expect("never cancelled");
        let before = ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never()).expect("never cancelled").len();
        println!(
            "keystroke workspace: {} files ({} parsed), {} channels, {} sites, {} diagnostics; loaded in {}",
            index.stats.files,
            index.stats.parsed,
            index.channels.len(),
            index.sites.len(),
            before,
            samples::show(start.elapsed())
        );
        let at = anchor(&text);
        let at_utf16 = utf16_position(&text, at);
        let mut cache = ipcls::ide::diagnostics::DiagnosticsCache::default();
        cache.update(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
        drop(index);
        let mut session = Session { _dir: dir, state, path, uri, text, at, at_utf16, version: 1, typed: false, cache };
        session.check_workload(before);
        session
    }

    /// The workload does what it claims: typing makes a diagnostic on the misspelt channel, and
    /// deleting the character again restores the diagnostics of the file as it was.
    fn check_workload(&mut self, before: usize) {
        let typed = self.next_change();
        self.keystroke(&typed);
        let channel_end = self.text[self.at..].find('\'').map_or(self.at, |e| self.at + e);
        let channel = self.text[self.at - 1..channel_end].to_string();
        let index = self.state.snapshot(Some(&self.path), &ipcls::base::Cancel::never()).expect("never cancelled");
        let diagnostics = ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
        assert!(
            diagnostics.iter().any(|d| d.channel.as_deref() == Some(channel.as_str())),
            "typing in the channel string reports '{channel}'"
        );
        let deleted = self.next_change();
        self.keystroke(&deleted);
        let index = self.state.snapshot(Some(&self.path), &ipcls::base::Cancel::never()).expect("never cancelled");
        assert_eq!(
            ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never()).expect("never cancelled").len(),
            before,
            "deleting the character restores the diagnostics"
        );
    }

    /// The next edit, as the editor sends it: `x` typed at the anchor, or deleted again. Updates
    /// the editor's copy of the text.
    fn next_change(&mut self) -> TextDocumentContentChangeEvent {
        let (end, new_text) = if self.typed {
            self.text.remove(self.at);
            (Position::new(self.at_utf16.line, self.at_utf16.character + 1), "")
        } else {
            self.text.insert(self.at, 'x');
            (self.at_utf16, "x")
        };
        self.typed = !self.typed;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(self.at_utf16, end)),
            range_length: None,
            text: new_text.to_string(),
        }
    }

    /// The same edit sent as the whole new text.
    fn next_full_change(&mut self) -> TextDocumentContentChangeEvent {
        self.next_change();
        TextDocumentContentChangeEvent { range: None, range_length: None, text: self.text.clone() }
    }

    /// One `didChange` and the diagnostics after it, as the server computes them.
    fn keystroke(&mut self, change: &TextDocumentContentChangeEvent) -> Steps {
        self.version += 1;
        let t0 = Instant::now();
        self.state.change(&self.uri, self.version, std::slice::from_ref(change)).expect("change applied");
        let t1 = Instant::now();
        let index = self.state.snapshot(Some(&self.path), &ipcls::base::Cancel::never()).expect("never cancelled");
        let t2 = Instant::now();
        let changed = self.cache.update(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
        let t3 = Instant::now();
        black_box(changed);
        drop(index);
        let t4 = Instant::now();
        black_box(self.state.settle());
        let settle = t4.elapsed();
        Steps { edit: t1 - t0, index: t2 - t1, diagnostics: t3 - t2, settle }
    }
}

fn keystroke(c: &mut Criterion, samples: &mut Samples) {
    for files in samples::sizes(&[1000, 10_000]) {
        let mut group = c.benchmark_group("keystroke");
        // Every run is one keystroke; flat sampling keeps the number of runs bounded when the
        // incremental path gets fast.
        group.sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_millis(500));
        // Generated and loaded only when a bench of this size is selected.
        let mut session: Option<Session> = None;
        let total = format!("keystroke/incremental/{files}");
        group.bench_function(BenchmarkId::new("incremental", files), |b| {
            let s = session.get_or_insert_with(|| Session::open(files));
            b.iter_custom(|iters| {
                let mut sum = Duration::ZERO;
                for _ in 0..iters {
                    let change = s.next_change();
                    let steps = s.keystroke(&change);
                    samples.record(&total, steps.total());
                    samples.record(&format!("  edit applied (State::change)/{files}"), steps.edit);
                    samples.record(&format!("  index update (State::snapshot)/{files}"), steps.index);
                    samples.record(&format!("  diagnostics (DiagnosticsCache::update)/{files}"), steps.diagnostics);
                    samples.record(&format!("  then, off the path: State::settle/{files}"), steps.settle);
                    sum += steps.total();
                }
                sum
            });
        });
        group.bench_function(BenchmarkId::new("full_text", files), |b| {
            let s = session.get_or_insert_with(|| Session::open(files));
            b.iter_custom(|iters| {
                let mut sum = Duration::ZERO;
                for _ in 0..iters {
                    let change = s.next_full_change();
                    let took = s.keystroke(&change).total();
                    samples.record(&format!("keystroke/full_text/{files}"), took);
                    sum += took;
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
    keystroke(&mut c, &mut samples);
    c.final_summary();
    samples.print_table();
    for files in samples::sizes(&[1000, 10_000]) {
        samples.print_ratio(
            &format!("incremental / full text, {files} files"),
            &format!("keystroke/incremental/{files}"),
            &format!("keystroke/full_text/{files}"),
        );
    }
}
