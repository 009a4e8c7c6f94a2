//! EU DCCs (`HC1:`) in `qrpass verify` and `qrpass scan --verify`: the
//! `--dcc-trust` file, the time, the outcome line (docs/dcc.md).

use qrpass::dcc::{AnyOutcome, AnyVerified, DccVerifier, DscList, VerifiedDcc};
use qrpass::{Error, Timestamp};

use crate::error::CliError;
use crate::io::read_bytes;
use crate::verifier_args::ListArgs;

/// The DCC verifier and time these options describe. `--at` may also be written
/// as the DCC test data writes clocks (`+0000`, or no offset for UTC).
pub fn load(lists: &ListArgs) -> Result<(DccVerifier, Timestamp), CliError> {
    let trust = match &lists.dcc_trust {
        Some(path) => DscList::from_bytes(&read_bytes(path)?).map_err(|e| {
            CliError::from(e)
                .hint("pass DSC certificates: DER, PEM, base64 DER, or JSON [{kid, certificate}]")
        })?,
        None => DscList::default(),
    };
    let at = match lists.at.as_deref() {
        Some(t) => qrpass::dcc::parse_clock(t)?,
        None => Timestamp::now(),
    };
    Ok((DccVerifier::new(trust).with_clock_skew(lists.skew), at))
}

/// The outcome object of a DCC verification (SPEC.md §15.6).
pub fn outcome_json(result: Result<VerifiedDcc, Error>) -> serde_json::Value {
    serde_json::to_value(AnyOutcome::from(result.map(AnyVerified::Hc1))).unwrap_or_default()
}

/// The lines printed for a valid DCC: name, date of birth and the statement only.
pub fn describe(v: &VerifiedDcc) -> String {
    format!(
        "VALID hc1 {kind} from {issuer} (DSC {kid})\n  person: {name} (born {dob})\n  statement: {summary}",
        kind = v.certificate.kind(),
        issuer = v.issuer.as_deref().unwrap_or("?"),
        kid = v.kid,
        name = v.certificate.nam.display(),
        dob = v.certificate.dob.to_text(),
        summary = v.certificate.summary(),
    )
}
