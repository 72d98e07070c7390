//! The integration tests, one binary: each module is one area (the CLI on every fixture, the
//! server over JSON-RPC, hostile input, incremental edits, cancellation, code generation…), and
//! `support` is the LSP client and fixture helpers they share. Run one area with
//! `cargo test --test it <module>::`.
//!
//! Fixtures come from `fixtures/`, the reviewed CLI and codegen snapshots from `tests/snapshots/`,
//! and the TypeScript toolchain of the codegen tests from `tests/ts/` (those tests run only with
//! `IPCLS_TEST_NPM=1`; see `codegen`).

mod support;

mod cancel;
mod cli;
mod codegen;
mod differential;
mod expected;
mod flow;
mod flow_contexts;
mod flow_tables;
mod flow_transport;
mod hostile;
mod hostile_lsp;
mod incremental;
mod layers;
mod lsp;
mod lsp_generated;
mod lsp_stdio;
mod nothing_lost;
mod processes;
mod protocol;
