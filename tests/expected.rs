//! Each fixture's `EXPECTED.md` (written by hand, reviewed against the sources) is the oracle:
//! every site row `| \`file:line:col\` | kind | process |` must be found, no other site may be
//! (removals at a listener's position aside), and the diagnostics table must match exactly.

use std::collections::BTreeSet;
use std::path::Path;

use ipcls::ide::catalogue::{catalogue, line_col};
use ipcls::index::Workspace;

type Row = (String, u32, u32, String, String);

/// Cells of the Markdown table rows whose first or third cell is a backticked `file:line:col`.
fn rows(md: &str) -> (BTreeSet<Row>, BTreeSet<Row>) {
    let mut sites = BTreeSet::new();
    let mut diags = BTreeSet::new();
    for line in md.lines() {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(|c| c.trim()).collect();
        if cells.len() < 3 {
            continue;
        }
        let position = |cell: &str| -> Option<(String, u32, u32)> {
            let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
            let mut parts = inner.rsplitn(3, ':');
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), line, col))
        };
        if let Some((file, l, c)) = position(cells[0]) {
            if !matches!(cells[1], "error" | "warning" | "hint") {
                sites.insert((file, l, c, cells[1].to_string(), cells[2].to_string()));
            }
        } else if let (Some(code), Some((file, l, c))) =
            (cells[0].strip_prefix('`').and_then(|c| c.strip_suffix('`')), position(cells[2]))
        {
            if matches!(cells[1], "error" | "warning" | "hint") {
                diags.insert((file, l, c, code.to_string(), cells[1].to_string()));
            }
        }
    }
    (sites, diags)
}

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let md = std::fs::read_to_string(dir.join("EXPECTED.md")).expect("EXPECTED.md");
    let (want_sites, want_diags) = rows(&md);
    assert!(!want_sites.is_empty(), "{name}: EXPECTED.md lists no sites");
    let index = Workspace::load(&dir).analyze();
    let cat = catalogue(&index);
    let mut got_sites = BTreeSet::new();
    for c in &cat.channels {
        for s in &c.sites {
            got_sites.insert((s.file.clone(), s.line, s.column, s.kind.to_string(), s.process.to_string()));
        }
    }
    for u in &cat.unresolved {
        got_sites.insert((u.file.clone(), u.line, u.column, u.kind.to_string(), u.process.to_string()));
    }
    let missing: Vec<_> = want_sites.difference(&got_sites).collect();
    // A listener member's removal call sits at the same position as its `listen` site.
    let extra: Vec<_> = got_sites
        .difference(&want_sites)
        .filter(|(f, l, c, k, _)| !(k == "remove" && want_sites.iter().any(|w| &w.0 == f && w.1 == *l && w.2 == *c)))
        .collect();
    assert!(missing.is_empty() && extra.is_empty(), "{name}: sites\nmissing: {missing:#?}\nextra: {extra:#?}");
    let got_diags: BTreeSet<Row> = ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never())
        .expect("never cancelled")
        .iter()
        .map(|d| {
            let (l, c) = line_col(&index, d.file, d.range.start);
            (index.rel_path(d.file), l, c, d.code.as_str().to_string(), d.severity.as_str().to_string())
        })
        .collect();
    let missing: Vec<_> = want_diags.difference(&got_diags).collect();
    let extra: Vec<_> = got_diags.difference(&want_diags).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{name}: diagnostics\nmissing: {missing:#?}\nextra: {extra:#?}");
}

#[test]
fn article() {
    check("article");
}
#[test]
fn constants() {
    check("constants");
}
#[test]
fn wrappers() {
    check("wrappers");
}
#[test]
fn generic_bridge() {
    check("generic-bridge");
}
#[test]
fn commonjs() {
    check("commonjs");
}
#[test]
fn react() {
    check("react");
}
#[test]
fn sentry() {
    check("sentry");
}
#[test]
fn broken() {
    check("broken");
}
#[test]
fn demo() {
    check("demo");
}
#[test]
fn generated() {
    check("generated");
}
#[test]
fn article_generated() {
    check("article-generated");
}
