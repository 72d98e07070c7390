//! Marker-fixture tests of the IDE features: rename, hover, code actions, document and workspace
//! symbols, the catalogue and the graph.
//!
//! Tests are data: a multi-file fixture (`//- /path` headers, `$0` for the cursor; see
//! [`crate::test_fixture`]) and an `expect![]` snapshot of what the feature answers, rendered as
//! text a reviewer can check against the fixture (`UPDATE_EXPECT=1 cargo test --lib ide::tests`
//! rewrites them; review the diff). In each file one helper per feature (`check_*`; `graph_of`
//! under `check_graph`) is the only place that calls it, so that a change of the feature's
//! signature is one edit per file.
//!
//! [`APP`] is the app most tests start from: a notes app whose contract has two rpcs, handled in
//! main inside `app.whenReady().then(…)`, exposed by the preload with
//! `contextBridge.exposeInMainWorld('api', …)` and called by the renderer as `window.api.x()`,
//! plus two channels outside the contract (a renderer → main `send` and a main → renderer push).

mod actions;
mod catalogue;
mod graph;
mod hover;
mod rename;
mod symbols;

use crate::base::{FileId, TextRange};
use crate::ide::rename::SourceChange;
use crate::index::Index;
use crate::test_fixture::Fixture;

/// The notes app; tests append files (`format!("{APP}//- /src/renderer/x.ts\n…")`).
pub(super) const APP: &str = r#"
//- /proto/notes.proto
syntax = "proto3";

package notes;

import "google/protobuf/empty.proto";

// Notes, kept by the main process.
service NotesService {
  // Every note, newest first.
  rpc ListNotes(google.protobuf.Empty) returns (NoteList);
  // Stores a note; an existing title is replaced.
  rpc SaveNote(Note) returns (google.protobuf.Empty);
}

message Note {
  // Shown in the list.
  string title = 1;
  string body_text = 2;
}

message NoteList {
  repeated Note notes = 1;
}
//- /src/main/index.ts
import { app, BrowserWindow, ipcMain } from 'electron';
import path from 'node:path';

app.whenReady().then(() => {
  ipcMain.handle('notes:listNotes', async () => ({ notes: [] }));
  ipcMain.handle('notes:saveNote', async (_event, note) => {
    console.log(note);
  });
  ipcMain.on('app:quit', () => app.quit());
  const win = new BrowserWindow({
    webPreferences: { preload: path.join(__dirname, '../preload/index.js') },
  });
  win.webContents.send('notes:changed', 1);
});
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('api', {
  listNotes: () => ipcRenderer.invoke('notes:listNotes'),
  saveNote: (note: unknown) => ipcRenderer.invoke('notes:saveNote', note),
  quit: () => ipcRenderer.send('app:quit'),
  onChanged: (cb: (n: number) => void) => ipcRenderer.on('notes:changed', (_e, n: number) => cb(n)),
});
//- /src/renderer/app.ts
export async function refresh(): Promise<unknown> {
  return window.api.listNotes();
}

export function save(title: string): Promise<unknown> {
  return window.api.saveNote({ title, bodyText: '' });
}

export function quit(): void {
  window.api.quit();
}
"#;

/// [`APP`] with the first `from` replaced by `to` (to put the cursor, or a variant, in place).
#[track_caller]
pub(super) fn app_with(from: &str, to: &str) -> String {
    assert!(APP.contains(from), "{from} is not in APP");
    APP.replacen(from, to, 1)
}

/// The fixture's index and its cursor (`$0`) as a file and an offset.
#[track_caller]
pub(super) fn index_at_cursor(text: &str) -> (Index, FileId, u32) {
    let fixture = Fixture::parse(text);
    let index = fixture.index();
    let (path, offset) = fixture.cursor.clone().expect("the fixture has no `$0` cursor");
    let file = index.file_for_rel(&path).expect("the cursor's file is in the workspace");
    (index, file, offset)
}

/// `path:line:col`, 1-based, the column in characters.
pub(super) fn position(index: &Index, file: FileId, offset: u32) -> String {
    let text = index.text(file);
    let before = text.get(..offset as usize).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{}:{line}:{col}", index.rel_path(file))
}

/// The text of `range` in `file`, or a marker if the range is not on character boundaries.
pub(super) fn slice(index: &Index, file: FileId, range: TextRange) -> String {
    index.text(file).get(range.start as usize..range.end as usize).unwrap_or("<not a text range>").to_string()
}

/// One line per edit: where, the text replaced and the new text.
pub(super) fn render_change(index: &Index, change: &SourceChange) -> String {
    let mut out = String::new();
    for (&file, edits) in &change.edits {
        for e in edits {
            out.push_str(&format!(
                "{} {:?} → {:?}\n",
                position(index, file, e.range.start),
                slice(index, file, e.range),
                e.new_text
            ));
        }
    }
    out
}
