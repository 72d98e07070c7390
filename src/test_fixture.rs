//! Multi-file test fixtures with annotations (rust-analyzer style), for tests only.
//!
//! ```text
//! //- /src/main.ts
//! ipcMain.handle('a', f)
//! //             ^^^ handle a
//! ```
//! `//- /path` starts a file; a comment line made of spaces and `^` under the line above marks a
//! range with a label. `$0` marks a cursor (removed from the text).

use std::path::{Path, PathBuf};

use crate::base::vfs::decode;
use crate::base::{FileId, TextRange};
use crate::config::Config;
use crate::index::{Index, Workspace};

pub struct Fixture {
    pub files: Vec<(String, String)>,
    /// `(file, range, label)`.
    pub annotations: Vec<(String, TextRange, String)>,
    pub cursor: Option<(String, u32)>,
}

pub const ROOT: &str = "/ws";

impl Fixture {
    pub fn parse(text: &str) -> Fixture {
        let mut files: Vec<(String, String)> = Vec::new();
        let mut annotations = Vec::new();
        let mut cursor = None;
        let mut prev_line_start = 0u32;
        for line in text.lines() {
            if let Some(path) = line.strip_prefix("//- ") {
                files.push((path.trim().trim_start_matches('/').to_string(), String::new()));
                continue;
            }
            let Some((path, body)) = files.last_mut() else { continue };
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("//") {
                if rest.contains('^') && rest.trim_start().starts_with('^') {
                    let col = line.find('^').unwrap_or(0) as u32;
                    let len = line[col as usize..].chars().take_while(|c| *c == '^').count() as u32;
                    let label = line[(col + len) as usize..].trim().to_string();
                    let start = prev_line_start + col;
                    annotations.push((path.clone(), TextRange::new(start, start + len), label));
                    continue;
                }
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
        Fixture { files, annotations, cursor }
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
        self.workspace().analyze()
    }
}

/// Renders `(file, range, label)` triples as annotated source, for comparing with a fixture.
pub fn annotate(index: &Index, mut marks: Vec<(FileId, TextRange, String)>) -> String {
    marks.sort();
    let mut out = String::new();
    let mut files: Vec<FileId> = marks.iter().map(|m| m.0).collect();
    files.dedup();
    for file in files {
        out.push_str(&format!("//- /{}\n", index.rel_path(file)));
        let text = index.text(file);
        let mut offset = 0u32;
        for line in text.split_inclusive('\n') {
            out.push_str(line);
            let end = offset + line.len() as u32;
            for (_, range, label) in marks.iter().filter(|m| m.0 == file && m.1.start >= offset && m.1.start < end) {
                let col = (range.start - offset) as usize;
                let len = (range.end.min(end) - range.start).max(1) as usize;
                let pad = " ".repeat(col.saturating_sub(2));
                out.push_str(&format!("//{pad}{} {label}\n", "^".repeat(len)));
            }
            offset = end;
        }
    }
    out
}
