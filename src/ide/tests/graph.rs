//! The IPC graph, as Mermaid and as DOT.

use expect_test::{expect, Expect};

use super::APP;
use crate::ide::graph::{graph, GraphFormat};
use crate::test_fixture::Fixture;

fn graph_of(fixture: &str, format: GraphFormat) -> String {
    let index = Fixture::parse(fixture).index();
    graph(&index, format)
}

#[track_caller]
fn check_graph(fixture: &str, format: GraphFormat, expect: Expect) {
    expect.assert_eq(&graph_of(fixture, format));
}

#[test]
fn the_notes_app_as_mermaid() {
    check_graph(
        APP,
        GraphFormat::Mermaid,
        expect![[r#"
            flowchart LR
              subgraph process_renderer["renderer"]
                src_renderer_app_ts["src/renderer/app.ts"]
              end
              subgraph process_preload["preload"]
                src_preload_index_ts["src/preload/index.ts"]
              end
              subgraph process_main["main"]
                src_main_index_ts["src/main/index.ts"]
              end
              subgraph process_contract___other["contract / other"]
                NotesService__contract_["NotesService (contract)"]
              end
              src_main_index_ts -->|"implements ListNotes"| NotesService__contract_
              src_main_index_ts -->|"implements SaveNote"| NotesService__contract_
              src_main_index_ts -->|"push notes:changed"| src_preload_index_ts
              src_preload_index_ts -->|"invoke notes:listNotes"| src_main_index_ts
              src_preload_index_ts -->|"invoke notes:saveNote"| src_main_index_ts
              src_preload_index_ts -->|"send app:quit"| src_main_index_ts
              src_renderer_app_ts -->|"invoke notes:listNotes"| src_main_index_ts
              src_renderer_app_ts -->|"invoke notes:saveNote"| src_main_index_ts
              src_renderer_app_ts -->|"send app:quit"| src_main_index_ts
              src_renderer_app_ts -->|"bridge invoke"| src_preload_index_ts
              src_renderer_app_ts -->|"bridge send"| src_preload_index_ts
        "#]],
    );
}

#[test]
fn the_notes_app_as_dot() {
    check_graph(
        APP,
        GraphFormat::Dot,
        expect![[r#"
            digraph ipc {
              rankdir=LR;
              node [shape=box];
              subgraph "cluster_renderer" {
                label="renderer";
                "src/renderer/app.ts";
              }
              subgraph "cluster_preload" {
                label="preload";
                "src/preload/index.ts";
              }
              subgraph "cluster_main" {
                label="main";
                "src/main/index.ts";
              }
              subgraph "cluster_contract / other" {
                label="contract / other";
                "NotesService (contract)";
              }
              "src/main/index.ts" -> "NotesService (contract)" [label="implements ListNotes"];
              "src/main/index.ts" -> "NotesService (contract)" [label="implements SaveNote"];
              "src/main/index.ts" -> "src/preload/index.ts" [label="push notes:changed"];
              "src/preload/index.ts" -> "src/main/index.ts" [label="invoke notes:listNotes"];
              "src/preload/index.ts" -> "src/main/index.ts" [label="invoke notes:saveNote"];
              "src/preload/index.ts" -> "src/main/index.ts" [label="send app:quit"];
              "src/renderer/app.ts" -> "src/main/index.ts" [label="invoke notes:listNotes"];
              "src/renderer/app.ts" -> "src/main/index.ts" [label="invoke notes:saveNote"];
              "src/renderer/app.ts" -> "src/main/index.ts" [label="send app:quit"];
              "src/renderer/app.ts" -> "src/preload/index.ts" [label="bridge invoke"];
              "src/renderer/app.ts" -> "src/preload/index.ts" [label="bridge send"];
            }
        "#]],
    );
}

#[test]
fn a_send_without_a_receiver_draws_no_edge() {
    let fixture = r#"
//- /src/main/index.ts
import { app } from 'electron';
app.whenReady().then(() => {});
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('api', { ping: () => ipcRenderer.send('app:ping') });
"#;
    check_graph(
        fixture,
        GraphFormat::Mermaid,
        expect![[r#"
            flowchart LR
        "#]],
    );
}

#[test]
fn file_names_that_are_not_ascii() {
    let fixture = format!(
        "{APP}//- /src/renderer/über.ts\nwindow.api.quit();\n//- /src/renderer/öffnen.ts\nwindow.api.listNotes();\n"
    );
    check_graph(
        &fixture,
        GraphFormat::Mermaid,
        expect![[r#"
            flowchart LR
              subgraph process_renderer["renderer"]
                src_renderer_app_ts["src/renderer/app.ts"]
                src_renderer__ffnen_ts["src/renderer/öffnen.ts"]
                src_renderer__ber_ts["src/renderer/über.ts"]
              end
              subgraph process_preload["preload"]
                src_preload_index_ts["src/preload/index.ts"]
              end
              subgraph process_main["main"]
                src_main_index_ts["src/main/index.ts"]
              end
              subgraph process_contract___other["contract / other"]
                NotesService__contract_["NotesService (contract)"]
              end
              src_main_index_ts -->|"implements ListNotes"| NotesService__contract_
              src_main_index_ts -->|"implements SaveNote"| NotesService__contract_
              src_main_index_ts -->|"push notes:changed"| src_preload_index_ts
              src_preload_index_ts -->|"invoke notes:listNotes"| src_main_index_ts
              src_preload_index_ts -->|"invoke notes:saveNote"| src_main_index_ts
              src_preload_index_ts -->|"send app:quit"| src_main_index_ts
              src_renderer_app_ts -->|"invoke notes:listNotes"| src_main_index_ts
              src_renderer_app_ts -->|"invoke notes:saveNote"| src_main_index_ts
              src_renderer_app_ts -->|"send app:quit"| src_main_index_ts
              src_renderer_app_ts -->|"bridge invoke"| src_preload_index_ts
              src_renderer_app_ts -->|"bridge send"| src_preload_index_ts
              src_renderer__ffnen_ts -->|"invoke notes:listNotes"| src_main_index_ts
              src_renderer__ffnen_ts -->|"bridge invoke"| src_preload_index_ts
              src_renderer__ber_ts -->|"send app:quit"| src_main_index_ts
              src_renderer__ber_ts -->|"bridge send"| src_preload_index_ts
        "#]],
    );
}

/// Mermaid node ids keep ASCII letters and digits and turn everything else into `_`; two files
/// whose names differ only there (`settings-page.ts`, `settings_page.ts`) still get two ids.
#[test]
fn every_file_is_its_own_mermaid_node() {
    let fixture = format!(
        "{APP}//- /src/renderer/settings-page.ts\nwindow.api.quit();\n//- /src/renderer/settings_page.ts\nwindow.api.listNotes();\n"
    );
    let mermaid = graph_of(&fixture, GraphFormat::Mermaid);
    let ids: Vec<&str> =
        mermaid.lines().filter(|l| l.starts_with("    ")).filter_map(|l| l.trim().split('[').next()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{mermaid}");
}
