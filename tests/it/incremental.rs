//! The incremental analysis (discovery and per-file sites reused while every edited file keeps its
//! interface) and the incremental diagnostics (per channel and per file, reused while their stamps
//! stay) against an analysis and diagnostics from scratch on the same texts, after every step of a
//! long seeded sequence of edits on every fixture: the sites, channels and diagnostics must be
//! identical, and the files reported as changed exactly those whose diagnostics changed.

use crate::support;

use std::path::PathBuf;
use std::sync::Arc;

use ipcls::base::rng::Lcg;
use ipcls::base::vfs::FileText;
use ipcls::ide::diagnostics::{Diagnostic, DiagnosticsCache};
use ipcls::index::{Index, Workspace};
use ipcls::syntax::ts::{self, Dialect};

fn snapshot(index: &Index) -> String {
    let mut sites: Vec<String> = index.sites.iter().map(|s| format!("{} {s:?}", index.rel_path(s.file))).collect();
    sites.sort();
    let mut diagnostics: Vec<String> = ipcls::ide::diagnostics(index, &ipcls::base::Cancel::never())
        .expect("never cancelled")
        .iter()
        .map(|d| format!("{} {:?} {:?} {}", index.rel_path(d.file), d.range, d.code, d.message))
        .collect();
    diagnostics.sort();
    // The channel map and the unresolved sites, each list in its order (by file path: ids differ
    // between workspaces).
    let describe_ids = |ids: &[ipcls::index::SiteId]| -> Vec<String> {
        let mut v: Vec<String> = ids
            .iter()
            .map(|id| {
                let s = index.site(*id);
                format!("{} {:?} {:?}", index.rel_path(s.file), s.range, s.kind)
            })
            .collect();
        v.sort();
        v
    };
    let channels: Vec<String> = index.channels.iter().map(|(c, ids)| format!("{c}: {:?}", describe_ids(ids))).collect();
    format!(
        "{}\n--\n{}\n--\n{}\n--\n{:?}",
        sites.join("\n"),
        diagnostics.join("\n"),
        channels.join("\n"),
        describe_ids(&index.unresolved)
    )
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A diagnostic with paths instead of file ids (ids differ between workspaces).
fn describe(index: &Index, d: &Diagnostic) -> String {
    let related: Vec<String> =
        d.related.iter().map(|r| format!("{} {:?} {}", index.rel_path(r.file), r.range, r.message)).collect();
    format!(
        "{} {:?} {:?} {:?} {} {:?} {:?} {:?}",
        index.rel_path(d.file),
        d.range,
        d.code,
        d.severity,
        d.message,
        d.channel,
        d.suggestion,
        related
    )
}

/// The quoted strings of a text (channel names, mostly), as byte ranges inside the quotes.
fn strings(text: &str) -> Vec<(usize, usize)> {
    let quotes: Vec<usize> = text.match_indices('\'').map(|(i, _)| i).collect();
    quotes
        .chunks(2)
        .filter(|q| q.len() == 2 && !text[q[0] + 1..q[1]].contains('\n'))
        .map(|q| (q[0] + 1, q[1]))
        .collect()
}

/// One random edit: typing (also quotes, brackets, newlines, multi-byte), deleting a few
/// characters, typing inside a string literal, a typo in a channel name (undone by `undo`),
/// adding (now and then with an unresolvable channel) or removing a call, or renaming an identifier-like word everywhere in the file.
fn edit(text: &str, rng: &mut Lcg, undo: &mut Option<String>) -> String {
    if let Some(previous) = undo.take() {
        return previous;
    }
    let mut t = text.to_string();
    match rng.below(8) {
        0 | 1 => {
            let at = floor_char(&t, rng.below(t.len() + 1));
            let pieces = ["a", "'", " ", "\n", "é", "(", ")", "{", "}", "x", ":", "😀", "_"];
            t.insert_str(at, pieces[rng.below(pieces.len())]);
        }
        2 => {
            let at = floor_char(&t, rng.below(t.len() + 1));
            let end = floor_char(&t, at + 1 + rng.below(5));
            t.replace_range(at..end.max(at), "");
        }
        3 => {
            let quotes: Vec<usize> = t.match_indices('\'').map(|(i, _)| i).collect();
            if !quotes.is_empty() {
                let at = quotes[rng.below(quotes.len())] + 1;
                t.insert(at, 'z');
            }
        }
        4 => {
            // A typo in a channel name (a character dropped), put back by the next edit.
            let found = strings(&t);
            if let Some(&(start, end)) = found.get(rng.below(found.len())) {
                if end > start + 2 && t.is_char_boundary(start + 1) && t.is_char_boundary(start + 2) {
                    *undo = Some(t.clone());
                    t.replace_range(start + 1..start + 2, "");
                }
            }
        }
        5 => {
            // A call added at the end of a line, with a channel taken from the file or new.
            let found = strings(&t);
            let channel = match found.get(rng.below(found.len() + 1)) {
                Some(&(start, end)) => t[start..end].to_string(),
                None => "added:channel".to_string(),
            };
            let calls = ["ipcRenderer.send", "ipcRenderer.invoke", "ipcMain.handle", "ipcMain.on", "ipcRenderer.on"];
            let call = calls[rng.below(calls.len())];
            let lines: Vec<usize> = t.match_indices(";\n").map(|(i, _)| i + 2).collect();
            let at = lines.get(rng.below(lines.len())).copied().unwrap_or(t.len());
            // Now and then a channel that cannot be resolved (a template with a variable).
            let arg = if rng.below(3) == 0 { "`dyn:${n}`".to_string() } else { format!("'{channel}'") };
            t.insert_str(at, &format!("{call}({arg}, () => 0);\n"));
        }
        6 => {
            // A line with a call removed.
            let lines: Vec<(usize, &str)> = t
                .match_indices('\n')
                .map(|(i, _)| i)
                .scan(0, |start, end| {
                    let line = (*start, &text[*start..end]);
                    *start = end + 1;
                    Some(line)
                })
                .collect();
            let calls: Vec<&(usize, &str)> =
                lines.iter().filter(|(_, l)| l.contains("('") && l.trim_end().ends_with(';')).collect();
            if let Some(&&(start, line)) = calls.get(rng.below(calls.len())) {
                t.replace_range(start..start + line.len() + 1, "");
            }
        }
        _ => {
            let words: Vec<&str> =
                t.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').filter(|w| w.len() >= 4).collect();
            if !words.is_empty() {
                let w = words[rng.below(words.len())].to_string();
                t = t.replace(&w, &format!("{w}Q"));
            }
        }
    }
    t
}

#[test]
fn incremental_analysis_equals_analysis_from_scratch() {
    let mut steps = 0;
    let mut kept_discovery = 0;
    for (n, fixture) in [
        "article",
        "constants",
        "wrappers",
        "generic-bridge",
        "commonjs",
        "react",
        "demo",
        "generated",
        "broken",
        "flow/injected-bridge",
        "flow/assigned-bridge",
        "flow/tables-imported/mistake",
    ]
    .into_iter()
    .enumerate()
    {
        let dir = support::copy_fixture(fixture);
        let root = dir.path().canonicalize().expect("root");
        let mut ws = Workspace::load(&root);
        let mut cache = DiagnosticsCache::default();
        let mut last = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        cache.update(&last, &ipcls::base::Cancel::never()).expect("never cancelled");
        let scripts: Vec<PathBuf> = ws
            .vfs()
            .iter()
            .filter(|(_, p, _)| p.to_str().and_then(Dialect::from_path).is_some())
            .map(|(_, p, _)| p.to_path_buf())
            .collect();
        let mut texts: Vec<(PathBuf, String)> = Vec::new();
        let mut rng = Lcg::new(n as u64 + 7);
        let mut undo: Option<(PathBuf, String)> = None;
        for step in 0..40 {
            let path = match &undo {
                Some((p, _)) => p.clone(),
                None => scripts[rng.below(scripts.len())].clone(),
            };
            let current = texts
                .iter()
                .find(|(p, _)| p == &path)
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| std::fs::read_to_string(&path).expect("read"));
            let mut pending = undo.take().map(|(_, t)| t);
            let new_text = edit(&current, &mut rng, &mut pending);
            undo = pending.map(|t| (path.clone(), t));
            texts.retain(|(p, _)| p != &path);
            texts.push((path.clone(), new_text.clone()));
            let text = FileText { text: Arc::from(new_text.as_str()), lossy: false, version: Some(step + 1) };
            // As the server does (a summary from the edited tree), or as a change on disk does.
            match path.to_str().and_then(Dialect::from_path).filter(|_| step % 3 != 2) {
                Some(dialect) => ws.set_file_with_summary(&path, text, Arc::new(ts::extract(&new_text, dialect))),
                None => ws.set_file(&path, text),
            }
            let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
            if index.stamps.base == last.stamps.base {
                kept_discovery += 1;
            }
            let before: Vec<(String, Vec<String>)> = cache
                .files()
                .map(|f| (last.rel_path(f), cache.of_file(f).iter().map(|d| describe(&last, d)).collect()))
                .collect();
            let reported: Vec<String> = cache
                .update(&index, &ipcls::base::Cancel::never())
                .expect("never cancelled")
                .into_iter()
                .map(|f| index.rel_path(f))
                .collect();
            let incremental = snapshot(&index);
            let incremental_diagnostics: Vec<String> = cache.all().map(|d| describe(&index, d)).collect();

            let mut fresh = Workspace::load(&root);
            for (p, t) in &texts {
                fresh.set_file(p, FileText { text: Arc::from(t.as_str()), lossy: false, version: Some(1) });
            }
            let scratch_index = fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
            let scratch = snapshot(&scratch_index);
            assert_eq!(incremental, scratch, "{fixture}: step {step} ({}) differs", path.display());
            let scratch_diagnostics: Vec<String> =
                ipcls::ide::diagnostics(&scratch_index, &ipcls::base::Cancel::never())
                    .expect("never cancelled")
                    .iter()
                    .map(|d| describe(&scratch_index, d))
                    .collect();
            assert_eq!(
                incremental_diagnostics,
                scratch_diagnostics,
                "{fixture}: step {step} ({}): incremental diagnostics differ",
                path.display()
            );
            // The files reported are exactly those whose diagnostics changed.
            let mut differ: Vec<String> = Vec::new();
            let after: Vec<(String, Vec<String>)> = cache
                .files()
                .map(|f| (index.rel_path(f), cache.of_file(f).iter().map(|d| describe(&index, d)).collect()))
                .collect();
            for (file, list) in before.iter().chain(&after) {
                let old = before.iter().find(|(f, _)| f == file).map(|(_, l)| l);
                let new = after.iter().find(|(f, _)| f == file).map(|(_, l)| l);
                if old != new && !differ.contains(file) {
                    differ.push(file.clone());
                }
                let _ = list;
            }
            differ.sort();
            let mut reported_sorted = reported.clone();
            reported_sorted.sort();
            assert_eq!(reported_sorted, differ, "{fixture}: step {step}: files reported as changed");
            last = index;
            steps += 1;
        }
    }
    assert_eq!(steps, 12 * 40);
    // Many edits keep every interface (typing in strings, typos, calls added or removed): the
    // incremental path is under test, not only the analysis from scratch.
    assert!(kept_discovery * 5 > steps, "only {kept_discovery} of {steps} analyses kept the discovery");
}

