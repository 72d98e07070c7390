//! Multi-file test fixtures with annotations (rust-analyzer style), for tests only.
//!
//! ```text
//! //- /src/main.ts
//! ipcMain.handle('a', f)
//! //             ^^^ handle a
//! //             --- secondary
//! ```
//! `//- /path` starts a file (the path from the workspace root, written with a leading `/`).
//!
//! A marker line is not part of the file's text. It marks a range of the line above it (the last
//! line that is not a marker line; several marker lines may follow one line): `//`, then spaces up
//! to the range's column, then a run of `^` (a primary mark, [`Fixture::annotations`]) or of `-`
//! (a secondary mark, [`Fixture::secondary`]) as long as the range, then a space and the label. A
//! range that starts in column 0 or 1, where the `//` itself stands, is marked without the `//`: the
//! line is the run itself at its column (`^^^^ label`, or one space and then the run). A range
//! that goes past the end of its line is marked up to the end of the line, its newline included
//! (one mark more than the line's characters); an empty range is marked with one character.
//!
//! `$0` marks a cursor (removed from the text).
//!
//! Diagnostics (`ide::diagnostics::tests::check_diagnostics`) are marked with `^` under their range
//! and the label `severity: code message`, and each of their related ranges with `-` and the label
//! `related to code: message`:
//!
//! ```text
//! ipcMain.handle('file:save', save);
//! //             ^^^^^^^^^^^ error: duplicate-handler Attempted to register a second handler for 'file:save'
//! //             ----------- related to duplicate-handler: the first handler
//! ```

use std::path::{Path, PathBuf};

use crate::base::vfs::decode;
use crate::base::{FileId, TextRange};
use crate::config::Config;
use crate::index::{Index, Workspace};

pub struct Fixture {
    pub files: Vec<(String, String)>,
    /// The primary marks (`^`): `(file, range, label)`.
    pub annotations: Vec<(String, TextRange, String)>,
    /// The secondary marks (`-`): `(file, range, label)`.
    pub secondary: Vec<(String, TextRange, String)>,
    pub cursor: Option<(String, u32)>,
}

pub const ROOT: &str = "/ws";

/// How a mark is drawn: `^` for a primary range, `-` for a secondary one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Marker {
    Primary,
    Secondary,
}

impl Marker {
    fn char(self) -> char {
        match self {
            Marker::Primary => '^',
            Marker::Secondary => '-',
        }
    }
}

/// A mark to render: a range of a file, drawn with its marker and followed by its label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub file: FileId,
    pub range: TextRange,
    pub marker: Marker,
    pub label: String,
}

/// A marker line's marker, column, length and label.
fn marker_line(line: &str) -> Option<(Marker, u32, u32, String)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let (col, rest) = match trimmed.strip_prefix("//") {
        Some(after) => {
            let run = after.trim_start();
            (line.len() - run.len(), run)
        }
        // Without `//`, only for a range in the first two columns.
        None if indent < 2 => (indent, trimmed),
        None => return None,
    };
    let marker = match rest.chars().next()? {
        '^' => Marker::Primary,
        '-' => Marker::Secondary,
        _ => return None,
    };
    let len = rest.chars().take_while(|c| *c == marker.char()).count();
    let after = &rest[len..];
    // A secondary run (and any run without `//`) is followed by a space or ends the line, so that
    // `--i` or `- 1` in code is not a mark.
    let strict = marker == Marker::Secondary || !trimmed.starts_with("//");
    if strict && !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((marker, col as u32, len as u32, after.trim().to_string()))
}

impl Fixture {
    pub fn parse(text: &str) -> Fixture {
        let mut files: Vec<(String, String)> = Vec::new();
        let mut annotations = Vec::new();
        let mut secondary = Vec::new();
        let mut cursor = None;
        let mut prev_line_start = 0u32;
        for line in text.lines() {
            if let Some(path) = line.strip_prefix("//- /") {
                files.push((path.trim().trim_start_matches('/').to_string(), String::new()));
                continue;
            }
            let Some((path, body)) = files.last_mut() else { continue };
            if let Some((marker, col, len, label)) = marker_line(line) {
                let start = prev_line_start + col;
                let mark = (path.clone(), TextRange::new(start, start + len), label);
                match marker {
                    Marker::Primary => annotations.push(mark),
                    Marker::Secondary => secondary.push(mark),
                }
                continue;
            }
            prev_line_start = body.len() as u32;
            let mut l = line.to_string();
            if let Some(at) = l.find("$0") {
                cursor = Some((path.clone(), prev_line_start + at as u32));
                l = l.replacen("$0", "", 1);
            }
            body.push_str(&l);
            body.push('\n');
        }
        Fixture { files, annotations, secondary, cursor }
    }

