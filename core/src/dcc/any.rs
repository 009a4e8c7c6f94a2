//! One entry point for both formats a checkpoint meets: qrpass `VN1:` passes
//! and EU DCC `HC1:` certificates, with one outcome shape and one set of codes.

use serde::Serialize;

use super::verify::{DccVerifier, VerifiedDcc};
use crate::classify::{classify, CodeKind};
use crate::error::{err, Error, ErrorCode, Result};
use crate::time::Timestamp;
use crate::verify::{Status, Verified, Verifier};

/// What [`AnyVerifier::verify_at`] verified: our pass or an EU DCC.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)]
pub enum AnyVerified {
    /// A qrpass pass (`VN1:`).
    Vn1(Verified),
    /// An EU Digital COVID Certificate (`HC1:`).
    Hc1(VerifiedDcc),
}

/// Verifies either format with one call.
///
/// ```
/// use qrpass::dcc::{AnyVerifier, DccVerifier, DscList};
/// use qrpass::{ErrorCode, TrustStore, Verifier};
///
/// let any = AnyVerifier::new(Verifier::new(TrustStore::default()), DccVerifier::new(DscList::default()));
/// assert_eq!(any.verify("VN1:").unwrap_err().code(), ErrorCode::BadCbor);
/// assert_eq!(any.verify("HC1:").unwrap_err().code(), ErrorCode::BadZlib);
/// assert_eq!(any.verify("hello").unwrap_err().code(), ErrorCode::BadPrefix);
/// ```
#[derive(Clone, Debug)]
pub struct AnyVerifier {
    /// The verifier of qrpass passes.
    pub pass: Verifier,
    /// The verifier of EU DCCs.
    pub dcc: DccVerifier,
}

impl AnyVerifier {
    /// Pairs a pass verifier with a DCC verifier.
    pub fn new(pass: Verifier, dcc: DccVerifier) -> AnyVerifier {
        AnyVerifier { pass, dcc }
    }

    /// Verifies at the current time.
    pub fn verify(&self, text: &str) -> Result<AnyVerified> {
        self.verify_at(text, Timestamp::now())
    }

    /// Classifies the text (SPEC.md §13.1) and verifies it with the matching verifier.
    pub fn verify_at(&self, text: &str, now: Timestamp) -> Result<AnyVerified> {
        match classify(text) {
            CodeKind::EuDcc => self.dcc.verify_at(text, now).map(AnyVerified::Hc1),
            CodeKind::Pass => self.pass.verify_at(text, now).map(AnyVerified::Vn1),
            _ if text.trim().is_empty() => Err(err!(EmptyInput, "the text is empty")),
            _ => Err(err!(
                BadPrefix,
                "the text is neither a qrpass pass (`VN1:`) nor an EU DCC (`HC1:`)"
            )),
        }
    }
}

/// One result of [`AnyVerifier`], in the outcome shape of SPEC.md §9:
/// `{"outcome": "valid", "code": null, "verified": {"format": "hc1", …}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnyOutcome {
    /// Valid or invalid.
    #[serde(rename = "outcome")]
    pub status: Status,
    /// The stable error code when invalid.
    pub code: Option<ErrorCode>,
    /// The error message when invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What verified, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<AnyVerified>,
}

impl From<Result<AnyVerified>> for AnyOutcome {
    fn from(result: Result<AnyVerified>) -> AnyOutcome {
        match result {
            Ok(v) => AnyOutcome {
                status: Status::Valid,
                code: None,
                message: None,
                verified: Some(v),
            },
            Err(e) => AnyOutcome::from(e),
        }
    }
}

impl From<Error> for AnyOutcome {
    fn from(e: Error) -> AnyOutcome {
        AnyOutcome {
            status: Status::Invalid,
            code: Some(e.code()),
            message: Some(e.message().to_owned()),
            verified: None,
        }
    }
}
