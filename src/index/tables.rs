//! Where the entries of channel tables are written: a constant of the file or of the module it is
//! imported from, a table bound inside the function of the registration, and the entries a
//! callback is called with (docs/design.md § Channel resolution).

use super::model::Written;
use super::resolve::{call_candidates, Env, Resolver, Values};
use crate::base::{FileId, FileRange, TextRange};
use crate::syntax::ts::{self, Callee, Expr, FileSummary, FnName};

/// The table a channel is an item of: `t` of each item of `t` (also `h.channel` of each record
/// `h`), or of each key of `t`.
fn table_of(channel: &Expr) -> Option<&Expr> {
    let each = match channel {
        Expr::Each(inner) => inner,
        Expr::Member(base, _) => match &**base {
            Expr::Each(inner) => inner,
            _ => return None,
        },
        _ => return None,
    };
    Some(match &**each {
        Expr::Keys(obj) => obj,
        other => other,
    })
}

/// Where each entry of a table is written, in the order of `values`, and how: a string, or a name
/// or member whose value is the entry (`Events.Ready` in a `Set`, a computed key `[Commands.Open]`
/// of a returned object). The table is a constant of `file` or one imported from another module
/// (then the ranges are in that module's text: docs/design.md § Channel resolution).
pub(super) fn table_ranges(
    r: &Resolver,
    file: FileId,
    summary: &FileSummary,
    channel: &Expr,
    text: &str,
    values: &[String],
    depends: &mut Vec<FileId>,
) -> Option<Vec<(FileRange, Written)>> {
    let Expr::Ident(name) = table_of(channel)? else { return None };
    let (file, def, other_text) = match summary.const_def(name) {
        Some(def) => (file, def, None),
        None => {
            let import = summary.imports.iter().find(|i| &i.local == name)?;
            let target = r.import_target(file, &import.source)?;
            let (at, exported) = r.export_site(target, super::resolve::export_name(&import.imported)?, 0)?;
            depends.push(at);
            let def = r.summary(at)?.const_def(&exported)?;
            // The text the summary was made from (a summary's file keeps its text).
            (at, def, Some(r.vfs.text(at)?.clone()))
        }
    };
    let text = other_text.as_deref().unwrap_or(text);
    let members = match &def.value {
        Expr::Object(members) => members.as_slice(),
        _ => &[],
    };
    // The one value written at a range, when it has one.
    let value_at = |range: TextRange, member: Option<&str>| -> Option<(String, Written)> {
        let lit = text.get(range.start as usize..range.end as usize)?;
        if lit.len() >= 2 && lit.starts_with(['\'', '"', '`']) {
            return Some((lit[1..lit.len() - 1].to_string(), Written::Literal));
        }
        let expr = match member.and_then(|m| members.iter().find(|(k, _)| k == m)) {
            Some((_, Expr::Keyed { key, .. })) => (**key).clone(),
            Some((k, _)) => return Some((k.clone(), Written::Literal)),
            None => dotted_expr(lit)?,
        };
        let written = if matches!(expr, Expr::Ident(_)) { Written::Constant } else { Written::Member };
        match r.values(file, &expr, &Env::default()) {
            Values::Known(mut vs) if vs.len() == 1 => Some((vs.pop()?, written)),
            _ => None,
        }
    };
    let candidates: Vec<(TextRange, Option<(String, Written)>)> = def
        .member_ranges
        .iter()
        .map(|(m, range)| (*range, value_at(*range, Some(m))))
        .chain(def.item_ranges.iter().map(|range| (*range, value_at(*range, None))))
        .collect();
    values
        .iter()
        .map(|v| {
            candidates.iter().find_map(|(range, c)| {
                c.as_ref().filter(|(value, _)| value == v).map(|(_, w)| (FileRange { file, range: *range }, *w))
            })
        })
        .collect()
}

