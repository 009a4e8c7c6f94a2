//! [`Outcome`]: one verification's result as data, the shape every binding,
//! the CLI (`qrpass verify --json`) and spec/vectors use.

use serde::Serialize;

use super::Verified;
use crate::error::{Error, ErrorCode, Result};

/// Whether a token verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every check passed.
    Valid,
    /// A check failed; the outcome's code says which.
    Invalid,
}

impl Status {
    /// The status of a verification result.
    pub fn of(result: &Result<Verified>) -> Status {
        if result.is_ok() {
            Status::Valid
        } else {
            Status::Invalid
        }
    }

    /// `valid` or `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
        }
    }
}

/// One verification's result: `{"outcome": "valid", "code": null, "verified": {…}}`
/// or `{"outcome": "invalid", "code": "expired", "message": "…"}` (SPEC.md §9).
///
/// ```
/// use qrpass::{verify::Outcome, TrustStore, Verifier};
/// let verifier = Verifier::new(TrustStore::default());
/// let outcome = Outcome::from(verifier.verify("VN1:"));
/// assert!(!outcome.is_valid());
/// assert_eq!(outcome.code.map(|c| c.as_str()), Some("bad_cbor"));
/// assert_eq!(serde_json::to_value(&outcome)?["outcome"], "invalid");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Valid or invalid.
    pub status: Status,
    /// The stable error code when invalid; `null` in JSON when valid.
    pub code: Option<ErrorCode>,
    /// The error message when invalid (omitted from JSON when valid).
    pub message: Option<String>,
    /// The verified pass when valid (omitted from JSON when invalid).
    pub verified: Option<Verified>,
}

/// An [`Outcome`] borrowed from a verification result: the same JSON, without
/// copying the pass (for writers of millions of lines).
///
/// ```
/// use qrpass::{verify::OutcomeRef, TrustStore, Verifier};
/// let result = Verifier::new(TrustStore::default()).verify("VN1:");
/// let json = serde_json::to_value(OutcomeRef::from(&result))?;
/// assert_eq!((json["outcome"].as_str(), json["code"].as_str()), (Some("invalid"), Some("bad_cbor")));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct OutcomeRef<'a> {
    /// Valid or invalid.
    #[serde(rename = "outcome")]
    pub status: Status,
    /// The stable error code when invalid; `null` in JSON when valid.
    pub code: Option<ErrorCode>,
    /// The error message when invalid (omitted from JSON when valid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
    /// The verified pass when valid (omitted from JSON when invalid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<&'a Verified>,
}

impl<'a> OutcomeRef<'a> {
    /// The outcome of a verified pass.
    pub fn valid(verified: &'a Verified) -> OutcomeRef<'a> {
        OutcomeRef {
            status: Status::Valid,
            code: None,
            message: None,
            verified: Some(verified),
        }
    }

    /// The outcome of a failed verification.
    pub fn invalid(error: &'a Error) -> OutcomeRef<'a> {
        OutcomeRef {
            status: Status::Invalid,
            code: Some(error.code()),
            message: Some(error.message()),
            verified: None,
        }
    }
}

impl<'a> From<&'a Result<Verified>> for OutcomeRef<'a> {
    fn from(result: &'a Result<Verified>) -> OutcomeRef<'a> {
        match result {
            Ok(v) => OutcomeRef::valid(v),
            Err(e) => OutcomeRef::invalid(e),
        }
    }
}

/// The JSON of [`OutcomeRef`]: one shape for both.
impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        OutcomeRef {
            status: self.status,
            code: self.code,
            message: self.message.as_deref(),
            verified: self.verified.as_ref(),
        }
        .serialize(s)
    }
}

impl Outcome {
    /// Whether the token verified.
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }
}

impl From<Result<Verified>> for Outcome {
    fn from(result: Result<Verified>) -> Outcome {
        match result {
            Ok(v) => Outcome {
                status: Status::Valid,
                code: None,
                message: None,
                verified: Some(v),
            },
            Err(e) => Outcome {
                status: Status::Invalid,
                code: Some(e.code()),
                message: Some(e.message().to_string()),
                verified: None,
            },
        }
    }
}
