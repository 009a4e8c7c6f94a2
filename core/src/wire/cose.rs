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
use coset::{
    Algorithm, CborSerializable, CoseSign1, CoseSign1Builder, Header, HeaderBuilder,
    TaggedCborSerializable,
};

use super::slice::{write_head, Item, SliceReader};
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
    check_tag(bytes)?;
    let sign1 = CoseSign1::from_tagged_slice(bytes)
        .map_err(|e| err!(BadCose, "not a COSE_Sign1 structure: {e}"))?;
    if !sign1.unprotected.is_empty() {
        return Err(err!(
            UnprotectedHeader,
            "the unprotected header is not empty; qrpass honours only protected parameters"
        ));
    }
    if let Some(data) = sign1
        .protected
        .original_data
        .as_deref()
        .filter(|d| !d.is_empty())
    {
        super::strict::check(data)?;
    }
    let kid = check_protected(&sign1.protected.header)?;
    let to_be_signed = sign1.tbs_data(b"");
    let payload = sign1
        .payload
        .ok_or_else(|| err!(BadCose, "the payload is detached (nil)"))?;
    Ok(Sign1 {
        kid,
        payload,
        signature: sign1.signature,
        to_be_signed,
    })
}

/// Checks a protected header: EdDSA, no critical or other parameters, an 8-byte kid.
fn check_protected(h: &Header) -> Result<Kid> {
    match &h.alg {
        Some(Algorithm::Assigned(a)) if a.to_i64() == ALG_EDDSA => {}
        Some(_) => return Err(err!(UnsupportedAlg, "the algorithm is not EdDSA (-8)")),
        None => {
            return Err(err!(
                UnsupportedAlg,
                "the protected header names no algorithm"
            ))
        }
    }
    if !h.crit.is_empty() {
        return Err(err!(
            BadHeader,
            "the protected header has critical parameters"
        ));
    }
    if h.content_type.is_some()
        || !h.iv.is_empty()
        || !h.partial_iv.is_empty()
        || !h.counter_signatures.is_empty()
        || !h.rest.is_empty()
    {
        return Err(err!(
            BadHeader,
            "the protected header has parameters other than alg and kid"
        ));
    }
    let kid: [u8; 8] = h
        .key_id
        .as_slice()
        .try_into()
        .map_err(|_| err!(MissingKid, "the protected header has no 8-byte kid"))?;
    Ok(Kid(kid))
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
    // Same order as `parse`: the header decodes as part of the structure, then
    // the unprotected header is refused, then the protected bytes are held to
    // the strict rules.
    let header = if protected.is_empty() {
        Header::default()
    } else {
        Header::from_slice(protected)
            .map_err(|e| err!(BadCose, "not a COSE_Sign1 structure: {e}"))?
    };
    if unprotected_len != 0 {
        return Err(err!(
            UnprotectedHeader,
            "the unprotected header is not empty; qrpass honours only protected parameters"
        ));
    }
    if !protected.is_empty() {
        super::strict::check(protected)?;
    }
    let kid = check_protected(&header)?;
    let payload = payload.ok_or_else(|| err!(BadCose, "the payload is detached (nil)"))?;
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
