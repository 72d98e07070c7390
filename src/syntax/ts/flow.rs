//! How values of declared types move in one file, for the index's value-flow analysis
//! (`index::flow`): type aliases by the type names they stand for, and receivers known only by a
//! declared type name that another file may define.

/// `type Target = Electron.WebContents | WebFrameMain | Target[]`: the alias and the type names it
/// stands for, with unions, arrays (`T[]`, `Array<T>`, `ReadonlyArray<T>`, `Set<T>`), `null`,
/// `undefined` and the `Electron.` namespace taken off.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeAlias {
    pub name: String,
    pub types: Vec<String>,
}

/// Appended to a declared type name, the `webContents` of a value of that type
/// (`w.webContents.send(…)` with `w: AppWindow`): the index's value flow says whether the type is a
/// window.
pub const WEB_CONTENTS_OF: &str = "#webContents";

/// The type a type predicate narrows to (`t is WebContents`), or else the names of the annotation.
pub fn declared_result_names(annotation: &str) -> Vec<String> {
    let ty = annotation.trim_start_matches(':').trim();
    match ty.split_once(" is ") {
        Some((_, narrowed)) => declared_type_names(narrowed),
        None => declared_type_names(ty),
    }
}

/// The type names a type annotation stands for, as [`TypeAlias::types`] says; empty when it is
/// anything else (an object type, a function type, a generic other than a collection).
pub fn declared_type_names(annotation: &str) -> Vec<String> {
    let mut out = Vec::new();
    collect(annotation.trim_start_matches(':').trim(), 0, &mut out);
    out
}

/// How deep `Array<Array<…>>` is followed.
const MAX_TYPE_DEPTH: u32 = 8;

fn collect(ty: &str, depth: u32, out: &mut Vec<String>) {
    if depth > MAX_TYPE_DEPTH {
        return;
    }
    for part in split_top(ty, '|') {
        let mut part = part.trim();
        while let Some(p) = part.strip_suffix("[]") {
            part = p.trim();
        }
        if let Some(inner) = part.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
            collect(inner, depth + 1, out);
            continue;
        }
        if let Some(inner) = ["Array<", "ReadonlyArray<", "Set<", "Iterable<"]
            .iter()
            .find_map(|p| part.strip_prefix(p).and_then(|r| r.strip_suffix('>')))
        {
            collect(inner, depth + 1, out);
            continue;
        }
        let name = part.strip_prefix("Electron.").unwrap_or(part);
        let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        if plain && !matches!(name, "null" | "undefined" | "void" | "never") && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
}

/// `a | Array<b | c> | d` split at the `|`s outside `<…>` and `(…)`.
fn split_top(ty: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in ty.char_indices() {
        match c {
            '<' | '(' | '{' => depth += 1,
            '>' | ')' | '}' => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(&ty[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&ty[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::declared_type_names;

    #[test]
    fn type_names_through_unions_and_arrays() {
        let names = |t: &str| declared_type_names(t);
        assert_eq!(names(": Electron.WebContents | WebFrameMain"), ["WebContents", "WebFrameMain"]);
        assert_eq!(names("Target | Array<Target | null>"), ["Target"]);
        assert_eq!(names("AppWindow[]"), ["AppWindow"]);
        assert_eq!(names("(WebContents | null)[]"), ["WebContents"]);
        assert_eq!(names("ReadonlyArray<Array<Host>>"), ["Host"]);
        assert!(names("{ send(c: string): void }").is_empty());
        assert!(names("Map<string, WebContents>").is_empty());
    }
}