/// A temporary workspace with the folders of `src/main/ipc.ts` and `src/renderer/app.ts`.
fn main_and_renderer() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("root");
    let main = root.join("src/main/ipc.ts");
    let renderer = root.join("src/renderer/app.ts");
    std::fs::create_dir_all(main.parent().expect("parent")).expect("mkdir");
    std::fs::create_dir_all(renderer.parent().expect("parent")).expect("mkdir");
    (dir, root, main, renderer)
}

/// Diagnostics of a channel whose sites did not change still follow what they consulted in other
/// files: a near miss renamed elsewhere, an unresolved site added elsewhere that could be its
/// handler. Each edit keeps every interface (the discovery is reused), and the cached diagnostics
/// equal those of an analysis from scratch.
#[test]
fn near_misses_and_unresolved_sites_elsewhere_are_followed() {
    let (_dir, root, main, renderer) = main_and_renderer();
    let main_text = |notes: &str, files: &str| {
        format!("import {{ ipcMain }} from 'electron';\nipcMain.handle('{notes}', () => []);\nipcMain.handle('{files}' + Date.now(), () => 0);\n")
    };
    std::fs::write(&main, main_text("notes:list", "filez:")).expect("write");
    std::fs::write(
        &renderer,
        "import { ipcRenderer } from 'electron';\nipcRenderer.invoke('notes:lst');\nipcRenderer.invoke('files:open');\n",
    )
    .expect("write");
    let mut ws = Workspace::load(&root);
    let mut cache = DiagnosticsCache::default();
    let mut last = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
    cache.update(&last, &ipcls::base::Cancel::never()).expect("never cancelled");
    let texts = [
        // The near miss of `notes:lst` is renamed: its suggestion follows.
        main_text("notes:lisx", "filez:"),
        // A handler whose channel is known only by its prefix now could be `files:open`'s.
        main_text("notes:lisx", "files:"),
        // Both undone.
        main_text("notes:list", "filez:"),
    ];
    let mut seen: Vec<Vec<String>> = Vec::new();
    for (step, text) in texts.iter().enumerate() {
        let summary = Arc::new(ts::extract(text, Dialect::TypeScript));
        let file_text = FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(step as i32 + 1) };
        ws.set_file_with_summary(&main, file_text, summary);
        let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        assert_eq!(index.stamps.base, last.stamps.base, "step {step}: the discovery is reused");
        cache.update(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
        let incremental: Vec<String> = cache.all().map(|d| describe(&index, d)).collect();
        let mut fresh = Workspace::load(&root);
        fresh.set_file(&main, FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(1) });
        let scratch_index = fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        let scratch: Vec<String> = ipcls::ide::diagnostics(&scratch_index, &ipcls::base::Cancel::never())
            .expect("never cancelled")
            .iter()
            .map(|d| describe(&scratch_index, d))
            .collect();
        assert_eq!(incremental, scratch, "step {step}");
        seen.push(incremental);
        last = index;
    }
    let has = |step: usize, what: &str| seen[step].iter().any(|d| d.contains(what));
    assert!(has(0, "did you mean 'notes:lisx'"), "{:#?}", seen[0]);
    assert!(has(0, "No handler registered for 'files:open'"), "{:#?}", seen[0]);
    assert!(!has(1, "No handler registered for 'files:open'"), "{:#?}", seen[1]);
    assert!(has(2, "did you mean 'notes:list'") && has(2, "No handler registered for 'files:open'"), "{:#?}", seen[2]);
}

