//! Output formats of `check` and `channels`: rustc-style text, JSON, SARIF, GitHub annotations,
//! tables and Markdown.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde_json::{json, Value};

use crate::base::plural;
use crate::ide::catalogue::{self, line_col};
use crate::ide::{Diagnostic, Severity};
use crate::index::Index;

/// rustc-style diagnostics with source snippets, then a summary line.
pub fn human(index: &Index, diags: &[Diagnostic], color: bool) -> String {
    let mut files = SimpleFiles::new();
    let mut ids = rustc_hash::FxHashMap::default();
    let mut file_id = |f: crate::base::FileId| -> usize {
        *ids.entry(f).or_insert_with(|| files.add(index.rel_path(f), index.text(f).to_string()))
    };
    let prepared: Vec<CsDiagnostic<usize>> = diags
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => CsSeverity::Error,
                Severity::Warning => CsSeverity::Warning,
                Severity::Hint => CsSeverity::Help,
            };
            let mut labels = vec![Label::primary(file_id(d.file), d.range.start as usize..d.range.end as usize)];
            for r in &d.related {
                labels.push(
                    Label::secondary(file_id(r.file), r.range.start as usize..r.range.end as usize)
                        .with_message(&r.message),
                );
            }
            let mut cd =
                CsDiagnostic::new(severity).with_code(d.code.as_str()).with_message(&d.message).with_labels(labels);
            if let Some(s) = &d.suggestion {
                cd = cd.with_notes(vec![format!("help: rename the channel to '{s}'")]);
            }
            cd
        })
        .collect();
    let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
    let config = term::Config::default();
    for d in &prepared {
        let _ = term::emit(&mut buffer, &config, &files, d);
    }
    let mut out = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
    let s = &index.stats;
    out.push_str(&format!(
        "{} error{}, {} warning{} in {} channel{} ({} site{}, {} unresolved) across {} file{}\n",
        errors,
        plural(errors),
        warnings,
        plural(warnings),
        index.channels.len(),
        plural(index.channels.len()),
        index.sites.len() - index.unresolved.len(),
        plural(index.sites.len() - index.unresolved.len()),
        index.unresolved.len(),
        s.scripts + s.protos,
        plural(s.scripts + s.protos),
    ));
    out
}

fn diagnostic_value(index: &Index, d: &Diagnostic) -> Value {
    let (line, column) = line_col(index, d.file, d.range.start);
    let (end_line, end_column) = line_col(index, d.file, d.range.end);
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| {
            let (line, column) = line_col(index, r.file, r.range.start);
            json!({"file": index.rel_path(r.file), "line": line, "column": column, "message": r.message})
        })
        .collect();
    let mut v = json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": index.rel_path(d.file),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "related": related,
    });
    if let (Some(channel), Some(map)) = (&d.channel, v.as_object_mut()) {
        map.insert("channel".into(), json!(channel));
    }
    v
}

pub fn diagnostics_json(index: &Index, diags: &[Diagnostic]) -> String {
    let list: Vec<Value> = diags.iter().map(|d| diagnostic_value(index, d)).collect();
    let mut s = serde_json::to_string_pretty(&json!({ "diagnostics": list })).unwrap_or_default();
    s.push('\n');
    s
}

pub fn sarif(index: &Index, diags: &[Diagnostic]) -> String {
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let (line, column) = line_col(index, d.file, d.range.start);
            let (end_line, end_column) = line_col(index, d.file, d.range.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Hint => "note",
            };
            json!({
                "ruleId": d.code.as_str(),
                "level": level,
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": index.rel_path(d.file)},
                    "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
                }}]
            })
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "ipcls", "version": env!("CARGO_PKG_VERSION")}}, "results": results}]
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// GitHub Actions workflow commands (`::error file=...::message`).
pub fn github(index: &Index, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let (line, column) = line_col(index, d.file, d.range.start);
        let (end_line, end_column) = line_col(index, d.file, d.range.end);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "notice",
        };
        let message = d.message.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        out.push_str(&format!(
            "::{level} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title=ipcls {}::{message}\n",
            index.rel_path(d.file),
            d.code.as_str()
        ));
    }
    out
}

pub fn channels_json(index: &Index) -> String {
    let mut s = serde_json::to_string_pretty(&catalogue::catalogue(index)).unwrap_or_default();
    s.push('\n');
    s
}

pub fn channels_table(index: &Index) -> String {
    let cat = catalogue::catalogue(index);
    let mut rows: Vec<[String; 5]> =
        vec![["CHANNEL".into(), "CONTRACT".into(), "KIND".into(), "PROCESS".into(), "SITE".into()]];
    for c in &cat.channels {
        let contract = c.contract.as_ref().map_or("-".to_string(), |k| format!("{}.{}", k.service, k.method));
        if c.sites.is_empty() {
            rows.push([c.name.clone(), contract.clone(), "-".into(), "-".into(), "(no sites)".into()]);
        }
        for (i, s) in c.sites.iter().enumerate() {
            let (name, contract) =
                if i == 0 { (c.name.clone(), contract.clone()) } else { (String::new(), String::new()) };
            rows.push([
                name,
                contract,
                s.kind.into(),
                s.process.into(),
                format!("{}:{}:{} ({})", s.file, s.line, s.column, s.written),
            ]);
        }
    }
    for u in &cat.unresolved {
        rows.push([
            "?".into(),
            "-".into(),
            u.kind.into(),
            u.process.into(),
            format!("{}:{}:{} `{}`", u.file, u.line, u.column, u.expression),
        ]);
    }
    let widths: Vec<usize> = (0..5).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i == 4 {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{:w$}  ", cell, w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn channels_markdown(index: &Index) -> String {
    let cat = catalogue::catalogue(index);
    let mut out = String::from("| Channel | Contract | Sites |\n| --- | --- | --- |\n");
    for c in &cat.channels {
        let contract = c.contract.as_ref().map_or(String::new(), |k| format!("`{}.{}`", k.service, k.method));
        let sites: Vec<String> =
            c.sites.iter().map(|s| format!("{} ({}) `{}:{}`", s.kind, s.process, s.file, s.line)).collect();
        out.push_str(&format!("| `{}` | {} | {} |\n", c.name, contract, sites.join("<br>")));
    }
    if !cat.unresolved.is_empty() {
        out.push_str("\n**Unresolved**\n\n");
        for u in &cat.unresolved {
            out.push_str(&format!("- {} ({}) `{}` at `{}:{}`\n", u.kind, u.process, u.expression, u.file, u.line));
        }
    }
    out
}

/// `ipcls check --explain`: the channel's sites, the calls that might be sites, its diagnostics.
pub(super) fn explanation(index: &Index, e: &crate::ide::diagnostics::explain::Explanation) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let at = |file, offset| {
        let (line, column) = line_col(index, file, offset);
        format!("{}:{line}:{column}", index.rel_path(file))
    };
    let _ =
        writeln!(out, "channel '{}': {} site{}", e.channel, e.sites.len(), if e.sites.len() == 1 { "" } else { "s" });
    for s in &e.sites {
        let _ = writeln!(out, "  {}  {}", at(s.file, s.range.start), s.text);
    }
    let _ = writeln!(out, "calls that might be sites: {}", e.candidates.len());
    for c in &e.candidates {
        let _ = writeln!(out, "  {}  {}", at(c.file, c.range.start), c.text);
    }
    let _ = writeln!(out, "diagnostics: {}", e.diagnostics.len());
    for d in &e.diagnostics {
        let _ = writeln!(
            out,
            "  {}  {}: {} {}",
            at(d.file, d.range.start),
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        );
    }
    out
}
