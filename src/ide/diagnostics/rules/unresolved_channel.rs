//! `unresolved-channel` (hint): a site whose channel is not a value known statically (a
//! parameter, a computed string). Such sites also keep other rules quiet where they could be the
//! missing side.

use crate::ide::diagnostics::{Code, Diagnostic, Severity};
use crate::index::Site;

pub(super) fn check(sites: &[Site], out: &mut Vec<Diagnostic>) {
    for s in sites {
        let Some(u) = s.channel.unresolved() else { continue };
        let message = format!("channel `{}` cannot be resolved statically", u.expression);
        out.push(Diagnostic::at(s.file, s.range, Code::UnresolvedChannel, Severity::Hint, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_diagnostics;

    #[test]
    fn a_channel_from_a_runtime_value() {
        check_diagnostics(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
import { readFileSync } from 'fs';
const plugins: { channel: string }[] = JSON.parse(readFileSync('plugins.json', 'utf8'));
for (const plugin of plugins) {
  ipcMain.on(plugin.channel, (_event, m) => console.log(m));
//           ^^^^^^^^^^^^^^ hint: unresolved-channel channel `plugin.channel` cannot be resolved statically
}
"#,
        );
    }

    /// Channels from constants, enums of strings and templates of constants are resolved.
    #[test]
    fn not_raised_for_channels_known_statically() {
        check_diagnostics(
            r#"
//- /src/shared/channels.ts
export const PREFIX = 'app';
export const Channels = { Version: `${PREFIX}:version`, Quit: 'app:quit' } as const;
//- /src/main/index.ts
import { app, ipcMain } from 'electron';
import { Channels } from '../shared/channels';
ipcMain.handle(Channels.Version, () => app.getVersion());
ipcMain.on(Channels.Quit, () => app.quit());
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
import { Channels } from '../shared/channels';
export const version = () => ipcRenderer.invoke(Channels.Version);
export const quit = () => ipcRenderer.send(Channels.Quit);
"#,
        );
    }
}
