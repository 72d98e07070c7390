//! Document symbols (a file's sites; a `.proto`'s services and rpcs) and workspace symbols
//! (channels matching a query).

use expect_test::{expect, Expect};

use super::{position, APP};
use crate::ide::symbols::{document_symbols, workspace_symbols, Symbol};
use crate::index::Index;
use crate::test_fixture::Fixture;

fn render(index: &Index, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        let indent = "  ".repeat(depth);
        let at = position(index, s.file, s.range.start);
        out.push_str(&format!("{indent}{:?} {:?} ({}) at {at}\n", s.kind, s.name, s.detail));
        render(index, &s.children, depth + 1, out);
    }
    if symbols.is_empty() && depth == 0 {
        out.push_str("no symbols\n");
    }
}

#[track_caller]
fn check_document_symbols(fixture: &str, path: &str, expect: Expect) {
    let index = Fixture::parse(fixture).index();
    let file = index.file_for_rel(path).expect("the file is in the workspace");
    let mut out = String::new();
    render(&index, &document_symbols(&index, file), 0, &mut out);
    expect.assert_eq(&out);
}

#[track_caller]
fn check_workspace_symbols(fixture: &str, query: &str, expect: Expect) {
    let index = Fixture::parse(fixture).index();
    let mut out = String::new();
    render(&index, &workspace_symbols(&index, query), 0, &mut out);
    expect.assert_eq(&out);
}

#[test]
fn the_services_and_rpcs_of_the_proto() {
    check_document_symbols(
        APP,
        "proto/notes.proto",
        expect![[r#"
            Service "NotesService" (notes.NotesService) at proto/notes.proto:8:9
              Rpc "ListNotes" (notes:listNotes) at proto/notes.proto:10:7
              Rpc "SaveNote" (notes:saveNote) at proto/notes.proto:12:7
        "#]],
    );
}

#[test]
fn the_sites_of_the_main_file() {
    check_document_symbols(
        APP,
        "src/main/index.ts",
        expect![[r#"
            Channel "notes:listNotes" (handle (handle)) at src/main/index.ts:5:18
            Channel "notes:saveNote" (handle (handle)) at src/main/index.ts:6:18
            Channel "app:quit" (on (on)) at src/main/index.ts:9:14
            Channel "notes:changed" (push (send)) at src/main/index.ts:13:24
        "#]],
    );
}

#[test]
fn the_bridge_calls_of_the_renderer() {
    check_document_symbols(
        APP,
        "src/renderer/app.ts",
        expect![[r#"
            Channel "notes:listNotes" (invoke (invoke)) at src/renderer/app.ts:2:21
            Channel "notes:saveNote" (invoke (invoke)) at src/renderer/app.ts:6:21
            Channel "app:quit" (send (send)) at src/renderer/app.ts:10:14
        "#]],
    );
}

#[test]
fn an_unresolved_site_after_text_that_is_not_ascii() {
    let fixture = format!(
        "{APP}//- /src/preload/extra.ts\nimport {{ ipcRenderer }} from 'electron';\nexport const open = () => {{ const é = '😀'; return ipcRenderer.invoke(location.hash.slice(1), é); }};\n"
    );
    check_document_symbols(
        &fixture,
        "src/preload/extra.ts",
        expect![[r#"
            Channel "location.hash.slice(1)" (invoke (invoke)) at src/preload/extra.ts:2:70
        "#]],
    );
}

#[test]
fn channels_matching_a_query_across_processes() {
    check_workspace_symbols(
        APP,
        "notes",
        expect![[r#"
            Channel "notes:changed" (2 sites) at src/preload/index.ts:7:58
            Channel "notes:listNotes" (3 sites) at src/main/index.ts:5:18
            Channel "notes:saveNote" (3 sites) at src/main/index.ts:6:18
        "#]],
    );
}

#[test]
fn a_fuzzy_query_and_an_rpc_without_sites() {
    let fixture = APP.replacen(
        "  rpc SaveNote(Note) returns (google.protobuf.Empty);\n",
        "  rpc SaveNote(Note) returns (google.protobuf.Empty);\n  rpc ExportNotes(google.protobuf.Empty) returns (google.protobuf.Empty);\n",
        1,
    );
    check_workspace_symbols(
        &fixture,
        "nsn",
        expect![[r#"
            Channel "notes:changed" (2 sites) at src/preload/index.ts:7:58
            Channel "notes:listNotes" (3 sites) at src/main/index.ts:5:18
            Channel "notes:saveNote" (3 sites) at src/main/index.ts:6:18
            Rpc "notes:exportNotes" (rpc ExportNotes (no sites)) at proto/notes.proto:13:7
        "#]],
    );
}

#[test]
fn no_channel_matches() {
    check_workspace_symbols(
        APP,
        "zzz",
        expect![[r#"
            no symbols
        "#]],
    );
}