/// On the update path, the channel map and the list of unresolved sites follow edits that add,
/// remove and move sites of a file (ids are positions in the file's list).
#[test]
fn channel_map_and_unresolved_sites_follow_edits() {
    let (_dir, root, main, renderer) = main_and_renderer();
    std::fs::write(
        &main,
        "import { ipcMain } from 'electron';\nipcMain.handle('a:one', () => 1);\nipcMain.handle('a:two', () => 2);\n",
    )
    .expect("write");
    let line = |call: &str| format!("ipcRenderer.invoke({call});\n");
    let renderer_text = |calls: &[&str]| {
        let body: String = calls.iter().map(|c| line(c)).collect();
        format!("import {{ ipcRenderer }} from 'electron';\n{body}")
    };
    let steps: Vec<String> = vec![
        renderer_text(&["'a:one'", "'a:two'"]),
        // An unresolved site before the others: their ids move.
        renderer_text(&["`dyn:${x}`", "'a:one'", "'a:two'"]),
        // A resolved site before the unresolved one: its id moves.
        renderer_text(&["'a:two'", "`dyn:${x}`", "'a:one'", "'a:two'"]),
        // Typing inside a channel: one site changes channel, the others only move.
        renderer_text(&["'a:two'", "`dyn:${x}`", "'a:onex'", "'a:two'"]),
        // A second unresolved site, then the first one gone.
        renderer_text(&["'a:two'", "`dyn:${x}`", "'a:onex'", "`other:${y}`", "'a:two'"]),
        renderer_text(&["'a:two'", "'a:onex'", "`other:${y}`", "'a:two'"]),
        renderer_text(&["'a:one'"]),
    ];
    std::fs::write(&renderer, &steps[0]).expect("write");
    let mut ws = Workspace::load(&root);
    let first = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
    for (step, text) in steps.iter().enumerate().skip(1) {
        let summary = Arc::new(ts::extract(text, Dialect::TypeScript));
        let file_text = FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(step as i32 + 1) };
        ws.set_file_with_summary(&renderer, file_text, summary);
        let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        assert_eq!(index.stamps.base, first.stamps.base, "step {step}: the update path is taken");
        let mut fresh = Workspace::load(&root);
        fresh.set_file(&renderer, FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(1) });
        assert_eq!(
            snapshot(&index),
            snapshot(&fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled")),
            "step {step}"
        );
    }
}

