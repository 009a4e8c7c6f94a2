//! `qrpass redeem` and `qrpass ledger export|import|report|point`: support payouts, once each.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use qrpass::keys::hex_encode;
use qrpass::{Error, ErrorCode};
use qrpass_ledger::{Checks, Ledger, PayoutPoint, PointRegistry, Redemption, Refused, Report};

use crate::error::{io_error, CliError};
use crate::io::{read_input, read_private_key, StatusResult};
use crate::verifier_args::VerifierArgs;

/// Exit status of `qrpass redeem` when the entitlement was already paid.
pub const ALREADY_REDEEMED: i32 = 4;

/// Arguments of `qrpass redeem`.
#[derive(Args, Debug)]
pub struct RedeemArgs {
    /// Trust, revocation and time (`--at` is also the payment time).
    #[command(flatten)]
    pub verifier: VerifierArgs,
    /// The ledger: a SQLite file (created if missing) or a postgres:// URL.
    #[arg(long)]
    pub ledger: String,
    #[command(flatten)]
    pub point: PointArgs,
    /// The amount paid, in VND: the entitlement's whole amount.
    #[arg(long, allow_negative_numbers = true)]
    pub amount: i64,
    /// File holding the VN1 text of the support-entitlement pass, or - for standard input.
    pub token: String,
}

/// The payout point: `--point ID --point-key KEY.pem`.
#[derive(Args, Debug)]
pub struct PointArgs {
    /// The payout point's id (1-64 of A-Z a-z 0-9 . _ -).
    #[arg(long)]
    pub point: String,
    /// The point's Ed25519 private key (PKCS#8 PEM), which signs receipts and exports.
    #[arg(long)]
    pub point_key: PathBuf,
}

impl PointArgs {
    fn load(&self) -> Result<PayoutPoint, CliError> {
        Ok(PayoutPoint::new(
            &self.point,
            read_private_key(&self.point_key)?,
        )?)
    }
}

