//! The COSE_Sign1 envelope (RFC 9052 §4.2), EdDSA only.
//!
//! ```cddl
//! COSE_Sign1_Tagged = #6.18(COSE_Sign1)
//! COSE_Sign1 = [
//!     protected : bstr .cbor { 1 => -8, 4 => bstr .size 8 },  ; alg EdDSA, kid
//!     unprotected : {},                                       ; must be empty
//!     payload : bstr .cbor Claims,
//!     signature : bstr .size 64
//! ]
//! ```
//!
//! Parsing holds no crypto: it returns the to-be-signed bytes built from the
//! protected header *as received*, which the verifier checks the signature over.

use coset::iana::{self, EnumI64};
use coset::{Algorithm, CoseSign1, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable};

use crate::error::{err, Result};
use crate::keys::{Kid, PrivateKey};

/// COSE algorithm number of EdDSA.
pub const ALG_EDDSA: i64 = -8;
/// CBOR tag of COSE_Sign1.
pub const TAG_SIGN1: u64 = 18;

/// The parts of a parsed, structurally valid COSE_Sign1; the signature is not checked yet.
#[derive(Debug)]
pub struct Sign1 {
    /// The key id from the protected header.
    pub kid: Kid,
    /// The payload bytes (CWT claims).
    pub payload: Vec<u8>,
    /// The signature bytes (any length: a wrong length simply fails verification).
    pub signature: Vec<u8>,
    /// The Sig_structure bytes the signature covers.
    pub to_be_signed: Vec<u8>,
}

/// Signs `payload` as a tagged COSE_Sign1 with EdDSA and the key's kid in the protected header.
pub fn sign(key: &PrivateKey, payload: Vec<u8>) -> Vec<u8> {
    let protected = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(key.public_key().kid().0.to_vec())
        .build();
    let sign1 = CoseSign1Builder::new()
        .protected(protected)
        .payload(payload)
        .create_signature(b"", |tbs| key.sign(tbs).to_vec())
        .build();
    // Serialising a value we built cannot fail.
    sign1.to_tagged_vec().unwrap_or_default()
}

/// Parses a tagged COSE_Sign1 strictly (see the module docs for what is rejected).
pub fn parse(bytes: &[u8]) -> Result<Sign1> {
    super::strict::check(bytes)?;
    match bytes.first() {
        Some(0xd2) => {}
        Some(b) if b >> 5 == 6 => {
            return Err(err!(BadTag, "the envelope has a CBOR tag other than 18 (COSE_Sign1)"))
        }
        _ => return Err(err!(BadTag, "the envelope is not tagged as COSE_Sign1 (tag 18)")),
    }
    let sign1 = CoseSign1::from_tagged_slice(bytes)
        .map_err(|e| err!(BadCose, "not a COSE_Sign1 structure: {e}"))?;
    if !sign1.unprotected.is_empty() {
        return Err(err!(
            UnprotectedHeader,
            "the unprotected header is not empty; qrpass honours only protected parameters"
        ));
    }
    if let Some(data) = sign1.protected.original_data.as_deref().filter(|d| !d.is_empty()) {
        super::strict::check(data)?;
    }
    let h = &sign1.protected.header;
    match &h.alg {
        Some(Algorithm::Assigned(a)) if a.to_i64() == ALG_EDDSA => {}
        Some(_) => return Err(err!(UnsupportedAlg, "the algorithm is not EdDSA (-8)")),
        None => return Err(err!(UnsupportedAlg, "the protected header names no algorithm")),
    }
    if !h.crit.is_empty() {
        return Err(err!(BadHeader, "the protected header has critical parameters"));
    }
    if h.content_type.is_some()
        || !h.iv.is_empty()
        || !h.partial_iv.is_empty()
        || !h.counter_signatures.is_empty()
        || !h.rest.is_empty()
    {
        return Err(err!(BadHeader, "the protected header has parameters other than alg and kid"));
    }
    let kid: [u8; 8] = h
        .key_id
        .as_slice()
        .try_into()
        .map_err(|_| err!(MissingKid, "the protected header has no 8-byte kid"))?;
    let to_be_signed = sign1.tbs_data(b"");
    let payload = sign1
        .payload
        .ok_or_else(|| err!(BadCose, "the payload is detached (nil)"))?;
    Ok(Sign1 {
        kid: Kid(kid),
        payload,
        signature: sign1.signature,
        to_be_signed,
    })
}
