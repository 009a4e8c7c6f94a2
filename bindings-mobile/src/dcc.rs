//! EU Digital COVID Certificates (`HC1:`) for Kotlin and Swift: `DccVerifier`
//! over a DSC file, `verifyAny` for both formats with one outcome shape, and
//! the minimal `DccView` (SPEC.md §15, docs/dcc.md). A `Checkpoint` holds a
//! signed DSC list (`VN1D:`) through `offer` and checks `HC1:` texts itself.

use std::sync::Arc;

use qrpass::dcc::policy::DccPolicy;
use qrpass::dcc::{AnyOutcome, AnyVerifier, DscList};
use qrpass::Timestamp;

use crate::{Result, VerifiedPass, Verifier};

fn at(unix_seconds: Option<i64>) -> Timestamp {
    unix_seconds.map_or_else(Timestamp::now, Timestamp)
}

/// A verified EU DCC: what a screen may show, and the rest as JSON.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct VerifiedDcc {
    /// `vaccination`, `test` or `recovery`.
    pub statement_kind: String,
    /// The holder's name.
    pub name: String,
    /// Date of birth as the DCC gives it (possibly `1979`, `1979-04` or empty).
    pub dob: String,
    /// One-line statement summary, e.g. `vaccination 2/2 on 2021-05-29 (AT)`.
    pub statement: String,
    /// The issuing country (`iss`), when the DCC names one.
    pub issuer: Option<String>,
    /// The DSC's kid (hex).
    pub kid: String,
    /// Signing time (Unix seconds).
    pub iat: i64,
    /// Expiry (Unix seconds).
    pub exp: i64,
    /// The whole verified certificate as JSON (SPEC.md §15.6).
    pub json: String,
}

impl From<qrpass::dcc::VerifiedDcc> for VerifiedDcc {
    fn from(v: qrpass::dcc::VerifiedDcc) -> Self {
        let c = &v.certificate;
        VerifiedDcc {
            statement_kind: c.kind().into(),
            name: c.nam.display(),
            dob: match c.dob {
                qrpass::dcc::PartialDate::Empty => String::new(),
                d => d.to_text(),
            },
            statement: c.summary(),
            issuer: v.issuer.clone(),
            kid: v.kid.clone(),
            iat: v.iat.unix(),
            exp: v.exp.unix(),
            json: serde_json::to_string(&v).unwrap_or_default(),
        }
    }
}

/// The decision on a DCC and the minimal view: name, date of birth, statement summary.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct DccView {
    /// `allow` or `deny`.
    pub decision: String,
    /// Reason codes (`not_full_course`, `dose_too_recent`, …; empty when allowed).
    pub reasons: Vec<String>,
    /// The holder's name.
    pub name: String,
    /// Date of birth as the DCC gives it.
    pub dob: String,
    /// The statement summary.
    pub statement: String,
    /// The statement summary in Vietnamese (`tiêm mũi 2/2 ngày … (AT)`).
    pub statement_vi: String,
}

/// Verifies `HC1:` texts against document-signer certificates. Immutable: share it.
#[derive(uniffi::Object)]
pub struct DccVerifier(qrpass::dcc::DccVerifier);

#[uniffi::export]
impl DccVerifier {
    /// A verifier trusting the DSCs of a file: DER, base64 DER, PEM, or a JSON list
    /// `[{"kid", "certificate", "country"?}]` (`bad_trust_list` when unreadable).
    #[uniffi::constructor]
    pub fn new(dsc_list: Vec<u8>, clock_skew_seconds: i64) -> Result<Arc<Self>> {
        let list = DscList::from_bytes(&dsc_list)?;
        Ok(Arc::new(DccVerifier(
            qrpass::dcc::DccVerifier::new(list).with_clock_skew(clock_skew_seconds),
        )))
    }

    /// The number of certificates trusted.
    pub fn len(&self) -> u64 {
        self.0.trust().len() as u64
    }

    /// Whether no certificate is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.trust().is_empty()
    }

    /// Verifies an `HC1:` text at `at_unix_seconds` (now when null).
    pub fn verify(&self, text: String, at_unix_seconds: Option<i64>) -> Result<VerifiedDcc> {
        Ok(self.0.verify_at(&text, at(at_unix_seconds))?.into())
    }

    /// Verifies, then decides under DCC rules (`policy_json`: the policy's `dcc` section).
    pub fn decide(
        &self,
        text: String,
        policy_json: String,
        at_unix_seconds: Option<i64>,
    ) -> Result<DccView> {
        let policy = DccPolicy::from_json(&policy_json)?;
        let now = at(at_unix_seconds);
        let v = policy.decide(&self.0.verify_at(&text, now)?, now, None);
        Ok(DccView {
            decision: v.decision.as_str().into(),
            reasons: v.reasons.iter().map(|r| (*r).into()).collect(),
            name: v.name,
            dob: v.dob,
            statement: v.statement,
            statement_vi: v.statement_vi,
        })
    }
}

/// What `verifyAny` verified, in the outcome shape of SPEC.md §9 / §15.6.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct AnyVerifyOutcome {
    /// `valid` or `invalid`.
    pub outcome: String,
    /// The stable error code when invalid.
    pub code: Option<String>,
    /// The error message when invalid.
    pub message: Option<String>,
    /// `vn1` or `hc1` when valid.
    pub format: Option<String>,
    /// The pass, for a valid `VN1:`.
    pub pass: Option<VerifiedPass>,
    /// The certificate, for a valid `HC1:`.
    pub dcc: Option<VerifiedDcc>,
    /// The core's outcome JSON (`{"outcome", "code", "verified": {"format", …}}`).
    pub json: String,
}

/// Verifies a `VN1:` pass or an `HC1:` EU DCC with one call; never throws:
/// an invalid code is an outcome with the same codes as `Verifier.verify`
/// and `DccVerifier.verify` (`bad_prefix` for a text that is neither).
#[uniffi::export]
pub fn verify_any(
    verifier: Arc<Verifier>,
    dcc_verifier: Arc<DccVerifier>,
    text: String,
    at_unix_seconds: Option<i64>,
) -> AnyVerifyOutcome {
    let any = AnyVerifier::new(verifier.0.clone(), dcc_verifier.0.clone());
    let result = any.verify_at(&text, at(at_unix_seconds));
    let json = serde_json::to_string(&AnyOutcome::from(result.clone())).unwrap_or_default();
    match result {
        Ok(v) => {
            let (format, pass, dcc) = match v {
                qrpass::dcc::AnyVerified::Vn1(p) => ("vn1", Some(VerifiedPass::from(p)), None),
                qrpass::dcc::AnyVerified::Hc1(d) => ("hc1", None, Some(VerifiedDcc::from(d))),
            };
            AnyVerifyOutcome {
                outcome: "valid".into(),
                code: None,
                message: None,
                format: Some(format.into()),
                pass,
                dcc,
                json,
            }
        }
        Err(e) => AnyVerifyOutcome {
            outcome: "invalid".into(),
            code: Some(e.code().as_str().into()),
            message: Some(e.message().into()),
            format: None,
            pass: None,
            dcc: None,
            json,
        },
    }
}
