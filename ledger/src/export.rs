//! Export files: a point's receipts, hash-chained and signed, for offline reconciliation.
//!
//! The format is JSON Lines (spec/LEDGER.md §4): a header line, one receipt per
//! line, and a trailer line whose signature covers the header and the chain head.

use std::io::{BufRead, Write};

use qrpass::keys::hex_encode;
use qrpass::{Error, ErrorCode, PublicKey, Result};
use serde::{Deserialize, Serialize};

use crate::point::{check_point_id, PayoutPoint, PointRegistry};
use crate::receipt::{bad_export, fixed_hex, Receipt, ReceiptJson, GENESIS};

/// The `format` of an export file's header, and the first line of its signed text.
pub const EXPORT_FORMAT: &str = "qrpass-ledger-export/1";

/// The largest export line accepted, in bytes (a receipt line is about 450).
const MAX_LINE: usize = 4096;

/// What an export file's header and trailer say, once its signature verified.
#[derive(Clone, Debug)]
pub struct ExportHeader {
    /// The payout point.
    pub point: String,
    /// The point's key, which signed the file and every receipt in it.
    pub public_key: PublicKey,
    /// Sequence number of the first receipt in the file.
    pub first_seq: u64,
    /// Hash of the receipt before the first ([`GENESIS`] when `first_seq` is 1).
    pub prev: [u8; 32],
    /// Sequence number of the last receipt (`first_seq - 1` for an empty file).
    pub last_seq: u64,
}

/// An export file whose signature, chain and receipts all verified.
#[derive(Clone, Debug)]
pub struct VerifiedExport {
    /// Header and trailer.
    pub header: ExportHeader,
    /// The receipts, in sequence order.
    pub receipts: Vec<Receipt>,
    /// Each receipt's hash ([`Receipt::hash`]), in the same order.
    pub hashes: Vec<[u8; 32]>,
    /// The chain head: the last receipt's hash, or `prev` for an empty file.
    pub head: [u8; 32],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderJson {
    format: String,
    point: String,
    public_key: String,
    first_seq: u64,
    prev: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrailerJson {
    last_seq: u64,
    head: String,
    signature: String,
}

/// `ledger_chain_broken` at `point`'s entry `seq`.
pub(crate) fn chain_broken(point: &str, seq: u64, what: &str) -> Error {
    Error::new(
        ErrorCode::LedgerChainBroken,
        format!("point {point}, entry {seq}: {what}"),
    )
}

/// The exact text the point signs for a file (spec/LEDGER.md §4).
pub fn export_message(h: &ExportHeader, head: &[u8; 32]) -> String {
    format!(
        "{EXPORT_FORMAT}\npoint={}\npublic_key={}\nfirst_seq={}\nprev={}\nlast_seq={}\nhead={}\n",
        h.point,
        hex_encode(&h.public_key.to_bytes()),
        h.first_seq,
        hex_encode(&h.prev),
        h.last_seq,
        hex_encode(head),
    )
}

/// Writes `receipts` (consecutive from `first_seq`, chained to `prev`) as an export file signed by `point`.
///
/// [`crate::Ledger::export`] is the usual way; this writes receipts held elsewhere
/// (a payout app's own store, benchmark fixtures). It does not check the chain:
/// an importer does.
pub fn write_export(
    point: &PayoutPoint,
    first_seq: u64,
    prev: [u8; 32],
    receipts: &[Receipt],
    out: &mut dyn Write,
) -> Result<()> {
    let header = ExportHeader {
        point: point.id().to_owned(),
        public_key: point.key().public_key(),
        first_seq,
        prev,
        last_seq: first_seq + receipts.len() as u64 - 1,
    };
    let head = receipts.last().map_or(prev, Receipt::hash);
    let line = |v: &dyn erased::Json| -> Result<String> { v.line() };
    let mut text = line(&HeaderJson {
        format: EXPORT_FORMAT.to_owned(),
        point: header.point.clone(),
        public_key: hex_encode(&header.public_key.to_bytes()),
        first_seq,
        prev: hex_encode(&prev),
    })?;
    for r in receipts {
        text.push_str(&line(&ReceiptJson::from(r))?);
        if text.len() > 1 << 20 {
            write_all(out, &text)?;
            text.clear();
        }
    }
    let signature = point.key().sign(export_message(&header, &head).as_bytes());
    text.push_str(&line(&TrailerJson {
        last_seq: header.last_seq,
        head: hex_encode(&head),
        signature: hex_encode(&signature),
    })?);
    write_all(out, &text)?;
    out.flush().map_err(io_error)
}

mod erased {
    //! One `line()` for the three line types.
    pub trait Json {
        fn line(&self) -> qrpass::Result<String>;
    }
    impl<T: serde::Serialize> Json for T {
        fn line(&self) -> qrpass::Result<String> {
            let mut s = serde_json::to_string(self)
                .map_err(|e| qrpass::Error::new(qrpass::ErrorCode::Internal, e.to_string()))?;
            s.push('\n');
            Ok(s)
        }
    }
}

fn write_all(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes()).map_err(io_error)
}

fn io_error(e: std::io::Error) -> Error {
    Error::new(ErrorCode::Io, format!("export file: {e}"))
}

/// How much of spec/LEDGER.md §4 an import checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Checks {
    /// Every step, each receipt's own signature (step 8) included: the default.
    #[default]
    Full,
    /// Every step but 8: the hash chain and the trailer signature, which together
    /// authenticate every byte of every entry as the point's; each receipt's own
    /// signature is then left to whoever checks a single receipt ([`Receipt::verify`]).
    /// Several times faster: step 8 is one Ed25519 verification per entry.
    ChainAndFileSignature,
}

