//! The `ipcls` binary: the command line and the language server, the two front ends.

use clap::Parser;
use ipcls::cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Server { .. } => ipcls::lsp::run_stdio(),
        _ => ipcls::cli::run(cli),
    }
}
