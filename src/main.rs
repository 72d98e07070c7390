//! The `ipcls` binary: the command line and the language server.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = ipcls::cli::Cli::parse();
    ipcls::cli::run(cli)
}
