//! Code actions: the quick fixes offered at the cursor for the workspace's diagnostics, with the
//! diagnostic each fixes and its edits.

use expect_test::{expect, Expect};

use super::{app_with, index_at_cursor, position, render_change, APP};
use crate::base::TextRange;
use crate::ide::actions::actions;
use crate::ide::diagnostics::diagnostics;

#[track_caller]
fn check_actions(fixture: &str, expect: Expect) {
    let (index, file, offset) = index_at_cursor(fixture);
    let diagnostics = diagnostics(&index, &crate::base::Cancel::never()).expect("never cancelled");
    let mut out = String::new();
    for a in actions(&index, &diagnostics, file, TextRange::new(offset, offset)) {
        let preferred = if a.preferred { " (preferred)" } else { "" };
        out.push_str(&format!("{}{preferred}\n", a.title));
        let d = &a.fixes;
        out.push_str(&format!(
            "  fixes {} at {}: {}\n",
            d.code.as_str(),
            position(&index, d.file, d.range.start),
            d.message
        ));
        for line in render_change(&index, &a.change).lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("no actions\n");
    }
    expect.assert_eq(&out);
}

#[test]
fn a_typo_in_the_preload_is_changed_to_the_handled_channel() {
    check_actions(
        &app_with("ipcRenderer.invoke('notes:listNotes')", "ipcRenderer.invoke('notes:lsit$0Notes')"),
        expect![[r#"
            Change to 'notes:listNotes' (preferred)
              fixes no-handler at src/preload/index.ts:4:39: No handler registered for 'notes:lsitNotes'; did you mean 'notes:listNotes'?
              src/preload/index.ts:4:40 "notes:lsitNotes" → "notes:listNotes"
            Create a handler for 'notes:lsitNotes' in src/main/index.ts
              fixes no-handler at src/preload/index.ts:4:39: No handler registered for 'notes:lsitNotes'; did you mean 'notes:listNotes'?
              src/main/index.ts:15:1 "" → "\nipcMain.handle('notes:lsitNotes', async (_event) => {\n  // TODO: handle 'notes:lsitNotes'\n});\n"
            Add rpc LsitNotes to NotesService for 'notes:lsitNotes'
              fixes not-in-contract at src/preload/index.ts:4:39: 'notes:lsitNotes' is not declared in the contract
              proto/notes.proto:13:1 "" → "  rpc LsitNotes(google.protobuf.Empty) returns (google.protobuf.Empty);\n"
        "#]],
    );
}

#[test]
fn an_unhandled_channel_gets_a_handler_stub_in_main_and_an_rpc_in_the_contract() {
    let fixture = format!(
        "{APP}//- /src/preload/extra.ts\nimport {{ ipcRenderer }} from 'electron';\nexport const remove = (title: string) => ipcRenderer.invoke('notes:delete$0Note', title);\n"
    );
    check_actions(
        &fixture,
        expect![[r#"
            Create a handler for 'notes:deleteNote' in src/main/index.ts (preferred)
              fixes no-handler at src/preload/extra.ts:2:61: No handler registered for 'notes:deleteNote'
              src/main/index.ts:15:1 "" → "\nipcMain.handle('notes:deleteNote', async (_event) => {\n  // TODO: handle 'notes:deleteNote'\n});\n"
            Add rpc DeleteNote to NotesService for 'notes:deleteNote'
              fixes not-in-contract at src/preload/extra.ts:2:61: 'notes:deleteNote' is not declared in the contract
              proto/notes.proto:13:1 "" → "  rpc DeleteNote(google.protobuf.Empty) returns (google.protobuf.Empty);\n"
        "#]],
    );
}

#[test]
fn a_channel_outside_the_contract_gets_an_rpc_with_a_channel_option() {
    check_actions(
        &app_with("ipcMain.on('app:quit'", "ipcMain.on('app:q$0uit'"),
        expect![[r#"
            Add rpc Quit to NotesService for 'app:quit'
              fixes not-in-contract at src/main/index.ts:9:14: 'app:quit' is not declared in the contract
              proto/notes.proto:13:1 "" → "  rpc Quit(google.protobuf.Empty) returns (google.protobuf.Empty) {\n    option (ipcls.channel) = \"app:quit\";\n  }\n"
        "#]],
    );
}

#[test]
fn a_typo_after_text_that_is_not_ascii() {
    check_actions(
        &app_with(
            "  listNotes: () => ipcRenderer.invoke('notes:listNotes'),",
            "  listNotes: () => /* « liste » 📝 */ ipcRenderer.invoke('notes:listNote$0'),",
        ),
        expect![[r#"
            Change to 'notes:listNotes' (preferred)
              fixes no-handler at src/preload/index.ts:4:57: No handler registered for 'notes:listNote'; did you mean 'notes:listNotes'?
              src/preload/index.ts:4:58 "notes:listNote" → "notes:listNotes"
            Create a handler for 'notes:listNote' in src/main/index.ts
              fixes no-handler at src/preload/index.ts:4:57: No handler registered for 'notes:listNote'; did you mean 'notes:listNotes'?
              src/main/index.ts:15:1 "" → "\nipcMain.handle('notes:listNote', async (_event) => {\n  // TODO: handle 'notes:listNote'\n});\n"
            Add rpc ListNote to NotesService for 'notes:listNote'
              fixes not-in-contract at src/preload/index.ts:4:57: 'notes:listNote' is not declared in the contract
              proto/notes.proto:13:1 "" → "  rpc ListNote(google.protobuf.Empty) returns (google.protobuf.Empty);\n"
        "#]],
    );
}

#[test]
fn an_unresolved_channel_has_no_fix() {
    let fixture = format!(
        "{APP}//- /src/preload/extra.ts\nimport {{ ipcRenderer }} from 'electron';\nexport const open = () => ipcRenderer.invoke(location.hash.sl$0ice(1));\n"
    );
    check_actions(
        &fixture,
        expect![[r#"
            no actions
        "#]],
    );
}

#[test]
fn none_where_nothing_is_wrong() {
    check_actions(
        &app_with("window.api.listNotes()", "window.api.list$0Notes()"),
        expect![[r#"
            no actions
        "#]],
    );
}