/// Reads and verifies an export file against `registry` (spec/LEDGER.md §4, in that order).
///
/// `bad_ledger_export` for a malformed file or a signature that does not verify,
/// `unknown_point` for a point or key the registry lacks, `ledger_chain_broken`
/// for a missing, altered or reordered entry.
pub fn read_export(input: &mut dyn BufRead, registry: &PointRegistry) -> Result<VerifiedExport> {
    read_export_with(input, registry, Checks::Full)
}

/// [`read_export`] with a choice of [`Checks`].
pub fn read_export_with(
    input: &mut dyn BufRead,
    registry: &PointRegistry,
    checks: Checks,
) -> Result<VerifiedExport> {
    let mut lines = Vec::new();
    let mut buf = String::new();
    loop {
        buf.clear();
        let n = std::io::Read::take(&mut *input, MAX_LINE as u64 + 1)
            .read_line(&mut buf)
            .map_err(|e| bad_export(format!("unreadable export: {e}")))?;
        if n == 0 {
            break;
        }
        if n > MAX_LINE {
            return Err(bad_export(format!("line {} is too long", lines.len() + 1)));
        }
        lines.push(buf.trim_end_matches(['\r', '\n']).to_owned());
    }
    if lines.len() < 2 {
        return Err(bad_export("an export has a header and a trailer line"));
    }
    let trailer = lines.pop().unwrap_or_default();
    let header = parse_header(&lines[0], &trailer, registry)?;
    let (receipts, hashes) = verify_chain(&header.0, &lines[1..], checks)?;
    let head = hashes.last().copied().unwrap_or(header.0.prev);
    if head != header.1 {
        return Err(chain_broken(
            &header.0.point,
            header.0.last_seq,
            "the chain does not end at the signed head (entries altered or removed)",
        ));
    }
    Ok(VerifiedExport {
        header: header.0,
        receipts,
        hashes,
        head,
    })
}

