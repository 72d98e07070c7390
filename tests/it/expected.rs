//! Each fixture's `EXPECTED.md` is prose for people (why each site is one, in which process, what
//! a correct checker reports and what it must not); the oracle of the code is the reviewed
//! snapshots in `tests/snapshots/` (`cli`). This checks that the prose stays true of them: every
//! site row `| \`file:line:col\` | kind | process |` is in `<fixture>.channels.json` (a channel's
//! site or an unresolved one), no other site is there (removals at a listener's position aside),
//! and the diagnostics table lists exactly the code, severity and position of each diagnostic of
//! `<fixture>.check.json`. No analysis runs here: a change of behaviour shows in the snapshots
//! first, then here until `EXPECTED.md` says the same.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

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

fn snapshot(name: &str, what: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(format!("{name}.{what}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `(file, line, column, a, b)` of each object of `items`, `a` and `b` being the named fields.
fn snapshot_rows<'a>(items: impl Iterator<Item = &'a Value>, a: &str, b: &str) -> BTreeSet<Row> {
    let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let number = |v: &Value, key: &str| v[key].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or_default();
    items.map(|v| (text(v, "file"), number(v, "line"), number(v, "column"), text(v, a), text(v, b))).collect()
}

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let md = std::fs::read_to_string(dir.join("EXPECTED.md")).expect("EXPECTED.md");
    let (want_sites, want_diags) = rows(&md);
    assert!(!want_sites.is_empty(), "{name}: EXPECTED.md lists no sites");
    let channels = snapshot(name, "channels");
    let none = Vec::new();
    let list = |v: &Value| v.as_array().unwrap_or(&none).clone();
    let sites: Vec<Value> = list(&channels["channels"]).iter().flat_map(|c| list(&c["sites"])).collect();
    let unresolved = list(&channels["unresolved"]);
    let got_sites = snapshot_rows(sites.iter().chain(&unresolved), "kind", "process");
    let missing: Vec<_> = want_sites.difference(&got_sites).collect();
    // A listener member's removal call sits at the same position as its `listen` site.
    let extra: Vec<_> = got_sites
        .difference(&want_sites)
        .filter(|(f, l, c, k, _)| !(k == "remove" && want_sites.iter().any(|w| &w.0 == f && w.1 == *l && w.2 == *c)))
        .collect();
    assert!(missing.is_empty() && extra.is_empty(), "{name}: sites\nmissing: {missing:#?}\nextra: {extra:#?}");
    let diagnostics = list(&snapshot(name, "check")["diagnostics"]);
    let got_diags = snapshot_rows(diagnostics.iter(), "code", "severity");
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
