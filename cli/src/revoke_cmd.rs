//! `qrpass revoke`: build and sign a revocation list of token ids, and the
//! delta from the previous one.

use std::path::{Path, PathBuf};

use clap::Args;
use qrpass::revocation::{entry_of, RevocationDelta, RevocationUpdate};
use qrpass::trust::ListInfo;
use qrpass::{inspect, Error, ErrorCode, RevocationList, SignedRevocation};

use crate::error::CliError;
use crate::io::{read_bytes, read_input, read_private_key, time_arg, write_file, CmdResult};
use crate::trust_cmd::{days, vn};

/// `qrpass revoke` arguments.
#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The revocation signer's private key (PKCS#8 PEM): the root, or a signer the trust list names.
    #[arg(long)]
    pub key: PathBuf,
    /// Output file: the binary list, or VN1R: text with --text.
    #[arg(long)]
    pub out: PathBuf,
    /// The previous signed list (by the same key): its entries are kept and its sequence raised.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Also write the delta from --previous to the new list here.
    #[arg(long, requires = "previous")]
    pub delta_out: Option<PathBuf>,
    /// Sequence number; default one more than --previous, or 1.
    #[arg(long)]
    pub sequence: Option<u64>,
    /// Issue time (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Days until the next list is due.
    #[arg(long, default_value_t = 1)]
    pub valid_days: u32,
    /// Files holding VN1 tokens to revoke (their cti is read, not verified).
    #[arg(long)]
    pub token: Vec<String>,
    /// Write VN1R: + Base45 text instead of binary.
    #[arg(long)]
    pub text: bool,
    /// Token ids (cti) to revoke, in hex.
    pub ctis: Vec<String>,
}

/// `qrpass revoke`.
pub fn revoke(args: &RevokeArgs) -> CmdResult {
    let key = read_private_key(&args.key)?;
    let previous = match &args.previous {
        Some(path) => {
            let signed = SignedRevocation::verify(&read_bytes(path)?, &[key.public_key()])
                .map_err(|e| {
                    CliError::from(e)
                        .hint("--previous must be a full list signed with the same --key")
                })?;
            match signed.into_update() {
                RevocationUpdate::Full(list) => Some(list),
                RevocationUpdate::Delta(_) => {
                    return Err(CliError::from(Error::new(
                        ErrorCode::BadRevocationList,
                        "--previous is a delta, not a full list",
                    )))
                }
            }
        }
        None => None,
    };
    let mut entries: Vec<[u8; 16]> = previous.iter().flat_map(|l| l.entries()).collect();
    let before = entries.len();
    for hex in &args.ctis {
        let cti = qrpass::cti::from_hex(hex)?;
        entries.push(entry_of(&cti));
    }
    for path in &args.token {
        let cti = inspect(&read_input(path)?)?.cti;
        entries.push(entry_of(&cti));
    }
    let list = RevocationList::from_entries(entries);
    let previous_sequence = previous
        .as_ref()
        .and_then(RevocationList::info)
        .map(|i| i.sequence);
    let issued_at = time_arg(args.at.as_deref())?;
    let info = ListInfo {
        sequence: args
            .sequence
            .unwrap_or(previous_sequence.map_or(1, |s| s.saturating_add(1))),
        issued_at,
        next_update: issued_at.add_seconds(days(args.valid_days.max(1))),
    };
    let write = |path: &Path, bytes: &[u8]| {
        if args.text {
            write_file(path, SignedRevocation::text_form(bytes) + "\n")
        } else {
            write_file(path, bytes)
        }
    };
    let bytes = list.sign(info, &key)?;
    write(&args.out, &bytes)?;
    println!(
        "revocation list {}: {} entries ({} new), {} bytes, next update {}",
        info.sequence,
        list.len(),
        list.len().saturating_sub(before),
        bytes.len(),
        vn(info.next_update)
    );
    if let (Some(path), Some(old)) = (&args.delta_out, &previous) {
        let delta = RevocationDelta::between(old, &list, info)?;
        let delta_bytes = delta.sign(&key)?;
        write(path, &delta_bytes)?;
        println!(
            "delta {} → {}: {} bytes",
            delta.base_sequence,
            info.sequence,
            delta_bytes.len()
        );
    }
    Ok(())
}
