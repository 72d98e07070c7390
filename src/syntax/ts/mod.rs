//! TypeScript and JavaScript: what one file says about IPC, as a summary that depends only on its text.
//!
//! The summary keeps channel expressions unevaluated ([`Expr`]); the index resolves them across files.
//!
//! Layers, lowest first: `summary` (the summary's types), `node_kinds` (the grammars' kind and
//! field names), `electron_api` (the one table of Electron's IPC methods and receivers), `parse`
//! (parsers and islands), `walker` (one pass over a tree into a summary) and `incremental` (walks
//! again only the statements an edit touched). Each imports only layers below it.

mod electron_api;
mod flow;
mod incremental;
mod node_kinds;
mod parse;
mod script_blocks;
mod summary;
mod walker;

pub use crate::base::EditSpan;
pub use electron_api::{api_method, toolkit_method_kind, toolkit_methods, typed_recv};
pub use flow::{declared_result_names, declared_type_names, TypeAlias, WEB_CONTENTS_OF};
pub use incremental::{Extraction, ListSpan, LocalEdit};
pub use parse::{parse, parse_island, parse_with_old, Dialect};
pub use script_blocks::script_blocks_only;
pub use summary::{
    Api, BridgeDef, BridgeMember, BridgeProvider, BridgeRoot, BridgeUse, Call, Callee, ConstDef, Export, Expr,
    FileSummary, FnName, Forwarder, FunctionDef, Import, Imported, Kind, ObjectDef, ParamCall, ProcessEvidence,
    RawSite, TypeDecl, WindowDecl, DOM_EVENTS,
};
pub use walker::{extract, extract_limited, extract_tree, extract_tree_limited, DEFAULT_MAX_NESTING};
