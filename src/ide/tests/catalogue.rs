//! The channel catalogue: every channel with its rpc and its sites, and the unresolved sites.

use expect_test::{expect, Expect};

use super::APP;
use crate::ide::catalogue::catalogue;
use crate::test_fixture::Fixture;

#[track_caller]
fn check_catalogue(fixture: &str, expect: Expect) {
    let index = Fixture::parse(fixture).index();
    let cat = catalogue(&index);
    let mut out = String::new();
    for c in &cat.channels {
        out.push_str(&c.name);
        if let Some(r) = &c.contract {
            out.push_str(&format!(" — rpc {}.{} ({}:{})", r.service, r.method, r.file, r.line));
        }
        out.push('\n');
        for s in &c.sites {
            out.push_str(&format!("  {} {} {}:{}:{} {}\n", s.kind, s.process, s.file, s.line, s.column, s.written));
        }
    }
    for u in &cat.unresolved {
        out.push_str(&format!(
            "unresolved {} {} {}:{}:{} `{}`\n",
            u.kind, u.process, u.file, u.line, u.column, u.expression
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn the_notes_app() {
    check_catalogue(
        APP,
        expect![[r#"
            app:quit
              on main src/main/index.ts:9:14 literal
              send preload src/preload/index.ts:6:32 literal
              send renderer src/renderer/app.ts:10:14 bridge
            notes:changed
              push main src/main/index.ts:13:24 literal
              listen preload src/preload/index.ts:7:58 literal
            notes:listNotes — rpc NotesService.ListNotes (proto/notes.proto:10)
              handle main src/main/index.ts:5:18 literal
              invoke preload src/preload/index.ts:4:39 literal
              invoke renderer src/renderer/app.ts:2:21 bridge
            notes:saveNote — rpc NotesService.SaveNote (proto/notes.proto:12)
              handle main src/main/index.ts:6:18 literal
              invoke preload src/preload/index.ts:5:51 literal
              invoke renderer src/renderer/app.ts:6:21 bridge
        "#]],
    );
}

#[test]
fn columns_count_characters_after_text_that_is_not_ascii() {
    let fixture = format!(
        "{APP}//- /src/preload/extra.ts\nimport {{ ipcRenderer }} from 'electron';\nconst titre = 'Réglages — ⚙️ 😀'; ipcRenderer.invoke('settings:open', titre);\nexport const open = () => ipcRenderer.invoke(location.hash.slice(1));\n"
    );
    check_catalogue(
        &fixture,
        expect![[r#"
            app:quit
              on main src/main/index.ts:9:14 literal
              send preload src/preload/index.ts:6:32 literal
              send renderer src/renderer/app.ts:10:14 bridge
            notes:changed
              push main src/main/index.ts:13:24 literal
              listen preload src/preload/index.ts:7:58 literal
            notes:listNotes — rpc NotesService.ListNotes (proto/notes.proto:10)
              handle main src/main/index.ts:5:18 literal
              invoke preload src/preload/index.ts:4:39 literal
              invoke renderer src/renderer/app.ts:2:21 bridge
            notes:saveNote — rpc NotesService.SaveNote (proto/notes.proto:12)
              handle main src/main/index.ts:6:18 literal
              invoke preload src/preload/index.ts:5:51 literal
              invoke renderer src/renderer/app.ts:6:21 bridge
            settings:open
              invoke preload src/preload/extra.ts:2:53 literal
            unresolved invoke preload src/preload/extra.ts:3:46 `location.hash.slice(1)`
        "#]],
    );
}

#[test]
fn a_channel_only_in_the_contract_and_one_through_a_constant() {
    let fixture = r#"
//- /proto/app.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service AppService {
  rpc GetVersion(google.protobuf.Empty) returns (google.protobuf.Empty);
  rpc Quit(google.protobuf.Empty) returns (google.protobuf.Empty);
}
//- /src/shared/channels.ts
export const VERSION = 'app:getVersion';
//- /src/main/index.ts
import { app, ipcMain } from 'electron';
import { VERSION } from '../shared/channels';
app.whenReady().then(() => {
  ipcMain.handle(VERSION, () => app.getVersion());
});
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
import { VERSION } from '../shared/channels';
contextBridge.exposeInMainWorld('api', { version: () => ipcRenderer.invoke(VERSION) });
//- /src/renderer/app.ts
window.api.version();
"#;
    check_catalogue(
        fixture,
        expect![[r#"
            app:getVersion — rpc AppService.GetVersion (proto/app.proto:4)
              handle main src/main/index.ts:4:18 constant
              invoke preload src/preload/index.ts:3:76 constant
              invoke renderer src/renderer/app.ts:1:12 bridge
            app:quit — rpc AppService.Quit (proto/app.proto:5)
        "#]],
    );
}