/// Line and UTF-16 column of a byte offset (as an editor sends positions).
fn utf16_position(text: &str, at: usize) -> tower_lsp_server::ls_types::Position {
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = text[..at].matches('\n').count() as u32;
    tower_lsp_server::ls_types::Position::new(line, text[line_start..at].encode_utf16().count() as u32)
}

/// The server's own path, keystroke by keystroke: `State::change` with one range edit (the
/// summary updated from the statements it touched, an island parsed alone, and the file's sites
/// updated from their previous ones), `State::snapshot`, the publisher's diagnostics cache, now and
/// then `State::settle`; after every step the index and the diagnostics equal those of a workspace
/// loaded from scratch with the same buffers.
#[test]
fn server_edits_keep_the_index_equal_to_an_index_from_scratch() {
    let (steps, _) = server_session(edit);
    assert!(steps > 250, "{steps} steps");
}

/// Typing in a channel name, as in the keystroke benchmark: the file's other sites are moved in
/// place, not found again, unless the edit changes what other files see (a constant's value, an
/// import like `node:path`) or the statement binds an object (a preload's bridge), whose
/// statements after it are walked again. (In these small fixtures that is most edits; in the
/// benchmark's large file, every one.)
#[test]
fn typing_in_channels_moves_the_other_sites_in_place() {
    let (steps, moved_in_place) = server_session(type_in_string);
    assert!(steps > 100, "{steps} steps");
    assert!(moved_in_place * 5 > steps, "sites moved in place on {moved_in_place} of {steps} steps");
}

