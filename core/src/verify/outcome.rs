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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// Valid or invalid.
    #[serde(rename = "outcome")]
    pub status: Status,
    /// The stable error code when invalid; `null` in JSON when valid.
    pub code: Option<ErrorCode>,
    /// The error message when invalid (omitted from JSON when valid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The verified pass when valid (omitted from JSON when invalid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
}

impl Outcome {
    /// Whether the token verified.
    pub fn is_valid(&self) -> bool {
        self.status == Status::Valid
    }

    /// The error of an invalid outcome.
    pub fn error(&self) -> Option<Error> {
        let code = self.code?;
        Some(Error::new(code, self.message.clone().unwrap_or_default()))
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
