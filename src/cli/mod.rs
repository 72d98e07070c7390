//! The command line: parse arguments, load the workspace, call the core, render.
//!
//! Exit codes: 0 clean, 1 errors found (or stale output), 2 usage or IO error.

mod render;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::base::Cancel;
use crate::ide::generated::Freshness;
use crate::ide::graph::GraphFormat;
use crate::ide::{self, Analysis, Severity};
use crate::index::Workspace;

#[derive(Parser, Debug)]
#[command(
    name = "ipcls",
    version,
    about = "Language server and checker for Electron IPC channels and their .proto contract"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the language server on stdio.
    Server {
        /// Accepted for compatibility with clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Check a workspace and print diagnostics.
    Check {
        /// The workspace folder (default: the current folder).
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Also print hints (unresolved channels).
        #[arg(long)]
        hints: bool,
        /// Explain one channel: its sites, the calls that might be sites and why each was or was
        /// not taken, and its diagnostics.
        #[arg(long, value_name = "CHANNEL")]
        explain: Option<String>,
    },
    /// List every channel with its contract rpc and sites.
    Channels {
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ChannelsFormat::Table)]
        format: ChannelsFormat,
    },
    /// Print the IPC map as Mermaid or DOT.
    Graph {
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = GraphFormatArg::Mermaid)]
        format: GraphFormatArg,
    },
    /// Write typed TypeScript bindings for main, preload and renderer from the .proto contract.
    Generate {
        /// The workspace folder (default: the current folder).
        path: Option<PathBuf>,
        /// The output folder (default: `[generate] out` of ipcls.toml, else src/ipc/generated in
        /// the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 when a generated file is missing or differs (for CI).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChannelsFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormatArg {
    Mermaid,
    Dot,
}

/// Runs a command of the checker. `ipcls server` is started by the binary (`src/main.rs`), which
/// is the one place that knows both front ends; here it is a usage error.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Server { .. } => {
            eprintln!("ipcls: `server` is run by the ipcls binary");
            ExitCode::from(2)
        }
        Command::Check { path, explain: Some(channel), .. } => with_index(path, |analysis| {
            let index = analysis.index();
            match ide::diagnostics::explain::explain(index, &channel, analysis.cancel()) {
                Ok(e) => print(&render::explanation(index, &e)),
                Err(_) => ExitCode::from(2),
            }
        }),
        Command::Check { path, format, hints, explain: None } => {
            with_index(path, |analysis| check(analysis, format, hints))
        }
        Command::Channels { path, format } => with_index(path, |analysis| {
            let index = analysis.index();
            let out = match format {
                ChannelsFormat::Json => render::channels_json(index),
                ChannelsFormat::Table => render::channels_table(index),
                ChannelsFormat::Markdown => render::channels_markdown(index),
            };
            print(&out)
        }),
        Command::Graph { path, format } => with_index(path, |analysis| {
            let format = match format {
                GraphFormatArg::Mermaid => GraphFormat::Mermaid,
                GraphFormatArg::Dot => GraphFormat::Dot,
            };
            analysis.graph(format).map_or(ExitCode::from(2), |graph| print(&graph))
        }),
        Command::Generate { path, out, check } => with_index(path, |analysis| generate(analysis, out, check)),
    }
}

/// `ipcls generate`: writes the bindings, or with `check` compares them with what is on disk.
fn generate(analysis: &Analysis, out: Option<PathBuf>, check: bool) -> ExitCode {
    let index = analysis.index();
    let out_dir = match out {
        Some(dir) => dir,
        None => index.root.join(ide::generated::out_dir(index)),
    };
    if index.stats.protos == 0 {
        eprintln!("error: no .proto contract in {}", index.root.display());
        return ExitCode::from(1);
    }
    let generated = match ide::generated::generate(index) {
        Ok(generated) => generated,
        Err(problems) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            eprintln!("error: the contract has problems; no bindings were generated");
            return ExitCode::from(1);
        }
    };
    for note in &generated.notes {
        eprintln!("warning: {note}");
    }
    let mut stale = Vec::new();
    let on_disk = |name: &str| std::fs::read(out_dir.join(name)).ok();
    for (file, freshness) in ide::generated::compare(&generated, on_disk) {
        let path = out_dir.join(file.role.file_name());
        if freshness == Freshness::Current {
            continue;
        }
        if check {
            let what = if freshness == Freshness::Stale { "stale" } else { "missing" };
            stale.push(format!("{what}: {}", path.display()));
            continue;
        }
        let written = std::fs::create_dir_all(&out_dir).and_then(|_| std::fs::write(&path, &file.text));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote {}", path.display());
    }
    if check {
        if stale.is_empty() {
            println!("bindings in {} are up to date", out_dir.display());
            return ExitCode::SUCCESS;
        }
        for s in &stale {
            println!("{s}");
        }
        println!("run `ipcls generate` to update them");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn print(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if out.write_all(s.as_bytes()).and_then(|_| out.flush()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// Loads the workspace at `path` and runs `f` on an analysis of it that is never cancelled; IO
/// problems exit with 2.
fn with_index(path: Option<PathBuf>, f: impl FnOnce(&Analysis) -> ExitCode) -> ExitCode {
    let root = path.unwrap_or_else(|| PathBuf::from("."));
    let root = match std::fs::canonicalize(&root) {
        Ok(r) if r.is_dir() => r,
        Ok(r) => {
            eprintln!("error: {} is not a folder", r.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: cannot open {}: {e}", root.display());
            return ExitCode::from(2);
        }
    };
    let progress = Progress::start(&root);
    let mut ws = Workspace::load(&root);
    for e in ws.config_errors() {
        eprintln!("warning: {e}");
    }
    let Ok(index) = ws.analyze(&Cancel::never()) else {
        eprintln!("ipcls: the analysis was cancelled");
        return ExitCode::from(2);
    };
    progress.finish();
    for note in &index.notes {
        eprintln!("note: {note}");
    }
    f(&Analysis::new(Arc::new(index), Cancel::never()))
}

fn check(analysis: &Analysis, format: CheckFormat, hints: bool) -> ExitCode {
    // A token that is never cancelled: the diagnostics are always there.
    let Ok(mut diags) = analysis.diagnostics() else { return ExitCode::from(2) };
    let index = analysis.index();
    if !hints && format == CheckFormat::Human {
        diags.retain(|d| d.severity != Severity::Hint);
    }
    let out = match format {
        CheckFormat::Human => render::human(index, &diags, std::io::stdout().is_terminal()),
        CheckFormat::Json => render::diagnostics_json(index, &diags),
        CheckFormat::Sarif => render::sarif(index, &diags),
        CheckFormat::Github => render::github(index, &diags),
    };
    if print(&out) != ExitCode::SUCCESS {
        return ExitCode::from(2);
    }
    let mut has_error = diags.iter().any(|d| d.severity == Severity::Error);
    if !index.config_errors.is_empty() {
        has_error = true;
    }
    if has_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A line on stderr while a large workspace loads (a terminal only).
struct Progress {
    shown: bool,
}

impl Progress {
    fn start(root: &Path) -> Progress {
        let shown = std::io::stderr().is_terminal();
        if shown {
            eprint!("indexing {} …\r", root.display());
        }
        Progress { shown }
    }

    fn finish(self) {
        if self.shown {
            eprint!("\x1b[2K\r");
        }
    }
}
