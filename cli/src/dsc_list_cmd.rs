//! `qrpass dsc-list sign|show`: the root-signed list of EU DCC document signers
//! (`VN1D:`, list type 6, spec/TRUST.md §10) that checkpoints hold beside the trust list.

use std::path::PathBuf;

use clap::Subcommand;
use qrpass::dcc::{DscList, DscListDocument, SignedDscList};
use qrpass::trust::ListInfo;

use crate::error::CliError;
use crate::io::{read_bytes, read_private_key, read_public_key, time_arg, write_file, CmdResult};
use crate::trust_cmd::{days, vn};

/// `qrpass dsc-list` subcommands.
#[derive(Subcommand, Debug)]
pub enum DscListCommand {
    /// Sign the DSCs of a file (DER, PEM, base64 DER, or JSON [{kid, certificate, country?}]) as a VN1D: list.
    Sign {
        /// The DSC file, as national backends distribute it.
        dsc: PathBuf,
        /// The root private key (PKCS#8 PEM).
        #[arg(long)]
        root: PathBuf,
        /// Sequence; must be above the one checkpoints hold.
        #[arg(long)]
        sequence: u64,
        /// Issue time (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        /// Days until the next list is due.
        #[arg(long, default_value_t = 7)]
        valid_days: u32,
        /// Output file: binary, or VN1D: text with --text.
        #[arg(long)]
        out: PathBuf,
        /// Write VN1D: + Base45 text instead of binary.
        #[arg(long)]
        text: bool,
    },
    /// Show a signed DSC list; verified with --root (any of the keys given).
    Show {
        /// A signed DSC list (binary or VN1D: text).
        list: PathBuf,
        /// Root public keys (SPKI PEM) that may have signed it.
        #[arg(long)]
        root: Vec<PathBuf>,
    },
}

/// Runs a `qrpass dsc-list` subcommand.
pub fn run(command: &DscListCommand) -> CmdResult {
    match command {
        DscListCommand::Sign {
            dsc,
            root,
            sequence,
            at,
            valid_days,
            out,
            text,
        } => {
            let certificates = DscList::from_bytes(&read_bytes(dsc)?).map_err(|e| {
                CliError::from(e).hint(
                    "pass DSC certificates: DER, PEM, base64 DER, or JSON [{kid, certificate, country?}]",
                )
            })?;
            let issued_at = time_arg(at.as_deref())?;
            let doc = DscListDocument {
                info: ListInfo {
                    sequence: *sequence,
                    issued_at,
                    next_update: issued_at.add_seconds(days(*valid_days)),
                },
                certificates,
            };
            let signed = doc.sign(&read_private_key(root)?)?;
            let bytes = if *text {
                (SignedDscList::text_form(&signed) + "\n").into_bytes()
            } else {
                signed
            };
            write_file(out, bytes)?;
            println!(
                "signed DSC list {sequence} ({} certificates) to {}",
                doc.certificates.len(),
                out.display()
            );
            Ok(())
        }
        DscListCommand::Show { list, root } => {
            let bytes = read_bytes(list)?;
            let (doc, verified) = if root.is_empty() {
                (
                    SignedDscList::inspect(&bytes)?,
                    "NOT VERIFIED (give --root)",
                )
            } else {
                let keys = root
                    .iter()
                    .map(|p| read_public_key(p))
                    .collect::<Result<Vec<_>, _>>()?;
                let held = SignedDscList::verify(&bytes, &keys)?;
                let doc = SignedDscList::inspect(held.envelope())?;
                (doc, "signature verified")
            };
            println!(
                "DSC list sequence {}: {} certificates — {verified}",
                doc.info.sequence,
                doc.certificates.len()
            );
            println!(
                "  issued {}, next update {}",
                vn(doc.info.issued_at),
                vn(doc.info.next_update)
            );
            for d in doc.certificates.iter() {
                let kid: String = d.kid.iter().map(|b| format!("{b:02x}")).collect();
                println!(
                    "  {kid} {} {} valid {} to {}",
                    d.country.as_deref().unwrap_or("--"),
                    d.key_type(),
                    vn(d.not_before),
                    vn(d.not_after)
                );
            }
            Ok(())
        }
    }
}
