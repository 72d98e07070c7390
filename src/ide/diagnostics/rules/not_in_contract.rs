//! `not-in-contract` (warning, or error with `[channels] strict`): a channel the workspace's
//! contract does not declare, at each of its sites (removals and generated ones aside). Not
//! raised without a contract.

use super::ChannelCx;
use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::syntax::ts::Kind;

pub(super) fn check(ch: &ChannelCx, out: &mut Vec<Diagnostic>) {
    let index = ch.index;
    if index.rpcs.is_empty() || !ch.rpcs.is_empty() {
        return;
    }
    let severity = if index.config.channels.strict { Severity::Error } else { Severity::Warning };
    for s in ch.sites.iter().filter(|s| s.kind != Kind::Remove && !s.derived) {
        let message = format!("'{}' is not declared in the contract", ch.channel);
        out.push(Diagnostic::at_site(s, Code::NotInContract, severity, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    const CONTRACT: &str = r#"
//- /proto/app.proto
syntax = "proto3";
import "google/protobuf/empty.proto";
service Settings {
  rpc Load(google.protobuf.Empty) returns (Prefs);
}
message Prefs { string theme = 1; }
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:load', async () => ({ theme: 'dark' }));
"#;

    #[test]
    fn a_channel_the_contract_does_not_declare() {
        check_diagnostics(&format!(
            r#"{CONTRACT}ipcMain.on('telemetry:ping', () => {{}});
//         ^^^^^^^^^^^^^^^^ warning: not-in-contract 'telemetry:ping' is not declared in the contract
//- /src/renderer/app.ts
import {{ ipcRenderer }} from 'electron';
export const load = () => ipcRenderer.invoke('settings:load');
export const ping = () => ipcRenderer.send('telemetry:ping');
//                                         ^^^^^^^^^^^^^^^^ warning: not-in-contract 'telemetry:ping' is not declared in the contract
"#
        ));
    }

    /// With `[channels] strict`, a channel outside the contract is an error.
    #[test]
    fn an_error_when_strict() {
        check_diagnostics(&format!(
            r#"//- /ipcls.toml
[channels]
strict = true
{CONTRACT}//- /src/renderer/app.ts
import {{ ipcRenderer }} from 'electron';
export const load = () => ipcRenderer.invoke('settings:load');
export const save = () => ipcRenderer.invoke('settings:save');
//                                           ^^^^^^^^^^^^^^^ error: not-in-contract 'settings:save' is not declared in the contract
//                                           ^^^^^^^^^^^^^^^ error: no-handler No handler registered for 'settings:save'
"#
        ));
    }

    /// Without a contract, or for an ignored channel, nothing is out of the contract.
    #[test]
    fn not_raised_without_a_contract_or_for_ignored_channels() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('settings:load', async () => ({ theme: 'dark' }));
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
export const load = () => ipcRenderer.invoke('settings:load');
"#,
        );
        check_diagnostics(&format!(
            r#"//- /ipcls.toml
[channels]
ignore = ["devtools:*"]
{CONTRACT}ipcMain.on('devtools:toggle', (event) => event.sender.toggleDevTools());
//- /src/renderer/app.ts
import {{ ipcRenderer }} from 'electron';
export const load = () => ipcRenderer.invoke('settings:load');
export const toggle = () => ipcRenderer.send('devtools:toggle');
"#
        ));
    }
}
