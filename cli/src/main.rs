//! The `qrpass` command: keys, issuing, QR rendering and scanning, verification.

mod batch;
mod check_cmd;
mod cli;
mod commands;
mod dcc_cmd;
mod demo;
mod dsc_list_cmd;
mod error;
mod idcard_cmd;
mod io;
mod ledger_cmd;
#[cfg(test)]
mod list_cmd_tests;
mod policy_cmd;
mod revoke_cmd;
mod scan_cmd;
mod trust_cmd;
mod verifier_args;
mod verify_batch;
mod verify_cmd;

use clap::Parser;

use cli::{Cli, Command};
use io::StatusResult;

fn main() {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(0) => {}
        Ok(code) => {
            let _ = std::io::Write::flush(&mut std::io::stdout());
            std::process::exit(code);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(e.exit_code());
        }
    }
}

/// Runs a command; its exit status (0 on success; `verify` and `check` decide theirs).
fn run(command: &Command) -> StatusResult {
    let done = match command {
        Command::Verify(args) => return verify_cmd::run(args),
        Command::Scan(args) => return scan_cmd::run(args),
        Command::Check(args) => return check_cmd::run(args),
        Command::Idcard(args) => return idcard_cmd::run(args),
        Command::Redeem(args) => return ledger_cmd::redeem(args),
        Command::Ledger { command } => return ledger_cmd::run(command),
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
        } if batch_args.batch.is_some() => {
            return batch::run(key, issuer, iat.as_deref(), batch_args)
        }
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
        Command::Inspect { token } => commands::inspect_cmd(token),
        Command::Render { token, out, ecc } => commands::render(token, out, *ecc),
        Command::Trust { command } => trust_cmd::run(command),
        Command::Revoke(args) => revoke_cmd::revoke(args),
        Command::Demo { out } => demo::run(out.as_deref()),
        Command::Policy { command } => policy_cmd::run(command),
        Command::Publish(args) => policy_cmd::publish(args),
        Command::DscList { command } => dsc_list_cmd::run(command),
    };
    done.map(|()| 0)
}
