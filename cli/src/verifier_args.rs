//! `--trust`, `--root`, `--revoked`, `--at` and `--skew`: how `verify`, `check`
//! and `scan --verify` trust, and when.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use qrpass::trust::TrustAnchor;
use qrpass::{Error, ErrorCode, Timestamp, TrustStore, Verifier};

use crate::error::CliError;
use crate::io::{first_non_space, read_bytes, read_public_key, time_arg};

/// How `verify` and `check` trust and when: `--trust`, `--root`, `--revoked`, `--at`, `--skew`.
#[derive(Args, Debug)]
pub struct VerifierArgs {
    /// Trust: a signed trust list (binary or VN1T: text, with --root) or a JSON trust file written by `qrpass keygen`.
    /// Optional with --dcc-trust (then only EU DCCs can verify).
    #[arg(long, required_unless_present = "dcc_trust")]
    pub trust: Option<PathBuf>,
    /// Root key, revocation list, time and skew.
    #[command(flatten)]
    pub lists: ListArgs,
}

impl VerifierArgs {
    /// The verifier these arguments describe, and the time to verify at.
    pub fn load(&self) -> Result<(Verifier, Timestamp), CliError> {
        match &self.trust {
            Some(trust) => self.lists.load(trust),
            None => Ok((
                Verifier::new(TrustStore::default()).with_clock_skew(self.lists.skew),
                time_arg(self.lists.at.as_deref())?,
            )),
        }
    }
}

/// The same options with `--trust` optional: `scan` verifies only with `--verify`.
#[derive(Args, Debug)]
pub struct OptionalVerifierArgs {
    /// Trust for --verify: a signed trust list (with --root) or a JSON trust file.
    #[arg(long, requires = "verify")]
    pub trust: Option<PathBuf>,
    /// Root key, revocation list, time and skew.
    #[command(flatten)]
    pub lists: ListArgs,
}

impl OptionalVerifierArgs {
    /// The verifier, when `--trust` is given.
    pub fn load(&self) -> Result<Option<(Verifier, Timestamp)>, CliError> {
        self.trust
            .as_deref()
            .map(|t| self.lists.load(t))
            .transpose()
    }
}

/// `--root`, `--revoked`, `--at` and `--skew`, shared by both forms of `--trust`.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// The national root public key (SPKI PEM) that signs the lists.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// A signed revocation list (binary or VN1R: text).
    #[arg(long)]
    pub revoked: Option<PathBuf>,
    /// As of this time (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Allowed clock skew in seconds.
    #[arg(long, default_value_t = qrpass::verify::DEFAULT_CLOCK_SKEW_SECONDS)]
    pub skew: i64,
    /// EU DCC document-signer certificates for HC1: texts: DER, PEM, base64 DER,
    /// or a JSON list of {kid, certificate} (docs/dcc.md).
    #[arg(long = "dcc-trust", value_name = "FILE")]
    pub dcc_trust: Option<PathBuf>,
}

impl ListArgs {
    /// The verifier for the trust file `trust` with these lists, and the time to verify at.
    fn load(&self, trust: &Path) -> Result<(Verifier, Timestamp), CliError> {
        let verifier = load_verifier(trust, self.root.as_deref(), self.revoked.as_deref())?
            .with_clock_skew(self.skew);
        Ok((verifier, time_arg(self.at.as_deref())?))
    }
}

/// A verifier from a trust file: the JSON trust store, or a signed trust list
/// (with the root public key); plus a signed revocation list if given.
pub fn load_verifier(
    trust: &Path,
    root: Option<&Path>,
    revoked: Option<&Path>,
) -> Result<Verifier, CliError> {
    let bytes = read_bytes(trust).map_err(|e| {
        e.hint("pass a JSON trust file (`qrpass keygen`) or a signed list (`qrpass trust sign`)")
    })?;
    let root = root.map(read_public_key).transpose()?;
    let needs_root = |what: &str| {
        CliError::from(Error::new(
            ErrorCode::BadTrustList,
            format!("{what} needs the root public key"),
        ))
        .hint("pass --root ROOT.pub.pem (the national root key that signs the lists)")
    };
    if first_non_space(&bytes) == Some(b'{') {
        let store = TrustStore::from_json(&String::from_utf8_lossy(&bytes))?;
        let verifier = Verifier::new(store);
        let Some(path) = revoked else {
            return Ok(verifier);
        };
        let root = root.ok_or_else(|| needs_root("checking a signed revocation list"))?;
        let mut anchor = TrustAnchor::new(root);
        anchor.load_revocation_list(&read_bytes(path)?)?;
        let list = anchor.revocation_list().cloned().unwrap_or_default();
        return Ok(verifier.with_revocation(Arc::new(list)));
    }
    let root = root.ok_or_else(|| needs_root("a signed trust list"))?;
    let mut anchor = TrustAnchor::new(root);
    anchor.load_trust_list(&bytes).map_err(|e| {
        CliError::from(e).hint(
            "is --root the key that signed this list? `qrpass trust show LIST` shows it unverified",
        )
    })?;
    if let Some(path) = revoked {
        anchor.load_revocation_list(&read_bytes(path)?)?;
    }
    Ok(anchor.verifier()?)
}
