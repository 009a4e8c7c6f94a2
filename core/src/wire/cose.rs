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

use ciborium::value::Value;
use coset::iana;
use coset::{CoseSign1Builder, HeaderBuilder, TaggedCborSerializable};

use super::cbor::as_i64;
use super::slice::{write_head, Item, SliceReader};
use crate::error::{err, ErrorCode, Result};
use crate::keys::{Kid, PrivateKey};

/// COSE algorithm number of EdDSA.
pub const ALG_EDDSA: i64 = -8;
/// CBOR tag of COSE_Sign1.
pub const TAG_SIGN1: u64 = 18;
/// Length of an Ed25519 signature; any other length is `bad_cose`.
pub const SIGNATURE_LEN: usize = 64;

/// The parts of a parsed, structurally valid COSE_Sign1; the signature is not checked yet.
#[derive(Debug)]
pub struct Sign1 {
    /// The key id from the protected header.
    pub kid: Kid,
    /// The payload bytes (CWT claims).
    pub payload: Vec<u8>,
    /// The signature bytes (always [`SIGNATURE_LEN`] of them).
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
///
/// The same parser as [`parse_ref`], with the parts copied out.
pub fn parse(bytes: &[u8]) -> Result<Sign1> {
    let parts = parse_ref(bytes)?;
    let (to_be_signed, _) = parts.to_be_signed();
    Ok(Sign1 {
        kid: parts.kid,
        payload: parts.payload.to_vec(),
        signature: parts.signature.to_vec(),
        to_be_signed,
    })
}

/// Checks the protected header bytes: strict CBOR, a map with alg EdDSA, an
/// 8-byte kid and nothing else, in that order (SPEC.md §8). A zero-length
/// header is the empty map, so it fails on its missing alg.
///
/// Read with ciborium rather than coset: coset refuses unregistered labels and
/// algorithm numbers as a whole-structure decoding error, which would hide the
/// precise code (`unsupported_alg`, `bad_header`) behind `bad_cose`.
fn check_protected(protected: &[u8]) -> Result<Kid> {
    if protected.is_empty() {
        return Err(err!(
            UnsupportedAlg,
            "the protected header is empty: no algorithm"
        ));
    }
    super::strict::check(protected)?;
    let value = super::cbor::decode_checked(protected, ErrorCode::BadHeader)?;
    let Value::Map(entries) = value else {
        return Err(err!(BadHeader, "the protected header is not a map"));
    };
    let (mut alg, mut kid, mut other) = (None, None, None);
    for (label, v) in entries {
        match as_i64(&label) {
            Some(1) => alg = Some(v),
            Some(4) => kid = Some(v),
            l => other = Some(l),
        }
    }
    match alg.as_ref().and_then(as_i64) {
        Some(ALG_EDDSA) => {}
        Some(a) => return Err(err!(UnsupportedAlg, "the algorithm {a} is not EdDSA (-8)")),
        None => {
            return Err(err!(
                UnsupportedAlg,
                "the protected header names no EdDSA algorithm"
            ))
        }
    }
    match other {
        Some(Some(2)) => {
            return Err(err!(
                BadHeader,
                "the protected header has critical parameters"
            ))
        }
        Some(_) => {
            return Err(err!(
                BadHeader,
                "the protected header has parameters other than alg and kid"
            ))
        }
        None => {}
    }
    match kid {
        Some(Value::Bytes(b)) if b.len() == 8 => {
            let mut k = [0u8; 8];
            k.copy_from_slice(&b);
            Ok(Kid(k))
        }
        _ => Err(err!(MissingKid, "the protected header has no 8-byte kid")),
    }
}

/// A parsed COSE_Sign1 that borrows its parts from the input; the signature is not checked yet.
///
/// Made by [`parse_ref`], for large payloads (signed lists) that should not be copied.
#[derive(Clone, Copy, Debug)]
pub struct Sign1Ref<'a> {
    /// The key id from the protected header.
    pub kid: Kid,
    /// The protected header bytes, as received.
    pub protected: &'a [u8],
    /// The payload bytes.
    pub payload: &'a [u8],
    /// The signature bytes.
    pub signature: &'a [u8],
}

impl Sign1Ref<'_> {
    /// The Sig_structure bytes the signature covers, and the offset of the payload inside them.
    ///
    /// `["Signature1", protected, h'', payload]`, byte-identical to what [`parse`] returns.
    pub fn to_be_signed(&self) -> (Vec<u8>, usize) {
        let mut out = Vec::with_capacity(self.payload.len() + self.protected.len() + 32);
        out.push(0x84);
        write_head(&mut out, 3, 10);
        out.extend_from_slice(b"Signature1");
        write_head(&mut out, 2, self.protected.len() as u64);
        out.extend_from_slice(self.protected);
        write_head(&mut out, 2, 0);
        write_head(&mut out, 2, self.payload.len() as u64);
        let offset = out.len();
        out.extend_from_slice(self.payload);
        (out, offset)
    }
}