/// `qrpass ledger` commands.
#[derive(Subcommand, Debug)]
pub enum LedgerCommand {
    /// Write a point's receipts after --since as a signed, hash-chained export file.
    Export {
        /// The point's ledger (SQLite file or postgres:// URL).
        #[arg(long)]
        ledger: String,
        #[command(flatten)]
        point: PointArgs,
        /// Export the receipts after this sequence number (0: all).
        #[arg(long, default_value_t = 0)]
        since: u64,
        /// The export file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Verify and merge export files, then write the reconciliation report. Exit 1 if a file was refused.
    Import {
        /// The province ledger (SQLite file, created if missing, or postgres:// URL).
        #[arg(long)]
        ledger: String,
        /// The payout points and their public keys: {"points": [{"id", "public_key"}]}.
        #[arg(long)]
        points: PathBuf,
        #[command(flatten)]
        report: ReportOut,
        /// Check the chain and each file's signature but not each receipt's own
        /// signature (spec/LEDGER.md §4 step 8): several times faster.
        #[arg(long)]
        chain_only: bool,
        /// Export files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the reconciliation report (double payments, chain gaps). Exit 1 if not clean.
    Report {
        /// The ledger.
        #[arg(long)]
        ledger: String,
        #[command(flatten)]
        report: ReportOut,
    },
    /// Print a point's registry entry (id and public key) for the province's --points file.
    Point {
        #[command(flatten)]
        point: PointArgs,
    },
}

/// Where the report goes: `--csv`, `--xlsx`; CSV on standard output when neither is given.
#[derive(Args, Debug)]
pub struct ReportOut {
    /// Write the report as CSV here.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Write the report as an Excel workbook here.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
}

/// Runs `qrpass redeem`: 0 paid now, 4 already paid (pay nothing), 2 refused.
pub fn redeem(args: &RedeemArgs) -> StatusResult {
    let (verifier, at) = args.verifier.load()?;
    let point = args.point.load()?;
    let text = read_input(&args.token)?;
    let verified = verifier.verify_at(&text, at)?;
    let ledger = open(&args.ledger, true)?;
    let outcome = ledger.redeem(&verified, &point, args.amount, at)?;
    match outcome {
        Redemption::Redeemed { receipt } => {
            println!(
                "{{\"outcome\":\"redeemed\",\"receipt\":{}}}",
                receipt.to_json()
            );
            eprintln!(
                "PAY {} VND: receipt {} of point {}",
                receipt.amount_vnd, receipt.seq, receipt.point
            );
            Ok(0)
        }
        Redemption::AlreadyRedeemed {
            when,
            point,
            amount_vnd,
            receipt,
        } => {
            println!(
                "{{\"outcome\":\"already_redeemed\",\"when\":\"{}\",\"point\":\"{point}\",\"amount_vnd\":{amount_vnd},\"receipt\":{}}}",
                when.to_rfc3339_at(7 * 3600),
                receipt.to_json()
            );
            eprintln!(
                "DO NOT PAY: already paid {amount_vnd} VND at point {point} on {}",
                when.to_rfc3339_at(7 * 3600)
            );
            Ok(ALREADY_REDEEMED)
        }
    }
}

fn open(target: &str, create: bool) -> Result<Ledger, CliError> {
    let is_new = create && !target.contains("://") && !Path::new(target).exists();
    let ledger = Ledger::open_target(target, create).map_err(|e| {
        let hint = match e.code() {
            ErrorCode::LedgerCorrupt => "restore the ledger from its backup; it was left untouched",
            ErrorCode::LedgerUnavailable => {
                "check the path or the PostgreSQL URL (postgres://user@host/db)"
            }
            _ => "nothing was recorded",
        };
        CliError::from(e).hint(hint)
    })?;
    if is_new {
        eprintln!("created a new ledger at {target}");
    }
    Ok(ledger)
}

/// Runs a `qrpass ledger` command.
pub fn run(command: &LedgerCommand) -> StatusResult {
    match command {
        LedgerCommand::Export {
            ledger,
            point,
            since,
            out,
        } => {
            let point = point.load()?;
            let mut file = std::fs::File::create(out).map_err(|e| io_error(out, e))?;
            let n = open(ledger, false)?.export(&point, *since, &mut file);
            let n = n.inspect_err(|_| {
                let _ = std::fs::remove_file(out);
            })?;
            eprintln!(
                "exported {n} receipts of point {} after {since} to {}",
                point.id(),
                out.display()
            );
            Ok(0)
        }
        LedgerCommand::Import {
            ledger,
            points,
            report,
            chain_only,
            files,
        } => {
            let checks = if *chain_only {
                Checks::ChainAndFileSignature
            } else {
                Checks::Full
            };
            import(ledger, points, report, files, checks)
        }
        LedgerCommand::Report {
            ledger,
            report: out,
        } => {
            let report = open(ledger, false)?.report()?;
            write_report(&report, out)?;
            Ok(if report.is_clean() { 0 } else { 1 })
        }
        LedgerCommand::Point { point } => {
            let point = point.load()?;
            let key = hex_encode(&point.key().public_key().to_bytes());
            println!("{{\"id\":\"{}\",\"public_key\":\"{key}\"}}", point.id());
            Ok(0)
        }
    }
}

fn import(
    ledger: &str,
    points: &Path,
    out: &ReportOut,
    files: &[PathBuf],
    checks: Checks,
) -> StatusResult {
    let registry = PointRegistry::from_json(&read_input(&points.to_string_lossy())?)?;
    let ledger = open(ledger, true)?;
    let mut refused = Vec::new();
    for path in files {
        let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
        match ledger.import_with(&mut BufReader::new(file), &registry, checks) {
            Ok(s) => eprintln!(
                "{}: point {} entries {}-{}: {} added, {} already held",
                path.display(),
                s.point,
                s.first_seq,
                s.last_seq,
                s.added,
                s.already_held
            ),
            Err(e) => {
                eprintln!("{}: REFUSED, nothing imported: {e}", path.display());
                refused.push(Refused {
                    file: path.display().to_string(),
                    code: e.code(),
                    message: e.message().to_owned(),
                });
            }
        }
    }
    let mut report = ledger.report()?;
    report.refused = refused;
    write_report(&report, out)?;
    Ok(if report.refused.is_empty() { 0 } else { 1 })
}

fn write_report(report: &Report, out: &ReportOut) -> Result<(), CliError> {
    if let Some(path) = &out.csv {
        let mut file = std::fs::File::create(path).map_err(|e| io_error(path, e))?;
        report.write_csv(&mut file)?;
    }
    if let Some(path) = &out.xlsx {
        report.write_xlsx(path)?;
    }
    if out.csv.is_none() && out.xlsx.is_none() {
        let mut stdout = std::io::stdout().lock();
        report.write_csv(&mut stdout)?;
        stdout
            .flush()
            .map_err(|e| CliError::from(Error::new(ErrorCode::Io, e.to_string())))?;
    }
    eprintln!(
        "report: {} entitlements paid more than once ({} payments), {} chain gaps, {} refused files",
        report.double_paid_entitlements(), report.doubles.len(), report.gaps.len(), report.refused.len()
    );
    Ok(())
}
