//! Hover: the range it covers and the Markdown it shows.

use expect_test::{expect, Expect};

use super::{app_with, index_at_cursor, slice, APP};
use crate::ide::hover::hover;

#[track_caller]
fn check_hover(fixture: &str, expect: Expect) {
    let (index, file, offset) = index_at_cursor(fixture);
    let out = match hover(&index, file, offset) {
        Some(h) => format!("range: {:?}\n\n{}", slice(&index, file, h.range), h.markdown),
        None => "no hover\n".to_string(),
    };
    expect.assert_eq(&out);
}

#[test]
fn a_renderer_call_shows_the_rpc_its_fields_and_its_handler() {
    check_hover(
        &app_with("window.api.saveNote(", "window.api.save$0Note("),
        expect![[r#"
            range: "saveNote"

            **IPC channel** `notes:saveNote`

            ```proto
            rpc SaveNote(notes.Note) returns (google.protobuf.Empty)
            ```
            `notes.NotesService` in `proto/notes.proto`

            Stores a note; an existing title is replaced.

            Request `Note`

            - `title: string` — Shown in the list.
            - `bodyText: string`


            ---

            Kinds: handle, invoke · renderer → main

            Handled: `handle` in main (`src/main/index.ts:6`)

            Callers: 2
        "#]],
    );
}

#[test]
fn the_rpc_in_the_proto() {
    check_hover(
        &app_with("rpc SaveNote(", "rpc Save$0Note("),
        expect![[r#"
            range: "SaveNote"

            **IPC channel** `notes:saveNote`

            ```proto
            rpc SaveNote(notes.Note) returns (google.protobuf.Empty)
            ```
            `notes.NotesService` in `proto/notes.proto`

            Stores a note; an existing title is replaced.

            Request `Note`

            - `title: string` — Shown in the list.
            - `bodyText: string`


            ---

            Kinds: handle, invoke · renderer → main

            Handled: `handle` in main (`src/main/index.ts:6`)

            Callers: 2
        "#]],
    );
}

/// Fields are shown as the page sees them in protobuf's JSON mapping: `repeated Note notes` is
/// `notes: Note[]`, an `optional` field and a oneof member are optional keys, a map is a record.
#[test]
fn message_fields_show_lists_optional_keys_maps_and_oneofs() {
    let fields = "repeated Note notes = 1;\n  optional string cursor = 2;\n  \
                  map<string, int64> counts = 3;\n  \
                  oneof scope { string folder_id = 4; bool all = 5; }";
    check_hover(
        &app_with("rpc ListNotes(", "rpc List$0Notes(").replacen("repeated Note notes = 1;", fields, 1),
        expect![[r#"
            range: "ListNotes"

            **IPC channel** `notes:listNotes`

            ```proto
            rpc ListNotes(google.protobuf.Empty) returns (notes.NoteList)
            ```
            `notes.NotesService` in `proto/notes.proto`

            Every note, newest first.

            Response `NoteList`

            - `notes: Note[]`
            - `cursor?: string`
            - `counts: Record<string, int64>`
            - `folderId?: string` (one of `scope`)
            - `all?: bool` (one of `scope`)


            ---

            Kinds: handle, invoke · renderer → main

            Handled: `handle` in main (`src/main/index.ts:5`)

            Callers: 2
        "#]],
    );
}

#[test]
fn a_channel_outside_the_contract() {
    check_hover(
        &app_with("ipcRenderer.send('app:quit')", "ipcRenderer.send('app:q$0uit')"),
        expect![[r#"
            range: "'app:quit'"

            **IPC channel** `app:quit`

            _Not declared in the contract._

            ---

            Kinds: on, send · renderer → main

            Handled: `on` in main (`src/main/index.ts:9`)

            Callers: 2
        "#]],
    );
}

#[test]
fn a_push_from_main_to_a_preload_listener() {
    check_hover(
        &app_with("send('notes:changed'", "send('notes:chan$0ged'"),
        expect![[r#"
            range: "'notes:changed'"

            **IPC channel** `notes:changed`

            _Not declared in the contract._

            ---

            Kinds: listen, push · main → renderer

            Handled: `listen` in preload (`src/preload/index.ts:7`)

            Callers: 1
        "#]],
    );
}

#[test]
fn a_channel_no_one_handles_after_text_that_is_not_ascii() {
    let fixture = format!(
        "{APP}//- /src/preload/extra.ts\nimport {{ ipcRenderer }} from 'electron';\nconst titre = 'Réglages — ⚙️'; ipcRenderer.invoke('settings:op$0en', titre);\n"
    );
    check_hover(
        &fixture,
        expect![[r#"
            range: "'settings:open'"

            **IPC channel** `settings:open`

            _Not declared in the contract._

            ---

            Kinds: invoke · renderer → main

            Handled: **nowhere**

            Callers: 1
        "#]],
    );
}

#[test]
fn an_unresolved_channel_has_no_hover() {
    let fixture = format!(
        "{APP}//- /src/preload/extra.ts\nimport {{ ipcRenderer }} from 'electron';\nexport const open = () => ipcRenderer.invoke(location.hash.sl$0ice(1));\n"
    );
    check_hover(
        &fixture,
        expect![[r#"
            no hover
        "#]],
    );
}

#[test]
fn nothing_outside_a_site() {
    check_hover(
        &app_with("app.whenReady()", "app.when$0Ready()"),
        expect![[r#"
            no hover
        "#]],
    );
}
