//! Completion of channel names inside the channel argument of an IPC call, filtered by what the
//! call needs: `invoke` offers handled channels, `send` channels with a listener in main, a receiver
//! the channels sent to it; contract channels are offered and marked.

use crate::base::{FileId, TextRange};
use crate::ide::nav::sites_at;
use crate::index::Index;
use crate::syntax::ts::Kind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub detail: String,
    /// Declared in the contract.
    pub contract: bool,
    /// The range inside the quotes that the label replaces.
    pub replace: TextRange,
    /// Sorts before the others (the call's counterpart exists).
    pub preferred: bool,
}

pub fn completions(index: &Index, file: FileId, offset: u32) -> Vec<CompletionItem> {
    let text = index.text(file);
    let Some(site) = sites_at(index, file, offset).into_iter().find(|s| {
        let lit = text.get(s.range.start as usize..s.range.end as usize).unwrap_or("");
        lit.starts_with(['\'', '"', '`']) && s.range.start < offset
    }) else {
        return Vec::new();
    };
    // Inside the quotes, and never past the cursor's line: an unfinished string (`invoke('`) is
    // parsed up to the next quote, possibly lines below.
    let lit = text.get(site.range.start as usize..site.range.end as usize).unwrap_or("");
    let quote = lit.chars().next().unwrap_or('\'');
    let start = site.range.start + 1;
    let line_end = lit[1..].find(['\n', '\r']).map(|i| start + i as u32);
    let closed = lit.len() >= 2 && lit.ends_with(quote) && line_end.is_none();
    let end = match (closed, line_end) {
        (true, _) => site.range.end - 1,
        (false, Some(eol)) => eol,
        (false, None) => site.range.end,
    };
    if offset > end {
        return Vec::new();
    }
    let replace = TextRange::new(start, end.max(start));
    let wanted: &[Kind] = match site.kind {
        Kind::Invoke => &[Kind::Handle],
        Kind::Send | Kind::SendSync => &[Kind::On],
        Kind::Push => &[Kind::Listen],
        Kind::Handle => &[Kind::Invoke],
        Kind::On => &[Kind::Send, Kind::SendSync],
        Kind::Listen => &[Kind::Push],
        _ => &[Kind::Handle, Kind::On, Kind::Listen],
    };
    let mut names: Vec<&String> = index.channels.keys().chain(index.rpcs.iter().map(|r| &r.channel)).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let counterpart = index.channel_sites(name).find(|s| wanted.contains(&s.kind) && !s.derived);
        let rpc = index.rpc_for(name);
        if counterpart.is_none() && rpc.is_none() {
            continue;
        }
        let detail = match (counterpart, rpc) {
            (Some(s), _) => format!("{} in {} · {}", s.kind.as_str(), s.process.as_str(), index.rel_path(s.file)),
            (None, Some(r)) => {
                let service = &index.contract.services[r.service];
                format!("contract: {}.{} (not implemented)", service.name, service.methods[r.method].name)
            }
            (None, None) => String::new(),
        };
        out.push(CompletionItem {
            label: name.clone(),
            detail,
            contract: rpc.is_some(),
            replace,
            preferred: counterpart.is_some(),
        });
    }
    out.sort_by(|a, b| b.preferred.cmp(&a.preferred).then(a.label.cmp(&b.label)));
    out
}

#[cfg(test)]
mod tests {
    use crate::test_fixture::Fixture;

    fn check(text: &str) -> Vec<(String, String)> {
        let fixture = Fixture::parse(text);
        let index = fixture.index();
        let (path, offset) = fixture.cursor.clone().expect("cursor");
        let file = index.file_for_rel(&path).expect("file");
        super::completions(&index, file, offset)
            .into_iter()
            .map(|c| (c.label, index.text(file)[c.replace.start as usize..c.replace.end as usize].to_string()))
            .collect()
    }

    #[test]
    fn offers_handled_channels_inside_the_quotes() {
        let items = check(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('app:version', () => 1);
ipcMain.on('app:ping', () => {});
//- /src/preload/index.ts
import { ipcRenderer } from 'electron';
ipcRenderer.invoke('app:v$0er');
"#,
        );
        assert_eq!(items, vec![("app:version".to_string(), "app:ver".to_string())]);
    }

    #[test]
    fn an_unfinished_string_never_replaces_the_next_line() {
        let items = check(
            r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('app:version', () => 1);
//- /src/preload/index.ts
import { ipcRenderer } from 'electron';
const close = () => ipcRenderer.invoke('$0
const keep = 'this line stays';
"#,
        );
        assert_eq!(items, vec![("app:version".to_string(), String::new())]);
    }
}
