//! Rename: what `prepare_rename` offers at the cursor, then every edit of the rename (or the reason
//! it is refused).

use expect_test::{expect, Expect};

use super::{app_with, index_at_cursor, render_change, slice};
use crate::ide::rename::{prepare_rename, rename};

#[track_caller]
fn check_rename(fixture: &str, new_name: &str, expect: Expect) {
    let (index, file, offset) = index_at_cursor(fixture);
    let mut out = match prepare_rename(&index, file, offset) {
        Ok((range, placeholder)) => {
            format!("prepare: {:?} (placeholder {placeholder:?})\n", slice(&index, file, range))
        }
        Err(reason) => format!("prepare refused: {reason}\n"),
    };
    match rename(&index, file, offset, new_name) {
        Ok(change) => out.push_str(&render_change(&index, &change)),
        Err(reason) => out.push_str(&format!("refused: {reason}\n")),
    }
    expect.assert_eq(&out);
}

#[test]
fn a_channel_outside_the_contract_in_main_and_preload() {
    check_rename(
        &app_with("ipcMain.on('app:quit'", "ipcMain.on('app:q$0uit'"),
        "app:exit",
        expect![[r#"
            prepare: "app:quit" (placeholder "app:quit")
            src/main/index.ts:9:15 "app:quit" → "app:exit"
            src/preload/index.ts:6:33 "app:quit" → "app:exit"
        "#]],
    );
}

#[test]
fn an_rpc_from_the_proto_renames_its_channel_and_the_bridge_member() {
    check_rename(
        &app_with("rpc ListNotes(", "rpc List$0Notes("),
        "FetchNotes",
        expect![[r#"
            prepare: "ListNotes" (placeholder "ListNotes")
            proto/notes.proto:10:7 "ListNotes" → "FetchNotes"
            src/main/index.ts:5:19 "notes:listNotes" → "notes:fetchNotes"
            src/preload/index.ts:4:3 "listNotes" → "fetchNotes"
            src/preload/index.ts:4:40 "notes:listNotes" → "notes:fetchNotes"
            src/renderer/app.ts:2:21 "listNotes" → "fetchNotes"
        "#]],
    );
}

#[test]
fn from_a_renderer_call_the_channel_and_the_rpc_follow() {
    check_rename(
        &app_with("window.api.listNotes()", "window.api.list$0Notes()"),
        "notes:fetchNotes",
        expect![[r#"
            prepare: "listNotes" (placeholder "notes:listNotes")
            proto/notes.proto:10:7 "ListNotes" → "FetchNotes"
            src/main/index.ts:5:19 "notes:listNotes" → "notes:fetchNotes"
            src/preload/index.ts:4:3 "listNotes" → "fetchNotes"
            src/preload/index.ts:4:40 "notes:listNotes" → "notes:fetchNotes"
            src/renderer/app.ts:2:21 "listNotes" → "fetchNotes"
        "#]],
    );
}

#[test]
fn an_rpc_renames_the_window_declaration_of_its_bridge_member() {
    let fixture = format!(
        "{}//- /src/renderer/env.d.ts\nexport interface NotesApi {{\n  listNotes(): Promise<unknown>;\n  quit(): void;\n}}\ndeclare global {{\n  interface Window {{\n    api: NotesApi;\n  }}\n}}\n",
        app_with("rpc ListNotes(", "rpc List$0Notes(")
    );
    check_rename(
        &fixture,
        "FetchNotes",
        expect![[r#"
            prepare: "ListNotes" (placeholder "ListNotes")
            proto/notes.proto:10:7 "ListNotes" → "FetchNotes"
            src/main/index.ts:5:19 "notes:listNotes" → "notes:fetchNotes"
            src/preload/index.ts:4:3 "listNotes" → "fetchNotes"
            src/preload/index.ts:4:40 "notes:listNotes" → "notes:fetchNotes"
            src/renderer/app.ts:2:21 "listNotes" → "fetchNotes"
            src/renderer/env.d.ts:2:3 "listNotes" → "fetchNotes"
        "#]],
    );
}

#[test]
fn a_push_channel_from_main_to_the_renderer_listener() {
    check_rename(
        &app_with("send('notes:changed'", "send('notes:chan$0ged'"),
        "notes:updated",
        expect![[r#"
            prepare: "notes:changed" (placeholder "notes:changed")
            src/main/index.ts:13:25 "notes:changed" → "notes:updated"
            src/preload/index.ts:7:59 "notes:changed" → "notes:updated"
        "#]],
    );
}

#[test]
fn text_before_the_site_that_is_not_ascii() {
    check_rename(
        &app_with("  ipcMain.on('app:quit'", "  const label = 'Notizen — Übersicht 📝'; ipcMain.on('app:qu$0it'"),
        "app:exit",
        expect![[r#"
            prepare: "app:quit" (placeholder "app:quit")
            src/main/index.ts:9:54 "app:quit" → "app:exit"
            src/preload/index.ts:6:33 "app:quit" → "app:exit"
        "#]],
    );
}

#[test]
fn a_channel_written_through_a_shared_constant_is_edited_where_declared() {
    let fixture = r#"
//- /src/shared/channels.ts
export const QUIT = 'app:quit';
//- /src/main/index.ts
import { app, ipcMain } from 'electron';
import { QUIT } from '../shared/channels';
app.whenReady().then(() => {
  ipcMain.on(QUIT, () => app.quit());
});
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
import { QUIT } from '../shared/channels';
contextBridge.exposeInMainWorld('api', {
  quit: () => ipcRenderer.send(Q$0UIT),
});
"#;
    check_rename(
        fixture,
        "app:exit",
        expect![[r#"
            prepare: "QUIT" (placeholder "app:quit")
            src/shared/channels.ts:1:22 "app:quit" → "app:exit"
        "#]],
    );
}

#[test]
fn refused_when_the_channel_is_built_by_concatenation() {
    check_rename(
        &app_with("ipcRenderer.send('app:quit')", "ipcRenderer.send('app:' + 'quit')").replacen(
            "ipcMain.on('app:quit'",
            "ipcMain.on('app:q$0uit'",
            1,
        ),
        "app:exit",
        expect![[r#"
            prepare: "app:quit" (placeholder "app:quit")
            refused: 'app:quit' is built at src/preload/index.ts:6 (`'app:' + 'quit'`) in a way ipcls cannot rewrite safely
        "#]],
    );
}

#[test]
fn refused_when_the_new_channel_exists() {
    check_rename(
        &app_with("ipcMain.on('app:quit'", "ipcMain.on('app:q$0uit'"),
        "notes:changed",
        expect![[r#"
            prepare: "app:quit" (placeholder "app:quit")
            refused: A channel named 'notes:changed' already exists
        "#]],
    );
}

#[test]
fn refused_when_the_naming_template_cannot_express_the_new_channel() {
    check_rename(
        &app_with("ipcMain.handle('notes:listNotes'", "ipcMain.handle('notes:list$0Notes'"),
        "library:list",
        expect![[r#"
            prepare: "notes:listNotes" (placeholder "notes:listNotes")
            refused: The naming template '{service}:{method}' cannot express 'library:list' for service NotesService: rename the rpc in the .proto file, or give it `option (ipcls.channel) = "library:list";`
        "#]],
    );
}

#[test]
fn refused_for_an_rpc_name_that_is_not_an_identifier() {
    check_rename(
        &app_with("rpc SaveNote(", "rpc Save$0Note("),
        "Save-Note",
        expect![[r#"
            prepare: "SaveNote" (placeholder "SaveNote")
            refused: 'Save-Note' is not a valid rpc name
        "#]],
    );
}

#[test]
fn refused_where_there_is_no_channel() {
    check_rename(
        &app_with("app.whenReady()", "app.when$0Ready()"),
        "ready",
        expect![[r#"
            prepare refused: No IPC channel or rpc here
            refused: No IPC channel or rpc here
        "#]],
    );
}

/// Applies a rename at the cursor and renders every file it changes, whole.
#[track_caller]
fn check_rename_files(fixture: &str, new_name: &str, expect: Expect) {
    let (index, file, offset) = index_at_cursor(fixture);
    let out = match rename(&index, file, offset, new_name) {
        Ok(change) => {
            let mut out = String::new();
            for (&f, edits) in &change.edits {
                let mut text = index.text(f).to_string();
                let mut edits = edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
                for e in edits {
                    text.replace_range(e.range.start as usize..e.range.end as usize, &e.new_text);
                }
                out.push_str(&format!("//- /{}\n{text}", index.rel_path(f)));
            }
            out
        }
        Err(reason) => format!("refused: {reason}\n"),
    };
    expect.assert_eq(&out);
}

#[test]
fn a_channel_that_is_an_entry_of_a_table_in_main_and_of_a_shared_table() {
    let fixture = r#"
//- /src/shared/channels.ts
export const SETTINGS = ['settings:get', 'settings:reset'] as const;
//- /src/main/index.ts
import { ipcMain } from 'electron';
import { SETTINGS } from '../shared/channels';
const WINDOW = ['window:minimize', 'window:close'];
for (const ch of WINDOW) ipcMain.on(ch, () => {});
for (const ch of SETTINGS) ipcMain.handle(ch, () => null);
//- /src/preload/index.ts
import { ipcRenderer } from 'electron';
import { SETTINGS } from '../shared/channels';
ipcRenderer.send('window:close');
SETTINGS.forEach((ch) => ipcRenderer.invoke(ch));
export const reset = () => ipcRenderer.invoke('settings:reset');
"#;
    check_rename_files(
        &fixture.replace("'window:close']", "'window:cl$0ose']"),
        "window:quit",
        expect![[r#"
            //- /src/main/index.ts
            import { ipcMain } from 'electron';
            import { SETTINGS } from '../shared/channels';
            const WINDOW = ['window:minimize', 'window:quit'];
            for (const ch of WINDOW) ipcMain.on(ch, () => {});
            for (const ch of SETTINGS) ipcMain.handle(ch, () => null);
            //- /src/preload/index.ts
            import { ipcRenderer } from 'electron';
            import { SETTINGS } from '../shared/channels';
            ipcRenderer.send('window:quit');
            SETTINGS.forEach((ch) => ipcRenderer.invoke(ch));
            export const reset = () => ipcRenderer.invoke('settings:reset');
        "#]],
    );
    check_rename_files(
        &fixture.replace("invoke('settings:reset')", "invoke('settings:re$0set')"),
        "settings:clear",
        expect![[r#"
            //- /src/shared/channels.ts
            export const SETTINGS = ['settings:get', 'settings:clear'] as const;
            //- /src/preload/index.ts
            import { ipcRenderer } from 'electron';
            import { SETTINGS } from '../shared/channels';
            ipcRenderer.send('window:close');
            SETTINGS.forEach((ch) => ipcRenderer.invoke(ch));
            export const reset = () => ipcRenderer.invoke('settings:clear');
        "#]],
    );
}

#[test]
fn a_channel_through_instances_of_a_wrapper_class_in_a_table() {
    check_rename_files(
        r#"
//- /src/main/window-ipc.ts
import { BrowserWindow } from 'electron'
export class WindowIpc {
  constructor(private win: BrowserWindow) {}
  send(channel: string, ...args: unknown[]) {
    this.deliver(channel, args)
  }
  private deliver(channel: string, args: unknown[]) {
    this.win.webContents.send(channel, ...args)
  }
}
export const mainIpc = new WindowIpc(new BrowserWindow())
//- /src/main/index.ts
import { mainIpc } from './window-ipc'
const everyWindow = [mainIpc]
export function themeChanged(dark: boolean) {
  everyWindow.forEach((w) => w.send('theme:changed', dark))
  mainIpc.send('theme:changed', dark)
}
//- /src/preload/index.ts
import { ipcRenderer } from 'electron'
ipcRenderer.on('theme:chan$0ged', (_e, dark: boolean) => document.body.classList.toggle('dark', dark))
"#,
        "theme:updated",
        expect![[r#"
            //- /src/main/index.ts
            import { mainIpc } from './window-ipc'
            const everyWindow = [mainIpc]
            export function themeChanged(dark: boolean) {
              everyWindow.forEach((w) => w.send('theme:updated', dark))
              mainIpc.send('theme:updated', dark)
            }
            //- /src/preload/index.ts
            import { ipcRenderer } from 'electron'
            ipcRenderer.on('theme:updated', (_e, dark: boolean) => document.body.classList.toggle('dark', dark))
        "#]],
    );
}

#[test]
fn a_channel_of_a_table_rewritten_from_its_keys() {
    // The written literal is not the channel: renaming must not put the new name there.
    check_rename_files(
        r#"
//- /src/common/channels.ts
const names = { get_setting: '', set_setting: '' }
for (const k of Object.keys(names)) names[k] = `settings_${k}`
export { names }
//- /src/main/index.ts
import { ipcMain } from 'electron'
import { names } from '../common/channels'
ipcMain.handle(names.get_setting, () => ({}))
//- /src/preload/index.ts
import { ipcRenderer } from 'electron'
export const getSetting = () => ipcRenderer.invoke('settings_get_se$0tting')
"#,
        "settings_read",
        expect![[r#"
            refused: 'settings_get_setting' is built at src/main/index.ts:3 (`names.get_setting`) in a way ipcls cannot rewrite safely
        "#]],
    );
}

#[test]
fn a_channel_that_is_a_key_of_a_map_a_function_returns() {
    let fixture = r#"
//- /src/shared/channels.ts
export const Commands = { Archive: 'notes:archive' } as const;
//- /src/main/handlers.ts
import { ipcMain } from 'electron';
import { Commands } from '../shared/channels';
function buildHandlers(dir: string) {
  return {
    'notes:export': async () => dir,
    [Commands.Archive]: async () => dir,
  };
}
export function register(dir: string): void {
  for (const [channel, handler] of Object.entries(buildHandlers(dir))) ipcMain.handle(channel, handler);
}
//- /src/preload/index.ts
import { ipcRenderer } from 'electron';
import { Commands } from '../shared/channels';
export const exportNotes = () => ipcRenderer.invoke('notes:export');
export const archive = () => ipcRenderer.invoke(Commands.Archive);
"#;
    check_rename_files(
        &fixture.replace("'notes:export': async", "'notes:ex$0port': async"),
        "notes:save-as",
        expect![[r#"
            //- /src/main/handlers.ts
            import { ipcMain } from 'electron';
            import { Commands } from '../shared/channels';
            function buildHandlers(dir: string) {
              return {
                'notes:save-as': async () => dir,
                [Commands.Archive]: async () => dir,
              };
            }
            export function register(dir: string): void {
              for (const [channel, handler] of Object.entries(buildHandlers(dir))) ipcMain.handle(channel, handler);
            }
            //- /src/preload/index.ts
            import { ipcRenderer } from 'electron';
            import { Commands } from '../shared/channels';
            export const exportNotes = () => ipcRenderer.invoke('notes:save-as');
            export const archive = () => ipcRenderer.invoke(Commands.Archive);
        "#]],
    );
    check_rename_files(
        &fixture.replace("[Commands.Archive]", "[Commands.Arch$0ive]"),
        "notes:stash",
        expect![[r#"
            //- /src/shared/channels.ts
            export const Commands = { Archive: 'notes:stash' } as const;
        "#]],
    );
}
