//! Incremental updates compared with whole extractions, over seeded random edits of the fixtures.

use tree_sitter::{InputEdit, Point};

use super::*;
use crate::base::rng::Lcg;
use crate::syntax::ts::parse::{parse, parse_island, parse_with_old, Dialect};
use crate::syntax::ts::walker::{extract, DEFAULT_MAX_NESTING};

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Replaces `start..old_end` of `text` by `inserted`, tells `tree` (not parsed again), and
/// returns the span.
fn apply_edit(text: &mut String, tree: &mut Tree, start: usize, old_end: usize, inserted: &str) -> EditSpan {
    let new_end = start + inserted.len();
    let (start_position, old_end_position) = (point(text, start), point(text, old_end));
    text.replace_range(start..old_end, inserted);
    tree.edit(&InputEdit {
        start_byte: start,
        old_end_byte: old_end,
        new_end_byte: new_end,
        start_position,
        old_end_position,
        new_end_position: point(text, new_end),
    });
    EditSpan { start: start as u32, old_end: old_end as u32, new_end: new_end as u32 }
}

fn point(text: &str, at: usize) -> Point {
    let row = text[..at].matches('\n').count();
    Point { row, column: at - text[..at].rfind('\n').map_or(0, |p| p + 1) }
}

/// A random edit as `(start, old_end, inserted)`: mostly edits that keep the file valid
/// (inside strings and names, whole lines, new statements), so that the incremental path is
/// taken, and some that break it.
fn random_edit(text: &str, rng: &mut Lcg) -> (usize, usize, String) {
    let lines: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).filter(|&i| i <= text.len()).collect();
    let line_start = lines[rng.below(lines.len())];
    match rng.below(8) {
        0 => {
            let quotes: Vec<usize> = text.match_indices('\'').map(|(i, _)| i + 1).collect();
            let at = quotes.get(rng.below(quotes.len())).copied().unwrap_or(0);
            (at, at, ["x", "é", ":", ""][rng.below(4)].to_string())
        }
        1 => {
            let quotes: Vec<usize> = text.match_indices('\'').map(|(i, _)| i + 1).collect();
            let at = quotes.get(rng.below(quotes.len())).copied().unwrap_or(0);
            let end = floor_char(text, at + 1);
            if text[at..end].chars().all(|c| c.is_alphanumeric() || c == ':') {
                (at, end, String::new())
            } else {
                (at, at, "y".into())
            }
        }
        2 => {
            // Delete a whole line.
            let end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
            (line_start, end, String::new())
        }
        3 => {
            // Duplicate a line.
            let end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
            (line_start, line_start, text[line_start..end].to_string())
        }
        4 => {
            let snippets = [
                "ipcRenderer.send('added:one', 1);\n",
                "export const ADDED = 'added:two';\n",
                "import { ipcMain } from 'electron';\n",
                "const api = { go: () => ipcRenderer.invoke('added:three') };\n",
                "function helper(ch: string) { ipcRenderer.send(ch); }\n",
                "// a comment\n",
                "contextBridge.exposeInMainWorld('added', { x: () => ipcRenderer.invoke('added:four') });\n",
            ];
            (line_start, line_start, snippets[rng.below(snippets.len())].to_string())
        }
        5 => {
            // Rename one identifier-like word.
            let words: Vec<(usize, &str)> = text
                .match_indices(|c: char| c.is_ascii_alphabetic())
                .filter(|(i, _)| *i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
                .collect();
            let Some(&(at, _)) = words.get(rng.below(words.len())) else { return (0, 0, String::new()) };
            let end = text[at..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(text.len(), |i| at + i);
            (at, end, "renamed".into())
        }
        _ => {
            let at = floor_char(text, rng.below(text.len() + 1));
            (at, at, ["a", " ", "\n", "(", "}", "'", ";"][rng.below(7)].to_string())
        }
    }
}

/// Applies random edits to `text`, updating an extraction incrementally, and compares it with
/// a whole extraction after every edit. Returns the statements reused over the run.
fn check(name: &str, text: &str, dialect: Dialect, seed: u64, edits: usize, islands: &mut usize) -> usize {
    let mut rng = Lcg::new(seed);
    let mut text = text.to_string();
    let Some(mut tree) = parse(&text, dialect) else { return 0 };
    let mut ex = Extraction::new(&text, &tree, DEFAULT_MAX_NESTING);
    assert_eq!(*ex.summary(), extract(&text, dialect), "{name}: first extraction");
    let mut reused = 0;
    // Whether `tree` was parsed whole after the last update from an island.
    let mut fresh = true;
    for step in 0..edits {
        let (start, old_end, inserted) = random_edit(&text, &mut rng);
        let span = apply_edit(&mut text, &mut tree, start, old_end, &inserted);
        let before = ex.summary();
        // As the server does: the edited statement alone when it can be, the tree left as it
        // is (out of date inside the statements updated from islands) and parsed whole only
        // now and then (`State::settle`); else the whole file.
        let island = ex.island(&text, span).and_then(|range| parse_island(&text, dialect, range));
        let from_island = match island {
            Some(island) => ex.update_island(&text, &tree, &island, span, DEFAULT_MAX_NESTING, fresh),
            None => Err(Some(ex)),
        };
        ex = match from_island {
            Ok(updated) => {
                *islands += 1;
                fresh = false;
                updated
            }
            Err(kept) => {
                let Some(new_tree) = parse_with_old(&text, dialect, &tree) else { return reused };
                tree = new_tree;
                fresh = true;
                match kept {
                    Some(kept) => kept.update(&text, &tree, span, DEFAULT_MAX_NESTING),
                    None => Extraction::new(&text, &tree, DEFAULT_MAX_NESTING),
                }
            }
        };
        if !fresh && step % 4 == 3 {
            let Some(new_tree) = parse_with_old(&text, dialect, &tree) else { return reused };
            tree = new_tree;
            fresh = true;
            // What `State::settle` checks once the file is parsed whole.
            assert!(ex.matches(&tree), "{name}: step {step}: the islands' statements differ from the file's");
        }
        reused += ex.reused;
        // The hash a cache keeps in place of the summary tells the same as the comparison.
        let after = ex.summary();
        assert_eq!(
            before.same_interface(&after),
            before.interface_hash() == after.interface_hash(),
            "{name}: step {step}: interface hash and comparison disagree"
        );
        drop(before);
        let (got, want) = (ex.summary(), extract(&text, dialect));
        if *got != want {
            let (g, w) = (format!("{got:#?}"), format!("{want:#?}"));
            let diff: Vec<String> = g
                .lines()
                .zip(w.lines())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .take(6)
                .map(|(i, (a, b))| format!("line {i}: incremental {a:?} / whole {b:?}"))
                .collect();
            panic!("{name}: step {step}, edit {start}..{old_end} → {inserted:?}\n{}", diff.join("\n"));
        }
    }
    reused
}

fn fixture_scripts() -> Vec<(String, String, Dialect)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() && !p.ends_with("node_modules") {
                stack.push(p);
            } else if let Some(d) = p.to_str().and_then(Dialect::from_path).filter(|d| *d != Dialect::ScriptBlocks) {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    out.push((p.display().to_string(), text, d));
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn updates_equal_whole_extractions_on_every_fixture() {
    let scripts = fixture_scripts();
    assert!(scripts.len() > 50, "fixtures not found");
    let (mut reused, mut islands) = (0, 0);
    for (i, (name, text, dialect)) in scripts.iter().enumerate() {
        reused += check(name, text, *dialect, 7 + i as u64, 40, &mut islands);
    }
    // Most edits keep the files valid: the incremental paths must have been taken.
    assert!(reused > 500, "only {reused} statements reused");
    // (An edit that breaks a file keeps it whole until an edit mends it: fewer islands here.)
    assert!(islands > 40, "only {islands} updates from one statement");
}

#[test]
fn an_edit_in_one_statement_walks_only_that_statement() {
    let mut text = String::from("import { ipcRenderer } from 'electron';\n");
    for i in 0..200 {
        text.push_str(&format!("export function f{i}(x: number) {{\n  ipcRenderer.send('log:t{i}', x);\n}}\n"));
    }
    let tree = parse(&text, Dialect::TypeScript).expect("parse");
    let ex = Extraction::new(&text, &tree, DEFAULT_MAX_NESTING);
    let at = text.find("'log:t100'").expect("anchor") + 1;
    let mut new_text = text.clone();
    new_text.insert(at, 'x');
    let mut tree = tree;
    tree.edit(&InputEdit {
        start_byte: at,
        old_end_byte: at,
        new_end_byte: at + 1,
        start_position: point(&text, at),
        old_end_position: point(&text, at),
        new_end_position: point(&new_text, at + 1),
    });
    let tree = parse_with_old(&new_text, Dialect::TypeScript, &tree).expect("reparse");
    let span = EditSpan { start: at as u32, old_end: at as u32, new_end: at as u32 + 1 };
    let ex = ex.update(&new_text, &tree, span, DEFAULT_MAX_NESTING);
    assert_eq!((ex.walked, ex.reused), (1, 200));
    assert_eq!(*ex.summary(), extract(&new_text, Dialect::TypeScript));
}

#[test]
fn typing_in_a_statement_parses_only_that_statement() {
    let mut text = String::from("import { ipcRenderer } from 'electron';\n// Logging.\n");
    for i in 0..120 {
        match i % 3 {
            0 => {
                text.push_str(&format!("export function f{i}(x: number) {{\n  ipcRenderer.send('log:t{i}', x);\n}}\n"))
            }
            1 => text.push_str(&format!("ipcRenderer.on('ev:e{i}', () => ipcRenderer.send('ack:{i}'));\n")),
            _ => text.push_str(&format!("// note {i}\nconst C{i} = 'const:c{i}';\n")),
        }
    }
    let mut tree = parse(&text, Dialect::TypeScript).expect("parse");
    let mut ex = Extraction::new(&text, &tree, DEFAULT_MAX_NESTING);
    let mut rng = Lcg::new(3);
    let (mut islands, mut fresh) = (0, true);
    for step in 0..150 {
        // Type or delete a character right after the opening quote of a random string.
        // (Not in the import: a module renamed changes what the other statements see.)
        let first_line = text.find('\n').unwrap_or(0);
        let quotes: Vec<usize> =
            text.match_indices('\'').map(|(i, _)| i + 1).step_by(2).filter(|&i| i > first_line).collect();
        let at = quotes[rng.below(quotes.len())];
        let delete = step % 2 == 1 && text.as_bytes()[at].is_ascii_alphabetic();
        let (old_end, inserted) = if delete { (at + 1, "") } else { (at, "q") };
        let span = apply_edit(&mut text, &mut tree, at, old_end, inserted);
        let range = ex.island(&text, span).expect("an edit inside a statement");
        let island = parse_island(&text, Dialect::TypeScript, range).expect("island");
        ex = match ex.update_island(&text, &tree, &island, span, DEFAULT_MAX_NESTING, fresh) {
            Ok(ex) => {
                assert_eq!(ex.walked, 1, "step {step}");
                islands += 1;
                fresh = false;
                ex
            }
            // A constant changed: the statements after it are walked again, which the tree
            // (out of date where islands changed it) cannot give: the file is parsed whole and
            // extracted again, as the server does.
            Err(kept) => {
                tree = parse_with_old(&text, Dialect::TypeScript, &tree).expect("reparse");
                fresh = true;
                match kept {
                    Some(kept) => kept.update(&text, &tree, span, DEFAULT_MAX_NESTING),
                    None => Extraction::new(&text, &tree, DEFAULT_MAX_NESTING),
                }
            }
        };
        assert_eq!(*ex.summary(), extract(&text, Dialect::TypeScript), "step {step}");
    }
    assert!(islands > 100, "{islands} of 150 edits from the statement alone");
    // The tree, never parsed whole in between, parses into the statements the summary has.
    let tree = parse_with_old(&text, Dialect::TypeScript, &tree).expect("reparse");
    assert!(ex.matches(&tree));
}

#[test]
fn spans_combine() {
    // "abcdef": replace "b" by "XY" (→ "aXYcdef"), then delete "de" (at 4..6 → "aXYcf").
    let first = EditSpan { start: 1, old_end: 2, new_end: 3 };
    let both = first.then(EditSpan { start: 4, old_end: 6, new_end: 4 });
    assert_eq!(both, EditSpan { start: 1, old_end: 5, new_end: 4 });
    // A second edit before the first: "abcdef" → "aXYcdef" → "XYcdef" (delete "a").
    let both = first.then(EditSpan { start: 0, old_end: 1, new_end: 0 });
    assert_eq!(both, EditSpan { start: 0, old_end: 2, new_end: 2 });
}