/// Parses a tagged COSE_Sign1 like [`parse`], with the same rules and codes, without copying the payload.
///
/// Used for signed lists, whose payload may be large. One difference: a
/// non-empty unprotected header is refused as `unprotected_header` without
/// decoding it, where [`parse`] may report a malformed one as `bad_cose`.
pub fn parse_ref(bytes: &[u8]) -> Result<Sign1Ref<'_>> {
    super::strict::check(bytes)?;
    check_tag(bytes)?;
    let mut r = SliceReader::new(bytes.get(1..).unwrap_or_default());
    let not_sign1 = |what: &str| err!(BadCose, "not a COSE_Sign1 structure: {what}");
    if r.next_item() != Some(Item::Array(4)) {
        return Err(not_sign1("not an array of four items"));
    }
    let Some(Item::Bytes(protected)) = r.next_item() else {
        return Err(not_sign1("the protected header is not a byte string"));
    };
    let unprotected_len = match r.next_item() {
        Some(Item::Map(n)) => n,
        _ => return Err(not_sign1("the unprotected header is not a map")),
    };
    for _ in 0..unprotected_len.saturating_mul(2) {
        r.skip()
            .ok_or_else(|| not_sign1("the unprotected header is malformed"))?;
    }
    let payload = match r.next_item() {
        Some(Item::Bytes(p)) => Some(p),
        Some(Item::Simple(22)) => None, // nil: detached
        _ => return Err(not_sign1("the payload is not a byte string")),
    };
    let Some(Item::Bytes(signature)) = r.next_item() else {
        return Err(not_sign1("the signature is not a byte string"));
    };
    // Order of checks (SPEC.md §8): the structure, then the unprotected header
    // is refused, then the protected bytes are held to the strict rules and the
    // profile, then a detached payload and a signature of the wrong length.
    if unprotected_len != 0 {
        return Err(err!(
            UnprotectedHeader,
            "the unprotected header is not empty; qrpass honours only protected parameters"
        ));
    }
    let kid = check_protected(protected)?;
    let payload = payload.ok_or_else(|| err!(BadCose, "the payload is detached (nil)"))?;
    if signature.len() != SIGNATURE_LEN {
        return Err(not_sign1(&format!(
            "the signature has {} bytes, not {SIGNATURE_LEN}",
            signature.len()
        )));
    }
    Ok(Sign1Ref {
        kid,
        protected,
        payload,
        signature,
    })
}

fn check_tag(bytes: &[u8]) -> Result<()> {
    match bytes.first() {
        Some(0xd2) => Ok(()),
        Some(b) if b >> 5 == 6 => Err(err!(
            BadTag,
            "the envelope has a CBOR tag other than 18 (COSE_Sign1)"
        )),
        _ => Err(err!(
            BadTag,
            "the envelope is not tagged as COSE_Sign1 (tag 18)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::text;

    fn vector_texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vectors");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(dir).expect("spec/vectors").flatten() {
            let Ok(body) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<serde_json::Value>(&body) else {
                continue;
            };
            if let Some(t) = json["text"].as_str() {
                texts.push(t.to_string());
            }
        }
        texts
    }

    /// `parse_ref` must agree with `parse` (code on failure, every part on success).
    fn agree(bytes: &[u8]) {
        match (parse(bytes), parse_ref(bytes)) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.kid, b.kid);
                assert_eq!(a.payload, b.payload);
                assert_eq!(a.signature, b.signature);
                let (tbs, offset) = b.to_be_signed();
                assert_eq!(a.to_be_signed, tbs);
                assert_eq!(&tbs[offset..], b.payload);
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.code(), b.code(), "{a} / {b} for {}", hex::encode(bytes))
            }
            (a, b) => assert_eq!(
                a.map(|_| ()).map_err(|e| e.code()),
                b.map(|_| ()).map_err(|e| e.code()),
                "for {}",
                hex::encode(bytes)
            ),
        }
    }

    #[test]
    fn parse_ref_agrees_with_parse_on_every_vector_and_mutation() {
        let texts = vector_texts();
        assert!(texts.len() > 40);
        for t in &texts {
            let Ok(bytes) = text::decode(t) else { continue };
            agree(&bytes);
        }
        let good = text::decode(
            &texts
                .iter()
                .find(|t| t.len() < 400)
                .cloned()
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        for i in 0..good.len().min(80) {
            agree(&good[..i]);
            for bit in 0..8 {
                let mut m = good.clone();
                m[i] ^= 1 << bit;
                agree(&m);
            }
        }
    }
}
