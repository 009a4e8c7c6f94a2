//! DCC verification: decode chain → kid lookup → signature → DSC validity at
//! signing time → payload schema → DSC key usage → iat/exp at the check time.

use std::sync::Arc;

use serde::Serialize;

use super::certificate::Certificate;
use super::cose::{self, Sign1};
use super::cwt::{self, DccClaims};
use super::dsc::{Dsc, DscList};
use super::{text, zlib};
use crate::error::{err, Result};
use crate::time::Timestamp;
use crate::verify::DEFAULT_CLOCK_SKEW_SECONDS;

/// A DCC decoded but not verified: its envelope and claims.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The COSE_Sign1 envelope.
    pub sign1: Sign1,
    /// The CWT claims, with the DCC still as CBOR.
    pub claims: DccClaims,
}

impl Decoded {
    /// Runs the decode chain: prefix, Base45, zlib, COSE_Sign1, CWT claims.
    pub fn from_text(text: &str) -> Result<Decoded> {
        let body = text::unprefix(text)?;
        let compressed = text::base45(body)?;
        let cose = zlib::inflate(&compressed)?;
        Decoded::from_cose(&cose)
    }

    /// Decodes from the COSE_Sign1 bytes.
    pub fn from_cose(cose: &[u8]) -> Result<Decoded> {
        let sign1 = cose::parse(cose)?;
        let claims = cwt::decode(&sign1.payload)?;
        Ok(Decoded { sign1, claims })
    }

    /// The typed payload, checked against its declared schema version (`bad_dcc`).
    pub fn certificate(&self) -> Result<Certificate> {
        Certificate::from_cbor(self.claims.dcc.clone())
    }

    /// Checks the signature with one DSC (whatever its kid), then its validity at iat.
    pub fn verify_signature(&self, dsc: &Dsc) -> Result<()> {
        dsc.key.verify(
            self.sign1.alg,
            &self.sign1.to_be_signed(),
            &self.sign1.signature,
        )?;
        if !dsc.valid_at(self.claims.iat) {
            return Err(err!(
                DscExpired,
                "the DCC was signed at {} outside its DSC's validity ({} to {})",
                self.claims.iat.to_rfc3339_at(0),
                dsc.not_before.to_rfc3339_at(0),
                dsc.not_after.to_rfc3339_at(0)
            ));
        }
        Ok(())
    }

    /// Checks iat and exp against `now` with `skew` seconds of tolerance (valid
    /// up to and including the second of exp).
    pub fn check_time(&self, now: Timestamp, skew: i64) -> Result<()> {
        if self.claims.iat > now.add_seconds(skew) {
            return Err(err!(
                IssuedInFuture,
                "the DCC claims to be signed in the future"
            ));
        }
        if self.claims.exp < now.add_seconds(-skew) {
            return Err(err!(
                Expired,
                "the DCC expired at {}",
                self.claims.exp.to_rfc3339_at(0)
            ));
        }
        Ok(())
    }
}

/// Checks that the DSC may sign this certificate's kind of statement (`dsc_key_usage`).
pub fn check_key_usage(dsc: &Dsc, certificate: &Certificate) -> Result<()> {
    if dsc.usage.allows(certificate.kind()) {
        Ok(())
    } else {
        Err(err!(
            DscKeyUsage,
            "the DSC's extended key usage does not allow {} statements",
            certificate.kind()
        ))
    }
}

/// A verified EU DCC.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerifiedDcc {
    /// The typed payload.
    pub certificate: Certificate,
    /// The issuing country (`iss`), when the DCC names one.
    pub issuer: Option<String>,
    /// The kid (hex) of the DSC that signed it.
    pub kid: String,
    /// Signing time.
    pub iat: Timestamp,
    /// Expiry.
    pub exp: Timestamp,
}

/// Verifies `HC1:` texts against a [`DscList`].
#[derive(Clone, Debug)]
pub struct DccVerifier {
    trust: Arc<DscList>,
    skew: i64,
}

impl DccVerifier {
    /// A verifier trusting `trust`, with the default 5-minute clock skew.
    pub fn new(trust: DscList) -> DccVerifier {
        DccVerifier::from_shared(Arc::new(trust))
    }

    /// A verifier over a shared list (a held [`super::SignedDscList`]'s), default skew.
    pub fn from_shared(trust: Arc<DscList>) -> DccVerifier {
        DccVerifier {
            trust,
            skew: DEFAULT_CLOCK_SKEW_SECONDS,
        }
    }

    /// Sets the allowed clock skew in seconds (negative values count as 0).
    #[must_use]
    pub fn with_clock_skew(mut self, seconds: i64) -> DccVerifier {
        self.skew = seconds.max(0);
        self
    }

    /// The trusted DSCs.
    pub fn trust(&self) -> &DscList {
        &self.trust
    }

    /// Verifies at the current time.
    pub fn verify(&self, text: &str) -> Result<VerifiedDcc> {
        self.verify_at(text, Timestamp::now())
    }

    /// Verifies at `now`.
    pub fn verify_at(&self, text: &str, now: Timestamp) -> Result<VerifiedDcc> {
        self.verify_decoded(Decoded::from_text(text)?, now)
    }

    /// Verifies a decoded DCC at `now` (every DSC sharing the kid is tried).
    pub fn verify_decoded(&self, decoded: Decoded, now: Timestamp) -> Result<VerifiedDcc> {
        let kid = &decoded.sign1.kid;
        let mut first_err = None;
        let mut signer = None;
        for dsc in self.trust.find(kid) {
            match decoded.verify_signature(dsc) {
                Ok(()) => {
                    signer = Some(dsc);
                    break;
                }
                Err(e) => first_err = first_err.or(Some(e)),
            }
        }
        let dsc = match (signer, first_err) {
            (Some(dsc), _) => dsc,
            (None, Some(e)) => return Err(e),
            (None, None) => {
                return Err(err!(
                    UnknownDccKid,
                    "no trusted DSC has the kid {}",
                    crate::hex::encode(kid)
                ))
            }
        };
        let certificate = decoded.certificate()?;
        check_key_usage(dsc, &certificate)?;
        decoded.check_time(now, self.skew)?;
        Ok(VerifiedDcc {
            certificate,
            issuer: decoded.claims.iss,
            kid: crate::hex::encode(kid),
            iat: decoded.claims.iat,
            exp: decoded.claims.exp,
        })
    }
}
