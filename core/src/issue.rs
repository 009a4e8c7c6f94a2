//! Issuing: pass + issuer id + time → signed VN1 text.

use crate::claims;
use crate::error::{err, Result};
use crate::keys::{Kid, PrivateKey};
use crate::model::Pass;
use crate::time::Timestamp;
use crate::wire::{cose, text};

pub use crate::cti::CTI_LEN;

/// Checks an issuer id: 2 to 32 characters of `A-Z`, `0-9` and `-` (e.g. `VN-HN`).
pub fn check_issuer_id(id: &str) -> Result<()> {
    let ok = (2..=32).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(err!(
            InvalidIssuer,
            "issuer id `{id}` is not 2 to 32 characters of A-Z, 0-9 and '-'"
        ))
    }
}

/// Signs passes for one issuer with one key.
///
/// ```
/// use qrpass::{Issuer, PrivateKey, Pass, Timestamp};
/// let issuer = Issuer::new(PrivateKey::from_seed(&[1; 32]), "VN-SG")?;
/// let pass = Pass::from_json(include_str!("../../spec/examples/permit.json"))?;
/// let text = issuer.issue_with(&pass, Timestamp(1_630_454_400), b"token-1")?;
/// assert!(text.starts_with("VN1:"));
/// // Deterministic: same pass, key, time and cti give the same text.
/// assert_eq!(text, issuer.issue_with(&pass, Timestamp(1_630_454_400), b"token-1")?);
/// # Ok::<(), qrpass::Error>(())
/// ```
#[derive(Debug)]
pub struct Issuer {
    key: PrivateKey,
    issuer_id: String,
}

impl Issuer {
    /// An issuer with a signing key and an issuer id such as `VN-HN`.
    pub fn new(key: PrivateKey, issuer_id: &str) -> Result<Issuer> {
        check_issuer_id(issuer_id)?;
        Ok(Issuer {
            key,
            issuer_id: issuer_id.to_string(),
        })
    }

    /// The issuer id.
    pub fn issuer_id(&self) -> &str {
        &self.issuer_id
    }

    /// The signing key's kid.
    pub fn kid(&self) -> Kid {
        self.key.public_key().kid()
    }

    /// Issues a pass now, with a random 8-byte token id.
    pub fn issue(&self, pass: &Pass) -> Result<String> {
        let cti = crate::cti::random()?;
        self.issue_with(pass, Timestamp::now(), &cti)
    }

    /// Issues a pass with a given issue time and token id: byte-for-byte deterministic.
    ///
    /// The pass is validated and normalised first (see [`Pass::validate`]).
    pub fn issue_with(&self, pass: &Pass, issued_at: Timestamp, cti: &[u8]) -> Result<String> {
        crate::cti::check(cti)?;
        if !issued_at.is_plausible() {
            return Err(err!(
                InvalidDate,
                "issue time {issued_at} is outside 2000..2100"
            ));
        }
        let mut pass = pass.clone();
        pass.validate()?;
        let payload = claims::encode(&claims::Claims {
            iss: self.issuer_id.clone(),
            iat: issued_at,
            cti: cti.to_vec(),
            pass,
        });
        Ok(text::encode(&cose::sign(&self.key, payload)))
    }
}