/// The entries of a table that parameter `index` of the anonymous function `func` of `file` takes:
/// the function is passed to a function of the workspace (`subscribe(bus, (channel) => …)`) that
/// calls it with each entry of a table (`for (const channel of EVENTS) handler(channel)`). Each
/// entry with where it is written; `None` unless every call of the callback passes a table entry
/// there.
pub(super) fn callback_entries(
    r: &Resolver,
    file: FileId,
    summary: &FileSummary,
    func: u32,
    index: u32,
    depends: &mut Vec<FileId>,
) -> Option<Vec<(String, FileRange, Written)>> {
    let def = summary.functions.get(func as usize).filter(|f| f.name == FnName::Anonymous)?;
    // The call the callback is an argument of, and which argument.
    let (outer, arg) =
        summary.calls.iter().find_map(|c| c.arg_ranges.iter().position(|&a| a == def.range).map(|i| (c, i)))?;
    // The one function the call reaches (not one of several methods of that name).
    let [key] = call_candidates(r, file, summary, outer)[..] else { return None };
    depends.push(key.file);
    let callee_summary = r.summary(key.file)?;
    let param = callee_summary.functions.get(key.func as usize)?.params.get(arg)?;
    // The calls of that parameter inside the function, not shadowed by a nested function's own.
    let inside = |c: &ts::Call| {
        let mut cur = c.func;
        while let Some(f) = cur {
            if f == key.func {
                return true;
            }
            let nested = callee_summary.functions.get(f as usize);
            if nested.is_none_or(|n| n.params.contains(param)) {
                return false;
            }
            cur = nested.and_then(|n| n.parent);
        }
        false
    };
    let calls: Vec<&ts::Call> =
        callee_summary.calls.iter().filter(|c| c.callee == Callee::Ident(param.clone()) && inside(c)).collect();
    if calls.is_empty() {
        return None;
    }
    let text = r.vfs.text(key.file)?;
    let mut entries = Vec::new();
    for c in calls {
        let channel = c.args.get(index as usize)?;
        let Values::Known(vs) = r.values(key.file, channel, &Env::default()) else { return None };
        let ranges = table_ranges(r, key.file, callee_summary, channel, text, &vs, depends)?;
        entries.extend(vs.into_iter().zip(ranges).map(|(v, (at, w))| (v, at, w)));
    }
    Some(entries)
}

/// `a`, `a.b.c` as a name and its members; `None` for any other text.
fn dotted_expr(text: &str) -> Option<Expr> {
    let mut parts = text.split('.').map(str::trim);
    let ident = |p: &str| {
        let mut chars = p.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    let first = parts.next().filter(|p| ident(p))?;
    let mut expr = Expr::Ident(first.to_string());
    for p in parts {
        if !ident(p) {
            return None;
        }
        expr = Expr::Member(Box::new(expr), p.to_string());
    }
    Some(expr)
}

/// Where each entry of a table bound inside a function is written (`const listeners = [['back',
/// fn], …]; for (const [ch, fn] of listeners) ipcRenderer.on(ch, …)`, the channel at `before`, in
/// function `func`): the last string literal of each value between the start of the outermost
/// function around `func` and the call. `None` unless every value is found so.
pub(super) fn local_table_ranges(
    summary: &FileSummary,
    channel: &Expr,
    func: Option<u32>,
    before: u32,
    text: &str,
    values: &[String],
) -> Option<Vec<TextRange>> {
    let table = table_of(channel)?;
    if let Expr::Ident(name) = table {
        // A constant of this file written before the call (a class's field table).
        let def = summary.const_def(name)?;
        let start = def.name_range.start as usize;
        let region = text.get(start..before as usize)?;
        return values.iter().map(|v| last_literal(region, v).map(|r| r.shifted(start as u32))).collect();
    }
    if !matches!(table, Expr::Array(_) | Expr::Object(_)) {
        return None;
    }
    let mut outermost = func.and_then(|f| summary.functions.get(f as usize));
    for _ in 0..summary.functions.len() {
        match outermost.and_then(|f| f.parent).and_then(|p| summary.functions.get(p as usize)) {
            Some(parent) => outermost = Some(parent),
            None => break,
        }
    }
    let start = outermost.map_or(0, |f| f.range.start as usize);
    let end = before as usize;
    let region = text.get(start..end)?;
    values.iter().map(|v| last_literal(region, v).map(|r| r.shifted(start as u32))).collect()
}

/// The last string literal of `value` in `region` (in any quotes), relative to it.
fn last_literal(region: &str, value: &str) -> Option<TextRange> {
    let at = ['"', '\'', '`'].iter().filter_map(|q| region.rfind(&format!("{q}{value}{q}"))).max()?;
    Some(TextRange { start: at as u32, end: (at + value.len() + 2) as u32 })
}