    pub fn workspace(&self) -> Workspace {
        let config =
            self.files.iter().find(|(p, _)| p == "ipcls.toml").map(|(_, t)| Config::from_toml(t).0).unwrap_or_default();
        let mut ws = Workspace::new(Path::new(ROOT), config);
        for (path, text) in &self.files {
            ws.set_file(&PathBuf::from(ROOT).join(path), decode(text.clone().into_bytes()));
        }
        ws
    }

    pub fn index(&self) -> Index {
        self.workspace().analyze(&crate::base::Cancel::never()).expect("never cancelled")
    }

    /// Every mark of the fixture, on the files of `index` (a mark in a file it does not have fails).
    pub fn marks(&self, index: &Index) -> Vec<Mark> {
        let primary = self.annotations.iter().map(|a| (a, Marker::Primary));
        let secondary = self.secondary.iter().map(|a| (a, Marker::Secondary));
        primary
            .chain(secondary)
            .map(|((path, range, label), marker)| {
                let file = index.file_for_rel(path).unwrap_or_else(|| panic!("{path} is not in the index"));
                Mark { file, range: *range, marker, label: label.clone() }
            })
            .collect()
    }
}

/// Renders `(file, range, label)` triples as annotated source, for comparing with a fixture.
pub fn annotate(index: &Index, marks: Vec<(FileId, TextRange, String)>) -> String {
    let marks = marks.into_iter().map(|(file, range, label)| Mark { file, range, marker: Marker::Primary, label });
    annotate_marks(index, marks.collect())
}

/// Renders marks as annotated source: each file that has marks, each mark under the line its range
/// starts on, in the format [`Fixture::parse`] reads.
pub fn annotate_marks(index: &Index, mut marks: Vec<Mark>) -> String {
    marks.sort_by(|a, b| {
        (a.file, a.range.start, a.range.end, a.marker, &a.label).cmp(&(
            b.file,
            b.range.start,
            b.range.end,
            b.marker,
            &b.label,
        ))
    });
    let mut out = String::new();
    let mut files: Vec<FileId> = marks.iter().map(|m| m.file).collect();
    files.dedup();
    for file in files {
        out.push_str(&format!("//- /{}\n", index.rel_path(file)));
        let text = index.text(file);
        let mut offset = 0u32;
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        if lines.is_empty() {
            lines.push("");
        }
        for line in lines {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
            let end = offset + line.len() as u32;
            let on_line =
                |m: &&Mark| m.file == file && m.range.start >= offset && (m.range.start < end || end == offset);
            for m in marks.iter().filter(on_line) {
                let col = (m.range.start - offset) as usize;
                let len = (m.range.end.min(end).saturating_sub(m.range.start)).max(1) as usize;
                let run = m.marker.char().to_string().repeat(len);
                let lead = if col < 2 { " ".repeat(col) } else { format!("//{}", " ".repeat(col - 2)) };
                out.push_str(format!("{lead}{run} {}", m.label).trim_end());
                out.push('\n');
            }
            offset = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{annotate_marks, Fixture};

    /// Marks in every column, primary and secondary, read back as written; code that starts with
    /// `-` is not a mark.
    #[test]
    fn marks_round_trip() {
        let text = r#"//- /src/main/index.ts
ipcMain.handle('a', f);
^^^^^^^ at column 0
 ^^^^^^ at column 1
//^^^^^ at column 2
//             --- secondary
--i;
"#;
        let fixture = Fixture::parse(text);
        assert_eq!(fixture.files[0].1, "ipcMain.handle('a', f);\n--i;\n");
        let ranges = |marks: &[(String, crate::base::TextRange, String)]| -> Vec<(u32, u32)> {
            marks.iter().map(|m| (m.1.start, m.1.end)).collect()
        };
        assert_eq!(ranges(&fixture.annotations), [(0, 7), (1, 7), (2, 7)]);
        assert_eq!(ranges(&fixture.secondary), [(15, 18)]);
        let index = fixture.index();
        let rendered = annotate_marks(&index, fixture.marks(&index));
        assert_eq!(rendered, text);
    }
}
