//! `unimplemented-rpc` (warning): an rpc of the contract that main does not implement: no handler
//! for a unary rpc, nothing in main sending a server-streaming one. At the rpc's name in the
//! `.proto` file; checked with its channel's sites, or alone when no site uses the channel.

use super::ChannelCx;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::{Index, RpcRef, Site};
use crate::syntax::ts::Kind;

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    for r in ch.rpcs.iter().filter_map(|&i| ch.index.rpcs.get(i)) {
        out.extend(unimplemented(ch.index, r, &ch.sites));
    }
}

/// `unimplemented-rpc` for rpc `r`, whose channel has `sites`.
pub(super) fn unimplemented(index: &Index, r: &RpcRef, sites: &[&Site]) -> Option<Diagnostic> {
    let service = &index.contract.services[r.service];
    let method = &service.methods[r.method];
    let implemented = sites.iter().any(|s| {
        if method.server_streaming {
            s.kind == Kind::Push
        } else {
            matches!(s.kind, Kind::Handle | Kind::On)
        }
    });
    if implemented {
        return None;
    }
    let what = if method.server_streaming {
        "nothing in main sends it (server-streaming rpcs are main → renderer events)"
    } else {
        "main has no handler for it"
    };
    Some(Diagnostic {
        channel: Some(r.channel.clone()),
        ..Diagnostic::at(
            r.file,
            method.name_range,
            Code::UnimplementedRpc,
            Severity::Warning,
            format!("rpc {}.{} ('{}') is not implemented: {what}", service.name, method.name, r.channel),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn rpcs_main_does_not_implement() {
        check_diagnostics(
            r#"
//- /proto/downloads.proto
syntax = "proto3";
service Downloads {
  rpc Start(Request) returns (Reply);
//    ^^^^^ warning: unimplemented-rpc rpc Downloads.Start ('downloads:start') is not implemented: main has no handler for it
  rpc Cancel(Request) returns (Reply);
//    ^^^^^^ warning: unimplemented-rpc rpc Downloads.Cancel ('downloads:cancel') is not implemented: main has no handler for it
  rpc Progress(Request) returns (stream Reply);
//    ^^^^^^^^ warning: unimplemented-rpc rpc Downloads.Progress ('downloads:progress') is not implemented: nothing in main sends it (server-streaming rpcs are main → renderer events)
}
message Request { string url = 1; }
message Reply { int32 percent = 1; }
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const start = (url: string) => ipcRenderer.invoke('downloads:start', { url });
//                                                       ^^^^^^^^^^^^^^^^^ error: no-handler No handler registered for 'downloads:start'
ipcRenderer.on('downloads:progress', (_e, reply) => console.log(reply.percent));
//             ^^^^^^^^^^^^^^^^^^^^ warning: unused-handler Nothing in the workspace sends 'downloads:progress' to the renderer
"#,
        );
    }

    #[test]
    fn not_raised_when_main_implements_each_rpc() {
        check_diagnostics(
            r#"
//- /proto/downloads.proto
syntax = "proto3";
service Downloads {
  rpc Start(Request) returns (Reply);
  rpc Progress(Request) returns (stream Reply);
}
message Request { string url = 1; }
message Reply { int32 percent = 1; }
//- /src/main/index.ts
import { ipcMain, BrowserWindow } from 'electron';
ipcMain.handle('downloads:start', async (event, req) => {
  BrowserWindow.fromWebContents(event.sender)?.webContents.send('downloads:progress', { percent: 0 });
  return { percent: 0 };
});
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const start = (url: string) => ipcRenderer.invoke('downloads:start', { url });
ipcRenderer.on('downloads:progress', (_e, reply) => console.log(reply.percent));
"#,
        );
    }
}
