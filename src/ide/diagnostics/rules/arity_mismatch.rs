//! `arity-mismatch` (warning): an `invoke` that passes a different number of arguments than its
//! rpc's one request message (none for `google.protobuf.Empty`) or, without an rpc, than its one
//! handler takes after the event.

use super::ChannelCx;
use crate::base::plural;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let channel = ch.channel;
    let index = ch.index;
    let rpc = ch.rpc();
    for s in &ch.invokes {
        let Some(passed) = s.arg_count else { continue };
        if let Some(r) = rpc {
            let method = &index.contract.services[r.service].methods[r.method];
            let expected = if method.input_type.ends_with("google.protobuf.Empty") { 0 } else { 1 };
            if passed != expected {
                out.push(Diagnostic::at_site(
                    s,
                    Code::ArityMismatch,
                    Severity::Warning,
                    format!(
                        "'{channel}' passes {passed} argument{}, but rpc {} takes {}",
                        plural(passed as usize),
                        method.name,
                        if expected == 0 {
                            "no request (google.protobuf.Empty)".to_string()
                        } else {
                            format!("one request message ({})", method.input_type)
                        }
                    ),
                ));
                continue;
            }
        }
        if let [h] = ch.handles.as_slice() {
            if let Some(crate::index::ListenerParams { required, all }) = h.listener_params {
                // A listener that takes nothing after the event ignores what it is sent.
                if passed < required || (passed > all && all > 0) {
                    let takes = if required == all { format!("{all}") } else { format!("{required} to {all}") };
                    out.push(
                        Diagnostic::at_site(
                            s,
                            Code::ArityMismatch,
                            Severity::Warning,
                            format!(
                                "'{channel}' passes {passed} argument{}, but its handler takes {takes} after the event",
                                plural(passed as usize)
                            ),
                        )
                        .related(h, "the handler"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn an_invoke_passing_more_or_fewer_than_the_handler_takes() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('file:rename', async (_event, from: string, to: string) => rename(from, to));
//             ------------- related to arity-mismatch: the handler
ipcMain.handle('file:read', async (_event, path: string, encoding?: string) => read(path, encoding));
//             ----------- related to arity-mismatch: the handler
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const rename = (from: string) => ipcRenderer.invoke('file:rename', from);
//                                                         ^^^^^^^^^^^^^ warning: arity-mismatch 'file:rename' passes 1 argument, but its handler takes 2 after the event
export const read = (p: string) => ipcRenderer.invoke('file:read', p, 'utf8', 'x');
//                                                    ^^^^^^^^^^^ warning: arity-mismatch 'file:read' passes 3 arguments, but its handler takes 1 to 2 after the event
"#,
        );
    }

    #[test]
    fn an_invoke_against_its_rpc_request() {
        check_diagnostics(
            r#"
//- /proto/files.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service Files {
  rpc List(google.protobuf.Empty) returns (Listing);
  rpc Open(OpenRequest) returns (Listing);
}
message OpenRequest { string path = 1; }
message Listing { repeated string names = 1; }
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('files:list', async () => ({ names: [] }));
ipcMain.handle('files:open', async (_event, req) => ({ names: [req.path] }));
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const list = () => ipcRenderer.invoke('files:list', { all: true });
//                                           ^^^^^^^^^^^^ warning: arity-mismatch 'files:list' passes 1 argument, but rpc List takes no request (google.protobuf.Empty)
export const open = () => ipcRenderer.invoke('files:open');
//                                           ^^^^^^^^^^^^ warning: arity-mismatch 'files:open' passes 0 arguments, but rpc Open takes one request message (OpenRequest)
"#,
        );
    }

    #[test]
    fn not_raised_when_the_arguments_fit() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('file:read', async (_event, path: string, encoding?: string) => read(path, encoding));
ipcMain.handle('app:ping', async () => 'pong');
ipcMain.handle('log:many', async (_event, ...lines: string[]) => lines.length);
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const read = (p: string) => ipcRenderer.invoke('file:read', p);
export const readUtf8 = (p: string) => ipcRenderer.invoke('file:read', p, 'utf8');
export const ping = () => ipcRenderer.invoke('app:ping', Date.now());
export const log = () => ipcRenderer.invoke('log:many', 'a', 'b', 'c');
"#,
        );
    }
}
