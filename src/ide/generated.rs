//! Generated bindings in the workspace: where they live, whether they are stale, and the files
//! they should be (for `ipcls generate`, the `stale-bindings` diagnostic, its fix, and rename).

use std::path::Path;

use crate::base::{FileId, TextRange};
use crate::codegen::{self, Generated, GeneratedFile};
use crate::config::DEFAULT_GENERATE_OUT;
use crate::index::Index;
use crate::syntax::proto::{self, Contract, ContractInput, ProtoSource};

/// The output folder, relative to the workspace: `[generate] out`, else the default.
pub fn out_dir(index: &Index) -> String {
    index.config.generate.out.clone().unwrap_or_else(|| DEFAULT_GENERATE_OUT.to_string())
}

fn options(index: &Index) -> codegen::Options<'_> {
    codegen::Options { template: index.config.template(), key: &index.config.generate.key }
}

/// The bindings of the index's contract.
pub fn generate(index: &Index) -> Result<Generated, Vec<String>> {
    codegen::generate(&index.contract, &options(index))
}

/// One generated file that should have other content: replace it whole, or create it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRewrite {
    /// Workspace-relative path with `/`.
    pub path: String,
    /// The file when the workspace has it; `None` means it must be created.
    pub file: Option<FileId>,
    /// The whole current text's range (empty for a new file).
    pub range: TextRange,
    pub text: String,
}

/// The generated files of `[generate] out` that differ from what the contract gives, or `None`
/// when bindings are not configured or the contract cannot be generated from.
pub fn stale(index: &Index) -> Option<Vec<FileRewrite>> {
    let out = index.config.generate.out.as_deref()?;
    let generated = generate(index).ok()?;
    Some(rewrites(index, out, &generated))
}

/// The files `ipcls generate` would change, for the server's command: the stale files of the
/// configured folder, else every file of the default one that differs.
pub fn generate_rewrites(index: &Index) -> Result<Vec<FileRewrite>, String> {
    if let Some(stale) = stale(index) {
        return Ok(stale);
    }
    let generated = generate(index).map_err(|problems| problems.join("; "))?;
    Ok(rewrites(index, &out_dir(index), &generated))
}

/// How a generated file's current text compares with what the contract gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    Current,
    Stale,
    Missing,
}

/// Each file of `generated` with how its current text compares: `current` gives the text at a file
/// name of the output folder (from the index, or from the disk for the command line).
pub fn compare<T: AsRef<[u8]>>(
    generated: &Generated,
    mut current: impl FnMut(&str) -> Option<T>,
) -> Vec<(&GeneratedFile, Freshness)> {
    generated
        .files
        .iter()
        .map(|f| {
            let freshness = match current(f.role.file_name()) {
                Some(text) if text.as_ref() == f.text.as_bytes() => Freshness::Current,
                Some(_) => Freshness::Stale,
                None => Freshness::Missing,
            };
            (f, freshness)
        })
        .collect()
}

/// The generated files under `out` (workspace-relative) that differ from `generated`.
pub fn rewrites(index: &Index, out: &str, generated: &Generated) -> Vec<FileRewrite> {
    let path_of = |name: &str| format!("{}/{}", out.trim_end_matches('/'), name);
    let text_of =
        |name: &str| index.file_for_rel(&path_of(name)).and_then(|id| index.vfs.text(id)).map(|t| t.as_bytes());
    let mut v = Vec::new();
    for (f, freshness) in compare(generated, text_of) {
        if freshness == Freshness::Current {
            continue;
        }
        let path = path_of(f.role.file_name());
        let file = index.file_for_rel(&path);
        let len = file.and_then(|id| index.vfs.text(id)).map_or(0, |t| t.len() as u32);
        v.push(FileRewrite { path, file, range: TextRange::new(0, len), text: f.text.clone() });
    }
    v
}

/// Folders that hold generated files (by their header), relative to the workspace, sorted.
pub fn generated_dirs(index: &Index) -> Vec<String> {
    let mut dirs: Vec<String> = index
        .vfs
        .iter()
        .filter(|(_, p, t)| p.extension().is_some_and(|e| e == "ts") && codegen::role_of(&t.text).is_some())
        .filter_map(|(id, _, _)| {
            let rel = index.rel_path(id);
            Some(Path::new(&rel).parent()?.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Whether `file` is a generated file (its first line says so).
pub fn is_generated(index: &Index, file: FileId) -> bool {
    codegen::role_of(index.text(file)).is_some()
}

/// The generated files as they would be after `proto_edits` (edits of `.proto` files): what a
/// rename writes into generated code instead of editing it piecemeal.
pub fn regenerated_after(index: &Index, proto_edits: &[(FileId, Vec<(TextRange, String)>)]) -> Vec<FileRewrite> {
    let dirs = generated_dirs(index);
    if dirs.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<ProtoSource> = Vec::new();
    for c in &index.contract.files {
        let Some(id) = index.file_for_rel(&c.path) else { continue };
        let mut text = index.text(id).to_string();
        if let Some((_, edits)) = proto_edits.iter().find(|(f, _)| *f == id) {
            let mut edits = edits.clone();
            edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            for (r, new) in edits {
                if text.get(r.start as usize..r.end as usize).is_some() {
                    text.replace_range(r.start as usize..r.end as usize, &new);
                }
            }
        }
        files.push(ProtoSource { path: c.path.clone(), text: text.into() });
    }
    let contract: Contract = proto::compile(&ContractInput { files: &files, roots: &index.config.contract.roots });
    let Ok(generated) = codegen::generate(&contract, &options(index)) else { return Vec::new() };
    dirs.iter().flat_map(|dir| rewrites(index, dir, &generated)).collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::test_fixture::Fixture;

    const CONTRACT: &str = r#"
//- /proto/app.proto
syntax = "proto3";
package app;
service App {
  rpc GetVersion(VersionRequest) returns (Version);
}
message VersionRequest {}
message Version {
  string name = 1;
}
"#;

    fn render(text: &str) -> String {
        let index = Fixture::parse(text).index();
        match super::generate_rewrites(&index) {
            Ok(rewrites) => rewrites
                .iter()
                .map(|r| format!("{} {}\n", r.path, if r.file.is_some() { "replaced" } else { "created" }))
                .collect(),
            Err(problems) => format!("error: {problems}\n"),
        }
    }

    /// Without `[generate] out`, the command writes every file into the default folder.
    #[test]
    fn the_command_writes_into_the_default_folder() {
        expect![[r#"
            src/ipc/generated/types.ts created
            src/ipc/generated/main.ts created
            src/ipc/generated/preload.ts created
            src/ipc/generated/renderer.ts created
        "#]]
        .assert_eq(&render(CONTRACT));
    }

    /// With it, only the files that differ; a current file is left alone.
    #[test]
    fn the_command_rewrites_only_stale_files() {
        let index = Fixture::parse(CONTRACT).index();
        let generated = super::generate(&index).expect("bindings");
        let types = generated.files.iter().find(|f| f.role.file_name() == "types.ts").expect("types.ts");
        let text = format!(
            "//- /ipcls.toml\n[generate]\nout = \"gen\"\n{CONTRACT}//- /gen/types.ts\n{}//- /gen/main.ts\n// old\n",
            types.text
        );
        expect![[r#"
            gen/main.ts replaced
            gen/preload.ts created
            gen/renderer.ts created
        "#]]
        .assert_eq(&render(&text));
    }
}
