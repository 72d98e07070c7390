//! Inlay hints: the resolved value after a channel written as a constant, a member, a
//! concatenation or a template (`CHANNEL` shows `= 'dialog:openFile'`).

use crate::base::FileId;
use crate::index::{Index, Written};

/// One hint: `label` shown at `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: u32,
    pub label: String,
}

/// The hints of `file`, after each site whose channel is not written as a literal.
pub fn inlay_hints(index: &Index, file: FileId) -> Vec<InlayHint> {
    index
        .sites
        .iter()
        .filter(|s| {
            s.file == file
                && matches!(s.written, Written::Constant | Written::Member | Written::Concat | Written::Template)
        })
        .filter_map(|s| {
            let channel = s.channel.known()?;
            Some(InlayHint { offset: s.range.end, label: format!("= '{channel}'") })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::base::TextRange;
    use crate::test_fixture::{annotate, Fixture};

    #[test]
    fn values_of_channels_not_written_as_literals() {
        let text = r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
const OPEN = 'dialog:openFile';
const CHANNELS = { save: 'dialog:save' };
const prefix = 'app';
ipcMain.handle(OPEN, () => '');
ipcMain.handle(CHANNELS.save, () => '');
ipcMain.handle(prefix + ':quit', () => '');
ipcMain.handle(`${prefix}:version`, () => '');
ipcMain.handle('literal', () => '');
"#;
        let index = Fixture::parse(text).index();
        let file = index.file_for_rel("src/main/index.ts").expect("file");
        let marks = super::inlay_hints(&index, file)
            .into_iter()
            .map(|h| (file, TextRange::new(h.offset, h.offset), h.label))
            .collect();
        expect![[r#"
            //- /src/main/index.ts
            import { ipcMain } from 'electron';
            const OPEN = 'dialog:openFile';
            const CHANNELS = { save: 'dialog:save' };
            const prefix = 'app';
            ipcMain.handle(OPEN, () => '');
            //                 ^ = 'dialog:openFile'
            ipcMain.handle(CHANNELS.save, () => '');
            //                          ^ = 'dialog:save'
            ipcMain.handle(prefix + ':quit', () => '');
            //                             ^ = 'app:quit'
            ipcMain.handle(`${prefix}:version`, () => '');
            //                                ^ = 'app:version'
            ipcMain.handle('literal', () => '');
        "#]]
        .assert_eq(&annotate(&index, marks));
    }
}
