//! The incremental analysis (per-file sites reused while no file's interface changes) against an
//! analysis from scratch on the same texts, after every step of a long seeded sequence of edits on
//! every fixture: the sites, channels and diagnostics must be identical.

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use ipcls::base::vfs::FileText;
use ipcls::index::{Index, Workspace};
use ipcls::syntax::ts::Dialect;

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn snapshot(index: &Index) -> String {
    let mut sites: Vec<String> = index.sites.iter().map(|s| format!("{} {s:?}", index.rel_path(s.file))).collect();
    sites.sort();
    let mut diagnostics: Vec<String> = ipcls::ide::diagnostics(index)
        .iter()
        .map(|d| format!("{} {:?} {:?} {}", index.rel_path(d.file), d.range, d.code, d.message))
        .collect();
    diagnostics.sort();
    format!("{}\n--\n{}\n--\n{:?}", sites.join("\n"), diagnostics.join("\n"), index.channels.keys().collect::<Vec<_>>())
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit: typing (also quotes, brackets, newlines, multi-byte), deleting a few
/// characters, typing inside a string literal, or renaming an identifier-like word everywhere in
/// the file.
fn edit(text: &str, rng: &mut Lcg) -> String {
    let mut t = text.to_string();
    match rng.below(5) {
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
    for (n, fixture) in
        ["article", "constants", "wrappers", "generic-bridge", "commonjs", "react", "demo", "generated", "broken"]
            .into_iter()
            .enumerate()
    {
        let dir = support::copy_fixture(fixture);
        let root = dir.path().canonicalize().expect("root");
        let mut ws = Workspace::load(&root);
        ws.analyze();
        let scripts: Vec<PathBuf> = ws
            .vfs
            .iter()
            .filter(|(_, p, _)| p.to_str().and_then(Dialect::from_path).is_some())
            .map(|(_, p, _)| p.to_path_buf())
            .collect();
        let mut texts: Vec<(PathBuf, String)> = Vec::new();
        let mut rng = Lcg(n as u64 + 7);
        for step in 0..40 {
            let path = scripts[rng.below(scripts.len())].clone();
            let current = texts
                .iter()
                .find(|(p, _)| p == &path)
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| std::fs::read_to_string(&path).expect("read"));
            let new_text = edit(&current, &mut rng);
            texts.retain(|(p, _)| p != &path);
            texts.push((path.clone(), new_text.clone()));
            let version = Some(step + 1);
            ws.set_file(&path, FileText { text: Arc::from(new_text.as_str()), lossy: false, version });
            let incremental = snapshot(&ws.analyze());

            let mut fresh = Workspace::load(&root);
            for (p, t) in &texts {
                fresh.set_file(p, FileText { text: Arc::from(t.as_str()), lossy: false, version: Some(1) });
            }
            let scratch = snapshot(&fresh.analyze());
            assert_eq!(incremental, scratch, "{fixture}: step {step} ({}) differs", path.display());
            steps += 1;
        }
    }
    assert_eq!(steps, 9 * 40);
}
