//! ipcls: a language server and checker for Electron IPC channels and their `.proto` contract.
//!
//! Data flows one way: files → syntax summaries → index → features → protocol.
//! See `docs/architecture.md` for the code map and its invariants.

pub mod base;
pub mod codegen;
pub mod config;
pub mod ide;
pub mod index;
pub mod syntax;

pub mod cli;
pub mod lsp;

#[cfg(test)]
mod test_fixture;