/// One character typed inside a channel name (a string with a `:`), or the one after the opening
/// quote deleted.
fn type_in_string(text: &str, rng: &mut Lcg, _undo: &mut Option<String>) -> String {
    let found: Vec<(usize, usize)> = strings(text).into_iter().filter(|&(a, b)| text[a..b].contains(':')).collect();
    let mut t = text.to_string();
    if let Some(&(start, end)) = found.get(rng.below(found.len())) {
        if rng.below(2) == 0 && end > start + 1 && t.is_char_boundary(start + 1) {
            t.replace_range(start..start + 1, "");
        } else {
            t.insert(start + (end - start) / 2, 'q');
        }
    }
    t
}

/// Runs every fixture's scripts through the server's path with edits from `edit`; returns the
/// steps checked and how many of them moved a file's sites in place.
fn server_session(edit: fn(&str, &mut Lcg, &mut Option<String>) -> String) -> (usize, usize) {
    use ipcls::lsp::state::State;
    use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};
    let mut steps = 0;
    let mut moved_in_place = 0;
    for (n, fixture) in
        ["demo", "wrappers", "constants", "generic-bridge", "article", "react", "flow/tables-imported/mistake"]
            .into_iter()
            .enumerate()
    {
        let dir = support::copy_fixture(fixture);
        let root = dir.path().canonicalize().expect("root");
        let mut state = State::new(std::slice::from_ref(&root));
        state.load();
        let ws = &state.folders[0].workspace;
        let mut docs: Vec<(PathBuf, String, i32)> = ws
            .vfs()
            .iter()
            .filter(|(_, p, _)| p.to_str().and_then(Dialect::from_path).is_some())
            .map(|(_, p, t)| (p.to_path_buf(), t.text.to_string(), 1))
            .collect();
        for (path, text, _) in &docs {
            state.open(&Uri::from_file_path(path).expect("uri"), text.clone(), 1);
        }
        let mut cache = DiagnosticsCache::default();
        cache
            .update(
                &state.snapshot(None, &ipcls::base::Cancel::never()).expect("never cancelled"),
                &ipcls::base::Cancel::never(),
            )
            .expect("never cancelled");
        let mut rng = Lcg::new(n as u64 + 99);
        let mut undo: Option<String> = None;
        let mut doc = 0;
        for step in 0..50 {
            if undo.is_none() {
                doc = rng.below(docs.len());
            }
            let (path, text, version) = &mut docs[doc];
            let new_text = edit(text, &mut rng, &mut undo);
            let Some(span) = ts::EditSpan::between(text, &new_text) else { continue };
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(
                    utf16_position(text, span.start as usize),
                    utf16_position(text, span.old_end as usize),
                )),
                range_length: None,
                text: new_text[span.start as usize..span.new_end as usize].to_string(),
            };
            *version += 1;
            let before = state.folders[0].workspace.sites_moved();
            state.change(&Uri::from_file_path(&*path).expect("uri"), *version, &[change]).expect("change");
            *text = new_text;
            let index = state.snapshot(Some(path), &ipcls::base::Cancel::never()).expect("never cancelled");
            moved_in_place += (state.folders[0].workspace.sites_moved() - before) as usize;
            cache.update(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
            let incremental = snapshot(&index);
            let incremental_diagnostics: Vec<String> = cache.all().map(|d| describe(&index, d)).collect();
            drop(index);
            if step % 7 == 6 {
                state.settle();
            }

            let mut fresh = Workspace::load(&root);
            for (p, t, _) in &docs {
                fresh.set_file(p, FileText { text: Arc::from(t.as_str()), lossy: false, version: Some(1) });
            }
            let scratch_index = fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
            assert_eq!(incremental, snapshot(&scratch_index), "{fixture}: step {step} ({})", docs[doc].0.display());
            let scratch_diagnostics: Vec<String> =
                ipcls::ide::diagnostics(&scratch_index, &ipcls::base::Cancel::never())
                    .expect("never cancelled")
                    .iter()
                    .map(|d| describe(&scratch_index, d))
                    .collect();
            assert_eq!(incremental_diagnostics, scratch_diagnostics, "{fixture}: step {step}: diagnostics");
            steps += 1;
        }
    }
    (steps, moved_in_place)
}

