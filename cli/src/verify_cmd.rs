//! `qrpass verify`: one token (text, or core's outcome object with `--json`),
//! or a file of tokens with `--batch` on every core.

use std::path::PathBuf;

use clap::Args;

use crate::commands::{describe, outcome_json};
use crate::error::CliError;
use crate::io::{read_input, StatusResult};
use crate::verifier_args::VerifierArgs;

/// Arguments of `qrpass verify`.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Trust, revocation and time.
    #[command(flatten)]
    pub verifier: VerifierArgs,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Verify a file of tokens, one per line (- for standard input), on every
    /// core; writes JSON Lines (one object per input line, in order) and a
    /// summary by outcome code on stderr. Exit status 1 if any token failed.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["token", "json"])]
    pub batch: Option<String>,
    /// With --batch: write the JSON Lines here instead of standard output.
    #[arg(long, requires = "batch")]
    pub out: Option<PathBuf>,
    /// File holding the VN1 or HC1 text, or - for standard input.
    #[arg(required_unless_present = "batch")]
    pub token: Option<String>,
}

/// Runs `qrpass verify`: status 0 when valid, 1 when not.
pub fn run(args: &VerifyArgs) -> StatusResult {
    let (verifier, at) = args.verifier.load()?;
    if let Some(input) = &args.batch {
        let summary = crate::verify_batch::run(&verifier, at, input, args.out.as_deref())?;
        return Ok(if summary.invalid.is_empty() { 0 } else { 1 });
    }
    let text = read_input(args.token.as_deref().unwrap_or("-"))?;
    if qrpass::classify(&text) == qrpass::CodeKind::EuDcc {
        return verify_dcc(args, &text);
    }
    let result = verifier.verify_at(&text, at);
    if args.json {
        println!("{}", outcome_json(&result));
        return result.map(|_| 0).map_err(|e| CliError {
            error: e,
            hint: None,
            unusable_input: false,
        });
    }
    let verified = result?;
    println!("{}", describe(&verified));
    Ok(0)
}

/// `qrpass verify` of an `HC1:` text, against `--dcc-trust` at `--at`.
fn verify_dcc(args: &VerifyArgs, text: &str) -> StatusResult {
    let (dcc, at) = crate::dcc_cmd::load(&args.verifier.lists)?;
    let result = dcc.verify_at(text, at);
    if args.json {
        println!("{}", crate::dcc_cmd::outcome_json(result.clone()));
    }
    let verified = result.map_err(|e| {
        let hint = (e.code() == qrpass::ErrorCode::UnknownDccKid).then(|| {
            "pass the issuer's document-signer certificate with --dcc-trust FILE".to_owned()
        });
        CliError {
            error: e,
            hint,
            unusable_input: false,
        }
    })?;
    if !args.json {
        println!("{}", crate::dcc_cmd::describe(&verified));
    }
    Ok(0)
}
