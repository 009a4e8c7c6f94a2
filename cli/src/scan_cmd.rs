//! `qrpass scan`: the texts of the QR codes in PNG or JPEG images, bare for
//! one image (so `qrpass scan permit.png | qrpass verify --trust t.json -`
//! works) and `file: text` for several, as grep prints; `--json` for one object
//! per code; `--verify` to verify each VN1 text found.

use std::path::PathBuf;

use clap::Args;
use qrpass::{qr, Timestamp, Verifier};
use serde_json::json;

use crate::commands::{describe, outcome_json};
use crate::io::{read_input_bytes, StatusResult};
use crate::verifier_args::OptionalVerifierArgs;

/// Arguments of `qrpass scan`.
#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Image files (PNG or JPEG), or - for standard input.
    #[arg(required = true)]
    pub images: Vec<String>,
    /// Print one JSON object per code: `{"file", "kind", "text"}` (`kind` as core's
    /// `classify`: pass, trust_list, id_card, …), with `"outcome"` (core's verify
    /// outcome) when verifying.
    #[arg(long)]
    pub json: bool,
    /// Verify each VN1 text found (needs --trust) and each HC1 text (needs
    /// --dcc-trust); exit status 1 if any is invalid.
    #[arg(long)]
    pub verify: bool,
    /// Trust, revocation and time for --verify.
    #[command(flatten)]
    pub verifier: OptionalVerifierArgs,
}

/// One image's file name as printed (`-` is standard input).
fn shown(image: &str) -> String {
    if image == "-" {
        "<stdin>".into()
    } else {
        PathBuf::from(image).display().to_string()
    }
}

/// Runs `qrpass scan`: status 0 when every image held a code (and every
/// verified text was valid), 1 when a text failed verification; an image
/// without a code, or unreadable, is an error.
pub fn run(args: &ScanArgs) -> StatusResult {
    if args.verify && args.verifier.trust.is_none() && args.verifier.lists.dcc_trust.is_none() {
        return Err(crate::error::CliError::from(qrpass::Error::new(
            qrpass::ErrorCode::InvalidArgument,
            "--verify needs --trust (VN1 passes) or --dcc-trust (EU DCCs)",
        )));
    }
    let verifier = match args.verify {
        // With only --dcc-trust, a VN1 text meets an empty trust store: unknown_key.
        true => Some(args.verifier.load()?.unwrap_or((
            Verifier::new(qrpass::TrustStore::default()),
            crate::io::time_arg(args.verifier.lists.at.as_deref())?,
        ))),
        false => None,
    };
    let dcc = match args.verify {
        true => Some(crate::dcc_cmd::load(&args.verifier.lists)?),
        false => None,
    };
    let prefix = args.images.len() > 1;
    let (mut status, mut first_error) = (0, None);
    for image in &args.images {
        let texts = read_input_bytes(image).and_then(|b| Ok(qr::scan_image(&b)?));
        let texts = match texts {
            Ok(texts) => texts,
            Err(e) => {
                eprintln!(
                    "{}: {} [{}]",
                    shown(image),
                    e.error.message(),
                    e.error.code()
                );
                first_error.get_or_insert(e);
                continue;
            }
        };
        for text in texts {
            if !print_code(
                image,
                &text,
                prefix,
                args.json,
                verifier.as_ref(),
                dcc.as_ref(),
            ) {
                status = 1;
            }
        }
    }
    first_error.map_or(Ok(status), Err)
}

/// Prints one code (and its verification); whether it is valid or unverified.
fn print_code(
    image: &str,
    text: &str,
    prefix: bool,
    json: bool,
    verifier: Option<&(Verifier, Timestamp)>,
    dcc: Option<&(qrpass::dcc::DccVerifier, Timestamp)>,
) -> bool {
    if let (qrpass::CodeKind::EuDcc, Some((d, at))) = (qrpass::classify(text), dcc) {
        return print_dcc(image, text, prefix, json, d.verify_at(text, *at));
    }
    let result = verifier.map(|(v, at)| v.verify_at(text, *at));
    if json {
        let mut out = json!({"file": shown(image), "kind": qrpass::classify(text), "text": text});
        if let Some(r) = &result {
            out["outcome"] = outcome_json(r);
        }
        println!("{out}");
    } else {
        match prefix {
            true => println!("{}: {text}", shown(image)),
            false => println!("{text}"),
        }
        match &result {
            Some(Ok(verified)) => println!("{}", describe(verified)),
            Some(Err(e)) => println!("INVALID: {} [{}]", e.message(), e.code()),
            None => {}
        }
    }
    result.is_none_or(|r| r.is_ok())
}

/// Prints one scanned EU DCC and its verification; whether it is valid.
fn print_dcc(
    image: &str,
    text: &str,
    prefix: bool,
    json: bool,
    result: Result<qrpass::dcc::VerifiedDcc, qrpass::Error>,
) -> bool {
    let valid = result.is_ok();
    if json {
        let mut out = json!({"file": shown(image), "kind": qrpass::classify(text), "text": text});
        out["outcome"] = crate::dcc_cmd::outcome_json(result);
        println!("{out}");
        return valid;
    }
    match prefix {
        true => println!("{}: {text}", shown(image)),
        false => println!("{text}"),
    }
    match &result {
        Ok(v) => println!("{}", crate::dcc_cmd::describe(v)),
        Err(e) => println!("INVALID: {} [{}]", e.message(), e.code()),
    }
    valid
}