/// An edit inside a wrapper's statement cannot move the file's other sites (its callers' sites
/// depend on it): they are found again, and a channel the file no longer has leaves the channel map.
#[test]
fn sites_are_found_again_when_they_cannot_be_moved() {
    use ipcls::lsp::state::State;
    use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};
    let (_dir, root, main, renderer) = main_and_renderer();
    std::fs::write(
        &main,
        "import { ipcMain } from 'electron';\nipcMain.on('only:here', () => 0);\nipcMain.on('a:b', () => 0);\n",
    )
    .expect("write");
    let text = "import { ipcRenderer } from 'electron';\nexport function send(ch: string) {\n  ipcRenderer.send(ch);\n  ipcRenderer.send('only:here');\n}\nsend('a:b');\nipcRenderer.send('a:b');\n";
    std::fs::write(&renderer, text).expect("write");
    let mut state = State::new(std::slice::from_ref(&root));
    state.load();
    let uri = Uri::from_file_path(&renderer).expect("uri");
    state.open(&uri, text.to_string(), 1);
    drop(state.snapshot(None, &ipcls::base::Cancel::never()).expect("never cancelled"));
    // `only:here` → `only:there`, inside the wrapper's statement.
    let at = text.find("only:here").expect("channel") + "only:".len();
    let new_text = format!("{}t{}", &text[..at], &text[at..]);
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(utf16_position(text, at), utf16_position(text, at))),
        range_length: None,
        text: "t".to_string(),
    };
    state.change(&uri, 2, &[change]).expect("change");
    let index = state.snapshot(Some(&renderer), &ipcls::base::Cancel::never()).expect("never cancelled");
    assert!(!index
        .channels
        .get("only:here")
        .is_some_and(|ids| ids.iter().any(|id| id.file == index.file_for_rel("src/renderer/app.ts").expect("file"))));
    let mut fresh = Workspace::load(&root);
    fresh.set_file(&renderer, FileText { text: Arc::from(new_text.as_str()), lossy: false, version: Some(1) });
    assert_eq!(snapshot(&index), snapshot(&fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled")));
}

/// Entries of a table in a channels module, iterated in another file, are sites at the entries:
/// typing in the channels module above the table (its interface kept), in the table, and in the
/// file that iterates it (whose other sites are then found again, not moved) keeps the index
/// equal to one from scratch, with the sites where the entries are written.
#[test]
fn sites_at_entries_of_an_imported_table_follow_edits_of_either_file() {
    use ipcls::lsp::state::State;
    use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};
    let dir = support::copy_fixture("flow/tables-imported/mistake");
    let root = dir.path().canonicalize().expect("root");
    let channels = root.join("src/shared/channels.ts");
    let ipc = root.join("src/main/ipc.ts");
    let mut state = State::new(std::slice::from_ref(&root));
    state.load();
    let mut docs: Vec<(PathBuf, String, i32)> =
        [&channels, &ipc].into_iter().map(|p| (p.clone(), std::fs::read_to_string(p).expect("read"), 1)).collect();
    for (path, text, _) in &docs {
        state.open(&Uri::from_file_path(path).expect("uri"), text.clone(), 1);
    }
    drop(state.snapshot(None, &ipcls::base::Cancel::never()).expect("never cancelled"));
    // (document, text to find, offset in it, text inserted there)
    let steps: [(usize, &str, usize, &str); 5] = [
        // A comment line above the tables: every entry moves, nothing else changes.
        (0, "export const COMMAND_CHANNELS", 0, "// Kept in step with the bridge.\n"),
        // Typing inside an entry: its channel changes.
        (0, "'clips:list'", 6, "x"),
        // Typing in main's file, which iterates the tables.
        (1, "'window:hide', () =>", 1, "main-"),
        // A new entry of the pushed channels.
        (0, "'clips:cleared'", 15, ", 'clips:starred'"),
        // Lines above the loops of main.
        (1, "export function unregisterIpc", 0, "const dropped = new Set<string>();\n"),
    ];
    for (step, (doc, find, at, insert)) in steps.into_iter().enumerate() {
        let (path, text, version) = &mut docs[doc];
        let offset = text.find(find).expect("text to edit") + at;
        let position = utf16_position(text, offset);
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(position, position)),
            range_length: None,
            text: insert.to_string(),
        };
        *version += 1;
        state.change(&Uri::from_file_path(&*path).expect("uri"), *version, &[change]).expect("change");
        text.insert_str(offset, insert);
        let index = state.snapshot(Some(path), &ipcls::base::Cancel::never()).expect("never cancelled");
        let mut fresh = Workspace::load(&root);
        for (p, t, _) in &docs {
            fresh.set_file(p, FileText { text: Arc::from(t.as_str()), lossy: false, version: Some(1) });
        }
        let scratch = fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        assert_eq!(snapshot(&index), snapshot(&scratch), "step {step}");
        // Every site of the channels module sits on a string of its text that is its channel.
        let file = index.file_for_rel("src/shared/channels.ts").expect("channels module");
        let module = &docs[0].1;
        let at_entries: Vec<&str> = index
            .sites
            .in_file(file)
            .map(|s| {
                let written = &module[s.range.start as usize..s.range.end as usize];
                assert_eq!(Some(written.trim_matches('\'')), s.channel.known(), "step {step}");
                written
            })
            .collect();
        assert_eq!(at_entries.len(), if step < 3 { 16 } else { 17 }, "step {step}: {at_entries:?}");
        // The warnings at the entries that nothing uses follow them.
        let mut warned: Vec<&str> = ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never())
            .expect("never cancelled")
            .iter()
            .filter(|d| d.file == file)
            .map(|d| &module[d.range.start as usize..d.range.end as usize])
            .collect();
        warned.sort();
        let expected: &[&str] = if step < 3 {
            &["'clips:pinned'", "'shortcut:paste'"]
        } else {
            &["'clips:pinned'", "'clips:starred'", "'shortcut:paste'"]
        };
        assert_eq!(warned, expected, "step {step}");
    }
}

