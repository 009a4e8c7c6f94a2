//! `cargo xtask`: the project's own tasks, not shipped with the product.
//!
//! `cargo xtask vectors [--out DIR] [--check]` writes the cross-language test
//! vectors of spec/vectors (or checks they are up to date); `cargo xtask
//! capabilities [--check]` renders spec/capabilities.toml into README.md. Only [`main`]
//! exits the process (status 2 when a task fails); every task returns its
//! outcome, an error being the message to print.

mod capabilities;
mod files;
mod idcard;
mod json;
mod trust;
mod vectors;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

/// The project's own tasks.
#[derive(Parser, Debug)]
#[command(name = "cargo xtask", about)]
struct Cli {
    /// The task to run.
    #[command(subcommand)]
    task: Task,
}

/// The tasks.
#[derive(Subcommand, Debug)]
enum Task {
    /// Write the cross-language test vectors (or check they are up to date).
    Vectors {
        /// Output directory (default: spec/vectors of this repository).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Fail if writing would change any file, instead of writing.
        #[arg(long)]
        check: bool,
    },
    /// Render spec/capabilities.toml into README.md and spec/capabilities.json (or check they are current).
    Capabilities {
        /// Fail if either file is stale, instead of writing.
        #[arg(long)]
        check: bool,
    },
}

fn main() {
    let cli = Cli::parse();
    let done = match &cli.task {
        Task::Vectors { out, check } => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent();
            let default = root.unwrap_or(Path::new(".")).join("spec/vectors");
            files::run(out.as_deref().unwrap_or(&default), *check)
        }
        Task::Capabilities { check } => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent();
            capabilities::run(root.unwrap_or(Path::new(".")), *check)
        }
    };
    if let Err(message) = done {
        eprintln!("{message}");
        std::process::exit(2);
    }
}