/// Parses header and trailer and verifies the file signature; returns the header and signed head.
fn parse_header(
    first: &str,
    last: &str,
    registry: &PointRegistry,
) -> Result<(ExportHeader, [u8; 32])> {
    let h: HeaderJson =
        serde_json::from_str(first).map_err(|e| bad_export(format!("header: {e}")))?;
    if h.format != EXPORT_FORMAT {
        return Err(bad_export(format!(
            "format `{}` is not {EXPORT_FORMAT}",
            h.format
        )));
    }
    check_point_id(&h.point).map_err(|e| bad_export(e.message().to_owned()))?;
    let raw: [u8; 32] = fixed_hex(&h.public_key, "public_key")?;
    let t: TrailerJson =
        serde_json::from_str(last).map_err(|e| bad_export(format!("trailer: {e}")))?;
    let key = *registry.key(&h.point, &raw)?;
    if h.first_seq == 0 || t.last_seq.checked_add(1) < Some(h.first_seq) {
        return Err(bad_export("sequence numbers start at 1 and do not go down"));
    }
    let header = ExportHeader {
        point: h.point,
        public_key: key,
        first_seq: h.first_seq,
        prev: fixed_hex(&h.prev, "prev")?,
        last_seq: t.last_seq,
    };
    if header.first_seq == 1 && header.prev != GENESIS {
        return Err(bad_export("a chain from entry 1 starts at 32 zero bytes"));
    }
    let head: [u8; 32] = fixed_hex(&t.head, "head")?;
    let sig: [u8; 64] = fixed_hex(&t.signature, "signature")?;
    let message = export_message(&header, &head);
    if !header.public_key.verify_strict(message.as_bytes(), &sig) {
        return Err(bad_export(
            "the export signature does not verify: altered, truncated or foreign file",
        ));
    }
    Ok((header, head))
}

/// Parses the entry lines and checks sequence, chain and each receipt's signature; returns the receipts and their hashes.
fn verify_chain(
    h: &ExportHeader,
    lines: &[String],
    checks: Checks,
) -> Result<(Vec<Receipt>, Vec<[u8; 32]>)> {
    let expected = h.last_seq + 1 - h.first_seq;
    if lines.len() as u64 != expected {
        return Err(chain_broken(
            &h.point,
            h.first_seq,
            &format!("{} entries where the trailer signs {expected}", lines.len()),
        ));
    }
    let receipts = parse_entries(h, lines)?;
    let kid = h.public_key.kid();
    let mut prev = h.prev;
    let mut hashes = Vec::with_capacity(receipts.len());
    for (i, r) in receipts.iter().enumerate() {
        let seq = h.first_seq + i as u64;
        if r.point != h.point || r.kid != kid || r.seq != seq {
            return Err(chain_broken(
                &h.point,
                seq,
                "entry of another point, key or place",
            ));
        }
        if r.prev != prev {
            return Err(chain_broken(
                &h.point,
                seq,
                "does not chain to the entry before it",
            ));
        }
        prev = r.hash();
        hashes.push(prev);
    }
    let bad = match checks {
        Checks::Full => first_bad_signature(&h.public_key, &receipts),
        Checks::ChainAndFileSignature => None,
    };
    if let Some(seq) = bad {
        return Err(chain_broken(
            &h.point,
            seq,
            "receipt signature does not verify (altered)",
        ));
    }
    Ok((receipts, hashes))
}

fn parse_entries(h: &ExportHeader, lines: &[String]) -> Result<Vec<Receipt>> {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let j: ReceiptJson = serde_json::from_str(line)
                .map_err(|e| bad_export(format!("point {}, entry line {}: {e}", h.point, i + 2)))?;
            j.into_receipt()
        })
        .collect()
}

/// The sequence number of the first receipt whose signature fails, checked on every core.
fn first_bad_signature(key: &PublicKey, receipts: &[Receipt]) -> Option<u64> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = receipts.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let jobs: Vec<_> = receipts
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().find(|r| !r.verify(key)).map(|r| r.seq)))
            .collect();
        jobs.into_iter()
            .filter_map(|j| j.join().unwrap_or(Some(0)))
            .min()
    })
}