/// Sites found through a callback that a function of another file calls with each entry of a
/// table in a third file follow edits of that function's file, which keep its interface.
#[test]
fn sites_through_a_callback_follow_edits_of_the_function_that_calls_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("root");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        path
    };
    write("src/shared/forwarded.ts", "export const FORWARDED = ['job:started', 'job:done'];\n");
    write(
        "src/main/windows.ts",
        "import { BrowserWindow } from 'electron';\nexport class Windows {\n  private all = new Set<BrowserWindow>();\n  broadcast(channel: string): void {\n    for (const w of this.all) w.webContents.send(channel);\n  }\n}\n",
    );
    write(
        "src/main/forwarding.ts",
        "import { eachForwarded } from '../core/forward';\nimport type { Windows } from './windows';\nexport function setup(windows: Windows): void {\n  eachForwarded((channel) => windows.broadcast(channel));\n}\n",
    );
    let forward_text = |body: &str| {
        format!("import {{ FORWARDED }} from '../shared/forwarded';\nexport function eachForwarded(handler: (channel: string) => void): void {{\n{body}}}\n")
    };
    let forward = write("src/core/forward.ts", &forward_text("  for (const channel of FORWARDED) handler(channel);\n"));
    let mut ws = Workspace::load(&root);
    let first = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
    assert_eq!(first.channels.get("job:done").map(|ids| ids.len()), Some(1));
    let steps = [
        // The callback is called with something else: no site is left.
        forward_text("  for (const channel of FORWARDED) handler(channel + ':later');\n"),
        // And with each entry again.
        forward_text("  for (const channel of FORWARDED) handler(channel);\n"),
    ];
    for (step, text) in steps.iter().enumerate() {
        let summary = Arc::new(ts::extract(text, Dialect::TypeScript));
        let file_text = FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(step as i32 + 1) };
        ws.set_file_with_summary(&forward, file_text, summary);
        let index = ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        assert_eq!(index.stamps.base, first.stamps.base, "step {step}: the update path is taken");
        assert_eq!(index.channels.get("job:done").map(|ids| ids.len()), [None, Some(1)][step], "step {step}");
        let mut fresh = Workspace::load(&root);
        fresh.set_file(&forward, FileText { text: Arc::from(text.as_str()), lossy: false, version: Some(1) });
        let scratch = fresh.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        assert_eq!(snapshot(&index), snapshot(&scratch), "step {step}");
    }
}
