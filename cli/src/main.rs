//! The `qrpass` command: keys, issuing, QR rendering and scanning, verification.

mod batch;
mod check_cmd;
mod cli;
mod commands;
mod demo;
mod error;
mod trust_cmd;
mod trust_vectors;
mod vectors;
mod verify_batch;

use clap::Parser;

use cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Keygen {
            issuer,
            out,
            kinds,
            valid_from,
        } => commands::keygen(issuer, out, kinds, valid_from.as_deref()),
        Command::Issue {
            key,
            issuer,
            iat,
            batch_args,
            ..
        } if batch_args.batch.is_some() => batch::run(key, issuer, iat.as_deref(), batch_args),
        Command::Issue {
            key,
            issuer,
            iat,
            cti,
            pass,
            ..
        } => commands::issue(
            key,
            issuer,
            iat.as_deref(),
            cti.as_deref(),
            pass.as_deref().unwrap_or("-"),
        ),
        Command::Verify {
            trust,
            root,
            revoked,
            at,
            skew,
            batch: Some(input),
            out,
            ..
        } => commands::verify_batch(
            trust,
            root.as_deref(),
            revoked.as_deref(),
            at.as_deref(),
            *skew,
            input,
            out.as_deref(),
        ),
        Command::Verify {
            trust,
            root,
            revoked,
            at,
            skew,
            json,
            token,
            ..
        } => commands::verify(
            trust,
            root.as_deref(),
            revoked.as_deref(),
            at.as_deref(),
            *skew,
            *json,
            token.as_deref().unwrap_or("-"),
        ),
        Command::Inspect { token } => commands::inspect_cmd(token),
        Command::Render { token, out, ecc } => commands::render(token, out, *ecc),
        Command::Scan {
            images,
            verify: _,
            trust,
            at,
        } => commands::scan(images, trust.as_deref(), at.as_deref()),
        Command::Trust { command } => trust_cmd::run(command),
        Command::Revoke(args) => trust_cmd::revoke(args),
        Command::Check(args) => check_cmd::run(args),
        Command::Vectors { out, check } => vectors::run(out, *check),
        Command::Demo { out } => demo::run(out.as_deref()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(e.exit_code());
    }
}
