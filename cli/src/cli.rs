//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use qrpass::qr::Ecc;

/// Signed, offline-verifiable QR passes.
#[derive(Parser, Debug)]
#[command(name = "qrpass", version, about)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate an issuer key pair and add its public key to DIR/trust.json.
    Keygen {
        /// Issuer id, e.g. VN-HN.
        #[arg(long)]
        issuer: String,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Pass kinds the key may sign (default: all).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// The key may sign tokens issued from this time (RFC 3339); default a day ago.
        #[arg(long)]
        valid_from: Option<String>,
    },
    /// Sign a pass (JSON) and print its VN1 text; or, with --batch, every row of a list.
    Issue {
        /// PKCS#8 PEM private key.
        #[arg(long)]
        key: PathBuf,
        /// Issuer id, e.g. VN-HN.
        #[arg(long)]
        issuer: String,
        /// Issue time (RFC 3339); default now.
        #[arg(long)]
        iat: Option<String>,
        /// Token id in hex; default 8 random bytes.
        #[arg(long, conflicts_with = "batch")]
        cti: Option<String>,
        /// Pass JSON file, or - for standard input.
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        pass: Option<String>,
        /// Bulk issuing: --batch FILE --out DIR [--kind] [--format] [--ecc] [--sheet] [--no-pdf].
        #[command(flatten)]
        batch_args: crate::batch::BatchArgs,
    },
    /// Verify a VN1 text; exit status 0 only when valid.
    Verify(crate::verify_cmd::VerifyArgs),
    /// Decode a VN1 text WITHOUT verifying it.
    Inspect {
        /// File holding the VN1 text, or - for standard input.
        token: String,
    },
    /// Render a VN1 text as a QR code image.
    Render {
        /// File holding the VN1 text, or - for standard input.
        token: String,
        /// Output file: .png or .svg.
        #[arg(long)]
        out: PathBuf,
        /// Error-correction level: L, M, Q or H.
        #[arg(long, default_value = "M")]
        ecc: Ecc,
    },
    /// Scan QR codes from PNG or JPEG images and print their texts.
    Scan(crate::scan_cmd::ScanArgs),
    /// Signed trust lists: root keys, a JSON source edited here, signing, showing.
    Trust {
        /// The trust list command.
        #[command(subcommand)]
        command: crate::trust_cmd::TrustCommand,
    },
    /// Build and sign a revocation list of token ids.
    Revoke(crate::revoke_cmd::RevokeArgs),
    /// Verify a pass and decide under a checkpoint policy: exit 0 allow, 1 deny, 3 review.
    Check(crate::check_cmd::CheckArgs),
    /// Read a citizen ID card's QR code (text or photo) and print it as JSON, masked unless --reveal.
    Idcard(crate::idcard_cmd::IdCardArgs),
    /// Pay a support entitlement once: exit 0 paid now, 4 already paid (pay nothing).
    Redeem(crate::ledger_cmd::RedeemArgs),
    /// The redemption ledger: export a point's receipts, import and reconcile, report.
    Ledger {
        /// The ledger command.
        #[command(subcommand)]
        command: crate::ledger_cmd::LedgerCommand,
    },
    /// Signed checkpoint policies (VN1P:): sign a policy file with id, scope and validity, show one.
    Policy {
        /// The policy command.
        #[command(subcommand)]
        command: crate::policy_cmd::PolicyCommand,
    },
    /// Write the folder a province serves: trust list, revocation list and deltas, policies, a signed index.
    Publish(crate::policy_cmd::PublishArgs),
    /// Root-signed EU DCC document-signer lists (VN1D:): sign one from a DSC file, show one.
    DscList {
        /// The DSC list command.
        #[command(subcommand)]
        command: crate::dsc_list_cmd::DscListCommand,
    },
    /// Run the whole round trip with demo keys: issue, render, scan, verify.
    Demo {
        /// Keep the demo files here instead of a temporary folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}
