//! The contract summary: `.proto` files (from memory) compiled with protox into services, rpcs, messages and errors.
//!
//! This module is pure: it reads only the texts it is given, never the disk. Imports resolve
//! against the given files through the import roots, plus two sets of built-in files:
//! `ipcls/options.proto` (see [`OPTIONS_PROTO`]) and Google's well-known types.
//!
//! Each file is compiled on its own, with its imports, so an error stays in its file and a
//! broken file does not hide the services of the others. A file that parses but cannot be
//! linked (its imports are broken, or it has type errors) still contributes its declarations,
//! read from its syntax alone; its type names are then as written (`Empty`), not resolved
//! (`.google.protobuf.Empty`), and [`ContractFile::linked`] is false.
//!
//! All ranges are UTF-8 byte offsets into the file's text.

mod extract;
mod files;
mod naming;
mod span;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::base::TextRange;

pub use files::{OPTIONS_PROTO, OPTIONS_PROTO_NAME};
pub use naming::{
    channel_for, lower_camel, method_for_channel, service_camel, upper_camel, validate_template, DEFAULT_TEMPLATE,
};

/// One `.proto` file's text, from disk or an unsaved editor buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtoSource {
    /// Workspace-relative path with `/` separators, e.g. `proto/dialog.proto`.
    pub path: String,
    pub text: Arc<str>,
}

/// What [`compile`] reads: the files of the contract and the import roots.
#[derive(Clone, Copy, Debug)]
pub struct ContractInput<'a> {
    pub files: &'a [ProtoSource],
    /// Import roots as workspace-relative directories; `""` is the workspace root.
    /// No roots means the workspace root alone.
    pub roots: &'a [String],
}

/// The contract: every declaration of every file, in input order then source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contract {
    pub files: Vec<ContractFile>,
    pub services: Vec<Service>,
    /// Messages, nested ones flattened after their parent; map entry messages are left out.
    pub messages: Vec<Message>,
    pub enums: Vec<EnumType>,
    pub errors: Vec<ProtoError>,
}

/// What the contract knows about one input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractFile {
    /// Workspace-relative path, as given.
    pub path: String,
    /// The name other files import it by, relative to the first import root that contains it.
    pub import_name: String,
    pub package: String,
    pub imports: Vec<Import>,
    /// Whether the file parsed.
    pub parsed: bool,
    /// Whether the file and all its imports linked: type names are resolved.
    pub linked: bool,
}

/// One `import "...";` statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub name: String,
    /// The whole import statement.
    pub range: TextRange,
    /// The workspace path of the imported file, when it is one of the input files.
    pub path: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// `DialogService`.
    pub name: String,
    /// `pkg.DialogService`.
    pub full_name: String,
    pub package: String,
    pub file: String,
    pub name_range: TextRange,
    /// The whole service declaration.
    pub range: TextRange,
    pub comments: String,
    pub methods: Vec<Rpc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rpc {
    pub name: String,
    pub file: String,
    pub name_range: TextRange,
    /// The whole rpc statement, body included.
    pub range: TextRange,
    pub comments: String,
    /// Full name without a leading dot when linked (`google.protobuf.Empty`), else as written.
    pub input_type: String,
    pub output_type: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    /// `option (ipcls.channel) = "files:open";`: the channel and the range of its string
    /// literal, quotes included.
    pub channel_option: Option<(String, TextRange)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// `pkg.Outer.Inner`.
    pub full_name: String,
    pub name: String,
    pub file: String,
    pub name_range: TextRange,
    pub range: TextRange,
    pub comments: String,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub json_name: String,
    pub number: i32,
    /// A scalar (`string`, `int64`) or, for messages and enums, `.pkg.Msg` when linked and the
    /// name as written otherwise.
    pub type_name: String,
    pub label: FieldLabel,
    /// The oneof it belongs to; proto3 `optional` fields are [`FieldLabel::Optional`] instead.
    pub oneof: Option<String>,
    pub name_range: TextRange,
    pub comments: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldLabel {
    /// No label (proto3) or a member of a oneof.
    Singular,
    /// `optional`, with explicit presence.
    Optional,
    /// proto2 `required`.
    Required,
    Repeated,
    /// `map<key, value>`, with the key and value types in the form of [`Field::type_name`].
    Map(String, String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumType {
    pub full_name: String,
    pub name: String,
    pub file: String,
    pub name_range: TextRange,
    pub range: TextRange,
    pub comments: String,
    pub values: Vec<EnumValue>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumValue {
    pub name: String,
    pub number: i32,
    pub name_range: TextRange,
    pub comments: String,
}

/// A problem in one file of the contract, reported once, in the file where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtoError {
    pub file: String,
    pub range: Option<TextRange>,
    pub message: String,
}

/// Compiles the contract's files from memory. Never fails and never panics: problems are
/// [`ProtoError`]s, and whatever could be read is kept.
pub fn compile(input: &ContractInput) -> Contract {
    let workspace = files::Workspace::new(input);
    let mut contract = Contract::default();
    for (index, file) in workspace.files.iter().enumerate() {
        contract.errors.extend(file.errors.iter().cloned());
        let linked = workspace.link(index, &mut contract.errors);
        if let Some(parsed) = &file.parsed {
            let proto = linked.as_ref().unwrap_or(parsed);
            extract::extract(file, parsed, proto, &mut contract);
        }
        contract.files.push(ContractFile {
            path: file.source.path.clone(),
            import_name: file.name.clone(),
            package: file.parsed.as_ref().map(|proto| proto.package().to_owned()).unwrap_or_default(),
            imports: file
                .imports
                .iter()
                .map(|import| Import {
                    name: import.name.clone(),
                    range: import.range,
                    path: match import.target {
                        files::Target::Workspace(target) => workspace.files.get(target).map(|f| f.source.path.clone()),
                        _ => None,
                    },
                })
                .collect(),
            parsed: file.parsed.is_some(),
            linked: linked.is_some(),
        });
    }
    contract
}
